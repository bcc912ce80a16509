/* The live wall: WebSocket with reconnection, pending cards that survive a dropped
   connection, dot voting, drag and drop on the projector. Plain JS, no build step.
   Without JavaScript the page's forms still work (they post and reload). */
(function () {
  "use strict";
  var root = document.getElementById("wall");
  if (!root) return;
  var role = root.dataset.role;
  var t = JSON.parse(document.getElementById("wall-i18n").textContent);
  var state = JSON.parse(document.getElementById("wall-state").textContent);
  var myDots = { cards: {}, used: 0, allowed: state.wall.dots_per_person };
  var clockOffset = 0;
  var storageKey = root.dataset.storageKey || "";
  var pending = load();
  var gone = {};  // cards hidden or deleted: a late batch must not bring them back
  var socket = null;
  var attempt = 0;
  var statusEl = document.getElementById("wall-connection");
  var votingEl = document.getElementById("wall-voting");
  var timerEl = document.getElementById("wall-timer");

  function load() {
    try { return JSON.parse(localStorage.getItem(storageKey) || "{}") || {}; } catch (e) { return {}; }
  }
  function save() {
    try { localStorage.setItem(storageKey, JSON.stringify(pending)); } catch (e) { /* private mode */ }
  }
  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return Date.now().toString(36) + Math.random().toString(36).slice(2, 12);
  }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }
  function isOpen() { return socket && socket.readyState === WebSocket.OPEN; }
  function setStatus(kind) {
    statusEl.textContent = t[kind];
    statusEl.className = "wall-connection is-" + kind;
    root.dataset.connection = kind;
  }

  // --- connection with exponential backoff -----------------------------------------------
  function connect() {
    if (state.wall.status !== "open") {  // a closed wall changes no more: nothing to wait for
      statusEl.textContent = "";
      root.dataset.connection = "closed";
      return;
    }
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + root.dataset.ws);
    socket.onopen = function () {
      attempt = 0;
      setStatus("connected");
      socket.send(JSON.stringify({ type: "snapshot" }));
      Object.keys(pending).forEach(function (id) { sendPost(id); });
    };
    socket.onmessage = function (event) {
      var message;
      try { message = JSON.parse(event.data); } catch (e) { return; }
      receive(message);
    };
    socket.onclose = function () {
      if (state.wall.status !== "open") { connect(); return; }
      setStatus("reconnecting");
      var delay = Math.min(30000, 500 * Math.pow(2, attempt)) * (0.75 + Math.random() / 2);
      attempt = Math.min(attempt + 1, 10);
      setTimeout(connect, delay);
    };
  }

  function receive(message) {
    if (message.type === "snapshot") {
      state = message;
      state.cards.forEach(function (card) { delete gone[card.id]; });
      clockOffset = Date.parse(message.now) - Date.now();
      if (message.my_dots) myDots = message.my_dots;
    } else if (message.type === "cards") {
      // New cards and dot counts, gathered by the server for a short while.
      message.cards.forEach(function (card) { if (!gone[card.id]) upsert(card); });
      state.cards.forEach(function (card) {
        var count = message.dots[String(card.id)];
        if (count !== undefined) card.dots = count;
      });
    } else if (message.type === "ack") {
      upsert(message.card);
      delete pending[message.client_id];
      save();
    } else if (message.type === "remove") {
      gone[message.card] = true;
      state.cards = state.cards.filter(function (card) { return card.id !== message.card; });
    } else if (message.type === "my_dots") {
      myDots = message;
    } else if (message.type === "error") {
      showError(message);
    }
    render();
  }

  function upsert(card) {
    for (var i = 0; i < state.cards.length; i++) {
      if (state.cards[i].id === card.id) { state.cards[i] = card; return; }
    }
    state.cards.push(card);
  }

  function showError(message) {
    var box = document.getElementById("wall-error");
    if (!box) {
      box = el("p", { id: "wall-error", role: "alert", class: "form-errors" });
      statusEl.parentNode.insertBefore(box, statusEl.nextSibling);
    }
    box.textContent = message.message;
    if (message.client_id && pending[message.client_id]) {
      // Nothing lost: a refused card goes back into the form.
      var text = document.getElementById("id_text");
      if (text && !text.value) text.value = pending[message.client_id].text;
      delete pending[message.client_id];
      save();
    }
  }

  // --- fallback over HTTP when the socket is down ------------------------------------------
  function postForm(url, data) {
    var body = new FormData();
    Object.keys(data).forEach(function (key) { body.append(key, data[key]); });
    return fetch(url, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": root.dataset.csrf, "X-Requested-With": "fetch" }
    }).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    }).then(function (snapshot) {
      if (snapshot.my_dots) myDots = snapshot.my_dots;
      receive(snapshot);
    });
  }

  // --- participants: posting cards and dots -----------------------------------------------
  function sendPost(id) {
    var card = pending[id];
    if (isOpen()) {
      socket.send(JSON.stringify({ type: "post", client_id: id, kind: card.kind, text: card.text }));
    } else if (root.dataset.postUrl) {
      postForm(root.dataset.postUrl, { client_id: id, kind: card.kind, text: card.text }).then(function () {
        delete pending[id]; save(); render();
      }, function () { /* stays pending; sent again on reconnect */ });
    }
  }

  var form = document.getElementById("wall-card-form");
  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = form.elements.text.value.trim();
      if (!text) { form.elements.text.focus(); return; }
      var id = newId();
      pending[id] = { kind: form.elements.kind.value, text: text };
      save();
      form.elements.text.value = "";
      render();
      sendPost(id);
      form.elements.text.focus();
    });
  }

  function dot(cardId, add) {
    if (isOpen()) {
      socket.send(JSON.stringify({ type: add ? "dot" : "undot", card: cardId }));
    } else {
      postForm(root.dataset.dotUrl, { card: cardId, action: add ? "add" : "remove" }).catch(function () {});
    }
  }

  // --- projector: moving cards, moderation, columns ----------------------------------------
  function control(action, data) {
    if (isOpen()) {
      var message = { type: action };
      Object.keys(data).forEach(function (key) { message[key] = Number(data[key]); });
      socket.send(JSON.stringify(message));
    } else {
      var url = root.dataset.controlUrl.replace(/move\/$/, action + "/");
      postForm(url, data).catch(function () {});
    }
  }
  function move(cardId, columnId) { control("move", { card: cardId, column: columnId }); }

  function button(label, className, focusKey, onClick) {
    var node = el("button", { type: "button", class: "small " + className, "data-focus": focusKey }, label);
    node.addEventListener("click", onClick);
    return node;
  }

  // --- drawing ----------------------------------------------------------------------------
  function cardItem(card, isPending) {
    var open = state.wall.status === "open";
    var li = el("li", { class: "wall-card kind-" + card.kind + (isPending ? " is-pending" : "") });
    if (!isPending) { li.dataset.card = card.id; li.id = "card-" + card.id; }
    li.appendChild(el("span", { class: "tag" }, t.kinds[card.kind] || card.kind));
    li.appendChild(el("p", { class: "wall-card-text" }, card.text));
    if (isPending) {
      li.appendChild(el("p", { class: "wall-card-dots" }, t.pending));
      return li;
    }
    // "Dots: 3", the label before the number: no plural form to choose in any language.
    var dots = el("p", { class: "wall-card-dots" }, t.dots + ": ");
    dots.appendChild(el("span", { class: "dot-count" }, String(card.dots)));
    var mine = myDots.cards[String(card.id)] || 0;
    if (role === "participant" && mine) {
      dots.appendChild(document.createTextNode(" (" + (t.yours ? t.yours + ": " : "") + mine + ")"));
    }
    li.appendChild(dots);
    if (card.contribution) {
      var made = el("p");
      made.appendChild(el("a", { href: card.contribution }, t.contribution));
      li.appendChild(made);
    }
    if (role === "participant" && open && state.wall.voting_open) {
      var actions = el("div", { class: "actions" });
      // The card's text in the button's name: "Add a dot" alone repeats on every card.
      var add = el("button", { type: "button", class: "small", "data-focus": "add-" + card.id,
        "aria-label": t.add_dot + ": " + card.text }, t.add_dot);
      add.disabled = myDots.used >= state.wall.dots_per_person;
      add.addEventListener("click", function () { dot(card.id, true); });
      actions.appendChild(add);
      if (mine) {
        var back = el("button", { type: "button", class: "small secondary", "data-focus": "remove-" + card.id,
          "aria-label": t.remove_dot + ": " + card.text }, t.remove_dot);
        back.addEventListener("click", function () { dot(card.id, false); });
        actions.appendChild(back);
      }
      li.appendChild(actions);
    }
    if (role === "projector" && open && card.hidden) {
      var restore = el("div", { class: "actions" });
      restore.appendChild(button(t.restore, "secondary", "restore-" + card.id, function () {
        control("restore", { card: card.id });
      }));
      li.appendChild(restore);
      return li;
    }
    if (role === "projector" && open) {
      li.setAttribute("draggable", "true");
      li.addEventListener("dragstart", function (event) {
        event.dataTransfer.setData("text/plain", String(card.id));
        event.dataTransfer.effectAllowed = "move";
      });
      var moveForm = el("form", { class: "inline-form wall-move" });
      var selectId = "move-" + card.id;
      moveForm.appendChild(el("label", { for: selectId, class: "visually-hidden" }, t.move_to));
      var select = el("select", { id: selectId, name: "column", "data-focus": selectId });
      state.columns.forEach(function (column) {
        var option = el("option", { value: column.id }, column.title);
        if (column.id === card.column) option.selected = true;
        select.appendChild(option);
      });
      if (card.column === null) select.appendChild(el("option", { value: "", selected: "selected" }, t.no_column));
      moveForm.appendChild(select);
      moveForm.appendChild(el("button", { type: "submit", class: "small secondary" }, t.move));
      moveForm.addEventListener("submit", function (event) {
        event.preventDefault();
        if (select.value) move(card.id, select.value);
      });
      li.appendChild(moveForm);
      var moderate = el("div", { class: "actions wall-moderate" });
      moderate.appendChild(button(t.hide, "secondary", "hide-" + card.id, function () {
        control("hide", { card: card.id });
      }));
      moderate.appendChild(button(t["delete"], "danger", "delete-" + card.id, function () {
        if (window.confirm(t.confirm_delete)) control("delete", { card: card.id });
      }));
      li.appendChild(moderate);
    }
    return li;
  }

  function renderParticipant() {
    var list = document.getElementById("wall-cards");
    list.replaceChildren();
    state.cards.forEach(function (card) { list.appendChild(cardItem(card, false)); });
    Object.keys(pending).forEach(function (id) {
      if (!state.cards.some(function (card) { return card.client_id === id; })) {
        list.appendChild(cardItem(pending[id], true));
      }
    });
    if (!list.children.length) list.appendChild(el("li", { class: "empty" }, t.no_cards));
    if (form) form.hidden = state.wall.status !== "open";
  }

  function columnTools(column, index) {
    var tools = el("div", { class: "actions wall-column-tools" });
    var left = button(t.move_left, "secondary", "left-" + column.id, function () {
      control("column_move", { column: column.id, step: -1 });
    });
    left.disabled = index === 0;
    left.setAttribute("aria-label", t.move_left + ": " + column.title);
    var right = button(t.move_right, "secondary", "right-" + column.id, function () {
      control("column_move", { column: column.id, step: 1 });
    });
    right.disabled = index === state.columns.length - 1;
    right.setAttribute("aria-label", t.move_right + ": " + column.title);
    var remove = button(t.delete_column, "danger", "column-delete-" + column.id, function () {
      if (window.confirm(t.confirm_column_delete)) control("column_delete", { column: column.id });
    });
    remove.setAttribute("aria-label", t.delete_column + ": " + column.title);
    tools.appendChild(left);
    tools.appendChild(right);
    tools.appendChild(remove);
    return tools;
  }

  function renderProjector() {
    var board = document.getElementById("wall-board");
    board.replaceChildren();
    var open = state.wall.status === "open";
    var columns = state.columns.slice();
    if (state.cards.some(function (card) { return card.column === null; })) {
      columns.push({ id: null, title: t.no_column });
    }
    columns.forEach(function (column, index) {
      var key = column.id === null ? "none" : column.id;
      var section = el("section", { class: "wall-column", "aria-labelledby": "column-" + key });
      section.dataset.column = key;
      section.appendChild(el("h2", { id: "column-" + key }, column.title));
      if (column.domain) section.appendChild(el("p", { class: "tag wall-column-domain" }, column.domain));
      if (open && column.id !== null) section.appendChild(columnTools(column, index));
      var list = el("ul", { class: "wall-card-list" });
      state.cards.forEach(function (card) {
        if (card.column === column.id) list.appendChild(cardItem(card, false));
      });
      section.appendChild(list);
      section.addEventListener("dragover", function (event) {
        event.preventDefault();
        section.classList.add("is-drop-target");
      });
      section.addEventListener("dragleave", function () { section.classList.remove("is-drop-target"); });
      section.addEventListener("drop", function (event) {
        event.preventDefault();
        section.classList.remove("is-drop-target");
        var cardId = event.dataTransfer.getData("text/plain");
        if (cardId && column.id !== null) move(cardId, column.id);
      });
      board.appendChild(section);
    });
    var hiddenBox = document.getElementById("wall-hidden");
    if (hiddenBox) {
      var hidden = state.hidden || [];
      hiddenBox.hidden = !hidden.length || !open;
      var hiddenList = hiddenBox.querySelector("ul");
      hiddenList.replaceChildren();
      hidden.forEach(function (card) {
        hiddenList.appendChild(cardItem(Object.assign({}, card, { hidden: true }), false));
      });
    }
  }

  function renderStatus() {
    var text = "";
    if (state.wall.status !== "open") text = t.closed;
    else if (state.wall.voting_open) {
      text = t.voting_open;
      if (role === "participant") {
        text += " " + t.dots_left + ": " + Math.max(state.wall.dots_per_person - myDots.used, 0) +
          " / " + state.wall.dots_per_person;
      }
    }
    if (votingEl.textContent !== text) votingEl.textContent = text;
  }

  function tick() {
    var ends = state.wall.timer_ends_at ? Date.parse(state.wall.timer_ends_at) : null;
    var text = "";
    if (ends && state.wall.status === "open") {
      var left = Math.max(0, Math.round((ends - (Date.now() + clockOffset)) / 1000));
      var seconds = String(left % 60).padStart(2, "0");
      text = left > 0 ? t.time_left + ": " + Math.floor(left / 60) + ":" + seconds : t.time_up;
    }
    if (timerEl.textContent !== text) timerEl.textContent = text;
  }

  function render() {
    var focused = document.activeElement && document.activeElement.dataset
      ? document.activeElement.dataset.focus : null;
    if (role === "projector") renderProjector(); else renderParticipant();
    renderStatus();
    tick();
    if (focused) {
      var again = root.querySelector('[data-focus="' + focused + '"]');
      if (again) again.focus();
    }
  }

  clockOffset = Date.parse(state.now) - Date.now();
  setStatus("connecting");
  render();
  setInterval(tick, 1000);
  connect();
})();
