// Canned replies in the agent's reply box: choose one (or type its short code, e.g. /refund) and press Insert.
// Without this file the reply box still works; the canned-reply controls stay hidden.
(function () {
  "use strict";
  if (window.portalTickets) return;
  window.portalTickets = true;

  function reveal(root) {
    (root || document).querySelectorAll("[data-canned]:not([data-initialised])").forEach(function (el) {
      el.hidden = false;
      el.dataset.initialised = "tickets";
    });
  }

  function insert(textarea, text, from, to) {
    var value = textarea.value;
    textarea.value = value.slice(0, from) + text + value.slice(to);
    var caret = from + text.length;
    textarea.focus();
    textarea.setSelectionRange(caret, caret);
  }

  document.addEventListener("click", function (e) {
    var button = e.target instanceof Element ? e.target.closest("#canned-insert") : null;
    if (!button) return;
    var form = button.closest("form");
    var select = form && form.querySelector("#canned-reply");
    var textarea = form && form.querySelector("textarea");
    if (!select || !textarea) return;

    var option = select.selectedOptions[0];
    if (option && option.value) {
      var start = textarea.selectionStart, end = textarea.selectionEnd;
      var before = textarea.value.slice(0, start);
      var gap = before.length > 0 && !/\s$/.test(before) ? "\n" : "";
      insert(textarea, gap + option.getAttribute("data-body"), start, end);
      select.value = "";
      return;
    }
    // No choice: a short code typed just before the caret is replaced by its text.
    var caret = textarea.selectionEnd;
    var match = /(^|\s)(\/[a-z0-9-]+)$/i.exec(textarea.value.slice(0, caret));
    if (!match) { select.focus(); return; }
    var code = match[2].toLowerCase();
    var found = Array.prototype.find.call(select.options, function (o) { return o.value === code; });
    if (!found) { select.focus(); return; }
    insert(textarea, found.getAttribute("data-body"), caret - match[2].length, caret);
  });

  // A reply sent in place says so inside the ticket; an older page-level message would make it two banners.
  document.addEventListener("htmx:afterSettle", function () {
    var old = document.getElementById("status-message");
    if (old && document.getElementById("reply-status")) old.remove();
  });

  reveal(document);
  document.addEventListener("htmx:load", function (e) { reveal(e.target); });
})();
