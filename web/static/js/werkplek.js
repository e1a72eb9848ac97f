// Wegwijs consultant workspace: a live queue and the live chat of a claimed handover.
// Pushes come over Socket.IO; without a socket the page polls. Text is set with textContent only.
(function () {
  "use strict";
  const csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  const queue = document.getElementById("wachtrij");
  const log = document.getElementById("berichten");
  const composer = document.getElementById("invoer");
  const status = document.getElementById("status");
  const searchForm = document.getElementById("kaart-zoeken");
  const results = document.getElementById("kaart-resultaten");
  const T = (document.getElementById("werkplek-teksten") || { dataset: {} }).dataset;  // in the UI language
  const LABELS = { inwoner: T.inwoner || "Inwoner", bot: "Wegwijs", medewerker: T.medewerker || "Medewerker",
                   systeem: T.melding || "Melding" };
  let lastId = log ? Number(log.dataset.laatste || 0) : 0;
  const shown = new Set();
  let socket = null;

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  // Spoed: the queue shows a red alert (server-rendered); a new spoed handover also beeps, unless muted.
  const soundButton = document.getElementById("geluid");
  const MUTE_KEY = "wegwijs-spoed-stil";
  const alerted = new Set();
  let audio = null;

  function muted() { return localStorage.getItem(MUTE_KEY) === "1"; }

  function showSoundSetting() {
    if (!soundButton) return;
    soundButton.setAttribute("aria-pressed", muted() ? "false" : "true");
    soundButton.textContent = muted() ? soundButton.dataset.uit : soundButton.dataset.aan;
  }

  function beep() {
    if (muted()) return;
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      [0, 0.35].forEach(function (offset) {
        const tone = audio.createOscillator();
        const gain = audio.createGain();
        tone.frequency.value = 880;
        gain.gain.value = 0.15;
        tone.connect(gain).connect(audio.destination);
        tone.start(audio.currentTime + offset);
        tone.stop(audio.currentTime + offset + 0.2);
      });
    } catch (error) { /* no sound possible here: the visual alert stays */ }
  }

  function checkAlert() {
    const alarm = queue && queue.querySelector(".alarm[data-spoed]");
    const ids = alarm ? alarm.dataset.spoed.split(" ").filter(Boolean) : [];
    const fresh = ids.filter(function (id) { return !alerted.has(id); });
    ids.forEach(function (id) { alerted.add(id); });
    document.title = (ids.length ? "(" + ids.length + ") " : "") + document.title.replace(/^\(\d+\) /, "");
    if (fresh.length) { document.body.dataset.spoedAlarm = String(Number(document.body.dataset.spoedAlarm || 0) + 1); beep(); }
  }

  if (soundButton) {
    showSoundSetting();
    soundButton.addEventListener("click", function () {
      localStorage.setItem(MUTE_KEY, muted() ? "0" : "1");
      showSoundSetting();
    });
  }

  async function refreshQueue() {
    if (!queue) return;
    try {
      const response = await fetch(queue.dataset.bron, { headers: { Accept: "text/html" } });
      if (!response.ok || response.redirected) { location.reload(); return; }  // signed out: show the login
      const html = await response.text();
      // Our own server-rendered, escaped fragment (same origin); parsed, then swapped in.
      const fragment = new DOMParser().parseFromString(html, "text/html");
      queue.replaceChildren(...fragment.body.childNodes);
      checkAlert();
    } catch (error) { /* next push or poll tries again */ }
  }

  function addMessage(m) {
    if (!log || shown.has(m.id)) return;
    shown.add(m.id);
    lastId = Math.max(lastId, m.id || 0);
    const item = el("li", m.role);
    item.appendChild(el("span", "who", m.role === "medewerker" && m.author ? m.author : LABELS[m.role] || m.role));
    if (m.text) item.appendChild(el("span", "text", m.text));
    (m.cards || []).forEach(function (c) { item.appendChild(el("span", "text", (m.role === "bot" ? T.getoond || "Dienst getoond" : T.gestuurd || "Dienst gestuurd") + ": " + c.name)); });
    log.appendChild(item);
    item.scrollIntoView({ block: "nearest" });
  }

  async function pollMessages() {
    if (!log) return;
    try {
      const response = await fetch(log.dataset.api + "?na=" + lastId);
      const body = await response.json();
      body.messages.forEach(addMessage);
    } catch (error) { /* try again */ }
  }

  async function post(body) {
    status.textContent = "";
    const response = await fetch(log.dataset.api, {
      method: "POST", headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(body)
    });
    const answer = await response.json();
    if (!response.ok) { status.textContent = answer.error; return false; }
    addMessage(answer);
    return true;
  }

  if (log) {
    log.querySelectorAll("li[data-id]").forEach(function (item) { shown.add(Number(item.dataset.id)); });
    composer.addEventListener("submit", async function (event) {
      event.preventDefault();
      const input = composer.querySelector("input");
      const text = input.value.trim();
      if (!text) return;
      if (await post({ text: text })) input.value = "";
    });
  }

  if (searchForm) {
    searchForm.addEventListener("submit", async function (event) {
      event.preventDefault();
      const params = new URLSearchParams(new FormData(searchForm));
      params.set("limit", "8");
      results.replaceChildren(el("li", "", T.zoeken || "Zoeken…"));
      try {
        const response = await fetch("/api/v1/search?" + params.toString());
        const body = await response.json();
        if (!response.ok) { results.replaceChildren(el("li", "fout", body.error)); return; }
        results.replaceChildren();
        if (!body.items.length) results.appendChild(el("li", "", T.niets || "Niets gevonden. Probeer andere woorden."));
        body.items.forEach(function (hit) {
          const item = el("li", "resultaat");
          const info = el("div", "info");
          info.appendChild(el("strong", "", hit.name));
          info.appendChild(el("span", "", [hit.organization, (hit.municipalities || []).join(", "), hit.cost]
            .filter(Boolean).join(" · ")));
          item.appendChild(info);
          const send = el("button", "secondary", T.stuur || "Stuur naar inwoner");
          send.type = "button";
          send.setAttribute("aria-label", (T.stuurNaam || "Stuur %(name)s naar de inwoner").replace("%(name)s", hit.name));
          send.addEventListener("click", async function () {
            if (await post({ service_id: hit.id })) { send.disabled = true; send.textContent = T.gestuurdKort || "Gestuurd"; }
          });
          item.appendChild(send);
          results.appendChild(item);
        });
      } catch (error) {
        results.replaceChildren(el("li", "fout", T.zoekFout || "Zoeken lukt nu niet."));
      }
    });
  }

  // On a handover page there is no queue to show the alert in: say it at the top of the page.
  function warnElsewhere() {
    let box = document.getElementById("spoed-elders");
    if (!box) {
      box = el("div", "alarm");
      box.id = "spoed-elders";
      box.setAttribute("role", "alert");
      box.appendChild(el("strong", "", T.spoedElders || "Er wacht een spoedgesprek."));
      box.appendChild(document.createTextNode(" "));
      const link = el("a", "", T.naarWachtrij || "Naar de wachtrij");
      link.href = "/werkplek/";
      box.appendChild(link);
      const main = document.getElementById("inhoud");
      main.insertBefore(box, main.firstChild);
    }
    document.body.dataset.spoedAlarm = String(Number(document.body.dataset.spoedAlarm || 0) + 1);
    beep();
  }

  checkAlert();
  setInterval(refreshQueue, 60000);  // the waiting times move on
  setInterval(function () {
    if (socket && socket.connected) return;
    refreshQueue();
    pollMessages();
  }, 5000);

  if (typeof io === "function") {
    socket = io({ transports: ["websocket", "polling"] });
    socket.on("connect", function () {
      socket.emit("volg_werkplek", { overdracht: log ? log.dataset.overdracht : null });
      pollMessages();
    });
    socket.on("wachtrij", function (event) {
      if (queue) { refreshQueue(); return; }
      if (event && event.spoed) warnElsewhere();  // busy with one conversation: a crisis still reaches you
    });
    socket.on("bericht", addMessage);
    // Presence: tell the hub every minute that this workspace is open.
    setInterval(function () { if (socket.connected) socket.emit("volg_werkplek", {}); }, 60000);
  }
})();
