// Progressive enhancements only: every form still works without this file.
(function () {
  "use strict";

  // Close an open <details> menu on Escape and return focus to its summary.
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") return;
    document.querySelectorAll("details[open]").forEach(function (d) {
      d.removeAttribute("open");
      var s = d.querySelector("summary");
      if (s) s.focus();
    });
  });

  // Boosted navigation swaps <body>, but htmx (allowScriptTags: false) does not run the scripts in it.
  // Load each page's feature script once, as a full page load would; feature scripts listen for htmx:load.
  var loaded = new Set(Array.prototype.map.call(document.scripts, function (s) { return s.src; }));
  document.addEventListener("htmx:afterSettle", function () {
    document.querySelectorAll("body script[src]").forEach(function (old) {
      if (loaded.has(old.src)) return;
      loaded.add(old.src);
      var script = document.createElement("script");
      script.src = old.src;
      document.head.appendChild(script);
    });
  });
})();
