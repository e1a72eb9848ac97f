"""The whole warm-handover journey in two headless Chromium windows: a resident asks a question, gets
service cards, asks for a person and approves the handover; a consultant logs in, claims it, they chat
(also a service card from the workspace search), and the consultant closes it. Plus the honest
"nobody is there" answer with a call-back request, and the one-tag widget on a municipal page.

A fake Rasa speaks the REST contract and files the handover through the hub's real intake API.
Screenshots land in tests/browser/screenshots/ — look at them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from tests.web.intake import INTAKE_HEADERS
from web import auth, create_app

pytestmark = pytest.mark.browser
ALWAYS_OPEN = {"FROZEN_NOW": "2026-12-03T10:00:00+01:00"}  # a Thursday morning: the offices are open
NEVER_OPEN = {"FROZEN_NOW": "2026-12-03T17:30:00+01:00"}  # the same Thursday after 17:00


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
                                 headers=INTAKE_HEADERS, timeout=10).json()
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
    assert resident.is_visible("text=0800-0767") and resident.is_visible("a[href='tel:0493387600']")  # Deurne
    assert resident.is_visible("text=0493 38 76 00, weer open morgen, vrijdag, na 8.30 uur;")
    assert resident.is_visible("text=We bellen u terug morgen, vrijdag, na 8.30 uur.")
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


# -- issue 13: crisis and handover safety, resident and staff in two windows --------------------------
# Screenshots of these journeys go to /tmp/shots-handover/ (looked at while building them).

SHOTS_13 = Path("/tmp/shots-handover")
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def assert_accessible(page) -> None:
    """axe-core, WCAG 2.1 A and AA, on the page as it is now (the panels and alerts of these journeys)."""
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("""async () => (await axe.run(document, {runOnly: {type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})).violations
        .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))""")
    assert found == [], found
HELPLINES = "Bel bij direct gevaar 112. Denkt u aan zelfdoding? Bel 113. Geweld thuis: Veilig Thuis 0800-2000."


def file_handover(hub: dict, conversation_id: str | None, **record) -> str:
    body = {"conversation_id": conversation_id, "for_whom": "zelf", "ladder": {}, "urgency": "normaal",
            "anonymous": False, "consent": {"given": True, "at": "2026-12-03T16:00:00Z", "text": "Mag ik dit doorgeven?"},
            "contact": {"preference": "chat", "value": ""}, **record}
    # The intake files handovers only for conversations the hub issued: start one as a browser would.
    if conversation_id is None:
        body["conversation_id"] = requests.post(f"{hub['url']}/api/v1/chat/gesprekken", timeout=10).json()["id"]
    made = requests.post(f"{hub['url']}/api/v1/intern/handovers", json=body,
                         headers=INTAKE_HEADERS, timeout=10)
    assert made.status_code == 201, made.text
    return made.json()["id"]


def scripted_rasa(hub: dict, service_ids: list[str]):
    """A fake bot for the issue-13 journeys: crisis, person requests with and without a municipality,
    anonymous chat. It files handovers through the hub's real intake API, as the action server does."""
    anonymous: set[str] = set()

    def answer(conversation_id, text):
        low = text.lower()
        mode = "anoniem" if conversation_id in anonymous else "bot"
        if "geslagen" in low:
            return [{"text": HELPLINES},
                    {"text": "Wilt u nu met iemand praten?",
                     "buttons": [{"title": "Ja, ik wil met iemand praten", "payload": "/crisis_mens"},
                                 {"title": "Nee, nu niet", "payload": "/ontkennen"}]},
                    state(topic=None, crisis=True)]
        if text == "/crisis_mens":
            made = file_handover(hub, conversation_id, question="Mijn man heeft me net geslagen", topic=None,
                                 municipality=None, urgency="spoed", safety_flags=["geweld"])
            return [{"text": "Ik zoek iemand voor u. Blijf in deze chat."},
                    state(topic=None, mode="wacht-op-mens", handover_id=made)]
        if "mens spreken" in low:
            place = "Helmond" if "helmond" in low else None
            return [{"text": "Dit geef ik door:\n• Uw vraag: " + text + (f"\n• Gemeente: {place}" if place else "")
                             + "\nMag ik dit doorgeven?",
                     "buttons": [{"title": "Ja, geef het door", "payload": "/bevestigen"},
                                 {"title": "Nee", "payload": "/ontkennen"}]},
                    state(topic=None)]
        if text == "/bevestigen":
            asked = hub.setdefault("asked", {}).get(conversation_id, "")
            made = file_handover(hub, conversation_id, question=asked or "ik wil een mens spreken", topic=None,
                                 municipality="Helmond" if "helmond" in asked.lower() else None)
            return [{"text": "Dank u. Uw vraag staat klaar."}, state(topic=None, mode="wacht-op-mens", handover_id=made)]
        if text == "/anoniem":
            anonymous.add(conversation_id)
            return [{"text": "U chat nu anoniem. Wat wilt u vertellen?"}, state(topic=None, mode="anoniem")]
        if "luisteraar" in low:
            made = file_handover(hub, conversation_id, question="Ik wil even mijn verhaal kwijt", anonymous=True,
                                 municipality=None, contact=None)
            return [{"text": "Ik vraag een luisteraar voor u."},
                    state(topic=None, mode="wacht-op-mens", handover_id=made)]
        if text == "/terug_naar_bot":
            return [{"text": "Ik ben er weer. Kan ik u nog ergens mee helpen?"}, state(mode=mode)]
        return [{"text": "Dit kan helpen bij de maaltijden:"},
                {"text": "Helpt dit u verder?", "buttons": [{"title": "Ja", "payload": "/bevestigen_hulp"}]},
                state(ladder_step="algemeen", services=service_ids, mode=mode)]

    def remembering(conversation_id, text):
        if "mens spreken" in text.lower():
            hub.setdefault("asked", {})[conversation_id] = text
        return answer(conversation_id, text)
    return remembering


