// Wegwijs resident chat. Bot and consultant text is rendered with textContent, never as HTML.
(function () {
  "use strict";
  const main = document.querySelector("main.chat");
  const list = document.getElementById("berichten");
  const form = document.getElementById("invoer");
  const input = document.getElementById("bericht");
  const status = document.getElementById("status");
  const crisis = document.getElementById("crisis");
  const KEY = "wegwijs-gesprek";

  function conversationId() {
    let id = localStorage.getItem(KEY);
    if (!id) {
      id = (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(16).slice(2)).replace(/[^A-Za-z0-9_-]/g, "");
      localStorage.setItem(KEY, id);
    }
    return id;
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  const WHO = { bot: "Wegwijs", inwoner: "U", medewerker: "Medewerker" };

  function addMessage(role, text, buttons) {
    const item = el("li", role);
    item.appendChild(el("span", "who", WHO[role] || role));
    item.appendChild(el("span", "text", text));
    if (buttons && buttons.length) {
      const quick = el("div", "quick");
      buttons.forEach(function (b) {
        const button = el("button", "", b.title);
        button.type = "button";
        button.addEventListener("click", function () { send(b.payload, b.title); });
        quick.appendChild(button);
      });
      item.appendChild(quick);
    }
    list.appendChild(item);
    item.scrollIntoView({ block: "end" });
  }

  function addCard(card) {
    const item = el("li", "card");
    item.appendChild(el("h3", "", card.name));
    if (card.description) item.appendChild(el("p", "", card.description));
    const facts = el("dl");
    [["Voor wie", card.for_whom], ["Kosten", card.cost], ["Telefoon", (card.phones || []).join(", ")],
     ["Open", (card.hours || []).join("; ")], ["Nu open", card.open_now === null ? null : (card.open_now ? "ja" : "nee")]]
      .forEach(function (pair) {
        if (!pair[1]) return;
        facts.appendChild(el("dt", "", pair[0]));
        facts.appendChild(el("dd", "", pair[1]));
      });
    item.appendChild(facts);
    if (card.url) {
      const link = el("a", "", "Website van " + card.name);
      link.href = card.url;
      link.rel = "noopener";
      item.appendChild(link);
    }
    list.appendChild(item);
  }

  async function send(text, shown) {
    status.textContent = "";
    if (!text.startsWith("/") || shown) addMessage("inwoner", shown || text);
    try {
      const response = await fetch("/api/v1/chat/" + conversationId() + "/berichten", {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ text: text })
      });
      const body = await response.json();
      if (!response.ok) { status.textContent = body.error; return; }
      // Service cards go before the turn's closing question ("Helpt dit u verder?").
      const last = body.cards.length ? body.messages.length - 1 : body.messages.length;
      body.messages.slice(0, last).forEach(function (m) { addMessage("bot", m.text, m.buttons); });
      body.cards.forEach(addCard);
      body.messages.slice(last).forEach(function (m) { addMessage("bot", m.text, m.buttons); });
      crisis.hidden = !(body.state && body.state.crisis) && crisis.hidden;
      if (body.state && body.state.mode === "anoniem") sessionStorage.setItem(KEY + "-anoniem", "1");
    } catch (error) {
      status.textContent = "De chat werkt nu even niet. Bel de gemeente op " + main.dataset.phone +
        " (" + main.dataset.hours + "). Dag en nacht: De Luisterlijn 0800-0767.";
    }
  }

  async function restore() {
    try {
      const response = await fetch("/api/v1/chat/" + conversationId() + "/berichten");
      const body = await response.json();
      body.messages.forEach(function (m) { addMessage(m.role, m.text); });
      if (!body.messages.length) addMessage("bot", "Welkom bij Wegwijs. Waar zoekt u hulp bij? Vertel het in uw eigen woorden.");
    } catch (error) {
      addMessage("bot", "Welkom bij Wegwijs. Waar zoekt u hulp bij?");
    }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    send(text);
  });
  document.querySelectorAll("[data-command]").forEach(function (button) {
    button.addEventListener("click", function () { send(button.dataset.command, button.textContent); });
  });
  restore();
})();
