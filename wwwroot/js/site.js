// Progressive enhancements only: every form still works without this file.
(function () {
  "use strict";

  // Header menus (<details data-menu>): one open at a time, closed by a click elsewhere.
  document.addEventListener("toggle", function (e) {
    var opened = e.target;
    if (!(opened instanceof HTMLDetailsElement) || !opened.open || !opened.hasAttribute("data-menu")) return;
    document.querySelectorAll("details[data-menu][open]").forEach(function (d) { if (d !== opened) d.open = false; });
  }, true);
  document.addEventListener("click", function (e) {
    document.querySelectorAll("details[data-menu][open]").forEach(function (d) { if (!d.contains(e.target)) d.open = false; });
  });

  // Close an open header menu on Escape and return focus to its summary. Other <details> (confirmations) are left alone.
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") return;
    document.querySelectorAll("details[data-menu][open]").forEach(function (d) {
      d.removeAttribute("open");
      var s = d.querySelector("summary");
      if (s) s.focus();
    });
  });

  // An input with data-error="<id>" is invalid while that element has text: live searches fill or empty it out of band.
  document.addEventListener("htmx:afterSettle", function () {
    document.querySelectorAll("[data-error]").forEach(function (input) {
      var error = document.getElementById(input.getAttribute("data-error"));
      input.setAttribute("aria-invalid", error && error.textContent.trim() ? "true" : "false");
    });
  });
})();
