"""WCAG 2.1 AA check of every page a resident, consultant or editor sees: axe-core (from npm,
`npm ci` in scripts/setup_test_tools.sh) injected into headless Chromium, plus reflow at a
360 px wide phone and at 200% zoom (a 1280 px window at zoom 200% lays out 640 CSS px; emulated
with a 640 px viewport and deviceScaleFactor 2). The page body must never scroll sideways.

Results: var/screenshots/axe-report.json (every violation, rule id, impact, target) and one
screenshot per page and view in var/screenshots/ (git-ignored) -- look at them.
"""

from __future__ import annotations

import json
import threading
import urllib.request
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from web import create_app

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parents[2]
AXE = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
OUT = REPO_ROOT / "var" / "screenshots"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DEMO_PASSWORD = "wegwijs-demo"
REPORT: dict[str, dict] = {}

# (name, path, who is logged in, what to do on the page before checking)
PAGES = [
    ("home", "/", None, None),
    ("chat", "/chat", None, None),
    ("chat-kaarten", "/chat", None, "bot-cards"),
    ("chat-crisis", "/chat", None, "crisis"),
    ("chat-ingebed", "/chat?ingebed=1", None, None),
    ("chat-overzicht", "/chat", None, "overview"),  # Mijn overzicht is posted from the chat
    ("chat-en", "/chat?lang=en", None, "bot-cards"),
    ("voorbeeld-gemeente", "/voorbeeld-gemeente", None, "widget"),
    ("kaart", "/kaart/", None, None),
    ("kaart-zoeken", "/kaart/?q=boodschappen&municipality=Gemert-Bakel&free=true&age=70", None, None),
    ("kaart-dienst", "/kaart/dienst/{service}", None, None),
    ("kaart-overzicht", "/kaart/overzicht?ids={service}&ids={service2}", None, None),
    ("kaart-dienst-en", "/kaart/dienst/{service}?lang=en", None, None),
    ("fout-404", "/kaart/dienst/bestaat-niet", None, None),
    ("login", "/login", None, None),
    ("werkplek", "/werkplek/", "consulent", None),
    ("werkplek-overdracht", "/werkplek/overdrachten/{handover}", "consulent", None),
    ("werkplek-overdracht-live", "/werkplek/overdrachten/{handover}", "consulent", "claim"),
    ("werkplek-gesprek", "/werkplek/gesprekken/{conversation}", "consulent", None),
    ("werkplek-luisteraar", "/werkplek/", "luisteraar", None),
    ("beheer", "/beheer/", "redacteur", None),
    ("beheer-dienst", "/beheer/dienst/{service}", "redacteur", None),
    ("beheer-nieuw", "/beheer/nieuw", "redacteur", None),
    ("beheer-import", "/beheer/import", "redacteur", None),
    ("beheer-rapportage", "/beheer/rapportage", "beheerder", None),
]
STATUS = {"fout-404": 404}


def _fake_rasa(service_ids):
    from test_chat_browser import fake_rasa  # the same fake bot as the chat journey

    return fake_rasa(service_ids)


