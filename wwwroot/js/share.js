// Share buttons: <button data-share-url="…" data-share-title="…" data-share-text="…" hidden>. Where the Web Share API
// exists the button is shown and the [data-share-fallback] links (WhatsApp, SMS, email) beside it are hidden;
// elsewhere, and without this file, the links are what people use.
(function () {
  "use strict";

  function init(root) {
    if (typeof navigator.share !== "function") return;
    (root || document).querySelectorAll("button[data-share-url]:not([data-initialised])").forEach(function (b) {
      b.hidden = false;
      b.dataset.initialised = "share";
      var fallback = b.parentElement && b.parentElement.querySelector("[data-share-fallback]");
      if (fallback) fallback.hidden = true;
    });
  }

  document.addEventListener("click", function (e) {
    var button = e.target instanceof Element ? e.target.closest("button[data-share-url]") : null;
    if (!button || typeof navigator.share !== "function") return;
    navigator.share({
      title: button.getAttribute("data-share-title") || undefined,
      text: button.getAttribute("data-share-text") || undefined,
      url: button.getAttribute("data-share-url"),
    }).catch(function () { /* dismissed: nothing to do */ });
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { init(); });
  else init();
  document.addEventListener("htmx:load", function (e) { init(e.target); });
})();
