// Wegwijs resident chat (full page and embedded widget).
// Sends over HTTP, hears the hub's pushes over Socket.IO and polls when no socket is there.
// Bot and staff text is rendered with textContent, never as HTML.
(function () {
  "use strict";
  const app = document.querySelector(".chat-app");
  const T = document.getElementById("teksten").dataset;
  const list = document.getElementById("berichten");
  const form = document.getElementById("invoer");
  const input = document.getElementById("bericht");
  const status = document.getElementById("status");
  const crisis = document.getElementById("crisis");
  const nobody = document.getElementById("niemand");
  const callbackForm = document.getElementById("terugbellen");
  const endForm = document.getElementById("eindvragen");
  const overviewLink = document.getElementById("overzicht-link");
  const KEY = "wegwijs-gesprek";
  const OUTAGE = T.storing;  // "bel uw eigen gemeente", until the municipality is known
  const shown = new Set();
  let lastId = 0;
  let mode = "bot";
  let anonymous = false;
  let socket = null;
  let pollTimer = null;

  function say(text, isError) {
    status.textContent = text;
    status.classList.toggle("fout", Boolean(isError));
  }

  // The server issues the conversation id and a secret that proves this tab owns it. Both live in
  // sessionStorage (gone when the tab closes, and at once with "Snel weg"), never in a URL.
  try { localStorage.removeItem(KEY); } catch (e) { /* older versions kept the id here */ }
  let conversation = null;
  let starting = null;
  function stored() {
    try { return JSON.parse(sessionStorage.getItem(KEY) || "null"); } catch (e) { return null; }
  }
  function forget() {
    conversation = null;
    try { sessionStorage.removeItem(KEY); localStorage.removeItem(KEY); } catch (e) { /* private mode */ }
  }
  function ensureConversation() {  // one conversation per tab, even when two sends race
    if (conversation) return Promise.resolve(conversation);
    if (!starting) {
      starting = fetch("/api/v1/chat/gesprekken", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" })
        .then(function (response) { if (!response.ok) throw new Error("start"); return response.json(); })
        .then(function (body) {
          conversation = { id: body.id, secret: body.secret };
          try { sessionStorage.setItem(KEY, JSON.stringify(conversation)); } catch (e) { /* private mode */ }
          follow();
          return conversation;
        })
        .finally(function () { starting = null; });
    }
    return starting;
  }
  function api(path) { return "/api/v1/chat/" + encodeURIComponent(conversation.id) + path; }
  function call(path, method, body) {  // every call proves ownership with the secret header
    const headers = { "X-Wegwijs-Sleutel": conversation.secret };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    return fetch(api(path), { method: method || "GET", headers: headers,
                              body: body === undefined ? undefined : JSON.stringify(body) });
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function who(message) {
    if (message.role === "bot") return "Wegwijs";
    if (message.role === "inwoner") return T.u;
    if (message.role === "medewerker") return message.author ? message.author + " (" + T.medewerker.toLowerCase() + ")" : T.medewerker;
    return T.melding;
  }

  function seen(id) {
    if (id === undefined || id === null) return false;
    if (shown.has(id)) return true;
    shown.add(id);
    lastId = Math.max(lastId, id);
    return false;
  }

  // In the English UI the bot's answers and the services are still Dutch: say so for screen readers.
  const DUTCH_CONTENT = document.documentElement.lang !== "nl" ? "nl" : "";

  // The resident's own words show at once; when the hub later reports them with an id (a push, a
  // poll or a restore racing the POST), that id is matched to the echo instead of showing them twice.
  const echoes = [];

  // Only the latest bot turn's buttons can be pressed: an older "Ja, geef het door" or "Voor mijzelf"
  // higher up would send an answer to a question that is no longer asked. A resident message ends a
  // turn; the next message from the other side retires every button shown before it.
  let turnEnded = false;
  function retireButtons() {
    list.querySelectorAll(".quick:not(.oud)").forEach(function (quick) {
      quick.classList.add("oud");
      quick.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
      const note = el("span", "visually-hidden", T.oudeKnoppen);
      note.lang = document.documentElement.lang;  // UI text, also inside Dutch bot content
      quick.appendChild(note);
    });
  }

  function addMessage(message, buttons) {
    if (message.role === "inwoner") turnEnded = true;
    else if (message.text && turnEnded && !(message.id !== undefined && shown.has(message.id))) {
      turnEnded = false;
      retireButtons();
    }
    if (message.role === "inwoner" && message.id !== undefined && !shown.has(message.id)) {
      const echo = echoes.findIndex(function (e) { return e.text === message.text; });
      if (echo >= 0) { echoes.splice(echo, 1); seen(message.id); return null; }
    }
    if (seen(message.id)) return null;
    buttons = buttons || message.buttons;
    (message.cards || []).forEach(addCard);
    if (!message.text) return null;
    const item = el("li", message.role);
    item.appendChild(el("span", "who", who(message)));
    item.appendChild(el("span", "text", message.text));
    if (DUTCH_CONTENT && message.role === "bot" && message.id) item.lastChild.lang = DUTCH_CONTENT;  // not the local welcome
    if (buttons && buttons.length) {
      const quick = el("div", "quick");
      if (DUTCH_CONTENT) quick.lang = DUTCH_CONTENT;
      buttons.forEach(function (b) {
        const button = el("button", "", b.title);
        button.type = "button";
        button.addEventListener("click", function () {
          if (button.disabled || quick.classList.contains("oud")) return;  // an earlier turn's button
          send(b.payload, b.title, true, quick);
        });
        quick.appendChild(button);
      });
      item.appendChild(quick);
    }
    list.appendChild(item);
    item.scrollIntoView({ block: "nearest" });
    return item;
  }

  function addCard(card) {
    const item = el("li", "card");
    item.appendChild(el("h3", "", card.name));
    if (card.description) item.appendChild(el("p", "", card.description));
    if (DUTCH_CONTENT) item.querySelectorAll("h3, p").forEach(function (node) { node.lang = DUTCH_CONTENT; });
    const facts = el("dl");
    [[T.voorWie, card.for_whom], [T.kosten, card.cost], [T.telefoon, (card.phones || []).join(", ")],
     [T.open, (card.hours || []).join("; ")],
     [T.waar, card.where ? card.where + (card.distance_km !== null && card.distance_km !== undefined
       ? " (" + T.afstand.replace("%(km)s", String(card.distance_km).replace(".", ",")) + ")" : "") : null],
     [T.nuOpen, card.open_now === null || card.open_now === undefined ? null : (card.open_now ? T.ja : T.nee)]]
      .forEach(function (pair) {
        if (!pair[1]) return;
        facts.appendChild(el("dt", "", pair[0]));
        facts.appendChild(el("dd", "", pair[1]));
      });
    item.appendChild(facts);
    const links = el("p", "links");
    if (card.detail_url) {
      const more = el("a", "", T.meer.replace("%(name)s", card.name));
      more.href = card.detail_url;
      more.target = "_blank";
      links.appendChild(more);
    }
    if (card.url) {
      const site = el("a", "", T.website);
      site.href = card.url;
      site.rel = "noopener";
      site.target = "_blank";
      links.appendChild(site);
    }
    item.appendChild(links);
    list.appendChild(item);
  }

  function addFeedback(item, messageId) {
    if (!item) return;
    const box = el("div", "feedback");
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", T.nuttig);
    box.appendChild(el("span", "vraag", T.nuttig));
    [[true, T.ja, T.duimOp], [false, T.nee, T.duimNeer]].forEach(function (option) {
      const button = el("button", "duim", option[1].charAt(0).toUpperCase() + option[1].slice(1));
      button.type = "button";
      button.setAttribute("aria-label", option[2]);
      button.addEventListener("click", function () {
        box.querySelectorAll("button.duim").forEach(function (b) { b.disabled = true; });
        button.setAttribute("aria-pressed", "true");
        if (option[0]) { postFeedback({ kind: "antwoord", useful: true, message_id: messageId }, box); return; }
        const label = el("label", "", T.waarom);
        const comment = el("input");
        comment.maxLength = 500;
        const id = "waarom-" + Math.random().toString(16).slice(2);
        comment.id = id;
        label.htmlFor = id;
        const submit = el("button", "secondary", T.stuur);
        submit.type = "button";
        submit.addEventListener("click", function () {
          postFeedback({ kind: "antwoord", useful: false, message_id: messageId, comment: comment.value }, box);
        });
        box.append(label, comment, submit);
        comment.focus();
      });
      box.appendChild(button);
    });
    item.appendChild(box);
  }

  async function postFeedback(body, box) {
    try {
      await ensureConversation();
      const response = await call("/feedback", "POST", body);
      const answer = await response.json();
      if (box) { box.replaceChildren(el("span", "dank", response.ok ? T.dank : answer.error)); }
      return response.ok;
    } catch (error) {
      say(T.storing, true);
      return false;
    }
  }

  // "Nobody available" / crisis: the resident's own municipality, when it opens, when we call back;
  // in a crisis the helplines first and never a call-back form.
  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (all, key) { return values[key] !== undefined && values[key] !== null ? values[key] : all; });
  }

  function showCrisis(help) {
    const wasHidden = crisis.hidden;
    crisis.hidden = false;
    const line = document.getElementById("crisis-chat");
    if (help && typeof help.available === "boolean") {
      line.textContent = help.available ? T.crisisWel : T.crisisNiet;
      line.hidden = false;
    }
    if (wasHidden) crisis.scrollIntoView({ block: "start" });
  }

  // Until the bot knows the resident's municipality the page lists every municipality's number;
  // once its state names one (a place, a postcode), the footer, the outage text and the panel show
  // that municipality's own number and hours.
  function setContact(contact) {
    if (!contact || !contact.known) return;
    document.getElementById("bellen-naam").textContent = fill(T.lieverBellen, contact);
    const phone = document.getElementById("bellen-telefoon");
    phone.textContent = contact.phone;
    phone.href = contact.phone_link;
    document.getElementById("bellen-uren").textContent = contact.hours;
    document.getElementById("bellen-gemeente").hidden = false;
    document.getElementById("bellen-eigen").hidden = true;
    T.storing = fill(T.storingGemeente, contact);
  }

  function showAvailability(availability) {
    if (!availability) { nobody.hidden = true; return; }
    setContact(availability);
    if (availability.crisis) showCrisis(availability);
    if (availability.available) {
      nobody.hidden = true;
      say(T.wel);
      return;
    }
    document.getElementById("niemand-reden").textContent = availability.crisis ? T.crisisBezet
      : (availability.reason === "buiten-kantoortijd" ? fill(T.buiten, availability) : T.bezet);
    document.getElementById("niemand-naam").textContent = fill(T.bellen, availability);
    const phone = document.getElementById("niemand-telefoon");
    phone.textContent = availability.phone;
    phone.href = availability.phone_link;
    document.getElementById("niemand-uren").textContent = availability.opens ? "" : " (" + availability.hours + ")";
    document.getElementById("niemand-open").textContent = availability.opens ? fill(T.weerOpen, { when: availability.opens }) : "";
    // A closed office is no help in a crisis: then only the numbers that answer now.
    const officeHelps = !(availability.crisis && !availability.office_open);
    document.getElementById("niemand-gemeente").hidden = !(officeHelps && availability.known);
    document.getElementById("niemand-gemeenten").hidden = !(officeHelps && !availability.known);
    const planned = document.getElementById("niemand-gepland");
    planned.hidden = !(availability.phone_known && availability.callback_when);
    if (!planned.hidden) planned.textContent = fill(T.nummerBekend, { when: availability.callback_when });
    if (availability.callback_when) document.getElementById("terugbellen-wanneer").textContent = fill(T.terugbellenWanneer, { when: availability.callback_when });
    callbackForm.hidden = !availability.callback;
    const wasHidden = nobody.hidden;
    nobody.hidden = false;
    if (wasHidden && !availability.crisis) nobody.querySelector("h2").focus();
  }

  function setMode(newMode) {
    mode = newMode;
    if (mode === "mens") nobody.hidden = true;
    if (mode === "afgerond") { showEndCheck(); document.getElementById("crisis-chat").hidden = true; }
    const human = mode === "wacht-op-mens" || mode === "mens";
    if (human && !(socket && socket.connected)) startPolling(); else stopPolling();
  }

  function startPolling() {
    if (pollTimer) return;
    pollTimer = setInterval(refresh, 4000);
  }
  function stopPolling() { if (pollTimer) { clearInterval(pollTimer); pollTimer = null; } }

  async function refresh() {
    try {
      if (!conversation) return;
      const response = await call("/berichten?na=" + lastId);
      const body = await response.json();
      body.messages.forEach(function (m) { addMessage(m); });
      if (body.mode !== mode) setMode(body.mode);
    } catch (error) { /* the next poll tries again */ }
  }

  function showEndCheck() {
    endForm.hidden = false;
    endForm.querySelector("h2").focus();
  }

  function updateOverview(url) {
    if (url && !anonymous) { overviewLink.href = url; overviewLink.hidden = false; } else { overviewLink.hidden = true; }
  }

  // A button press sends its payload in "button" (the server checks the bot offered it); what the
  // resident types goes as "text", also when it starts with "/".
  async function send(text, shownText, isButton, quick) {
    say("");
    // One press per turn: the group waits while its answer travels (a second press would be a 429).
    const pressed = quick ? Array.from(quick.querySelectorAll("button")) : [];
    pressed.forEach(function (b) { b.disabled = true; });
    const echo = addMessage({ role: "inwoner", text: shownText || text });
    echoes.push({ text: shownText || text });  // a button press is stored as its title
    function failed(message) {  // not sent: take the words back off the screen, keep them in the box
      if (echo) echo.remove();
      if (quick && !quick.classList.contains("oud")) pressed.forEach(function (b) { b.disabled = false; });
      const index = echoes.findIndex(function (e) { return e.text === (shownText || text); });
      if (index >= 0) echoes.splice(index, 1);
      if (!isButton && !input.value) input.value = text;
      say(message || T.nietVerstuurd, true);
      if (!isButton) input.focus();
    }
    let body;
    try {
      await ensureConversation();
      const response = await call("/berichten", "POST", isButton ? { button: text } : { text: text });
      body = await response.json();
      if (!response.ok) { failed(body.error ? body.error + " " + T.nietVerstuurd : T.nietVerstuurd); return; }
    } catch (error) {
      failed(T.nietVerstuurd + " " + T.storing);
      return;
    }
    if (body.stored_id) addMessage({ id: body.stored_id, role: "inwoner", text: shownText || text });  // settles the echo
    // Service cards go before the turn's closing question ("Helpt dit u verder?").
    const last = body.cards.length ? body.messages.length - 1 : body.messages.length;
    let item = null;
    body.messages.slice(0, last).forEach(function (m) { item = addMessage({ id: m.id, role: "bot", text: m.text }, m.buttons) || item; });
    body.cards.forEach(addCard);
    body.messages.slice(last).forEach(function (m) { item = addMessage({ id: m.id, role: "bot", text: m.text }, m.buttons) || item; });
    const lastMessage = body.messages[body.messages.length - 1];
    // "Had u iets aan dit antwoord?" only under an answer that offered something, never under a
    // question or a crisis turn.
    if (item && body.cards.length && !body.state.crisis) addFeedback(item, lastMessage && lastMessage.id);
    if (body.contact) setContact(body.contact);
    if (body.state.crisis) showCrisis(body.crisis_help);
    anonymous = anonymous || body.state.mode === "anoniem";
    if (anonymous) updateOverview(null);
    else if (body.cards.length) updateOverview(body.overview_url);
    setMode(body.state.mode || "bot");
    if (body.availability) showAvailability(body.availability);
  }

  async function restore() {
    conversation = stored();
    if (!conversation) { addMessage({ role: "bot", text: T.welkom }); return; }
    try {
      const response = await call("/berichten");
      if (response.status === 404) { forget(); addMessage({ role: "bot", text: T.welkom }); return; }
      const body = await response.json();
      anonymous = body.anonymous;
      body.messages.forEach(function (m) { addMessage(m); });
      if (!body.messages.length) addMessage({ role: "bot", text: T.welkom });
      if (body.messages.some(function (m) { return m.cards && m.cards.length; })) updateOverview(body.overview_url);
      setMode(body.mode);
      if (body.contact) setContact(body.contact);
      if (body.availability) showAvailability(body.availability);
    } catch (error) {
      addMessage({ role: "bot", text: T.welkom });
    }
  }

  function follow() {  // hear this conversation's pushes; the secret proves it is ours
    if (socket && socket.connected && conversation) {
      socket.emit("volg_gesprek", { gesprek: conversation.id, sleutel: conversation.secret });
    }
  }

  function connect() {
    if (typeof io !== "function") return;  // no Socket.IO: polling does the work
    socket = io({ transports: ["websocket", "polling"], reconnectionDelayMax: 10000 });
    socket.on("connect", function () {
      follow();
      stopPolling();
      if (mode === "wacht-op-mens" || mode === "mens") refresh();  // catch up on what came while away
    });
    socket.on("disconnect", function () { setMode(mode); });
    socket.on("bericht", function (message) { addMessage(message); });
    socket.on("modus", function (event) {
      if (event.message) addMessage(event.message);
      (event.messages || []).forEach(function (m) { addMessage({ id: m.id, role: "bot", text: m.text }, m.buttons); });
      setMode(event.mode);
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    send(text, null, false);
  });
  document.querySelectorAll("[data-command]").forEach(function (button) {
    button.addEventListener("click", function () { send(button.dataset.command, button.textContent, true); });
  });
  document.getElementById("afronden").addEventListener("click", showEndCheck);
  // Mijn overzicht is posted with the id and secret in the form body, so no URL carries them.
  overviewLink.addEventListener("click", function (event) {
    event.preventDefault();
    if (!conversation) return;
    const overviewForm = document.getElementById("overzicht-form");
    overviewForm.gesprek.value = conversation.id;
    overviewForm.sleutel.value = conversation.secret;
    overviewForm.submit();
    overviewForm.sleutel.value = "";
  });
  callbackForm.addEventListener("submit", async function (event) {
    event.preventDefault();
    await ensureConversation();
    const response = await call("/terugbellen", "POST",
                                { telefoon: callbackForm.telefoon.value, moment: callbackForm.moment.value });
    const body = await response.json();
    if (!response.ok) { say(body.error, true); callbackForm.telefoon.focus(); return; }
    callbackForm.replaceChildren(el("p", "dank", T.teruggebeld));
    say(T.teruggebeld);
  });
  endForm.addEventListener("submit", async function (event) {
    event.preventDefault();
    const data = new FormData(endForm);
    const ok = await postFeedback({ kind: "eindvraag", knows_where: data.get("knows_where"),
                                    felt_helped: data.get("felt_helped"), comment: data.get("comment") });
    if (ok) { endForm.replaceChildren(el("p", "dank", T.dank)); say(T.dank); }
  });
  // "Download dit gesprek": the file comes from the server (the secret goes in a header, not a link).
  document.getElementById("download").addEventListener("click", async function () {
    if (!conversation) { say(T.niets); return; }
    try {
      const response = await call("/download");
      if (!response.ok) throw new Error("download");
      const link = el("a");
      link.href = URL.createObjectURL(await response.blob());
      link.download = "wegwijs-gesprek.txt";
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
    } catch (error) { say(T.storing, true); }
  });

  // "Wis dit gesprek", after a confirmation: the server erases everything, then the page starts afresh.
  const wipe = document.getElementById("wissen");
  const confirmWipe = document.getElementById("wis-bevestiging");
  function clearScreen() {
    list.replaceChildren();
    shown.clear();
    echoes.length = 0;
    lastId = 0;
    anonymous = false;
    [crisis, nobody, endForm, confirmWipe].forEach(function (node) { node.hidden = true; });
    document.getElementById("bellen-gemeente").hidden = true;  // a new conversation: not known yet
    document.getElementById("bellen-eigen").hidden = false;
    T.storing = OUTAGE;
    updateOverview(null);
  }
  wipe.addEventListener("click", function () {
    confirmWipe.hidden = false;
    confirmWipe.querySelector("h2").focus();
  });
  document.getElementById("wis-nee").addEventListener("click", function () { confirmWipe.hidden = true; wipe.focus(); });
  document.getElementById("wis-ja").addEventListener("click", async function () {
    try {
      if (conversation) {
        const response = await call("", "DELETE");
        if (!response.ok && response.status !== 404) throw new Error("erase");
      }
    } catch (error) { say(T.storing, true); return; }
    forget();
    clearScreen();
    setMode("bot");
    addMessage({ role: "bot", text: T.welkom });
    say(T.gewist);
    input.focus();
  });

  // "Snel weg": clear the conversation from this browser and replace the page with a neutral site, so
  // the back button does not bring the chat back. Escape twice within a second does the same.
  const exitButton = document.getElementById("snel-weg");
  const exitUrl = exitButton.dataset.naar;
  const embedded = window.parent !== window && document.body.classList.contains("ingebed");
  function quickExit() {
    forget();
    try { sessionStorage.clear(); } catch (e) { /* private mode */ }
    list.replaceChildren();
    input.value = "";
    if (embedded) window.parent.postMessage("wegwijs:snel-weg", "*");  // the widget leaves the whole page
    location.replace(exitUrl);
  }
  exitButton.addEventListener("click", quickExit);
  let lastEscape = 0;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    const now = Date.now();
    if (now - lastEscape < 1000) { quickExit(); return; }
    lastEscape = now;
    // In the widget: one Escape closes the chat window on the municipality's page.
    if (embedded) window.parent.postMessage("wegwijs:sluiten", "*");
  });
  restore().then(connect);
})();
