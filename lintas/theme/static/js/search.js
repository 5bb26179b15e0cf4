// Start the Pagefind UI on the search page (/cari/). Pagefind writes
// pagefind-ui.js into the built site; it picks its Indonesian labels from
// <html lang="id"> and finds its bundle from its own script URL.
// The index is written in several bundles, one per chunk of stories (a year;
// see lintas/plugins/search_index): the one beside pagefind-ui.js, and the others
// named in its bundles.json, merged here into one search (Pagefind's
// mergeIndex: results, result counts and filter counts over every bundle).
// A query in the URL (?q=..., the target of the home page's SearchAction)
// runs at once, so a search from elsewhere lands on its results.
//
// Results look like the theme's cards: a small thumbnail (the 320 px rendition
// each story page names in data-pagefind-meta="image:…"), then the advertorial
// label, the section and the date as tags. Pagefind prints a tag as
// "Key: value", so processResult renames the story page's meta keys to the
// page's own (translated) words.
//
// pagefind-ui.css and css/search.css are loaded from here, not linked from
// the page: a stylesheet
// added by a script never holds up the first paint. The UI starts once it has
// arrived, so it is never drawn unstyled; the search box's space is reserved
// by lists.css (.search), so nothing below it moves when it appears.
(function () {
  "use strict";
  var mount = document.querySelector("[data-search-ui]");
  if (!mount || typeof PagefindUI === "undefined") {
    return;
  }
  var bundle = mount.getAttribute("data-bundle");
  var words = {
    section: mount.getAttribute("data-label-section") || "Section",
    date: mount.getAttribute("data-label-date") || "Date",
    ad: mount.getAttribute("data-label-ad") || "Advertorial",
    adText: mount.getAttribute("data-text-ad") || "",
  };

  // The meta keys of the index (theme/templates/article.html) → what a reader sees.
  function newsResult(result) {
    var meta = result.meta || {};
    var shown = { title: meta.title };
    if (meta.image) {
      shown.image = meta.image;
      shown.image_alt = ""; // the headline beside it says what the story is
    }
    if (meta.label) {
      shown[words.ad] = words.adText || meta.label;
    }
    if (meta.section && !meta.label) {
      shown[words.section] = meta.section;
    }
    if (meta.date) {
      shown[words.date] = meta.date;
    }
    result.meta = shown;
    return result;
  }

  function loadStyle(href) {
    return new Promise(function (resolve) {
      var link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = href;
      link.onload = link.onerror = function () {
        resolve();
      };
      document.head.appendChild(link);
    });
  }

  // Pagefind's, then the theme's (data-styles: css/search.css, hashed) over it.
  function loadStyles() {
    var own = mount.getAttribute("data-styles");
    return loadStyle(new URL("pagefind-ui.css", bundle).href).then(function () {
      return own ? loadStyle(own) : null;
    });
  }

  function start(merge) {
    var ui = new PagefindUI({
      element: mount,
      showSubResults: false,
      showImages: true,
      processResult: newsResult,
      autofocus: true,
      // A path, not a URL: Pagefind makes the results' links from it, and with
      // an origin they would be absolute (the first bundle's are not).
      mergeIndex: merge.map(function (folder) {
        return { bundlePath: new URL(folder, bundle).pathname };
      }),
    });
    var parameter = mount.getAttribute("data-query-parameter") || "q";
    var query = new URLSearchParams(window.location.search).get(parameter);
    if (query) {
      // After the filter panel is drawn: drawn later, it would push the
      // results down under the reader's eyes (a layout shift).
      whenDrawn(".pagefind-ui__filter-panel", FILTERS_WAIT_MS).then(function () {
        ui.triggerSearch(query);
      });
    }
  }

  var FILTERS_WAIT_MS = 2000;

  function whenDrawn(selector, timeout) {
    return new Promise(function (resolve) {
      if (mount.querySelector(selector)) {
        resolve();
        return;
      }
      var observer = new MutationObserver(function () {
        if (mount.querySelector(selector)) {
          observer.disconnect();
          resolve();
        }
      });
      observer.observe(mount, { childList: true, subtree: true });
      setTimeout(function () {
        observer.disconnect();
        resolve();
      }, timeout);
    });
  }

  var styled = loadStyles();
  fetch(new URL("bundles.json", bundle).href)
    .then(function (response) {
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
      return response.json();
    })
    .then(
      function (manifest) {
        return Array.isArray(manifest.merge) ? manifest.merge : [];
      },
      function (error) {
        // The first bundle alone is better than no search at all.
        console.warn("search: no list of index bundles (" + error + "); searching one");
        return [];
      },
    )
    .then(function (merge) {
      return styled.then(function () {
        start(merge);
      });
    });
})();
