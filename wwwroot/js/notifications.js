// The notification bell: the server renders the count; this keeps it live. One hub connection per page load (boosted
// navigation keeps it; the bell element is found by id each time, since htmx swaps the header with <body>). A new
// notification updates the count, is announced in the live region, and tells the inbox list (if shown) to refresh.
// After every (re)connect the count is refetched, so anything that arrived before the connection is counted.
(function () {
  "use strict";

  var connection = null;
  function bell() { return document.getElementById("notification-bell"); }

  function show(unread) {
    var b = bell();
    if (!b) return;
    var count = document.getElementById("notification-count");
    var label = document.getElementById("notification-bell-label");
    var n = Math.max(0, Number(unread) || 0);
    // Up to 99 the count is plain Latin digits in both languages (the server writes them so too): no Intl formatter,
    // whose first use costs a phone tens of milliseconds loading the Arabic locale's data.
    var text = n > 99 ? "99+" : String(n);
    if (count) { count.textContent = text; count.hidden = n === 0; }
    if (label) label.textContent = n === 0 ? b.dataset.labelNone : String(b.dataset.labelSome || "").replace("{0}", text);
    b.dataset.unread = String(n);
  }

  // data-live on the bell while the connection is up (the bell is swapped with <body> on boosted navigation).
  function live(on) {
    var b = bell();
    if (b) b.toggleAttribute("data-live", on);
  }

  function announce(title) {
    var live = document.getElementById("notification-live");
    if (live) live.textContent = title;
  }

  function refreshCount() {
    if (connection && connection.state === window.signalR.HubConnectionState.Connected)
      connection.invoke("Unread").then(show).catch(function () { });
  }

  function start() {
    var b = bell();
    // SignalR is fetched once the page is idle (_Head.cshtml); htmx:load is raised again when it has arrived.
    if (!b || b.hasAttribute("data-initialised") || !window.signalR) return;
    b.setAttribute("data-initialised", "");
    if (connection) { live(connection.state === window.signalR.HubConnectionState.Connected); return; }
    connection = new window.signalR.HubConnectionBuilder()
      .withUrl(b.dataset.hub || "/hubs/notifications")
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: function (ctx) { return Math.min(1000 * Math.pow(2, ctx.previousRetryCount), 30000); } })
      .configureLogging(window.signalR.LogLevel.Warning)
      .build();
    connection.on("notification", function (n) {
      show(n.unread);
      announce(n.title);
      document.body.dispatchEvent(new CustomEvent("notifications:arrived", { bubbles: true }));
    });
    connection.onreconnecting(function () { live(false); });
    connection.onreconnected(function () { live(true); refreshCount(); });
    connection.onclose(function () { live(false); });
    var delay = 2000;
    (function connect() {
      connection.start().then(function () { live(true); refreshCount(); }).catch(function () {
        delay = Math.min(delay * 2, 30000);
        setTimeout(connect, delay);
      });
    })();
  }

  // The inbox's mark-read handlers send the new count in HX-Trigger.
  document.addEventListener("notifications:unread", function (e) { show(e.detail && e.detail.value); });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
  document.addEventListener("htmx:load", start);
})();
