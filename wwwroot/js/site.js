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
  // data-after="idle": not before the page has loaded and the browser has nothing better to do (live updates of
  // something the server already rendered). data-after="visible": once a matching element is near the screen (a chart
  // far down a phone's page costs nothing until the reader gets there). A URL is fetched once for every entry using it.
  var fetched = {};
  function fetchInOrder(urls) {
    return Promise.all(urls.map(function (url) {
      if (!fetched[url]) fetched[url] = new Promise(function (resolve) {
        var script = document.createElement("script");
        script.src = url;
        script.async = false;
        script.onload = resolve;
        script.onerror = resolve;
        document.head.appendChild(script);
      });
      return fetched[url];
    }));
  }
  function run(meta) {
    meta.setAttribute("data-loaded", "");
    fetchInOrder(meta.content.split(" ").filter(Boolean)).then(function () {
      // A task of its own: a script's evaluation and the initialisation it allows are two shorter tasks, not one long one.
      setTimeout(function () {
        document.body.dispatchEvent(new CustomEvent("htmx:load", { bubbles: true, detail: { elt: document.body } }));
      }, 0);
    });
  }
  // data-delay="<ms>": that long after the load event, then when idle. The bell's live connection (its count is already
  // in the HTML and is fetched again on connecting) waits so, rather than take a phone's CPU while the page is still
  // becoming usable: SignalR's evaluation and the connection's start were the longest tasks after load.
  function whenIdle(then, delay) {
    var idle = function () { if (window.requestIdleCallback) window.requestIdleCallback(then, { timeout: 2000 }); else setTimeout(then, 200); };
    var later = function () { if (delay > 0) setTimeout(idle, delay); else idle(); };
    if (document.readyState === "complete") later();
    else window.addEventListener("load", later, { once: true });
  }
  var watching = [];
  function whenVisible(meta, found) {
    if (!("IntersectionObserver" in window)) { run(meta); return; }
    var watch = watching.filter(function (w) { return w.meta === meta; })[0];
    if (!watch) {
      watch = { meta: meta, observer: new IntersectionObserver(function (entries, observer) {
        if (!entries.some(function (e) { return e.isIntersecting; })) return;
        observer.disconnect();
        run(meta);
      }, { rootMargin: "400px 0px" }) };
      watching.push(watch);
    }
    found.forEach(function (el) { watch.observer.observe(el); });
  }
  function loadOnDemand() {
    document.querySelectorAll('meta[name="portal-scripts"]:not([data-loaded])').forEach(function (meta) {
      var found = document.querySelectorAll(meta.getAttribute("data-when"));
      if (found.length === 0) return;
      var after = meta.getAttribute("data-after");
      if (after === "visible") { whenVisible(meta, Array.prototype.slice.call(found)); return; }
      if (after === "idle") {
        if (meta.hasAttribute("data-waiting")) return;
        meta.setAttribute("data-waiting", "");
        whenIdle(function () { run(meta); }, Number(meta.getAttribute("data-delay")) || 0);
        return;
      }
      run(meta);
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
