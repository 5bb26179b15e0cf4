// Start the Pagefind UI on the search page (/cari/). Pagefind writes
// pagefind-ui.js into the built site; it picks its Indonesian labels from
// <html lang="id"> and finds its bundle from its own script URL.
// A query in the URL (?q=..., the target of the home page's SearchAction)
// runs at once, so a search from elsewhere lands on its results.
(function () {
  "use strict";
  var mount = document.querySelector("[data-search-ui]");
  if (!mount || typeof PagefindUI === "undefined") {
    return;
  }
  var ui = new PagefindUI({
    element: mount,
    showSubResults: false,
    showImages: false,
    autofocus: true,
  });
  var parameter = mount.getAttribute("data-query-parameter") || "q";
  var query = new URLSearchParams(window.location.search).get(parameter);
  if (query) {
    ui.triggerSearch(query);
  }
})();