@pytest.fixture(scope="module")
def site(demo_map, demo_records, tmp_path_factory):
    """One server for the whole module: demo map, fake bot, demo users, one waiting handover."""
    if not AXE.exists():
        pytest.skip("axe-core is not installed (make test runs npm ci)")
    ids = [r["id"] for r in demo_records if r["name"].startswith("Boodschappenbus")][:2]
    app = create_app({"TESTING": True, "SOCIALMAP_DB": demo_map.path, "SECRET_KEY": "a11y",
                      "APP_DB": str(tmp_path_factory.mktemp("a11y") / "app.sqlite"),
                      "RASA_CLIENT": _fake_rasa(ids), "INTERNAL_TOKEN": "a11y-token"})
    app.extensions["socialmap"] = demo_map
    with app.app_context():  # what `flask --app web create-demo-users` does
        result = app.test_cli_runner().invoke(args=["create-demo-users"])
    assert result.exit_code == 0, result.output
    http = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{http.server_port}"
    start = urllib.request.Request(f"{base}/api/v1/chat/gesprekken", data=b"{}", method="POST",
                                   headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(start) as answer:
        issued = json.load(answer)  # the server issues the id and the ownership secret
    conversation = issued["id"]
    overview = None
    for body in ({"text": "ik kan niet meer naar de supermarkt"}, {"button": "/voor_mijzelf"}):
        turn = urllib.request.Request(f"{base}/api/v1/chat/{conversation}/berichten",
                                      data=json.dumps(body).encode(),
                                      headers={"Content-Type": "application/json",
                                               "X-Wegwijs-Sleutel": issued["secret"]}, method="POST")
        with urllib.request.urlopen(turn) as answer:
            overview = json.load(answer).get("overview_url")
    handover = {"conversation_id": conversation, "municipality": "Deurne", "topic": "boodschappen",
                "other_topics": [], "for_whom": "ander", "relation": "moeder",
                "question": "Mijn moeder kan niet meer zelf boodschappen doen.",
                "problem": "Slecht ter been sinds een val.", "limitations": "Kan niet lang lopen.",
                "ladder": {"zelf": "Buurvrouw helpt soms.", "omgeving": "Geen burenhulp gevonden.",
                           "algemeen": "Boodschappenbus bekeken.", "maatwerk": "Nog niet."},
                "services_offered": [], "proposed_solutions": "Boodschappendienst.",
                "urgency": "normaal", "safety_flags": [], "mantelzorger": "dochter",
                "household": "alleenstaand", "anonymous": False,
                "contact": {"preference": "telefoon", "value": "0612345678"},
                "consent": {"given": True, "at": "2026-11-23T10:00:00+01:00", "text": "Akkoord."}}
    request = urllib.request.Request(f"{base}/api/v1/intern/handovers", data=json.dumps(handover).encode(),
                                     headers={"Content-Type": "application/json",
                                              "X-Wegwijs-Token": "a11y-token"}, method="POST")
    with urllib.request.urlopen(request) as answer:
        stored = json.load(answer)
    services = [s.id for s in demo_map.list_services(status="active", limit=2)]
    yield {"base": base, "service": services[0], "service2": services[1],
           "conversation": conversation, "handover": stored["id"], "chat_overview": overview}
    http.shutdown()


@pytest.fixture(scope="module", autouse=True)
def report():
    """Write what axe found to var/screenshots/axe-report.json once every page was checked."""
    yield REPORT
    if REPORT:
        OUT.mkdir(parents=True, exist_ok=True)
        (OUT / "axe-report.json").write_text(json.dumps(REPORT, indent=2, ensure_ascii=False),
                                             encoding="utf-8")


def _login(context, base: str, username: str) -> None:
    page = context.new_page()
    page.goto(f"{base}/login")
    page.fill("input[name=gebruikersnaam]", username)
    page.fill("input[name=wachtwoord]", DEMO_PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert "/login" not in page.url, f"{username} could not log in"
    page.close()


def _prepare(page, action: str | None) -> None:
    if action == "bot-cards":
        page.fill("#bericht", "ik kan niet meer naar de supermarkt")
        page.keyboard.press("Enter")
        page.click("text=Voor mijzelf")
        page.wait_for_selector("li.card")
    elif action == "claim":  # the consultant picks the conversation up (once; later views see it live)
        if page.locator("button", has_text="Oppakken").count():
            page.click("button:has-text('Oppakken')")
            page.wait_for_load_state()
        page.wait_for_selector("#bericht")
    elif action == "widget":  # the municipality's page with the chat opened from the one-tag widget
        page.locator("button", has_text="Chat met Wegwijs").first.click()
        page.wait_for_selector("iframe")
    elif action == "overview":  # the resident opens Mijn overzicht from the chat with cards
        _prepare(page, "bot-cards")
        page.click("#overzicht-link")
        page.wait_for_selector(".overzicht-dienst")
    elif action == "crisis":
        page.fill("#bericht", "ik wil dood")
        page.keyboard.press("Enter")
        page.wait_for_selector("#crisis:not([hidden])")


def _axe(page) -> dict:
    for frame in page.frames:  # axe checks iframes (the widget's chat) when it runs inside them too
        frame.add_script_tag(path=str(AXE))
    return page.evaluate("""async (tags) => {
        const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
        const advice = await axe.run(document, {runOnly: {type: 'tag', values: ['best-practice']},
                                                resultTypes: ['violations']});
        const brief = (list) => list.map(v => ({id: v.id, impact: v.impact, help: v.help,
            helpUrl: v.helpUrl, nodes: v.nodes.map(n => ({target: n.target, html: n.html,
            summary: n.failureSummary}))}));
        return {violations: brief(r.violations), best_practice: brief(advice.violations),
                incomplete: r.incomplete.map(v => ({id: v.id, nodes: v.nodes.length}))};
    }""", TAGS)


def _sideways(page) -> int:
    """How many CSS px the page body scrolls sideways (0 = it reflows)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


@pytest.mark.parametrize("name, path, user, action", PAGES, ids=[p[0] for p in PAGES])
def test_page_is_accessible(site, browser, name, path, user, action):
    OUT.mkdir(parents=True, exist_ok=True)
    views = {"desktop": {"viewport": {"width": 1280, "height": 900}},
             "360": {"viewport": {"width": 360, "height": 780}},
             "zoom200": {"viewport": {"width": 640, "height": 450}, "device_scale_factor": 2}}
    result: dict = {"path": None, "views": {}}
    problems: list[str] = []
    for view, options in views.items():
        context = browser.new_context(bypass_csp=True, **options)  # axe is injected inline
        try:
            if user:
                _login(context, site["base"], user)
            url = path.format(**site)
            result["path"] = url
            page = context.new_page()
            answer = page.goto(site["base"] + url)
            assert answer.status == STATUS.get(name, 200), f"{url} answered {answer.status}"
            _prepare(page, action)
            page.screenshot(path=str(OUT / f"{name}-{view}.png"), full_page=True)
            sideways = _sideways(page)
            result["views"][view] = {"sideways_px": sideways}
            if sideways > 0:
                problems.append(f"{view}: the page scrolls sideways by {sideways}px")
            if view == "desktop" or view == "360":
                found = _axe(page)
                result["views"][view]["violations"] = found["violations"]
                result["views"][view]["incomplete"] = found["incomplete"]
                result["views"][view]["best_practice"] = found["best_practice"]  # advice, not asserted
                for v in found["violations"]:
                    for node in v["nodes"]:
                        problems.append(f"{view}: {v['id']} ({v['impact']}) {node['target']}: {v['help']}")
        finally:
            context.close()
    REPORT[name] = result
    for line in problems:
        print(line)
    assert not problems, f"{name}: {len(problems)} problems:\n" + "\n".join(problems)


KEYBOARD_PAGES = ["chat-kaarten", "kaart-zoeken", "kaart-dienst", "login", "werkplek-overdracht-live", "beheer-nieuw"]
FOCUSED = """() => {
    const e = document.activeElement;
    if (!e || e === document.body) return null;
    const s = getComputedStyle(e), r = e.getBoundingClientRect();
    return {tag: e.tagName.toLowerCase(), id: e.id, cls: String(e.className),
            text: (e.innerText || e.value || e.getAttribute('aria-label') || '').trim().slice(0, 40),
            settled: e.matches(':focus'), outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
            shadow: s.boxShadow !== 'none', visible: r.width > 0 && r.height > 0};
}"""
FROM_THE_TOP = """() => {  // restart Tab order at the top of the page, as after loading it
    document.getElementById('tab-start')?.remove();
    const start = document.createElement('span');
    start.id = 'tab-start';
    start.tabIndex = -1;
    document.body.prepend(start);
    start.focus();
    window.scrollTo(0, 0);
}"""
UNMARK = "document.getElementById('tab-start')?.remove()"


def _focused(page) -> dict | None:
    now = page.evaluate(FOCUSED)
    if now and not now["settled"]:  # a time field moves focus between its inner parts a moment later
        page.wait_for_timeout(100)
        now = page.evaluate(FOCUSED)
    return now


@pytest.mark.parametrize("name", KEYBOARD_PAGES)
def test_keyboard_reaches_everything_with_a_visible_focus(site, browser, name):
    """Tab from the top: the skip link comes first and works, every stop shows a focus ring, no trap."""
    _name, path, user, action = next(p for p in PAGES if p[0] == name)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        if user:
            _login(context, site["base"], user)
        page = context.new_page()
        page.goto(site["base"] + path.format(**site))
        _prepare(page, action)
        page.evaluate(FROM_THE_TOP)
        stops, problems = [], []
        for _ in range(120):
            page.keyboard.press("Tab")
            page.evaluate(UNMARK)
            now = _focused(page)
            if now and not now["settled"]:
                continue  # Chromium's time field between its inner parts: not a stop of its own
            if now is None or (stops and now == stops[0]):
                break  # past the last stop (into the browser) or round again: no keyboard trap
            stops.append(now)
            if not now["visible"]:
                problems.append(f"focus on an invisible element {now}")
            elif not (now["outline"] or now["shadow"]):
                problems.append(f"no visible focus ring on {now}")
        REPORT.setdefault("keyboard", {})[name] = {"stops": len(stops), "problems": problems,
                                                    "order": [f"{s['tag']}#{s['id']} {s['text']}" for s in stops]}
        assert stops and "skip" in stops[0]["cls"], f"{name}: the first Tab stop is not the skip link"
        assert not problems, f"{name}: " + "; ".join(problems)
        page.evaluate(FROM_THE_TOP)
        page.keyboard.press("Tab")
        page.evaluate(UNMARK)
        target = page.evaluate("document.activeElement.getAttribute('href')").lstrip("#")
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == target, f"{name}: the skip link does not move focus"
    finally:
        context.close()


def test_english_chat_marks_the_dutch_answers_and_services(site, browser):
    """WCAG 3.1.2: in the English UI a screen reader reads the bot's Dutch answers and cards as Dutch."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(site["base"] + "/chat?lang=en")
        _prepare(page, "bot-cards")
        assert page.evaluate("document.documentElement.lang") == "en"
        welcome = page.locator("#berichten li.bot .text").first
        assert welcome.get_attribute("lang") is None  # our own, translated welcome
        assert page.locator("#berichten li.bot .text[lang=nl]").count() >= 2
        assert page.locator("li.card h3[lang=nl]").count() == page.locator("li.card h3").count() > 0
        assert page.locator(".feedback[lang=nl]").count() == 0  # our own question stays English
    finally:
        context.close()
