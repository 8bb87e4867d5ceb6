/* The search page: starts Pagefind's search UI in #search and runs the query from ?q=.
 * The header search box is a plain form that submits here, so it needs no script of its own.
 * Pagefind finds its index beside pagefind-ui.js and links results under the same sub-path. */
(function () {
  "use strict";
  var mount = document.getElementById("search");
  if (!mount || typeof window.PagefindUI !== "function") {
    return;
  }
  var ui = new window.PagefindUI({ element: "#search", showSubResults: true, showImages: false });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    ui.triggerSearch(query);
  }
})();
