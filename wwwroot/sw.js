// The portal's service worker (scope /). Today: web push. Each message is JSON {title, body, url, tag, lang}
// (WebPushChannel); a click focuses an open portal tab, or opens one, at the message's url.
"use strict";

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

self.addEventListener("push", function (event) {
  var data = {};
  try { data = event.data ? event.data.json() : {}; } catch (e) { data = { body: event.data ? event.data.text() : "" }; }
  var options = { body: data.body || "", tag: data.tag || undefined, lang: data.lang || "", dir: "auto", data: { url: data.url || "/" } };
  if (data.icon) options.icon = data.icon;
  event.waitUntil(self.registration.showNotification(data.title || "CustomerPortal", options));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  // Only paths on this site: a message never sends the customer elsewhere.
  var target = new URL((event.notification.data && event.notification.data.url) || "/", self.location.origin);
  if (target.origin !== self.location.origin) target = new URL("/", self.location.origin);
  event.waitUntil(self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (windows) {
    var portal = windows.filter(function (w) { return new URL(w.url).origin === self.location.origin; });
    var same = portal.filter(function (w) { return w.url === target.href; })[0];
    if (same) return same.focus();
    if (portal.length && portal[0].navigate) {
      // navigate() needs a tab this worker controls; otherwise open a new one.
      return portal[0].navigate(target.href).then(function (w) { return w ? w.focus() : self.clients.openWindow(target.href); })
        .catch(function () { return self.clients.openWindow(target.href); });
    }
    return self.clients.openWindow(target.href);
  }));
});
