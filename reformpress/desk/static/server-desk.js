// The editing desk on a server (`reformpress edit --export`): Decap CMS over the site's GitLab or
// Gitea repository.  Saving commits the case file to the branch; CI builds on push and runs
// `reformpress check --strict`.  The form ⇄ file conversion is casefile.js, registered as the
// collections' format; the configuration is desk-config.js (window.REFORMPRESS_DESK).
(function () {
  "use strict";
  var desk = window.REFORMPRESS_DESK;
  var CMS = window.CMS;
  var names = desk.casefile;

  CMS.registerCustomFormat(desk.format, "md", window.ReformpressCasefile.format(names));

  function pad(number) { return number < 10 ? "0" + number : String(number); }

  // A new report's file name: <number>-<网址名>, as `reformpress new` names it (the 网址名 field in
  // pinyin; without one, a name from the time of saving).
  CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      var entry = event.entry, data = entry.get("data");
      if (!entry.get("newRecord") || data.get("file")) { return undefined; }
      var number = parseInt(data.get("number"), 10) || 1;
      var slug = String(data.get("slug") || "");
      if (!/^[a-z0-9-]+$/.test(slug)) {
        var now = new Date();
        slug = "report-" + now.getFullYear() + pad(now.getMonth() + 1) + pad(now.getDate()) + "-" + pad(now.getHours()) + pad(now.getMinutes());
      }
      return data.set("file", pad(number) + "-" + slug);
    }
  });

  // Pictures added in the 插图 list stand in the section texts once saved: show the report as saved.
  CMS.registerEventListener({
    name: "postSave",
    handler: function (event) {
      var pictures = event.entry.get("data").get("pictures");
      if (pictures && pictures.size && !event.entry.get("newRecord")) { setTimeout(function () { location.reload(); }, 300); }
    }
  });

  CMS.init({ config: desk.config });
})();
