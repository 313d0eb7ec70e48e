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

  // A link with data-sheet="<dialog id>" opens that dialog as a modal sheet; without this script it is a plain link to
  // a page with the same content. Capture phase, so htmx and the menu handlers never see the click.
  document.addEventListener("click", function (e) {
    var opener = e.target instanceof Element ? e.target.closest("a[data-sheet]") : null;
    if (!opener) return;
    var sheet = document.getElementById(opener.getAttribute("data-sheet"));
    if (!(sheet instanceof HTMLDialogElement) || typeof sheet.showModal !== "function") return;
    e.preventDefault();
    document.querySelectorAll("details[data-menu][open]").forEach(function (d) { d.open = false; });
    sheet.showModal();
  }, true);
  // A click on the backdrop (the dialog box itself, outside its content) closes the sheet.
  document.addEventListener("click", function (e) {
    if (e.target instanceof HTMLDialogElement && e.target.classList.contains("sheet") && e.target.open) e.target.close();
  });
  // htmx keeps a copy of the page for Back: never keep it with a sheet or menu open.
  document.addEventListener("htmx:beforeHistorySave", function () {
    document.querySelectorAll("dialog.sheet[open]").forEach(function (d) { d.close(); });
    document.querySelectorAll("details[data-menu][open]").forEach(function (d) { d.open = false; });
  });

  // An input with data-error="<id>" is invalid while that element has text: live searches fill or empty it out of band.
  document.addEventListener("htmx:afterSettle", function () {
    document.querySelectorAll("[data-error]").forEach(function (input) {
      var error = document.getElementById(input.getAttribute("data-error"));
      input.setAttribute("aria-invalid", error && error.textContent.trim() ? "true" : "false");
    });
  });
})();
