// File pickers and date inputs speak the page's language, not the browser's: a file input ([data-picker]) gets a
// "Choose files" button and the chosen names in the page's words (the native control, visually hidden, still takes
// focus and the files); a date input ([data-date-echo]) repeats the chosen date written out in the page's language.
(function () {
  "use strict";

  // "Chosen: a.png, b.pdf" in the page's words, each name in its own <bdi> so a Latin name in an Arabic sentence (or the
  // reverse) keeps its place.
  function showNames(input, target) {
    var files = Array.prototype.map.call(input.files || [], function (f) { return f.name; });
    target.textContent = "";
    if (files.length === 0) { target.textContent = input.dataset.none || ""; return; }
    var parts = (input.dataset.chosen || "{0}").split("{0}");
    target.appendChild(document.createTextNode(parts[0]));
    files.forEach(function (name, i) {
      if (i > 0) target.appendChild(document.createTextNode(", "));
      var bdi = document.createElement("bdi");
      bdi.textContent = name;
      target.appendChild(bdi);
    });
    target.appendChild(document.createTextNode(parts.slice(1).join("{0}")));
  }

  function pickFiles(input) {
    var ui = document.createElement("div");
    ui.className = "flex flex-wrap items-center gap-3 rounded-xl peer-focus-visible:ring-2 peer-focus-visible:ring-brand";
    ui.setAttribute("data-picker-ui", "");
    var button = document.createElement("label");
    button.htmlFor = input.id;
    button.className = "btn-secondary cursor-pointer";
    button.setAttribute("aria-hidden", "true");
    button.textContent = input.dataset.choose || "";
    var chosen = document.createElement("span");
    chosen.className = "min-w-0 break-all text-sm text-muted";
    chosen.setAttribute("aria-live", "polite");
    showNames(input, chosen);
    ui.appendChild(button);
    ui.appendChild(chosen);
    // .input's width:100% would beat sr-only's 1px (later in the cascade) and push the page sideways.
    input.classList.remove("input");
    input.classList.add("sr-only", "peer");
    input.insertAdjacentElement("afterend", ui);
    input.addEventListener("change", function () { showNames(input, chosen); });
  }

  function formatter() {
    var lang = document.documentElement.lang || "en";
    // Gregorian with Western digits in Arabic too, as the server writes dates.
    var locale = lang === "ar" ? "ar-SA-u-ca-gregory-nu-latn" : lang + "-GB";
    return new Intl.DateTimeFormat(locale, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  }

  function echoDate(input) {
    var echo = document.createElement("span");
    echo.className = "block text-sm text-muted";
    echo.setAttribute("data-date-echo-text", "");
    echo.setAttribute("aria-live", "polite");
    var show = function () {
      var parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input.value || "");
      echo.textContent = parts ? formatter().format(new Date(Date.UTC(+parts[1], +parts[2] - 1, +parts[3]))) : "";
    };
    show();
    input.insertAdjacentElement("afterend", echo);
    input.addEventListener("change", show);
    input.addEventListener("input", show);
  }

  function init(root) {
    if (!root.querySelectorAll) return;
    root.querySelectorAll("input[type=file][data-picker]:not([data-initialised])").forEach(function (input) {
      input.dataset.initialised = "pickers";
      pickFiles(input);
    });
    root.querySelectorAll("input[type=date][data-date-echo]:not([data-initialised])").forEach(function (input) {
      input.dataset.initialised = "pickers";
      echoDate(input);
    });
  }

  init(document);
  document.addEventListener("htmx:load", function (e) { init(e.target); });
})();
