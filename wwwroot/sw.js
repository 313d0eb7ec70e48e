// The portal's service worker (scope /): web push, and the membership card offline. Each push message is JSON
// {title, body, url, tag, lang} (WebPushChannel); a click focuses an open portal tab, or opens one, at its url.
// Once seen, /card (and its stylesheet) is kept so it can be shown at a till with no signal; signing in or out
// drops it, since it belongs to whoever was signed in.
"use strict";

var CARD_CACHE = "portal-card-v1";

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

function isCardAsset(url) {
  return url.pathname === "/dist/app.css" || url.pathname.indexOf("/icons/") === 0 || url.pathname === "/favicon.ico";
}

self.addEventListener("message", function (event) {
  // card.js, on /card: keep this page and what it needs (the first visit is not yet controlled by this worker).
  if (!event.data || event.data.type !== "keep-card" || !Array.isArray(event.data.urls)) return;
  var urls = event.data.urls.filter(function (u) {
    var url = new URL(u, self.location.origin);
    return url.origin === self.location.origin && (url.pathname === "/card" || isCardAsset(url));
  });
  event.waitUntil(caches.open(CARD_CACHE).then(function (cache) {
    return Promise.all(urls.map(function (u) {
      return fetch(u, { credentials: "same-origin" }).then(function (res) {
        if (res.ok && !res.redirected) return cache.put(new URL(u, self.location.origin).pathname === "/card" ? "/card" : u, res);
      });
    }));
  }).catch(function () { /* offline now: keep what is there */ }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  var path = url.pathname.toLowerCase();
  if (request.method !== "GET") {
    if (path === "/account/logout" || path === "/account/login") event.waitUntil(caches.delete(CARD_CACHE));
    return;
  }
  if (request.mode === "navigate" && path === "/card") {
    event.respondWith(fetch(request).then(function (res) {
      if (res.ok && !res.redirected) {
        var copy = res.clone();
        event.waitUntil(caches.open(CARD_CACHE).then(function (cache) { return cache.put("/card", copy); }));
      }
      return res;
    }, function () {
      return caches.open(CARD_CACHE).then(function (cache) { return cache.match("/card"); })
        .then(function (cached) { return cached || Response.error(); });
    }));
    return;
  }
  if (isCardAsset(url)) {
    event.respondWith(fetch(request).catch(function () {
      return caches.open(CARD_CACHE).then(function (cache) { return cache.match(request); })
        .then(function (cached) { return cached || Response.error(); });
    }));
  }
});
