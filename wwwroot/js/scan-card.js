// "Scan card": reads the QR code on a membership card with the camera. The browser's own BarcodeDetector where it
// reads QR codes; elsewhere (Firefox, Safari, desktop Linux) the ZXing ponyfill from npm, loaded only when needed.
// The button stays hidden without a camera API; typing the Customer ID always works.
(function () {
  "use strict";

  var supported = !!navigator.mediaDevices && typeof navigator.mediaDevices.getUserMedia === "function";
  var session = null;
  var fallback = null;

  function loadFallback() {
    if (fallback) return fallback;
    fallback = new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = "/dist/lib/barcode-detector.js";
      script.onload = function () {
        var api = window.BarcodeDetectionAPI;
        if (!api) { reject(new Error("no decoder")); return; }
        // The WebAssembly file is served from here, never from a CDN.
        api.prepareZXingModule({
          overrides: { locateFile: function (path, prefix) { return path.endsWith(".wasm") ? "/dist/lib/" + path : prefix + path; } },
        });
        resolve(api.BarcodeDetector);
      };
      script.onerror = function () { fallback = null; reject(new Error("decoder did not load")); };
      document.head.appendChild(script);
    });
    return fallback;
  }

  // A QR detector: the browser's, when it really reads QR codes here, else the fallback.
  function qrDetector(forceFallback) {
    var native = !forceFallback && "BarcodeDetector" in window
      ? window.BarcodeDetector.getSupportedFormats().then(function (f) { return f.indexOf("qr_code") >= 0 ? window.BarcodeDetector : null; }, function () { return null; })
      : Promise.resolve(null);
    return native.then(function (Detector) { return Detector || loadFallback(); })
      .then(function (Detector) { return new Detector({ formats: ["qr_code"] }); });
  }
  window.portalScanCard = { qrDetector: qrDetector };

  function reveal(root) {
    if (!root.querySelectorAll) return;
    // Marked even where the camera is unsupported: the script ran and decided.
    root.querySelectorAll("[data-scan-card]:not([data-initialised])").forEach(function (button) {
      button.hidden = !supported;
      button.dataset.initialised = "scan-card";
    });
  }

  function stop() {
    if (!session) return;
    session.stopped = true;
    if (session.timer) clearTimeout(session.timer);
    if (session.stream) session.stream.getTracks().forEach(function (track) { track.stop(); });
    if (session.video) session.video.srcObject = null;
    session = null;
  }

  function say(dialog, text) {
    var status = dialog.querySelector("[data-scan-status]");
    if (status) status.textContent = text || "";
  }

  async function start(button) {
    var dialog = document.getElementById(button.dataset.dialog);
    var input = document.getElementById(button.dataset.input);
    if (!dialog || !input) return;
    var video = dialog.querySelector("[data-scan-video]");
    stop();
    var current = session = { stopped: false, video: video, stream: null, timer: 0 };
    say(dialog, button.dataset.starting);
    dialog.showModal();

    var detector;
    try {
      detector = await qrDetector(false);
      if (current.stopped) return;
      current.stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: "environment" } }, audio: false });
      if (current.stopped) { current.stream.getTracks().forEach(function (t) { t.stop(); }); return; }
      video.srcObject = current.stream;
      await video.play();
    } catch (e) {
      if (!current.stopped) say(dialog, button.dataset.cameraError);
      return;
    }
    say(dialog, button.dataset.scanning);

    async function look() {
      if (current.stopped) return;
      try {
        var codes = await detector.detect(video);
        var value = codes.length > 0 ? String(codes[0].rawValue || "").trim() : "";
        if (value && !current.stopped) {
          dialog.close();
          input.value = value;
          if (input.form) input.form.requestSubmit();
          return;
        }
      } catch (e) {
        // A frame that is not ready yet: try the next one.
      }
      if (!current.stopped) current.timer = setTimeout(look, 200);
    }
    look();
  }

  document.addEventListener("click", function (e) {
    var button = e.target.closest && e.target.closest("[data-scan-card]");
    if (button && supported) start(button);
  });

  // "close" does not bubble: listen while it travels down. Closing by button, Escape or a scan all stop the camera.
  document.addEventListener("close", function (e) {
    if (e.target && e.target.querySelector && e.target.querySelector("[data-scan-video]")) stop();
  }, true);

  // Leaving the page through a boosted link must not leave the camera on.
  document.addEventListener("htmx:beforeSwap", function (e) {
    if (e.detail && e.detail.boosted) stop();
  });

  reveal(document);
  document.addEventListener("htmx:load", function (e) { reveal(e.target); });
})();
