// Live preview of the opening hours on the editors' form: the server formats them exactly as
// /kaart does (web/opening_hours.py), so the preview cannot disagree with what residents see.
(function () {
  var box = document.getElementById("voorbeeld");
  var fieldset = document.getElementById("openingstijden");
  if (!box || !fieldset || !window.fetch) return;
  document.querySelectorAll(".no-js-only").forEach(function (el) { el.hidden = true; });
  var form = fieldset.closest("form");
  var timer = null;
  function refresh() {
    var body = new FormData();
    fieldset.querySelectorAll("input[type=time]").forEach(function (input) { body.append(input.name, input.value); });
    var token = form.querySelector("input[name=csrf_token]");
    if (token) body.append("csrf_token", token.value);
    fetch(box.dataset.url, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) { if (html !== null) box.innerHTML = html; });
  }
  fieldset.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(refresh, 250); });
  fieldset.addEventListener("change", refresh);
})();
