// Keeps the screen on while the card is shown at the till, where the browser allows it.
(function () {
  "use strict";
  if (!("wakeLock" in navigator)) return;
  function request() {
    navigator.wakeLock.request("screen").catch(function () { /* refused (battery saver): the card still shows */ });
  }
  // The browser drops the lock when the page is hidden; take it again on return.
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") request();
  });
  request();
})();
