// Web push on /notifications (#push-section): registers /sw.js, shows whether this browser gets notifications, and
// turns them on or off. The subscription goes to /notifications/push through htmx.ajax, which carries the
// antiforgery header from <body hx-headers>; the answer is the section again, so the list stays the server's.
(function () {
  "use strict";

  function supported() {
    return window.isSecureContext && "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
  }

  function keyBytes(base64url) {
    var base64 = (base64url + "===".slice((base64url.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(base64);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  function sameKey(subscription, key) {
    var current = subscription.options && subscription.options.applicationServerKey;
    if (!current) return true;
    var a = new Uint8Array(current), b = keyBytes(key);
    if (a.length !== b.length) return false;
    for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }

  function listed(section, endpoint) {
    var found = null;
    section.querySelectorAll("li[data-endpoint]").forEach(function (li) { if (li.dataset.endpoint === endpoint) found = li; });
    return found;
  }

  function show(section, state, subscription) {
    var status = section.querySelector("#push-state");
    var button = section.querySelector("#push-toggle");
    section.dataset.pushState = state;
    if (status) status.textContent = section.dataset["text" + state.charAt(0).toUpperCase() + state.slice(1)] || "";
    if (!button) return;
    button.hidden = state === "unsupported" || state === "checking";
    button.disabled = false;
    button.textContent = state === "on" ? section.dataset.textDisable : section.dataset.textEnable;
    var mine = subscription && listed(section, subscription.endpoint);
    if (mine) {
      var tag = mine.querySelector("[data-role=this-browser]");
      if (tag) tag.classList.remove("hidden");
    }
  }

  function post(section, handler, values) {
    return window.htmx.ajax("POST", section.dataset.pushUrl + "?handler=" + handler,
      { source: section, target: "#push-section", swap: "outerHTML", values: values });
  }

  // The first browser turns push on for undecided topics: tick them in the matrix above without a reload.
  function tickTopics(section) {
    (section.dataset.turnedOn || "").split(" ").forEach(function (topic) {
      var box = topic && document.getElementById("pref-" + topic + "-Push");
      if (box) box.checked = true;
    });
  }

  function registration() {
    return navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(function () { return navigator.serviceWorker.ready; });
  }

  function turnOn(section) {
    var key = section.dataset.pushKey;
    return Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") { show(section, permission === "denied" ? "blocked" : "off"); return; }
      return registration().then(function (reg) {
        return reg.pushManager.getSubscription().then(function (old) {
          // A subscription made with another server key cannot be reused.
          return old && !sameKey(old, key) ? old.unsubscribe() : null;
        }).then(function () {
          return reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(key) });
        });
      }).then(function (subscription) {
        var json = subscription.toJSON();
        return post(section, "Subscribe", { endpoint: json.endpoint, p256dh: json.keys.p256dh, auth: json.keys.auth });
      });
    });
  }

  function turnOff(section) {
    return registration().then(function (reg) { return reg.pushManager.getSubscription(); }).then(function (subscription) {
      if (!subscription) return post(section, "Unsubscribe", { endpoint: "" });
      var endpoint = subscription.endpoint;
      return subscription.unsubscribe().then(function () { return post(section, "Unsubscribe", { endpoint: endpoint }); });
    });
  }

  function refresh(section) {
    if (!supported()) { show(section, "unsupported"); return; }
    if (Notification.permission === "denied") { show(section, "blocked"); return; }
    // Only looks: the worker is installed when push is turned on (or the card is kept offline), not on every visit.
    navigator.serviceWorker.getRegistration("/").then(function (reg) { return reg ? reg.pushManager.getSubscription() : null; }).then(function (subscription) {
      show(section, subscription && sameKey(subscription, section.dataset.pushKey) && listed(section, subscription.endpoint) ? "on" : "off", subscription);
    }).catch(function () { show(section, "unsupported"); });
  }

  function init() {
    var section = document.getElementById("push-section");
    if (!section || section.hasAttribute("data-initialised")) return;
    section.setAttribute("data-initialised", "");
    tickTopics(section);
    var button = section.querySelector("#push-toggle");
    if (button) button.addEventListener("click", function () {
      button.disabled = true;
      var action = section.dataset.pushState === "on" ? turnOff : turnOn;
      Promise.resolve().then(function () { return action(section); }).catch(function () {
        var status = section.querySelector("#push-state");
        if (status) status.textContent = section.dataset.textFailed;
        button.disabled = false;
      });
    });
    refresh(section);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
  document.addEventListener("htmx:load", init);
})();
