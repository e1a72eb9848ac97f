"""Issue 13, the last safety items as the resident sees them in headless Chromium: the number to call
before and after the chat knows the municipality, buttons of earlier turns that can no longer send
a stale answer, and the sticky "Snel weg" bar that never hides the crisis panel's heading.

A fake bot speaks the REST contract (with `state.place` as the real one sends it) and files handovers
through the hub's real intake API. Screenshots go to /tmp/shots-safety/ — look at them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.test_handover_browser import (
    ALWAYS_OPEN,
    NEVER_OPEN,
    assert_accessible,
    file_handover,
    resident_page,
    say,
    stack,  # noqa: F401 (a fixture)
    staff_login,  # noqa: F401 (a fixture)
    staff_page,
    state,
)
from web.rasa_client import BotUnavailable

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/shots-safety")
FOR_WHOM = [{"title": "Voor mijzelf", "payload": "/voor_mijzelf"}, {"title": "Voor een ander", "payload": "/voor_ander"}]
CONSENT = [{"title": "Ja, geef het door", "payload": "/bevestigen"},
           {"title": "Er klopt iets niet", "payload": "Er klopt iets niet"}]
HELPLINES = "Bel bij direct gevaar 112. Denkt u aan zelfdoding? Bel 113. Geweld thuis: Veilig Thuis 0800-2000."


def place_rasa(hub: dict):
    """Asks for whom, then where; names the place in `state.place` once the resident said it."""
    places: dict[str, str] = {}

    def answer(conversation_id, text):
        low = text.lower()
        if "kapot" in low:
            raise BotUnavailable("the bot is down")
        if "deurne" in low:
            places[conversation_id] = "Deurne"
        place = places.get(conversation_id)
        if "geslagen" in low:
            return [{"text": HELPLINES}, {"text": "Wilt u nu met iemand praten?",
                                          "buttons": [{"title": "Ja", "payload": "/crisis_mens"}]},
                    state(topic=None, crisis=True, place=place)]
        if text == "/voor_mijzelf":
            return [{"text": "In welke gemeente woont u?"}, state(topic=None)]
        if text == "/bevestigen":
            made = file_handover(hub, conversation_id, question="Ik kan niet meer koken", topic=None,
                                 municipality=None)  # the record leaves it out; the bot's state named it
            return [{"text": "Dank u. Uw vraag staat klaar."},
                    state(topic=None, mode="wacht-op-mens", handover_id=made, place=place)]
        if place or "ergens anders" in low:
            return [{"text": "Dit geef ik door:\n• Uw vraag: Ik kan niet meer koken"
                             + (f"\n• Gemeente: {place}" if place else "") + "\nKlopt dit?",
                     "buttons": CONSENT}, state(topic=None, place=place)]
        return [{"text": "Voor wie zoekt u hulp?", "buttons": FOR_WHOM}, state(topic=None)]
    return answer


@pytest.fixture
def chat(serve):
    def start(**config):
        hub: dict = {}
        hub["url"] = serve(RASA_CLIENT=place_rasa(hub), SECRET_KEY="browser-test", **config)
        return hub["url"]
    SHOTS.mkdir(exist_ok=True)
    return start


def footer(page) -> str:
    return page.locator(".bellen").inner_text()


# -- 1. the number to call: every municipality's own until the chat knows which one -------------------

def test_the_number_to_call_is_the_residents_own_once_the_bot_knows_the_municipality(chat, browser):
    url = chat(**NEVER_OPEN)
    resident = resident_page(browser)
    resident.goto(f"{url}/chat")
    assert "Liever bellen? Bel uw eigen gemeente." in footer(resident)
    assert "14 0492" not in footer(resident)  # the list is folded away: no number stands for everyone
    resident.click(".bellen summary")  # opens with the keyboard too: a native <details>
    numbers = resident.locator(".bellen .gemeenten li").all_inner_texts()
    assert "Deurne: 0493 38 76 00" in numbers and "Helmond: 14 0492" in numbers and len(numbers) == 6
    resident.screenshot(path=str(SHOTS / "bellen-1-nog-onbekend.png"), full_page=True)

    say(resident, "kapot")  # the chat is down before the municipality is known: no neighbour's number
    resident.wait_for_selector("#status.fout")
    outage = resident.locator("#status").inner_text()
    assert "Bel uw eigen gemeente" in outage and "0800-0767" in outage and "14 0492" not in outage

    say(resident, "ik kan niet meer koken")
    resident.click("text=Voor mijzelf")
    say(resident, "Ik woon in Deurne")
    resident.wait_for_selector("text=Klopt dit?")
    assert footer(resident).startswith("Liever bellen? Bel de gemeente Deurne: 0493 38 76 00 "
                                       "(maandag tot en met vrijdag van 8.30 tot 17.00 uur).")
    assert resident.get_attribute("#bellen-telefoon", "href") == "tel:0493387600"
    assert resident.locator("#bellen-eigen").is_hidden()
    say(resident, "kapot")
    resident.wait_for_function("document.getElementById('status').textContent.includes('0493 38 76 00')")
    resident.screenshot(path=str(SHOTS / "bellen-2-deurne.png"), full_page=True)

    resident.reload()  # the history comes back, and so does the municipality
    resident.wait_for_selector("text=Klopt dit?")
    resident.wait_for_selector("#bellen-gemeente:not([hidden])")
    assert "0493 38 76 00" in footer(resident)

    resident.click("text=Ja, geef het door")  # out of hours: nobody there, so the panel says whom to call
    resident.wait_for_selector("#niemand:not([hidden])")
    panel = resident.locator("#niemand").inner_text()
    assert "de gemeente Deurne bellen: 0493 38 76 00, weer open morgen, vrijdag, na 8.30 uur;" in panel
    assert "14 0492" not in panel and resident.locator("#niemand-gemeenten").is_hidden()
    resident.screenshot(path=str(SHOTS / "bellen-3-niemand-deurne.png"), full_page=True)
    assert_accessible(resident)


def test_nobody_available_without_a_municipality_lists_every_number(chat, browser):
    url = chat(**NEVER_OPEN)
    resident = resident_page(browser)
    resident.goto(f"{url}/chat")
    say(resident, "ik woon ergens anders")
    resident.click("text=Ja, geef het door")
    resident.wait_for_selector("#niemand:not([hidden])")
    assert resident.locator("#niemand-gemeente").is_hidden()
    listed = resident.locator("#niemand-gemeenten").inner_text()
    assert "uw eigen gemeente bellen" in listed and "Asten: 0493 69 25 00" in listed and "Helmond: 14 0492" in listed
    assert "de Peelgemeenten bellen" not in resident.locator("#niemand").inner_text()
    resident.screenshot(path=str(SHOTS / "bellen-4-niemand-onbekend.png"), full_page=True)
    assert_accessible(resident)


def test_the_widget_shows_the_list_then_the_own_municipality(chat, browser):
    url = chat(**ALWAYS_OPEN)
    page = browser.new_context(viewport={"width": 1024, "height": 800}).new_page()
    page.goto(f"{url}/voorbeeld-gemeente")
    page.click("button.wegwijs-knop")
    widget = page.frame_locator("#wegwijs-venster")
    assert "Bel uw eigen gemeente" in widget.locator(".bellen").inner_text()
    widget.locator("#bericht").fill("Ik woon in Deurne")
    widget.locator("#bericht").press("Enter")
    widget.locator("#bellen-gemeente:not([hidden])").wait_for()
    assert "0493 38 76 00" in widget.locator(".bellen").inner_text()


# -- 2. buttons of earlier turns -----------------------------------------------------------------------

def posts_of(page) -> list[str]:
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.post_data or "") if r.method == "POST"
            and r.url.endswith("/berichten") else None)
    return sent


def assert_only_the_latest_turn_can_be_pressed(page) -> None:
    groups = page.locator("ol#berichten .quick")
    assert groups.count() == 2
    old, latest = groups.nth(0), groups.nth(1)
    assert all(b.is_disabled() for b in old.locator("button").all())
    assert "eerdere vraag" in old.locator(".visually-hidden").inner_text()  # said to screen readers
    assert all(b.is_enabled() for b in latest.locator("button").all())


def test_buttons_of_an_earlier_turn_send_nothing(chat, browser):
    url = chat(**ALWAYS_OPEN)
    resident = resident_page(browser)
    sent = posts_of(resident)
    resident.goto(f"{url}/chat")
    say(resident, "ik kan niet meer koken")
    resident.click("text=Voor mijzelf")
    say(resident, "Ik woon in Deurne")
    resident.wait_for_selector("text=Klopt dit?")
    assert_only_the_latest_turn_can_be_pressed(resident)
    before = len(sent)
    resident.locator("button:has-text('Voor een ander')").click(force=True)  # a stale answer
    resident.locator("button:has-text('Voor een ander')").dispatch_event("click")
    resident.wait_for_timeout(300)
    assert len(sent) == before and resident.locator("li.inwoner", has_text="Voor een ander").count() == 0
    resident.screenshot(path=str(SHOTS / "knoppen-1-oud-uit.png"), full_page=True)
    assert_accessible(resident)

    resident.reload()  # rebuilt from the history: still only the latest turn's buttons
    resident.wait_for_selector("text=Klopt dit?")
    assert_only_the_latest_turn_can_be_pressed(resident)
    resident.locator("button:has-text('Voor mijzelf')").click(force=True)
    resident.wait_for_timeout(300)
    assert len(sent) == before
    resident.click("text=Ja, geef het door")  # the latest turn's answer goes through
    resident.wait_for_selector("text=Uw vraag staat klaar")
    assert len(sent) == before + 1 and '"button":"/bevestigen"' in sent[-1]
    assert resident.locator("ol#berichten .quick:not(.oud)").count() == 0  # the answered turn too
    resident.screenshot(path=str(SHOTS / "knoppen-2-na-herladen.png"), full_page=True)


def test_the_widget_also_retires_old_buttons(chat, browser):
    url = chat(**ALWAYS_OPEN)
    page = browser.new_context(viewport={"width": 1024, "height": 800}).new_page()
    page.goto(f"{url}/voorbeeld-gemeente")
    page.click("button.wegwijs-knop")
    widget = page.frame_locator("#wegwijs-venster")
    widget.locator("#bericht").fill("ik kan niet meer koken")
    widget.locator("#bericht").press("Enter")
    widget.locator("text=Voor mijzelf").click()
    widget.locator("text=In welke gemeente woont u?").wait_for()
    assert widget.locator("button:has-text('Voor een ander')").is_disabled()
    page.reload()
    widget = page.frame_locator("#wegwijs-venster")
    widget.locator("text=In welke gemeente woont u?").wait_for()
    assert widget.locator("button:has-text('Voor een ander')").is_disabled()
    page.screenshot(path=str(SHOTS / "knoppen-3-widget.png"))


# -- 3. "Snel weg" never covers the crisis panel's heading --------------------------------------------

def overlap(a: dict, b: dict) -> bool:
    return (a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
            and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"])


@pytest.mark.parametrize("width, height, name", [(1280, 800, "desktop"), (390, 844, "mobiel")])
def test_the_quick_exit_bar_never_covers_the_crisis_heading(chat, browser, width, height, name):
    url = chat(**ALWAYS_OPEN)
    resident = browser.new_context(viewport={"width": width, "height": height}).new_page()
    resident.goto(f"{url}/chat")
    for turn in range(1, 5):  # a longer conversation: the page has scrolled down when the crisis comes
        say(resident, "ik kan niet meer koken")
        resident.locator("li.bot .quick").nth(turn - 1).wait_for()
    say(resident, "mijn man heeft me net geslagen")
    resident.wait_for_selector("#crisis:not([hidden])")
    resident.wait_for_timeout(300)  # the panel scrolls itself into view
    bar, heading = resident.locator(".snel-weg-balk"), resident.locator("#crisis-kop")
    assert resident.evaluate("window.scrollY") > 0  # the bar is sticking, not at its own place
    assert heading.is_visible() and not overlap(bar.bounding_box(), heading.bounding_box())
    resident.screenshot(path=str(SHOTS / f"snel-weg-crisis-{name}.png"))
    for how in ("scrollIntoView()", "scrollIntoView({block: 'start'})", "focus()"):
        resident.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        resident.evaluate(f"document.getElementById('{'crisis' if how == 'focus()' else 'crisis-kop'}').{how}")
        box = heading.bounding_box()
        assert box["y"] >= 0 and not overlap(bar.bounding_box(), box), how


# -- 5. what the consultant agreed, in "Mijn overzicht" ----------------------------------------------

AGREED = {
    "terugbelafspraak": ("nl", "We bellen u terug op vrijdag 4 december om 10.30 uur."),
    "melding-wmo": ("nl", "Uw vraag is doorgezet als melding Wmo. De gemeente laat u weten wat de volgende stap is."),
    "keukentafelgesprek": ("en", "There will be a kitchen-table talk: a talk at your home about what you need. "
                                 "The municipality will contact you to make an appointment."),
}


@pytest.mark.parametrize("follow_up", list(AGREED))
def test_mijn_overzicht_shows_the_follow_up_the_consultant_agreed(stack, browser, staff_login, follow_up):  # noqa: F811
    language, agreed = AGREED[follow_up]
    url = stack(**ALWAYS_OPEN)
    consultant = staff_page(browser)
    staff_login(consultant, url, "consulent-helmond")
    resident = resident_page(browser)
    resident.goto(f"{url}/chat?lang={language}")
    say(resident, "mijn moeder kan niet meer koken")
    resident.wait_for_selector("li.card")
    say(resident, "ik wil een mens spreken, ik woon in Helmond")
    resident.locator("button:has-text('Ja, geef het door')").click()
    consultant.wait_for_selector("text=ik woon in Helmond")
    consultant.click(".overdracht a")
    consultant.click("button:has-text('Oppakken')")
    consultant.wait_for_selector("#bericht")
    consultant.select_option("#vervolg", follow_up)
    if follow_up == "terugbelafspraak":
        consultant.fill("#vervolg-moment", "2026-12-04T10:30")
    consultant.fill("#vervolg-notitie", "Interne notitie: dochter belt ook")
    consultant.click("button:has-text('Teruggeven aan de chatbot')")
    consultant.wait_for_selector("text=Het blijft bij u staan")
    resident.wait_for_selector("text=Ik ben er weer")

    resident.click("#overzicht-link")
    resident.wait_for_selector("h1:has-text('Mijn overzicht'), h1:has-text('My overview')")
    steps = resident.locator("main ul").first.inner_text()
    assert agreed in steps
    assert "Interne notitie" not in resident.locator("main").inner_text()  # the note is not for the resident
    resident.screenshot(path=str(SHOTS / f"overzicht-{follow_up}.png"), full_page=True)
    assert_accessible(resident)


# -- 4. hours in the English UI -----------------------------------------------------------------------

def test_hours_and_open_now_read_in_english_on_the_english_ui(stack, browser):  # noqa: F811
    url = stack(**NEVER_OPEN)
    resident = resident_page(browser)
    resident.goto(f"{url}/chat?lang=en")
    assert "Rather call? Call your own municipality." in footer(resident)
    say(resident, "mijn moeder kan niet meer koken")
    card = resident.locator("li.card").first
    card.wait_for()
    facts = dict(zip(card.locator("dt").all_inner_texts(), card.locator("dd").all_inner_texts(), strict=True))
    assert facts["Open"] == "Tue 10:00–12:00; Thu 10:00–12:00" and facts["Open now"] == "no"
    say(resident, "ik wil een mens spreken, ik woon in Helmond")
    resident.click("text=Ja, geef het door")
    resident.wait_for_selector("#niemand:not([hidden])")
    panel = resident.locator("#niemand").inner_text()
    assert "The staff of the municipality of Helmond work Monday to Friday 08:30–17:00." in panel
    assert "call the municipality of Helmond: 14 0492, open again tomorrow, Friday, after 08:30;" in panel
    assert "We will call you back tomorrow, Friday, after 08:30." in panel
    assert not any(word in panel for word in ("maandag", "vrijdag", " uur", "morgen"))
    resident.screenshot(path=str(SHOTS / "uren-engels.png"), full_page=True)
    assert_accessible(resident)
