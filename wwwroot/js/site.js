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
})();
