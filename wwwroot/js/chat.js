// The customer's live chat (/support/chat): queue position, messages both ways, typing, read receipts, the end.
// The page renders the transcript; this keeps it live and merges what the hub sends by message id and client id.
(function () {
  "use strict";

  var session = null;

  function init() {
    var root = document.querySelector("[data-chat]");
    if (session && session.root !== root) { session.stop(); session = null; }
    if (!root || session) return;
    session = start(root);
    root.dataset.initialised = "chat";
  }

  function start(root) {
    var C = window.PortalChat;
    var d = root.dataset;
    var id = Number(d.conversationId);
    var side = "Customer";
    var status = d.status;
    var list = root.querySelector("#chat-messages");
    var state = root.querySelector("#chat-state");
    var form = root.querySelector("#chat-form");
    var input = root.querySelector("#chat-input");
    var error = root.querySelector("#chat-error");
    var connectionText = root.querySelector("#chat-connection");
    var closeForm = root.querySelector("#chat-close-form");
    var closeButton = root.querySelector("#chat-close");
    var ended = document.getElementById("chat-ended");
    var transcript = new C.Transcript(list, side, d);
    var typing = new C.Typing(root.querySelector("#chat-typing"), d.textTyping);
    var lastTyping = 0;
    var link;

    function isOpen() { return status === "Waiting" || status === "Active"; }

    function apply(c) {
      status = c.status;
      root.dataset.status = status;
      if (status === "Waiting") {
        state.textContent = C.format(d.textQueue, c.queuePosition || 1);
      } else if (status === "Active") {
        state.textContent = C.format(d.textWith, c.agentName || "");
        if (closeButton) closeButton.textContent = d.textEnd;
      } else {
        // An ended chat is said once, by the rating panel's heading; the state line only speaks when there is none.
        state.textContent = ended && status === "Closed" ? "" : d.textEnded;
        state.hidden = !!ended && status === "Closed";
        typing.hide();
        typing.target.hidden = true;
        form.hidden = true;
        if (closeForm) closeForm.hidden = true;
        if (ended && status === "Closed") ended.hidden = false;
      }
    }

    // Tell the agent what the customer has seen, when the page is actually in view.
    function seen() {
      if (document.visibilityState !== "visible" || !link.connected()) return;
      var upTo = transcript.lastOtherId;
      if (!upTo || upTo <= transcript.lastMarked) return;
      transcript.lastMarked = upTo;
      link.connection.invoke("MarkRead", id, upTo).catch(function () { transcript.lastMarked = 0; });
    }

    function ready() {
      link.connection.invoke("Join", id).then(function (s) {
        s.messages.forEach(function (m) { transcript.merge(m); });
        transcript.markRead(s.conversation.agentLastReadMessageId);
        apply(s.conversation);
        outbox.flush();
        root.dataset.connected = "true";
        seen();
      }).catch(function (err) { error.textContent = C.refusal(err) || ""; });
    }

    function onState(s) {
      // "true" once the transcript is fetched and merged (see ready); tests and styles can wait for it.
      if (s !== "connected") root.dataset.connected = "false";
      connectionText.textContent = s === "reconnecting" ? d.textReconnecting : "";
      if (s === "reconnecting") outbox.items.forEach(function (item) { transcript.queued(item.clientId); });
    }

    link = C.connect({
      message: function (m) {
        if (m.conversationId !== id) return;
        transcript.merge(m);
        if (m.sender !== side) { typing.hide(); seen(); }
      },
      typing: function (e) { if (e.conversationId === id && e.side !== side && isOpen()) typing.show(e.name); },
      read: function (e) { if (e.conversationId === id && e.side !== side) transcript.markRead(e.messageId); },
      queue: function (e) { if (e.conversationId === id && status === "Waiting") state.textContent = C.format(d.textQueue, e.position); },
      accepted: function (c) { if (c.id === id) apply(c); },
      transferred: function (c) { if (c.id === id) apply(c); },
      closed: function (c) { if (c.id === id) apply(c); },
    }, ready, onState);

    var outbox = new C.Outbox(function () { return link; },
      function (item, m) { transcript.merge(m); },
      function (item, message) { transcript.failed(item.clientId, message); },
      function (item) { transcript.queued(item.clientId); });

    function send() {
      var body = input.value.trim();
      if (!body || !isOpen()) return;
      if (body.length > 2000) { error.textContent = d.textTooLong; return; }
      error.textContent = "";
      var clientId = C.uuid();
      transcript.pending(clientId, body);
      input.value = "";
      lastTyping = 0;
      outbox.add({ conversationId: id, clientId: clientId, body: body });
    }

    function onSubmit(e) { e.preventDefault(); send(); }
    function onKey(e) {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); send(); }
    }
    function onInput() {
      var now = Date.now();
      if (now - lastTyping < 2000 || !link.connected() || !input.value.trim()) return;
      lastTyping = now;
      link.connection.invoke("Typing", id).catch(function () { });
    }
    form.addEventListener("submit", onSubmit);
    input.addEventListener("keydown", onKey);
    input.addEventListener("input", onInput);
    document.addEventListener("visibilitychange", seen);

    return {
      root: root,
      stop: function () {
        document.removeEventListener("visibilitychange", seen);
        typing.hide();
        link.stop();
      },
    };
  }

  // Fetched by site.js once a page has a chat, after signalr.min.js (in <head>) and chat-core.js.
  init();
  document.addEventListener("htmx:load", init);
})();