@pytest.fixture
def stack(serve, demo_records):
    def start(**config):
        hub: dict = {}
        ids = [r["id"] for r in demo_records if r["name"].startswith("Boodschappenbus")][:1]
        hub["url"] = serve(RASA_CLIENT=scripted_rasa(hub, ids), SECRET_KEY="browser-test", **config)
        return hub["url"]
    SHOTS_13.mkdir(exist_ok=True)
    return start


def hub_of(url: str) -> dict:
    return {"url": url}


def resident_page(browser):
    return browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True).new_page()  # axe inline


def staff_page(browser):
    return browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True).new_page()


def say(page, text):
    page.fill("#bericht", text)
    page.keyboard.press("Enter")


def test_acute_violence_out_of_hours_with_nobody_on_duty(stack, browser, staff_login):
    url = stack(**NEVER_OPEN)
    resident = resident_page(browser)
    resident.goto(f"{url}/chat")
    say(resident, "mijn man heeft me net geslagen")
    resident.wait_for_selector("#crisis:not([hidden])")
    crisis = resident.locator("#crisis")
    # who answers now, first: 112, 113, Veilig Thuis, and honestly that nobody is in the chat
    assert [a.get_attribute("href") for a in crisis.locator("a").all()] == [
        "tel:112", "tel:113", "tel:08000113", "tel:08002000"]
    assert crisis.locator("#crisis-chat").inner_text().startswith("Er is nu niemand in deze chat")
    assert resident.locator(".feedback").count() == 0  # no "Had u iets aan dit antwoord?" under a crisis
    resident.screenshot(path=str(SHOTS_13 / "crisis-1-inwoner-direct-hulp.png"), full_page=True)
    resident.click("text=Ja, ik wil met iemand praten")
    resident.wait_for_selector("#niemand:not([hidden])")
    # never a call-back form for an acute threat, and no closed office to call
    assert resident.locator("#terugbellen").is_hidden()
    assert resident.locator("#niemand-gemeente").is_hidden()
    assert resident.is_visible("text=Bent u in gevaar? Bel nu 112.")
    assert resident.is_visible("text=0800-0767")
    assert resident.locator("li.inwoner", has_text="Ja, ik wil met iemand praten").count() == 1
    resident.screenshot(path=str(SHOTS_13 / "crisis-2-inwoner-niemand-buiten-kantoortijd.png"), full_page=True)
    assert_accessible(resident)

    # the next one on duty, a luisteraar, finds it on top with the alert
    luisteraar = staff_page(browser)
    staff_login(luisteraar, url, "luisteraar")
    luisteraar.wait_for_selector(".alarm[role=alert]")
    first = luisteraar.locator(".overdracht.spoed").first.inner_text()
    assert "Spoed: geweld" in first and "Gemeente onbekend" in first
    luisteraar.screenshot(path=str(SHOTS_13 / "crisis-3-luisteraar-wachtrij-spoed.png"), full_page=True)


