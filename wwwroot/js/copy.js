// Copy buttons: <button data-copy="<id of the element holding the text>" data-copy-status="<id of a live region>"
// data-copied="Copied" data-copy-failed="…" hidden>. Hidden until this file runs, because they need it.
(function () {
  "use strict";

  function reveal(root) {
    (root || document).querySelectorAll("button[data-copy]:not([data-initialised])").forEach(function (b) {
      b.hidden = false;
      b.dataset.initialised = "copy";
    });
  }

  function say(button, text) {
    var status = document.getElementById(button.getAttribute("data-copy-status"));
    if (!status) return;
    // Emptied first so the same words are announced again on a second copy.
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function selectText(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  document.addEventListener("click", function (e) {
    var button = e.target instanceof Element ? e.target.closest("button[data-copy]") : null;
    if (!button) return;
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source) return;
    var text = source.textContent.trim();
    var copied = function () { say(button, button.getAttribute("data-copied")); };
    var failed = function () {
      selectText(source);
      say(button, button.getAttribute("data-copy-failed"));
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(copied, failed);
    } else {
      selectText(source);
      try { if (document.execCommand("copy")) copied(); else failed(); } catch (err) { failed(); }
    }
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { reveal(); });
  else reveal();
  document.addEventListener("htmx:load", function (e) { reveal(e.target); });
})();
