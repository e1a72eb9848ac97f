"""A resident's chat journey in headless Chromium (Playwright), against the real web app with a
fake Rasa that speaks the REST contract. Screenshots land in tests/browser/screenshots/."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def fake_rasa(service_ids):
    def answer(conversation_id, text):
        base = {"topic": "boodschappen", "crisis": False, "mode": "bot", "ladder_step": None,
                "services": [], "handover_id": None}
        if text.startswith("ik wil dood"):
            return [{"text": "Bel 113 of 0800-0113."}, {"custom": {"state": {**base, "crisis": True}}}]
        if text == "/voor_mijzelf":
            return [{"text": "Dit kunnen mensen in uw buurt doen:"}, {"text": "Helpt dit u verder?",
                     "buttons": [{"title": "Ja, dit helpt", "payload": "/bevestigen"}]},
                    {"custom": {"state": {**base, "ladder_step": "omgeving", "services": service_ids}}}]
        return [{"text": "Zoekt u hulp voor uzelf of voor iemand anders? <script>alert(1)</script>",
                 "buttons": [{"title": "Voor mijzelf", "payload": "/voor_mijzelf"}]},
                {"custom": {"state": base}}]
    return answer


@pytest.fixture
def server(serve, demo_records):
    ids = [r["id"] for r in demo_records if r["name"].startswith("Boodschappenbus")][:2]
    return serve(RASA_CLIENT=fake_rasa(ids))


@pytest.fixture
def page(browser):
    return browser.new_page(viewport={"width": 390, "height": 844})


def test_resident_gets_service_cards_and_text_is_never_html(server, page, shots):
    page.goto(f"{server}/chat")
    page.fill("#bericht", "ik kan niet meer naar de supermarkt")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Voor mijzelf")
    assert page.locator("script", has_text="alert").count() == 0  # rendered as text
    assert "<script>alert(1)</script>" in page.inner_text("#berichten")
    page.click("text=Voor mijzelf")
    page.wait_for_selector("li.card")
    cards = page.locator("li.card h3").all_inner_texts()
    assert cards and all(name.startswith("Boodschappenbus") for name in cards)
    items = page.locator("#berichten > li").all_inner_texts()
    assert items[-1].strip().startswith("Wegwijs") and "Helpt dit u verder?" in items[-1]  # question after cards
    page.screenshot(path=str(shots / "chat-kaarten.png"), full_page=True)
    page.reload()  # the conversation survives a reload
    page.wait_for_selector("text=ik kan niet meer naar de supermarkt")


def test_crisis_shows_helplines_at_once_and_keyboard_works(server, page, shots):
    page.goto(f"{server}/chat")
    page.keyboard.press("Tab")  # skip link first
    assert page.evaluate("document.activeElement.textContent") == "Naar het invoerveld"
    page.fill("#bericht", "ik wil dood")
    page.keyboard.press("Enter")
    page.wait_for_selector("#crisis:not([hidden])")
    assert "0800-2000" in page.inner_text("#crisis")
    page.screenshot(path=str(shots / "chat-crisis.png"), full_page=True)