def test_acute_violence_out_of_hours_reaches_the_luisteraar_on_duty(stack, browser, staff_login):
    url = stack(**NEVER_OPEN)
    luisteraar = staff_page(browser)
    staff_login(luisteraar, url, "luisteraar")
    luisteraar.wait_for_selector("text=Er wacht nu niemand")
    assert luisteraar.get_attribute("#geluid", "aria-pressed") == "true"

    resident = resident_page(browser)
    resident.goto(f"{url}/chat")
    say(resident, "mijn man heeft me net geslagen")
    resident.wait_for_selector("#crisis-chat:not([hidden])")
    assert resident.locator("#crisis-chat").inner_text().startswith("Er is nu iemand aan het werk")
    resident.click("text=Ja, ik wil met iemand praten")
    resident.wait_for_selector("text=Er is een medewerker aan het werk")
    assert resident.locator("#niemand").is_hidden()

    # pushed to the workspace: on top, red alert, and the alert sounded once
    luisteraar.wait_for_selector(".alarm[role=alert]")
    luisteraar.wait_for_function("document.body.dataset.spoedAlarm === '1'")
    assert luisteraar.title().startswith("(1) ")
    luisteraar.screenshot(path=str(SHOTS_13 / "crisis-4-luisteraar-alarm.png"), full_page=True)
    assert_accessible(luisteraar)
    luisteraar.click("#geluid")  # mute
    assert luisteraar.get_attribute("#geluid", "aria-pressed") == "false"

    luisteraar.click(".overdracht.spoed a")
    luisteraar.click("button:has-text('Oppakken')")
    luisteraar.wait_for_selector("#bericht")
    resident.wait_for_selector("text=Joke, luisteraar is bij het gesprek gekomen")
    luisteraar.fill("#bericht", "Ik ben Joke. Bent u nu veilig?")
    luisteraar.keyboard.press("Enter")
    resident.wait_for_selector("text=Bent u nu veilig?")
    say(resident, "ik zit bij de buren")
    luisteraar.wait_for_selector("text=ik zit bij de buren")
    options = luisteraar.locator("#uitkomst option").all_inner_texts()
    assert "Doorverwezen naar Veilig Thuis" in options and "Geluisterd" in options
    luisteraar.screenshot(path=str(SHOTS_13 / "crisis-5-luisteraar-chat.png"), full_page=True)
    luisteraar.select_option("#uitkomst", "doorverwezen-veilig-thuis")
    luisteraar.click("button:has-text('Afsluiten')")
    resident.wait_for_selector("text=Wordt het weer onveilig")
    assert resident.locator("#crisis-chat").is_hidden()  # "someone is at work" no longer holds
    resident.screenshot(path=str(SHOTS_13 / "crisis-6-inwoner-afgesloten.png"), full_page=True)
    assert_accessible(resident)


