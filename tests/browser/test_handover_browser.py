"""The whole warm-handover journey in two headless Chromium windows: a resident asks a question, gets
service cards, asks for a person and approves the handover; a consultant logs in, claims it, they chat
(also a service card from the workspace search), and the consultant closes it. Plus the honest
"nobody is there" answer with a call-back request, and the one-tag widget on a municipal page.

A fake Rasa speaks the REST contract and files the handover through the hub's real intake API.
Screenshots land in tests/browser/screenshots/ — look at them.
"""

from __future__ import annotations

import pytest
import requests

from web import auth, create_app

pytestmark = pytest.mark.browser
ALWAYS_OPEN = {"OFFICE_DAYS": [0, 1, 2, 3, 4, 5, 6], "OFFICE_OPENS": "00:00", "OFFICE_CLOSES": "23:59"}
NEVER_OPEN = {"OFFICE_DAYS": []}


def state(**values):
    base = {"topic": "maaltijden", "crisis": False, "mode": "bot", "ladder_step": None, "services": [],
            "handover_id": None}
    return {"custom": {"state": {**base, **values}}}


def fake_rasa(hub: dict, service_ids: list[str]):
    def answer(conversation_id, text):
        if text == "/mens_spreken":
            return [{"text": "Dit geef ik door aan een medewerker:\n• Vraag: mijn moeder kan niet meer koken\n"
                             "• Gemeente: Deurne\nMag ik dit doorgeven?",
                     "buttons": [{"title": "Ja, geef het door", "payload": "/bevestigen"},
                                 {"title": "Nee", "payload": "/ontkennen"}]}, state()]
        if text == "/bevestigen":
            record = {"conversation_id": conversation_id, "question": "mijn moeder kan niet meer koken",
                      "for_whom": "ander", "relation": "moeder", "topic": "maaltijden", "municipality": "Deurne",
                      "ladder": {"zelf": "Zoon kookt twee keer per week.", "algemeen": "Maaltijdservice: te duur."},
                      "urgency": "normaal", "anonymous": False,
                      "consent": {"given": True, "at": "2026-11-23T10:00:00+00:00", "text": "Mag ik dit doorgeven?"},
                      "contact": {"preference": "chat", "value": ""}}
            made = requests.post(f"{hub['url']}/api/v1/intern/handovers", json=record,
                                 headers={"X-Wegwijs-Token": "dev-internal-token"}, timeout=10).json()
            return [{"text": "Dank u. Uw vraag staat klaar. Een medewerker komt zo snel mogelijk hier in de chat."},
                    state(mode="wacht-op-mens", handover_id=made["id"])]
        if text == "/terug_naar_bot":
            return [{"text": "Ik ben er weer. Kan ik u nog ergens mee helpen?"}, state()]
        return [{"text": "Dit kan helpen bij de maaltijden:"},
                {"text": "Helpt dit u verder?", "buttons": [{"title": "Ja", "payload": "/bevestigen_hulp"}]},
                state(ladder_step="algemeen", services=service_ids)]
    return answer


@pytest.fixture
def hub_with(serve, demo_records, tmp_path):
    def start(**config):
        hub: dict = {}
        ids = [r["id"] for r in demo_records if r["name"].startswith("Boodschappenbus")][:1]
        hub["url"] = serve(RASA_CLIENT=fake_rasa(hub, ids), SECRET_KEY="browser-test", **config)
        return hub["url"]
    return start


@pytest.fixture
def staff_login(tmp_path, demo_map):
    """Log a page in through the login form, after putting the demo accounts in the served app's db."""
    app = create_app({"TESTING": True, "SOCIALMAP_DB": demo_map.path, "APP_DB": str(tmp_path / "app.sqlite")})
    with app.app_context():
        for username, name, role, areas in auth.DEMO_USERS:
            auth.create_user(username, name, role, areas, auth.DEMO_PASSWORD)

    def sign_in(page, url, username):
        page.goto(f"{url}/werkplek/")
        page.wait_for_selector("h1:has-text('Inloggen')")  # sent to the login page first
        page.fill("#gebruikersnaam", username)
        page.fill("#wachtwoord", auth.DEMO_PASSWORD)
        page.click("button:has-text('Inloggen')")
        page.wait_for_selector("h1:has-text('Werkplek')")
    return sign_in


def ask_for_a_person(resident, url: str) -> None:
    resident.goto(f"{url}/chat")
    resident.fill("#bericht", "mijn moeder kan niet meer koken")
    resident.keyboard.press("Enter")
    resident.wait_for_selector("li.card")
    resident.click("button:has-text('Spreek een medewerker')")
    resident.wait_for_selector("text=Mag ik dit doorgeven?")
    resident.click("text=Ja, geef het door")
    resident.wait_for_selector("text=Uw vraag staat klaar")


