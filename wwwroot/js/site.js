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

  // Scripts on demand: <meta name="portal-scripts" data-when="<selector>" content="<url> <url>…"> in <head> lists
  // scripts only some pages need. The first time the page holds an element matching the selector (on load or after an
  // htmx swap) they are fetched in order; once they have run, htmx:load is raised again on <body> so they initialise
  // what is already there (every script's initialisation is idempotent: it marks what it has done).
  function loadOnDemand() {
    document.querySelectorAll('meta[name="portal-scripts"]:not([data-loaded])').forEach(function (meta) {
      if (!document.querySelector(meta.getAttribute("data-when"))) return;
      meta.setAttribute("data-loaded", "");
      var urls = meta.content.split(" ").filter(Boolean);
      urls.forEach(function (url, i) {
        var script = document.createElement("script");
        script.src = url;
        script.async = false;
        if (i === urls.length - 1) script.onload = function () {
          document.body.dispatchEvent(new CustomEvent("htmx:load", { bubbles: true, detail: { elt: document.body } }));
        };
        document.head.appendChild(script);
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", loadOnDemand);
  else loadOnDemand();
  document.addEventListener("htmx:load", loadOnDemand);

  // An input with data-error="<id>" is invalid while that element has text: live searches fill or empty it out of band.
  document.addEventListener("htmx:afterSettle", function () {
    document.querySelectorAll("[data-error]").forEach(function (input) {
      var error = document.getElementById(input.getAttribute("data-error"));
      input.setAttribute("aria-invalid", error && error.textContent.trim() ? "true" : "false");
    });
  });
})();