def test_asking_for_a_person_without_a_municipality_reaches_the_regional_queue(stack, browser, staff_login):
    url = stack(**ALWAYS_OPEN)
    helmond = staff_page(browser)
    staff_login(helmond, url, "consulent-helmond")  # works for Helmond only, and sees the regional queue
    resident = resident_page(browser)
    resident.goto(f"{url}/chat")
    say(resident, "ik wil een mens spreken. nu.")
    resident.click("text=Ja, geef het door")
    resident.wait_for_selector("text=Er is een medewerker aan het werk")
    helmond.wait_for_selector("text=ik wil een mens spreken. nu.")
    line = helmond.locator(".overdracht", has_text="ik wil een mens spreken. nu.")
    assert "Gemeente onbekend" in line.inner_text() and "wacht 0 min" in line.inner_text()
    assert "Contact: in de chat" in line.inner_text()
    assert "Ahmed (wmo-consulent)" in helmond.locator(".aanwezig").inner_text()
    helmond.screenshot(path=str(SHOTS_13 / "mens-1-regionale-wachtrij.png"), full_page=True)
    resident.screenshot(path=str(SHOTS_13 / "mens-2-inwoner-wel-iemand.png"), full_page=True)


def test_asking_for_a_person_in_helmond_out_of_hours_is_told_when(stack, browser, staff_login):
    url = stack(**NEVER_OPEN)
    deurne = staff_page(browser)
    staff_login(deurne, url, "consulent")  # present, but Deurne's: not an owner of a Helmond question
    resident = resident_page(browser)
    resident.goto(f"{url}/chat")
    say(resident, "ik wil een mens spreken, ik woon in Helmond")
    resident.click("text=Ja, geef het door")
    resident.wait_for_selector("#niemand:not([hidden])")
    panel = resident.locator("#niemand").inner_text()
    assert "De medewerkers van de gemeente Helmond werken maandag tot en met vrijdag van 8.30 tot 17.00 uur." in panel
    assert resident.get_attribute("#niemand-telefoon", "href") == "tel:140492"
    assert "14 0492, weer open morgen, vrijdag, na 8.30 uur;" in panel  # the hours are said once
    assert "We bellen u terug morgen, vrijdag, na 8.30 uur." in panel
    resident.screenshot(path=str(SHOTS_13 / "mens-3-helmond-buiten-kantoortijd.png"), full_page=True)
    assert_accessible(resident)
    resident.fill("#telefoon", "06 12345678")
    resident.click("button:has-text('Bel mij terug')")
    resident.wait_for_selector("#niemand >> text=Dank u. We bellen u terug.")
    deurne.reload()
    assert deurne.locator("text=ik woon in Helmond").count() == 0  # not Deurne's queue
    resident.reload()  # the number is never asked twice
    resident.wait_for_selector("#niemand:not([hidden])")
    assert resident.locator("#terugbellen").is_hidden()
    assert "U gaf ons al uw telefoonnummer. We bellen u terug morgen, vrijdag, na 8.30 uur." in \
        resident.locator("#niemand").inner_text()
    resident.screenshot(path=str(SHOTS_13 / "mens-4-nummer-niet-twee-keer.png"), full_page=True)


