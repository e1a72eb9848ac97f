"""Issue 13, the two journeys its "Done when" still missed, in two headless Chromium windows (resident
and consultant): veiled suicidal thoughts in and out of office hours, and a summary the resident
corrects before it is passed on. A fake bot speaks the REST contract with the texts of
bot/actions/catalogue/nl.yml and files handovers through the hub's real intake API, shaped as
bot/actions/dialogue.py `record()` makes them. Screenshots go to /tmp/shots-journeys/ — look at them.
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
    staff_login,  # noqa: F401 (a fixture)
    staff_page,
    state,
)

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/shots-journeys")

VEILED = "Ik zie het niet meer zitten. Het zou voor iedereen beter zijn als ik er niet meer was."
HELPLINES = ("Uw veiligheid gaat voor. Deze mensen kunnen u nu meteen helpen, dag en nacht:\n"
             "• Direct gevaar: bel 112.\n• Gedachten aan zelfdoding: bel 113 of gratis 0800-0113, of chat via 113.nl.\n"
             "• Geweld of dreiging thuis: bel Veilig Thuis, gratis 0800-2000.")
QUESTION = "Mijn moeder kan niet meer zelf boodschappen doen"


def summary(municipality: str) -> str:
    return (f"• Uw vraag: {QUESTION}\n• Onderwerp: Boodschappen\n• Voor: uw moeder\n"
            f"• Gemeente: {municipality}")


CONSENT_BUTTONS = [{"title": "Ja, geef het door", "payload": "/bevestigen"},
                   {"title": "Er klopt iets niet", "payload": "Er klopt iets niet"},
                   {"title": "Niet doorgeven", "payload": "Niet doorgeven"}]


def journey_rasa(hub: dict):
    """The bot's turns of these two journeys: a crisis turn, then a spoed handover with the resident's own
    words, never a consent step first; and a summary, "Nee", a corrected line, consent, handover."""
    place: dict[str, str] = {}

    def answer(conversation_id, text):
        low = text.lower()
        if "niet meer zitten" in low:
            return [{"text": HELPLINES},
                    {"text": "Dank u dat u dit vertelt. U hoeft dit niet alleen te dragen."},
                    {"text": "Wilt u nu hier in de chat met een mens praten? Als er iemand is, zet ik uw vraag "
                             "meteen met spoed klaar.",
                     "buttons": [{"title": "Ja, ik wil met iemand praten", "payload": "/mens_spreken"},
                                 {"title": "Nee, nu niet", "payload": "/ontkennen"}]},
                    state(topic=None, crisis=True)]
        if text == "/mens_spreken":  # the crisis offer accepted: filed at once, the words as said
            made = file_handover(hub, conversation_id, question=VEILED, problem=VEILED, topic=None,
                                 municipality=None, urgency="spoed", safety_flags=["suicide"],
                                 summary=[{"field": "question", "text": VEILED},
                                          {"field": "for_whom", "text": "uzelf"},
                                          {"field": "urgency", "text": "ja"}])
            return [{"text": "Uw vraag staat met spoed klaar. Is er nu een medewerker, dan komt die meteen hier "
                             "in de chat. Wacht niet als u in gevaar bent: bel 112."},
                    state(topic=None, crisis=True, mode="wacht-op-mens", handover_id=made)]
        if "boodschappen" in low:
            place[conversation_id] = "Deurne"
            return [{"text": "Dit geef ik door aan een medewerker, zodat u uw verhaal niet opnieuw hoeft te "
                             "vertellen:"},
                    {"text": summary("Deurne")},
                    {"text": "Klopt dit, en mag ik dit doorgeven?", "buttons": CONSENT_BUTTONS},
                    state(topic="boodschappen")]
        if low in ("nee", "er klopt iets niet"):  # "Nee" no longer ends everything
            return [{"text": "Wat klopt er niet? Kies de regel, of typ wat er anders moet.",
                     "buttons": [{"title": t, "payload": t} for t in ("Uw vraag", "Onderwerp", "Voor", "Gemeente",
                                                                       "Niet doorgeven")]},
                    state(topic="boodschappen")]
        if text == "Gemeente":
            return [{"text": "Wat moet er bij 'Gemeente' staan?"}, state(topic="boodschappen")]
        if text == "Asten":
            place[conversation_id] = "Asten"
            return [{"text": "Dank u, ik heb het aangepast."}, {"text": summary("Asten")},
                    {"text": "Klopt het zo, en mag ik het doorgeven?", "buttons": CONSENT_BUTTONS},
                    state(topic="boodschappen")]
        if text == "/bevestigen":
            town = place.get(conversation_id, "Deurne")
            made = file_handover(
                hub, conversation_id, question=QUESTION, problem=QUESTION, topic="boodschappen", for_whom="ander",
                relation="moeder", municipality=town, corrections=[f"Gemeente: Deurne → {town}"],
                summary=[{"field": "question", "text": QUESTION}, {"field": "topic", "text": "Boodschappen"},
                         {"field": "for_whom", "text": "uw moeder"}, {"field": "municipality", "text": town}])
            return [{"text": "Dank u. Uw vraag staat klaar. Zodra er een medewerker is, komt die hier in de chat. "
                             "U ziet het hier als dat zo is."},
                    state(topic="boodschappen", mode="wacht-op-mens", handover_id=made)]
        if text == "/terug_naar_bot":
            return [{"text": "Ik ben er weer. Kan ik u nog ergens mee helpen?"}, state(topic=None)]
        return [{"text": "Dat begrijp ik niet goed. Kunt u het in andere woorden zeggen?"}, state(topic=None)]
    return answer


@pytest.fixture
def stack(serve):
    def start(**config):
        hub: dict = {}
        hub["url"] = serve(RASA_CLIENT=journey_rasa(hub), SECRET_KEY="browser-test", **config)
        return hub["url"]
    SHOTS.mkdir(exist_ok=True)
    return start


def crisis_turn(resident, url: str) -> None:
    """The veiled message; at once, before any summary or consent, the numbers that answer now."""
    resident.goto(f"{url}/chat")
    say(resident, VEILED)
    resident.wait_for_selector("#crisis:not([hidden])")
    panel = resident.locator("#crisis")
    assert panel.get_attribute("role") == "alert"
    assert [a.get_attribute("href") for a in panel.locator("a").all()] == [
        "tel:112", "tel:113", "tel:08000113", "tel:08002000"]
    text = panel.inner_text()
    assert "Direct gevaar: bel 112." in text and "Denkt u aan zelfdoding? Bel 113 of gratis 0800-0113." in text
    assert "Geweld thuis: bel Veilig Thuis, gratis 0800-2000." in text
    assert resident.locator("text=Mag ik dit doorgeven?").count() == 0  # no consent before a human
    assert resident.locator(".feedback").count() == 0  # no "Had u iets aan dit antwoord?" under a crisis


@pytest.mark.parametrize("when", ["kantoortijd", "buiten-kantoortijd"])
def test_veiled_suicidal_thoughts(stack, browser, staff_login, when):  # noqa: F811
    in_hours = when == "kantoortijd"
    url = stack(**(ALWAYS_OPEN if in_hours else NEVER_OPEN))
    staff = staff_page(browser)
    if in_hours:  # the consultant is at work before the resident writes
        staff_login(staff, url, "consulent")
        staff.wait_for_selector("text=Er wacht nu niemand")

    resident = resident_page(browser)
    crisis_turn(resident, url)
    line = resident.locator("#crisis-chat")
    if in_hours:
        assert line.inner_text() == "Er is nu iemand aan het werk die in deze chat met u kan praten."
    else:
        assert line.inner_text() == ("Er is nu niemand in deze chat. Bel een van de nummers hierboven: daar "
                                     "neemt altijd iemand op.")
    resident.screenshot(path=str(SHOTS / f"suicide-1-inwoner-direct-hulp-{when}.png"), full_page=True)

    resident.click("text=Ja, ik wil met iemand praten")
    resident.wait_for_selector("text=Uw vraag staat met spoed klaar")
    assert resident.locator("li.inwoner", has_text="Ja, ik wil met iemand praten").count() == 1
    if in_hours:
        resident.wait_for_selector("text=Er is een medewerker aan het werk")
        assert resident.locator("#niemand").is_hidden()
    else:
        resident.wait_for_selector("#niemand:not([hidden])")
        nobody = resident.locator("#niemand").inner_text()
        assert ("Er is nu niemand aan het werk die in deze chat kan komen. Zodra er iemand is, ziet die uw vraag "
                "als eerste. Bent u in gevaar? Bel nu 112.") in nobody
        assert resident.locator("#terugbellen").is_hidden()  # never a call-back for an acute threat
        assert resident.locator("#niemand-gemeente").is_hidden()  # nor a closed office
        assert "0800-0767" in nobody
        assert resident.locator("#crisis").is_visible()  # 113 stays on screen
    resident.screenshot(path=str(SHOTS / f"suicide-2-inwoner-na-ja-{when}.png"), full_page=True)
    assert_accessible(resident)

    if not in_hours:  # the next one on duty, a luisteraar, finds it on top
        staff_login(staff, url, "luisteraar")
    staff.wait_for_selector(".alarm[role=alert]")
    assert "Spoed: 1 gesprek wacht op iemand." in staff.locator(".alarm").inner_text()
    first = staff.locator(".overdracht.spoed").first.inner_text()
    assert "Spoed: zelfdoding" in first and "Gemeente onbekend" in first and VEILED[:40] in first
    staff.screenshot(path=str(SHOTS / f"suicide-3-werkplek-alarm-{when}.png"), full_page=True)
    assert_accessible(staff)

    staff.click(".overdracht.spoed a")
    words = staff.locator(".samenvatting dl").first
    assert words.locator("dd", has_text=VEILED).count() == 1  # the resident's own crisis words
    assert "spoed: zelfdoding" in staff.locator(".samenvatting dl").nth(1).inner_text()
    staff.click("button:has-text('Oppakken')")
    staff.wait_for_selector("#bericht")
    who = "Sanne, Wmo-consulent" if in_hours else "Joke, luisteraar"
    resident.wait_for_selector(f"text={who} is bij het gesprek gekomen")
    staff.screenshot(path=str(SHOTS / f"suicide-4-werkplek-overdracht-{when}.png"), full_page=True)
    assert "Doorverwezen naar 113" in staff.locator("#uitkomst option").all_inner_texts()
    staff.select_option("#uitkomst", "doorverwezen-113")
    staff.click("button:has-text('Afsluiten')")
    # a crisis conversation never ends without the numbers that answer now
    resident.wait_for_selector("text=Wordt het weer onveilig of denkt u aan zelfdoding?")
    assert resident.locator("#crisis-chat").is_hidden()


def test_a_corrected_summary_is_what_staff_see(stack, browser, staff_login):  # noqa: F811
    url = stack(**ALWAYS_OPEN)
    consultant = staff_page(browser)
    staff_login(consultant, url, "consulent")  # Deurne, Asten, Someren, Gemert-Bakel, Laarbeek

    resident = resident_page(browser)
    resident.goto(f"{url}/chat")
    say(resident, QUESTION + ". Ik wil graag een medewerker spreken.")
    resident.wait_for_selector("text=Klopt dit, en mag ik dit doorgeven?")
    assert resident.is_visible("text=• Gemeente: Deurne")
    assert resident.is_visible("button:has-text('Er klopt iets niet')")
    say(resident, "Nee")  # does not end everything: which line is wrong?
    resident.wait_for_selector("text=Wat klopt er niet?")
    resident.click("button:has-text('Gemeente')")
    resident.wait_for_selector("text=Wat moet er bij 'Gemeente' staan?")
    say(resident, "Asten")
    resident.wait_for_selector("text=Klopt het zo, en mag ik het doorgeven?")
    assert resident.is_visible("text=• Gemeente: Asten")
    resident.screenshot(path=str(SHOTS / "correctie-1-inwoner-aangepast.png"), full_page=True)
    resident.locator("button:has-text('Ja, geef het door')").last.click()
    resident.wait_for_selector("text=Er is een medewerker aan het werk")

    consultant.wait_for_selector(f"text={QUESTION}")
    consultant.click(".overdracht a")
    consultant.wait_for_selector("h1:has-text('Boodschappen · Asten')")
    approved = consultant.locator(".samenvatting dl").first
    pairs = list(zip(approved.locator("dt").all_inner_texts(), approved.locator("dd").all_inner_texts(), strict=True))
    assert pairs[:5] == [("Vraag in eigen woorden", QUESTION), ("Onderwerp", "Boodschappen"),
                         ("Voor wie", "uw moeder"), ("Gemeente", "Asten"),
                         ("Verbeterd door de inwoner", "Gemeente: Deurne → Asten")]
    assert [dt for dt, _ in pairs[5:]] == ["Toestemming"]  # and nothing the resident did not see
    consultant.screenshot(path=str(SHOTS / "correctie-2-werkplek-samenvatting.png"), full_page=True)
    assert_accessible(consultant)
    consultant.click("text=Lees het hele gesprek met de chatbot")  # the button answers are in the transcript
    for said in ("Nee", "Gemeente", "Asten", "Ja, geef het door"):
        assert consultant.locator("li.inwoner", has_text=said).count() >= 1, said
    consultant.screenshot(path=str(SHOTS / "correctie-3-transcript.png"), full_page=True)
