// Live chat pieces shared by the customer page (chat.js) and the agent console (agent-chat.js): the hub connection
// (reconnects for ever, refetches on reconnect), the transcript (merged by message id and client id, so reloads,
// reconnects and second tabs never lose or double a message), the outbox (retries with the same client id),
// the typing indicator and read receipts. Message text is only ever set with textContent.
(function () {
  "use strict";

  function format(template, value) { return String(template || "").replace("{0}", value); }

  function uuid() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") return window.crypto.randomUUID();
    var b = window.crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  // As the server writes a message's time (Formats.Time): "14:05", 24-hour with Latin digits in both languages, in
  // the viewer's zone (<html data-time-zone>, their own or the business's), so a live message and a reloaded one agree.
  var clock = (function () {
    var options = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
    var zone = document.documentElement.getAttribute("data-time-zone");
    try {
      return new Intl.DateTimeFormat("en-GB", zone ? Object.assign({ timeZone: zone }, options) : options);
    } catch (e) {
      return new Intl.DateTimeFormat("en-GB", options);
    }
  })();

  // Stored times are UTC, written by .NET ("O") with up to 7 decimals and, when read back from the database, no "Z".
  function parseUtc(iso) {
    var s = String(iso || "").replace(/(\.\d{3})\d+/, "$1");
    if (s && !/(Z|[+-]\d\d:?\d\d)$/i.test(s)) s += "Z";
    return new Date(s);
  }

  function timeText(iso) {
    var d = parseUtc(iso);
    if (isNaN(d)) return "";
    var parts = {};
    clock.formatToParts(d).forEach(function (p) { parts[p.type] = p.value; });
    return parts.hour + ":" + parts.minute;
  }

  // Times written without the server (a message's own send, a queue entry) and any left in UTC read as the server's.
  function localTimes(root) {
    root.querySelectorAll("time[data-time]").forEach(function (t) { t.textContent = timeText(t.getAttribute("datetime")); });
  }

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // The text a hub error carries when the server refused (HubException "code: text"), else null (a dropped connection).
  function refusal(err) {
    var m = err && err.message ? String(err.message) : "";
    var i = m.indexOf("HubException: ");
    if (i < 0) return null;
    return m.slice(i + "HubException: ".length).replace(/^[a-z_]+: /, "");
  }

  // ---- Transcript: one <ol> of messages, in message-id order, pending ones last ----
  function Transcript(list, side, texts) {
    this.list = list;
    this.side = side;
    this.texts = texts;
    this.readUpTo = 0;
    this.lastOtherId = 0;
    this.lastMarked = 0;
    var self = this;
    list.querySelectorAll("li[data-client-id]").forEach(function (li) {
      var id = Number(li.dataset.id || 0);
      if (li.dataset.sender !== side && li.dataset.sender !== "System" && id > self.lastOtherId) self.lastOtherId = id;
    });
    localTimes(list);
    this.scroll(true);
  }

  Transcript.prototype.find = function (clientId) {
    return this.list.querySelector('li[data-client-id="' + String(clientId).replace(/[^0-9a-fA-F-]/g, "") + '"]');
  };

  Transcript.prototype.count = function () { return this.list.querySelectorAll("li[data-client-id]").length; };

  Transcript.prototype.build = function (m, pending) {
    var li;
    if (m.sender === "System") {
      li = el("li", "self-center rounded-full bg-surface-2 px-3 py-1 text-center text-sm text-muted", format(this.texts.textJoined, m.senderName));
    } else {
      var mine = m.sender === this.side;
      li = el("li", "flex max-w-[85%] flex-col " + (mine ? "items-end self-end" : "items-start self-start"));
      var bubble = el("div", "rounded-2xl px-3 py-2 " + (mine ? "rounded-ee-sm bg-brand text-brand-fg" : "rounded-es-sm bg-surface-2 text-fg"));
      if (!mine) {
        var name = el("p", "text-xs font-semibold", m.senderName);
        name.dir = "auto";
        name.setAttribute("data-name", "");
        bubble.appendChild(name);
      }
      var body = el("p", "whitespace-pre-wrap break-words", m.body);
      body.dir = "auto";
      body.setAttribute("data-body", "");
      bubble.appendChild(body);
      li.appendChild(bubble);
      var meta = el("p", "mt-0.5 px-1 text-xs text-muted");
      var time = el("time", "", m.sentUtc ? timeText(m.sentUtc) : "");
      time.setAttribute("data-time", "");
      if (m.sentUtc) time.setAttribute("datetime", m.sentUtc);
      meta.appendChild(time);
      if (mine) {
        meta.appendChild(document.createTextNode(" "));
        var status = el("span", "", pending ? this.texts.textSending : this.texts.textSent);
        status.setAttribute("data-status", "");
        meta.appendChild(status);
      }
      li.appendChild(meta);
    }
    li.id = "msg-" + m.clientId;
    li.dataset.clientId = m.clientId;
    li.dataset.sender = m.sender;
    if (m.id) li.dataset.id = m.id;
    return li;
  };

  // Confirmed messages in id order; pending ones (no id yet) stay at the end in the order they were written.
  Transcript.prototype.place = function (li, id) {
    var before = null;
    var items = this.list.children;
    for (var i = 0; i < items.length; i++) {
      var it = items[i];
      if (it === li) continue;
      var other = Number(it.dataset.id || 0);
      if (!other || (id && other > id)) { before = it; break; }
    }
    if (!id) before = null;
    if (li.parentNode !== this.list || li.nextElementSibling !== before) this.list.insertBefore(li, before);
  };

  Transcript.prototype.setStatus = function (li, text) {
    var s = li.querySelector("[data-status]");
    if (s) s.textContent = text;
  };

  /** Adds or confirms a stored message; true when it was not shown before. */
  Transcript.prototype.merge = function (m) {
    var nearBottom = this.nearBottom();
    var li = this.find(m.clientId);
    var fresh = !li;
    if (!li) li = this.build(m, false);
    li.dataset.id = m.id;
    li.removeAttribute("data-pending");
    var time = li.querySelector("time[data-time]");
    if (time && m.sentUtc) { time.setAttribute("datetime", m.sentUtc); time.textContent = timeText(m.sentUtc); }
    if (m.sender === this.side) this.setStatus(li, m.id <= this.readUpTo ? this.texts.textRead : this.texts.textSent);
    this.place(li, m.id);
    if (m.sender !== this.side && m.sender !== "System" && m.id > this.lastOtherId) this.lastOtherId = m.id;
    if (fresh) this.scroll(nearBottom || m.sender === this.side);
    return fresh;
  };

  Transcript.prototype.pending = function (clientId, body) {
    var li = this.build({ clientId: clientId, sender: this.side, body: body }, true);
    li.setAttribute("data-pending", "");
    this.list.appendChild(li);
    this.scroll(true);
    return li;
  };

  Transcript.prototype.queued = function (clientId) {
    var li = this.find(clientId);
    if (li && li.hasAttribute("data-pending")) this.setStatus(li, this.texts.textQueued);
  };

  Transcript.prototype.failed = function (clientId, message) {
    var li = this.find(clientId);
    if (!li) return;
    li.removeAttribute("data-pending");
    li.setAttribute("data-failed", "");
    this.setStatus(li, message);
  };

  /** The other side has read up to messageId: my messages up to it show "Read". */
  Transcript.prototype.markRead = function (messageId) {
    if (!messageId || messageId <= this.readUpTo) return;
    this.readUpTo = messageId;
    var self = this;
    this.list.querySelectorAll('li[data-sender="' + this.side + '"][data-id]').forEach(function (li) {
      if (Number(li.dataset.id) <= messageId) self.setStatus(li, self.texts.textRead);
    });
  };

  Transcript.prototype.nearBottom = function () {
    return this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < 80;
  };

  Transcript.prototype.scroll = function (force) {
    if (force) this.list.scrollTop = this.list.scrollHeight;
  };

  // ---- Typing indicator: shown on the other side, gone after 4 s without news ----
  function Typing(target, template) {
    this.target = target;
    this.template = template;
    this.timer = 0;
  }
  Typing.prototype.show = function (name) {
    var self = this;
    this.target.textContent = format(this.template, name);
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { self.hide(); }, 4000);
  };
  Typing.prototype.hide = function () {
    clearTimeout(this.timer);
    this.target.textContent = "";
  };

  // ---- Connection: automatic reconnect that never gives up; ready() runs after every (re)connect ----
  function connect(events, ready, onState) {
    var stopped = false;
    var retry = { nextRetryDelayInMilliseconds: function (ctx) { return Math.min(1000 * Math.pow(2, ctx.previousRetryCount), 15000); } };
    var connection = new window.signalR.HubConnectionBuilder()
      .withUrl("/hubs/chat")
      .withAutomaticReconnect(retry)
      .configureLogging(window.signalR.LogLevel.Warning)
      .build();
    Object.keys(events).forEach(function (name) { connection.on(name, events[name]); });
    connection.onreconnecting(function () { onState("reconnecting"); });
    connection.onreconnected(function () { onState("connected"); ready(); });
    connection.onclose(function () { if (!stopped) { onState("reconnecting"); setTimeout(start, 3000); } });
    var delay = 1000;
    function start() {
      if (stopped) return;
      connection.start().then(function () { delay = 1000; onState("connected"); ready(); }).catch(function () {
        onState("reconnecting");
        delay = Math.min(delay * 2, 15000);
        setTimeout(start, delay);
      });
    }
    start();
    return {
      connection: connection,
      connected: function () { return connection.state === window.signalR.HubConnectionState.Connected; },
      stop: function () { stopped = true; connection.stop(); },
    };
  }

  // ---- Outbox: messages not yet confirmed, sent again with the same client id after a reconnect ----
  function Outbox(link, onSent, onRefused, onQueued) {
    this.items = [];
    this.link = link;
    this.onSent = onSent;
    this.onRefused = onRefused;
    this.onQueued = onQueued;
  }
  Outbox.prototype.add = function (item) {
    this.items.push(item);
    if (this.link().connected()) this.send(item); else this.onQueued(item);
  };
  Outbox.prototype.flush = function () {
    var self = this;
    this.items.slice().forEach(function (item) { if (!item.inFlight) self.send(item); });
  };
  Outbox.prototype.remove = function (item) {
    var i = this.items.indexOf(item);
    if (i >= 0) this.items.splice(i, 1);
  };
  Outbox.prototype.send = function (item) {
    var self = this;
    var link = this.link();
    if (!link.connected()) return;
    item.inFlight = true;
    link.connection.invoke("SendMessage", item.conversationId, item.clientId, item.body).then(function (m) {
      self.remove(item);
      self.onSent(item, m);
    }).catch(function (err) {
      item.inFlight = false;
      var refused = link.connected() ? refusal(err) : null;
      if (refused !== null) { self.remove(item); self.onRefused(item, refused); }
      else self.onQueued(item);
    });
  };

  window.PortalChat = {
    format: format,
    uuid: uuid,
    timeText: timeText,
    localTimes: localTimes,
    refusal: refusal,
    el: el,
    Transcript: Transcript,
    Typing: Typing,
    connect: connect,
    Outbox: Outbox,
  };

  // Past transcripts: times in the reader's zone, on a full load and after boosted navigation.
  function transcripts() {
    document.querySelectorAll("[data-chat-transcript]:not([data-initialised])").forEach(function (t) {
      localTimes(t);
      t.dataset.initialised = "chat-transcript";
    });
  }
  transcripts();
  document.addEventListener("htmx:load", transcripts);
})();