def test_warm_handover_journey(hub_with, browser, shots, staff_login):
    url = hub_with(**ALWAYS_OPEN)
    consultant = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    staff_login(consultant, url, "consulent")
    consultant.wait_for_selector("text=Er wacht nu niemand")

    resident = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    ask_for_a_person(resident, url)
    resident.wait_for_selector("text=Er is een medewerker aan het werk")  # told honestly: someone is there
    resident.screenshot(path=str(shots / "handover-1-inwoner-wacht.png"), full_page=True)

    # the queue updates by itself (Socket.IO push)
    consultant.wait_for_selector("text=mijn moeder kan niet meer koken")
    consultant.screenshot(path=str(shots / "handover-2-wachtrij.png"), full_page=True)
    consultant.click("a:has-text('Maaltijden')")
    consultant.wait_for_selector("text=Zoon kookt twee keer per week.")
    consultant.click("button:has-text('Oppakken')")
    consultant.wait_for_selector("#bericht")

    resident.wait_for_selector("text=Sanne, Wmo-consulent is bij het gesprek gekomen")
    consultant.fill("#bericht", "Goedemiddag, ik ben Sanne. Vertel eens, hoe gaat het met uw moeder?")
    consultant.keyboard.press("Enter")
    resident.wait_for_selector("text=hoe gaat het met uw moeder?")
    resident.fill("#bericht", "Ze is erg moe en eet te weinig")
    resident.keyboard.press("Enter")
    consultant.wait_for_selector("text=Ze is erg moe en eet te weinig")

    # a service card from the workspace search
    consultant.fill("#kaart-q", "maaltijden aan huis")
    consultant.click("#kaart-zoeken button")
    consultant.wait_for_selector("#kaart-resultaten button:has-text('Stuur naar inwoner')")
    sent_name = consultant.locator("#kaart-resultaten li.resultaat strong").first.inner_text()
    consultant.locator("#kaart-resultaten button:has-text('Stuur naar inwoner')").first.click()
    resident.wait_for_selector(f"li.card h3:has-text('{sent_name}')")
    consultant.screenshot(path=str(shots / "handover-3-werkplek-chat.png"), full_page=True)
    resident.screenshot(path=str(shots / "handover-4-inwoner-chat.png"), full_page=True)

    consultant.select_option("#uitkomst", "doorverwezen")
    consultant.click("button:has-text('Afsluiten')")
    consultant.wait_for_selector("text=Het gesprek is afgesloten")

    resident.wait_for_selector("text=Twee korte vragen")
    resident.check("input[name=knows_where][value=ja]")
    resident.check("input[name=felt_helped][value=deels]")
    resident.click("#eindvragen button[type=submit]")
    resident.wait_for_selector("#eindvragen >> text=Dank u wel voor uw reactie.")
    resident.screenshot(path=str(shots / "handover-5-inwoner-eindvragen.png"), full_page=True)

    resident.click("#overzicht-link")  # posted with the conversation's secret, not a link to keep
    resident.wait_for_selector("h1:has-text('Mijn overzicht')")
    assert resident.locator(".overzicht-dienst").count() >= 2  # the bot's card and the consultant's
    resident.screenshot(path=str(shots / "handover-6-mijn-overzicht.png"), full_page=True)


def test_nobody_there_is_said_honestly_with_a_call_back(hub_with, browser, shots):
    url = hub_with(**NEVER_OPEN)
    resident = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    ask_for_a_person(resident, url)
    resident.wait_for_selector("text=Er is nu geen medewerker beschikbaar")
    assert resident.is_visible("text=0800-0767") and resident.is_visible("a[href='tel:140492']")
    resident.fill("#telefoon", "geen nummer")
    resident.click("button:has-text('Bel mij terug')")
    resident.wait_for_selector("text=Vul een geldig telefoonnummer in")
    resident.fill("#telefoon", "06 12345678")
    resident.fill("#moment", "morgenochtend")
    resident.click("button:has-text('Bel mij terug')")
    resident.wait_for_selector("#niemand >> text=We bellen u terug")
    resident.screenshot(path=str(shots / "handover-niemand-terugbellen.png"), full_page=True)


def test_widget_on_a_municipal_page_keeps_the_conversation_across_pages(hub_with, browser, shots):
    url = hub_with(**ALWAYS_OPEN)
    page = browser.new_context(viewport={"width": 1024, "height": 800}).new_page()
    page.goto(f"{url}/voorbeeld-gemeente")
    page.click("button.wegwijs-knop")
    chat = page.frame_locator("#wegwijs-venster")
    chat.locator("#bericht").fill("mijn moeder kan niet meer koken")
    chat.locator("#bericht").press("Enter")
    chat.locator("li.card").first.wait_for()
    page.screenshot(path=str(shots / "widget-open.png"))
    page.goto(f"{url}/voorbeeld-gemeente?pagina=2")  # the resident moves on to another page
    chat = page.frame_locator("#wegwijs-venster")  # reopened by itself: it was open
    chat.locator("text=mijn moeder kan niet meer koken").wait_for()
    chat.locator("#bericht").click()
    page.keyboard.press("Escape")  # from inside the chat: closes the window, focus back on the button
    page.locator("button.wegwijs-knop[aria-expanded=false]").wait_for()
    assert page.evaluate("document.activeElement.className") == "wegwijs-knop"
