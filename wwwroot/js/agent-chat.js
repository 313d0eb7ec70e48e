// The agent console (/agent): the live queue, several chats at once, replies, typing, read receipts, transfer and
// end. Each chat keeps its own transcript; the customer's profile panels load beside the selected chat (htmx).
(function () {
  "use strict";

  var session = null;

  function init() {
    var root = document.querySelector("[data-agent-console]");
    if (session && session.root !== root) { session.stop(); session = null; }
    if (!root || session) return;
    session = start(root);
    root.dataset.initialised = "agent-chat";
  }

  function start(root) {
    var C = window.PortalChat;
    var d = root.dataset;
    var me = d.userId;
    var side = "Agent";
    var $ = function (id) { return document.getElementById(id); };
    var waitingList = $("waiting-list"), waitingEmpty = $("waiting-empty"), waitingCount = $("waiting-count");
    var tabs = $("my-chats"), mineEmpty = $("mine-empty");
    var paneTitle = $("pane-title"), paneEmpty = $("pane-empty"), transcripts = $("pane-transcripts");
    var form = $("chat-form"), input = $("chat-input"), error = $("chat-error"), actions = $("chat-actions");
    var transferForm = $("transfer-form"), transferTo = $("transfer-to"), closeButton = $("close-chat");
    var alertBox = $("agent-alert"), notice = $("agent-notice"), connectionText = $("chat-connection");
    var customerPanel = $("customer-panel");
    var paneTitleDefault = paneTitle.textContent;
    var typing = new C.Typing($("chat-typing"), d.textTyping);
    var chats = new Map();
    var selected = null;
    var lastTyping = 0;
    var link;
    // The "New chat" banner and the chat it is about: it goes once that chat is accepted (by anyone) or opened.
    var newChatId = null, accepting = null, waitingIds = null, away = false;
    var presence = $("presence"), presenceToggle = $("presence-toggle"), presenceState = $("presence-state");

    function say(target, text) { target.textContent = text || ""; }

    function announce(c) {
      if (away) return;
      newChatId = c.id;
      say(notice, C.format(d.textNewChat, c.customerName));
    }

    function settle(id) {
      if (newChatId === null || newChatId !== id) return;
      newChatId = null;
      say(notice, "");
    }

    function showPresence(isAway) {
      away = isAway;
      presenceToggle.setAttribute("aria-checked", away ? "false" : "true");
      say(presenceState, away ? presenceState.dataset.textAway : presenceState.dataset.textOnline);
      presence.hidden = false;
      if (away && newChatId !== null) settle(newChatId);
    }

    // Canned replies in the customer's language (the customer panel says which), English otherwise.
    function cannedLanguage(lang) {
      document.querySelectorAll("#canned-reply option[data-body-en]").forEach(function (o) {
        o.setAttribute("data-body", (lang === "ar" && o.getAttribute("data-body-ar")) || o.getAttribute("data-body-en"));
      });
    }

    // A name in either script reads correctly without turning the heading around.
    function title(name) {
      var span = C.el("span", "", name);
      span.dir = "auto";
      paneTitle.replaceChildren(span);
    }

    function renderWaiting(list) {
      var ids = new Set(list.map(function (c) { return c.id; }));
      // A chat that joined the queue since the last list is news; one that left it (accepted by anyone) no longer.
      if (waitingIds !== null) list.forEach(function (c) { if (!waitingIds.has(c.id)) announce(c); });
      if (newChatId !== null && !ids.has(newChatId) && !chats.has(newChatId)) settle(newChatId);
      waitingIds = ids;
      waitingList.replaceChildren();
      list.forEach(function (c) {
        var li = C.el("li", "flex flex-wrap items-center justify-between gap-2 rounded-lg border border-border p-2");
        li.id = "waiting-" + c.id;
        var who = C.el("div", "min-w-0");
        var name = C.el("p", "font-semibold", c.customerName);
        name.dir = "auto";
        who.appendChild(name);
        who.appendChild(C.el("p", "text-sm text-muted", C.format(d.textWaitingSince, C.timeText(c.createdUtc))));
        li.appendChild(who);
        var accept = C.el("button", "btn-primary", d.textAccept);
        accept.type = "button";
        accept.id = "accept-" + c.id;
        accept.setAttribute("aria-describedby", "waiting-" + c.id);
        accept.addEventListener("click", function () { acceptChat(c.id, accept); });
        li.appendChild(accept);
        waitingList.appendChild(li);
      });
      waitingEmpty.hidden = list.length > 0;
      waitingCount.textContent = list.length ? "(" + list.length + ")" : "";
    }

    function renderAgents(agents) {
      var current = transferTo.value;
      transferTo.replaceChildren();
      agents.forEach(function (a) {
        var o = C.el("option", "", a.displayName);
        o.value = a.userId;
        transferTo.appendChild(o);
      });
      if (current) transferTo.value = current;
      $("transfer-submit").disabled = agents.length === 0;
    }

    function tabLabel(chat) {
      chat.tab.replaceChildren();
      var name = C.el("span", "", chat.conv.customerName);
      name.dir = "auto";
      chat.tab.appendChild(name);
      if (chat.unread) chat.tab.appendChild(C.el("span", "ms-1 inline-block h-2.5 w-2.5 rounded-full bg-danger", ""));
    }

    function openChat(conv) {
      var chat = chats.get(conv.id);
      if (!chat) {
        var list = C.el("ol", "flex max-h-[55dvh] min-h-40 flex-col gap-2 overflow-y-auto rounded-lg border border-border bg-bg p-2 sm:p-3");
        list.id = "chat-messages-" + conv.id;
        list.tabIndex = 0;
        list.hidden = true;
        list.setAttribute("aria-live", "polite");
        list.setAttribute("aria-relevant", "additions");
        list.setAttribute("aria-labelledby", "pane-title");
        transcripts.appendChild(list);
        var li = C.el("li");
        var tab = C.el("button", "btn-secondary aria-pressed:border-brand aria-pressed:bg-brand-soft");
        tab.type = "button";
        tab.id = "chat-tab-" + conv.id;
        tab.setAttribute("aria-pressed", "false");
        tab.setAttribute("aria-controls", list.id);
        tab.addEventListener("click", function () { select(conv.id); });
        li.appendChild(tab);
        tabs.appendChild(li);
        chat = { conv: conv, list: list, tab: tab, item: li, transcript: new C.Transcript(list, side, d), unread: false };
        chats.set(conv.id, chat);
      }
      chat.conv = conv;
      tabLabel(chat);
      mineEmpty.hidden = true;
      join(chat);
      if (selected === null) select(conv.id);
      return chat;
    }

    function merge(chat, s) {
      chat.conv = s.conversation;
      s.messages.forEach(function (m) { chat.transcript.merge(m); });
      chat.transcript.markRead(s.conversation.customerLastReadMessageId);
      tabLabel(chat);
      if (selected === chat.conv.id) { title(chat.conv.customerName); seen(); }
    }

    function join(chat) {
      link.connection.invoke("Join", chat.conv.id).then(function (s) { merge(chat, s); })
        .catch(function (err) { removeChat(chat.conv.id, C.refusal(err)); });
    }

    function removeChat(id, message) {
      var chat = chats.get(id);
      if (!chat) return;
      chat.list.remove();
      chat.item.remove();
      chats.delete(id);
      if (selected === id) {
        selected = null;
        typing.hide();
        form.hidden = true;
        actions.hidden = true;
        typing.target.hidden = true;
        paneEmpty.hidden = false;
        paneTitle.textContent = paneTitleDefault;
        customerPanel.replaceChildren();
        var next = chats.keys().next();
        if (!next.done) select(next.value);
      }
      mineEmpty.hidden = chats.size > 0;
      if (message) newChatId = null;
      say(notice, message);
    }

    function select(id) {
      var chat = chats.get(id);
      if (!chat) return;
      var changed = selected !== id;
      selected = id;
      chats.forEach(function (c, key) {
        c.list.hidden = key !== id;
        c.tab.setAttribute("aria-pressed", key === id ? "true" : "false");
      });
      chat.unread = false;
      tabLabel(chat);
      title(chat.conv.customerName);
      paneEmpty.hidden = true;
      typing.target.hidden = false;
      form.hidden = false;
      actions.hidden = false;
      chat.transcript.scroll(true);
      settle(id);
      if (changed) {
        typing.hide();
        cannedLanguage("en");
        if (window.htmx) window.htmx.ajax("GET", "/agent?handler=customer&conversationId=" + id, { target: "#customer-panel", swap: "innerHTML" });
      }
      seen();
    }

    function seen() {
      var chat = selected !== null && chats.get(selected);
      if (!chat || document.visibilityState !== "visible" || !link.connected()) return;
      var upTo = chat.transcript.lastOtherId;
      if (!upTo || upTo <= chat.transcript.lastMarked) return;
      chat.transcript.lastMarked = upTo;
      link.connection.invoke("MarkRead", chat.conv.id, upTo).catch(function () { chat.transcript.lastMarked = 0; });
    }

    function acceptChat(id, button) {
      button.disabled = true;
      accepting = id;
      say(alertBox, "");
      settle(id);
      link.connection.invoke("Accept", id).then(function (s) {
        accepting = null;
        var chat = openChat(s.conversation);
        merge(chat, s);
        select(id);
        input.focus();
      }).catch(function (err) {
        accepting = null;
        button.disabled = false;
        say(alertBox, C.refusal(err));
      });
    }

    function ready() {
      link.connection.invoke("IsAway").then(showPresence).catch(function () { });
      link.connection.invoke("AgentState").then(function (s) {
        renderWaiting(s.waiting);
        renderAgents(s.agents);
        var mine = new Set(s.mine.map(function (c) { return c.id; }));
        Array.from(chats.keys()).forEach(function (id) { if (!mine.has(id)) removeChat(id); });
        s.mine.forEach(openChat);
        outbox.flush();
        root.dataset.connected = "true";
      }).catch(function (err) { say(alertBox, C.refusal(err)); });
    }

    function onState(s) {
      // "true" once the transcript is fetched and merged (see ready); tests and styles can wait for it.
      if (s !== "connected") root.dataset.connected = "false";
      say(connectionText, s === "reconnecting" ? d.textReconnecting : "");
      if (s === "reconnecting") outbox.items.forEach(function (item) {
        var chat = chats.get(item.conversationId);
        if (chat) chat.transcript.queued(item.clientId);
      });
    }

    link = C.connect({
      waiting: renderWaiting,
      assigned: function (c) {
        // Accepted here, the agent knows; a transfer (or another tab) is news until the chat is opened.
        if (!chats.has(c.id) && accepting !== c.id) announce(c);
        else settle(c.id);
        openChat(c);
      },
      accepted: function () { },
      transferred: function (c) { if (c.agentUserId !== me) removeChat(c.id, C.format(d.textTransferred, c.agentName || "")); },
      closed: function (c) { removeChat(c.id, d.textEnded); },
      message: function (m) {
        var chat = chats.get(m.conversationId);
        if (!chat) return;
        var fresh = chat.transcript.merge(m);
        if (m.sender === "Customer") {
          if (selected === m.conversationId) { typing.hide(); seen(); }
          else if (fresh) { chat.unread = true; tabLabel(chat); }
        }
      },
      typing: function (e) { if (e.conversationId === selected && e.side !== side) typing.show(e.name); },
      read: function (e) {
        var chat = chats.get(e.conversationId);
        if (chat && e.side !== side) chat.transcript.markRead(e.messageId);
      },
    }, ready, onState);

    var outbox = new C.Outbox(function () { return link; },
      function (item, m) { var chat = chats.get(item.conversationId); if (chat) chat.transcript.merge(m); },
      function (item, message) { var chat = chats.get(item.conversationId); if (chat) chat.transcript.failed(item.clientId, message); },
      function (item) { var chat = chats.get(item.conversationId); if (chat) chat.transcript.queued(item.clientId); });

    function send() {
      var chat = selected !== null && chats.get(selected);
      var body = input.value.trim();
      if (!chat || !body) return;
      if (body.length > 2000) { say(error, d.textTooLong); return; }
      say(error, "");
      var clientId = C.uuid();
      chat.transcript.pending(clientId, body);
      input.value = "";
      lastTyping = 0;
      outbox.add({ conversationId: chat.conv.id, clientId: clientId, body: body });
    }

    form.addEventListener("submit", function (e) { e.preventDefault(); send(); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); send(); }
    });
    input.addEventListener("input", function () {
      var now = Date.now();
      if (selected === null || now - lastTyping < 2000 || !link.connected() || !input.value.trim()) return;
      lastTyping = now;
      link.connection.invoke("Typing", selected).catch(function () { });
    });
    transferForm.addEventListener("submit", function (e) {
      e.preventDefault();
      if (selected === null || !transferTo.value) return;
      say(alertBox, "");
      link.connection.invoke("Transfer", selected, transferTo.value).catch(function (err) { say(alertBox, C.refusal(err)); });
    });
    closeButton.addEventListener("click", function () {
      if (selected === null) return;
      say(alertBox, "");
      link.connection.invoke("Close", selected).catch(function (err) { say(alertBox, C.refusal(err)); });
    });
    document.addEventListener("visibilitychange", seen);
    presenceToggle.addEventListener("click", function () {
      if (!link.connected()) return;
      link.connection.invoke("SetAway", !away).then(showPresence).catch(function (err) { say(alertBox, C.refusal(err)); });
    });
    function onPanel(e) {
      var head = e.target instanceof Element && e.target.querySelector ? e.target.querySelector("#customer-panel-head") : null;
      if (head) cannedLanguage(head.dataset.language);
    }
    document.addEventListener("htmx:afterSettle", onPanel);

    return {
      root: root,
      stop: function () {
        document.removeEventListener("visibilitychange", seen);
        document.removeEventListener("htmx:afterSettle", onPanel);
        typing.hide();
        link.stop();
      },
    };
  }

  // Fetched by site.js once a page has a chat, after signalr.min.js (in <head>) and chat-core.js.
  init();
  document.addEventListener("htmx:load", init);
})();