def test_hand_back_with_a_call_back_appointment(stack, browser, staff_login):
    url = stack(**ALWAYS_OPEN)
    consultant = staff_page(browser)
    staff_login(consultant, url, "consulent-helmond")
    resident = resident_page(browser)
    resident.goto(f"{url}/chat")
    say(resident, "mijn moeder kan niet meer koken")
    resident.wait_for_selector("li.card")
    assert resident.locator(".feedback").count() == 1  # under the answer with cards only
    say(resident, "ik wil een mens spreken, ik woon in Helmond")
    resident.click("text=Ja, geef het door")
    assert resident.locator(".feedback").count() == 1  # not under the consent question
    consultant.wait_for_selector("text=ik woon in Helmond")
    consultant.click(".overdracht a")
    consultant.click("button:has-text('Oppakken')")
    consultant.wait_for_selector("#bericht")
    # busy in one chat, a crisis elsewhere still reaches this consultant
    file_handover(hub_of(url), None, question="Ik wil er niet meer zijn", urgency="spoed",
                  safety_flags=["suicide"], municipality=None)
    consultant.wait_for_selector("#spoed-elders[role=alert] >> text=Er wacht een spoedgesprek in de wachtrij.")
    consultant.fill("#bericht", "Ik bel u morgen even, is dat goed?")
    consultant.keyboard.press("Enter")
    resident.wait_for_selector("text=Ik bel u morgen even")
    say(resident, "ja graag")
    consultant.wait_for_selector("text=ja graag")
    consultant.select_option("#vervolg", "terugbelafspraak")
    consultant.fill("#vervolg-moment", "2026-12-04T10:30")
    consultant.screenshot(path=str(SHOTS_13 / "terug-1-werkplek-vervolg.png"), full_page=True)
    assert_accessible(consultant)
    consultant.click("button:has-text('Teruggeven aan de chatbot')")
    consultant.wait_for_selector("text=Het blijft bij u staan")
    mine = consultant.locator("ul.overdrachten").first.inner_text()
    assert "Vervolg: Terugbelafspraak 4 dec 2026 10:30" in mine
    consultant.screenshot(path=str(SHOTS_13 / "terug-2-mijn-gesprekken.png"), full_page=True)
    assert_accessible(consultant)
    resident.wait_for_selector("text=Ahmed belt u terug op vrijdag 4 december om 10.30 uur.")
    resident.wait_for_selector("text=Ik ben er weer")
    resident.screenshot(path=str(SHOTS_13 / "terug-3-inwoner.png"), full_page=True)
    # the transcript has the resident's button choice
    consultant.click(".overdracht a")
    consultant.click("text=Lees het hele gesprek met de chatbot")
    assert consultant.locator("li.inwoner", has_text="Ja, geef het door").count() == 1
    consultant.screenshot(path=str(SHOTS_13 / "terug-4-transcript.png"), full_page=True)


def test_a_luisteraar_closes_an_anonymous_conversation(stack, browser, staff_login):
    url = stack(**NEVER_OPEN)  # luisteraars have no office hours
    luisteraar = staff_page(browser)
    staff_login(luisteraar, url, "luisteraar")
    resident = resident_page(browser)
    resident.goto(f"{url}/chat")
    resident.click("button:has-text('Anoniem chatten')")
    resident.wait_for_selector("text=U chat nu anoniem")
    say(resident, "ik wil graag een luisteraar")
    resident.wait_for_selector("text=Er is een medewerker aan het werk")
    luisteraar.wait_for_selector("text=Ik wil even mijn verhaal kwijt")
    assert "anoniem, alleen in de chat" in luisteraar.locator(".overdracht").inner_text()
    luisteraar.click(".overdracht a")
    luisteraar.click("button:has-text('Oppakken')")
    luisteraar.wait_for_selector("#bericht")
    resident.wait_for_selector("text=Joke, luisteraar is bij het gesprek gekomen")
    say(resident, "het is allemaal zo veel")
    luisteraar.wait_for_selector("text=het is allemaal zo veel")
    options = luisteraar.locator("#uitkomst option").all_inner_texts()
    assert "Geluisterd" in options and "Opgelost bij trede 1: zelf en naasten" not in options
    assert luisteraar.locator("#vervolg").count() == 0  # no follow-up without a person to call
    luisteraar.screenshot(path=str(SHOTS_13 / "anoniem-1-luisteraar.png"), full_page=True)
    assert_accessible(luisteraar)
    luisteraar.select_option("#uitkomst", "geluisterd")
    luisteraar.click("button:has-text('Afsluiten')")
    luisteraar.wait_for_selector("text=Het gesprek is afgesloten: Geluisterd.")
    resident.wait_for_selector("text=De luisteraar heeft het gesprek afgesloten.")
    resident.wait_for_selector("text=Twee korte vragen")
    resident.screenshot(path=str(SHOTS_13 / "anoniem-2-inwoner-afgesloten.png"), full_page=True)
