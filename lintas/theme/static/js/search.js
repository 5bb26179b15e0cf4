// Start the Pagefind UI on the search page (/cari/). Pagefind writes
// pagefind-ui.js into the built site; it picks its Indonesian labels from
// <html lang="id"> and finds its bundle from its own script URL.
// The index is written in several bundles, one per chunk of stories (a year;
// see lintas/plugins/search_index): the one beside pagefind-ui.js, and the others
// named in its bundles.json, merged here into one search (Pagefind's
// mergeIndex: results, result counts and filter counts over every bundle).
// A query in the URL (?q=..., the target of the home page's SearchAction)
// runs at once, so a search from elsewhere lands on its results.
(function () {
  "use strict";
  var mount = document.querySelector("[data-search-ui]");
  if (!mount || typeof PagefindUI === "undefined") {
    return;
  }
  var bundle = mount.getAttribute("data-bundle");

  function start(merge) {
    var ui = new PagefindUI({
      element: mount,
      showSubResults: false,
      showImages: false,
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
      ui.triggerSearch(query);
    }
  }

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
    .then(start);
})();
