"""The editors' journey in a real browser (issue 14): a redacteur changes a service's opening hours,
phone number and topics at /beheer; a resident then sees the change on /kaart, on the map view and
in the print view, and the chat's service card shows it too. Screenshots: /tmp/shots-editors/
(or WEGWIJS_SHOTS_DIR) -- look at them."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from socialmap import SocialMap
from web import auth, create_app

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("WEGWIJS_SHOTS_DIR", "/tmp/shots-editors"))
# A light grey 1x1 PNG: the test's own tile server, so the map view works offline and same-origin.
TILE = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108020000009077"
                     "53de0000000c4944415408d763e8e8e80000040301810a2b0e3e0000000049454e44ae426082")


AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate("""async () => (await axe.run(document, {runOnly: {type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']}))
        .violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))""")


@pytest.fixture
def site(demo_records, tmp_path):
    social_map = SocialMap(tmp_path / "reis.sqlite")
    assert social_map.import_hsds(demo_records[:60]).ok
    app = create_app({"TESTING": True, "SOCIALMAP_DB": social_map.path, "APP_DB": str(tmp_path / "app.sqlite"),
                      "SECRET_KEY": "test-editors-journey", "KAART_TILES_URL": "/test-tegels/{z}/{x}/{y}.png",
                      "KAART_TILES_ATTRIBUTION": "Testtegels"})
    app.extensions["socialmap"] = social_map
    app.add_url_rule("/test-tegels/<int:z>/<int:x>/<int:y>.png", "test_tile",
                     lambda z, x, y: (TILE, 200, {"Content-Type": "image/png"}))
    with app.app_context():
        for username, name, role, areas in auth.DEMO_USERS:
            if role == "redacteur":
                auth.create_user(username, name, role, areas, auth.DEMO_PASSWORD)
    http = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    yield app, social_map, f"http://127.0.0.1:{http.server_port}"
    http.shutdown()


def test_an_editor_changes_hours_phone_and_topics_and_residents_see_it(site, browser):
    app, social_map, base = site
    SHOTS.mkdir(parents=True, exist_ok=True)
    service = next(s for s in social_map.stale_services() if s.is_active and s.locations and s.assured_date
                   and "mantelzorg" not in s.topics)
    editor = browser.new_page(viewport={"width": 1200, "height": 900}, locale="nl-NL")
    editor.goto(f"{base}/login")
    editor.fill("#gebruikersnaam", "redacteur")
    editor.fill("#wachtwoord", auth.DEMO_PASSWORD)
    editor.click("button[type=submit]")
    editor.wait_for_url(f"{base}/beheer/")
    municipality = service.service_areas[0].name
    editor.goto(f"{base}/beheer/?gemeente={municipality}&status=active")
    editor.screenshot(path=str(SHOTS / "beheer-lijst-filters.png"), full_page=True)
    editor.click(f"a[href='/beheer/dienst/{service.id}']")

    editor.fill("input[name=open_MO_1]", "08:30")
    editor.fill("input[name=sluit_MO_1]", "12:15")
    editor.fill("input[name=open_MO_2]", "13:00")
    editor.fill("input[name=sluit_MO_2]", "16:00")
    preview = editor.locator("#voorbeeld")
    preview.get_by_text("08:30 tot 12:15 uur, 13:00 tot 16:00 uur").first.wait_for()  # the live preview
    editor.fill("#telefoons", "0492-777888")
    editor.click("details summary")
    editor.check("input[name=onderwerpen][value=mantelzorg]")
    editor.screenshot(path=str(SHOTS / "beheer-dienst-bewerken.png"), full_page=True)
    editor.click("button[name=actie][value=opslaan]")
    editor.get_by_text("De wijzigingen zijn opgeslagen.").wait_for()
    assert editor.locator("table.geschiedenis").get_by_text("0492-777888").count() >= 1
    editor.locator("#geschiedenis").screenshot(path=str(SHOTS / "beheer-geschiedenis.png"))

    resident = browser.new_page(viewport={"width": 1000, "height": 900}, locale="nl-NL")
    resident.goto(f"{base}/kaart/?q={service.name}")
    card = resident.locator(f"article.dienst:has(a[href='/kaart/dienst/{service.id}'])")
    assert "0492-777888" in card.inner_text()
    assert "laatst gecontroleerd op" in card.inner_text()
    card.screenshot(path=str(SHOTS / "kaart-kaartje-verouderd.png"))
    resident.screenshot(path=str(SHOTS / "kaart-lijst.png"), full_page=True)
    resident.click("button.kaart-knop")
    resident.locator(".leaflet-marker-icon").first.wait_for()
    resident.locator(".kaartweergave").screenshot(path=str(SHOTS / "kaart-kaartweergave.png"))
    checker = browser.new_context(bypass_csp=True).new_page()  # axe is injected inline; the CSP forbids that
    checker.goto(resident.url)
    checker.click("button.kaart-knop")
    checker.locator(".leaflet-marker-icon").first.wait_for()
    assert axe_violations(checker) == []  # the open map view keeps the page WCAG 2.1 AA
    resident.emulate_media(media="print")
    assert not resident.locator("nav").first.is_visible() and not resident.locator(".kaartweergave").is_visible()
    assert resident.locator(".dienst .adres").first.is_visible()
    resident.screenshot(path=str(SHOTS / "kaart-print.png"), full_page=True)
    resident.emulate_media(media="screen")

    resident.goto(f"{base}/kaart/dienst/{service.id}")
    text = resident.inner_text("main")
    assert "08:30 tot 12:15 uur, 13:00 tot 16:00 uur" in text and "0492-777888" in text and "Mantelzorg" in text
    resident.screenshot(path=str(SHOTS / "kaart-dienst.png"), full_page=True)
    resident.emulate_media(media="print")
    resident.screenshot(path=str(SHOTS / "kaart-dienst-print.png"), full_page=True)

    from web.service_cards import card_for
    with app.test_request_context():
        chat_card = card_for(service.id)
    assert chat_card["phones"][0] == "0492-777888"
    assert any(line.startswith("ma 08:30 tot 12:15 uur") for line in chat_card["hours"])
