// Wegwijs chat widget: one script tag on any page of the municipality's website.
// It adds a button; the chat itself runs in an iframe from the Wegwijs server, so the
// conversation survives reloads and moving to another page, and the page's own CSS cannot break it.
(function () {
  "use strict";
  if (window.__wegwijsWidget) return;
  window.__wegwijsWidget = true;
  // The municipality's page decides the language: an English page gets the English chat.
  var ENGLISH = (document.documentElement.lang || "").toLowerCase().slice(0, 2) === "en";
  var TEXT = ENGLISH ? { open: "Chat with Wegwijs", close: "Close chat" } : { open: "Chat met Wegwijs", close: "Chat sluiten" };
  var CHAT_URL = {{ chat_url|tojson }} + (ENGLISH ? "&lang=en" : "");
  var OPEN_KEY = "wegwijs-widget-open";
  var EXIT_URL = {{ exit_url|tojson }};
  var lastEscape = 0;
  // "Snel weg": leave this page for a neutral site, without the chat in the history.
  function quickExit() {
    try { sessionStorage.removeItem(OPEN_KEY); } catch (e) { /* private mode */ }
    if (frame.parentNode) frame.parentNode.removeChild(frame);
    window.location.replace(EXIT_URL);
  }
  var style = document.createElement("link");  // a file, not inline CSS: strict CSPs allow it
  style.rel = "stylesheet";
  style.href = {{ css_url|tojson }};
  document.head.appendChild(style);

  var button = document.createElement("button");
  button.type = "button";
  button.className = "wegwijs-knop";
  button.textContent = TEXT.open;
  button.setAttribute("aria-expanded", "false");
  button.setAttribute("aria-controls", "wegwijs-venster");

  var frame = document.createElement("iframe");
  frame.id = "wegwijs-venster";
  frame.className = "wegwijs-venster";
  frame.title = TEXT.open;
  frame.hidden = true;

  function setOpen(open) {
    if (open && !frame.src) frame.src = CHAT_URL;
    frame.hidden = !open;
    button.setAttribute("aria-expanded", String(open));
    button.textContent = open ? TEXT.close : TEXT.open;
    try { sessionStorage.setItem(OPEN_KEY, open ? "1" : ""); } catch (e) { /* private mode */ }
    if (open) frame.focus();
  }
  button.addEventListener("click", function () { setOpen(frame.hidden); });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var now = Date.now();
    if (now - lastEscape < 1000) { quickExit(); return; }  // Escape twice: snel weg
    lastEscape = now;
    if (!frame.hidden) { setOpen(false); button.focus(); }
  });
  // Escape inside the chat (focus is in the iframe) arrives as a message from the chat's origin.
  window.addEventListener("message", function (event) {
    if (event.origin !== new URL(CHAT_URL).origin) return;
    if (event.data === "wegwijs:snel-weg") { quickExit(); return; }
    if (event.data === "wegwijs:sluiten" && !frame.hidden) {
      lastEscape = Date.now();  // a second Escape on this page is the "twice"
      setOpen(false);
      button.focus();
    }
  });
  function mount() {
    document.body.appendChild(frame);
    document.body.appendChild(button);
    var wasOpen = false;
    try { wasOpen = sessionStorage.getItem(OPEN_KEY) === "1"; } catch (e) { /* private mode */ }
    if (wasOpen) setOpen(true);
  }
  if (document.body) mount(); else document.addEventListener("DOMContentLoaded", mount);
})();
