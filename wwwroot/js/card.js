// Keeps the screen on while the full-screen card ([data-wake-lock], /card) is shown at the till, where the browser
// allows it, and lets it go once the card is left.
(function () {
  "use strict";
  var lock = null;

  function wanted() { return !!document.querySelector("[data-wake-lock]"); }

  function request() {
    if (!("wakeLock" in navigator) || lock || !wanted() || document.visibilityState !== "visible") return;
    navigator.wakeLock.request("screen").then(function (l) {
      lock = l;
      l.addEventListener("release", function () { if (lock === l) lock = null; });
      if (!wanted()) l.release();
    }, function () { /* refused (battery saver): the card still shows */ });
  }

  // Once seen, the card opens offline: the service worker keeps /card and its stylesheet.
  function keepOffline(el) {
    if (!window.isSecureContext || !("serviceWorker" in navigator) || !el.hasAttribute("data-offline-card")) return;
    var urls = ["/card"];
    document.querySelectorAll("link[rel=stylesheet], link[rel=icon]").forEach(function (l) { urls.push(l.getAttribute("href")); });
    navigator.serviceWorker.register("/sw.js", { scope: "/" })
      .then(function () { return navigator.serviceWorker.ready; })
      .then(function (registration) {
        registration.active.postMessage({ type: "keep-card", urls: urls });
        el.dataset.offline = "registered";
      }, function () { /* no service worker here: the card still shows online */ });
  }

  function init() {
    document.querySelectorAll("[data-wake-lock]:not([data-initialised])").forEach(function (el) {
      el.dataset.initialised = "card";
      keepOffline(el);
    });
    if (wanted()) request();
    else if (lock) { lock.release(); lock = null; }
  }

  // The browser drops the lock when the page is hidden; take it again on return.
  document.addEventListener("visibilitychange", request);
  init();
  document.addEventListener("htmx:load", init);
})();
