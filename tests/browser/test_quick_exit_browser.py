"""Safety for a resident in danger, in headless Chromium: "Snel weg" (button or Escape twice) leaves
for a neutral site, the chat is not in the history and not in the browser's storage any more; a
message that could not be sent is not shown as sent. Screenshots land in tests/browser/screenshots/."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

NEUTRAL = "https://weer.example/"


def fake_rasa(_conversation_id, text):
    state = {"topic": "huiselijk-geweld", "crisis": False, "mode": "bot", "ladder_step": None,
             "services": [], "handover_id": None}
    if text == "kapot":
        return []  # the action server is down: the turn did not happen
    return [{"text": "Wat naar dat u dit meemaakt. Bent u nu veilig?"}, {"custom": {"state": state}}]


@pytest.fixture
def page(serve, browser):
    url = serve(RASA_CLIENT=fake_rasa, QUICK_EXIT_URL=NEUTRAL)
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.route(f"{NEUTRAL}**", lambda route: route.fulfill(
        status=200, content_type="text/html", body="<html lang='nl'><h1>Het weer vandaag</h1></html>"))
    page.goto(f"{url}/voorbeeld-gemeente")  # where the resident came from
    page.goto(f"{url}/chat")
    page.url_base = url
    return page


def stored_conversation(page) -> str | None:
    return page.evaluate("sessionStorage.getItem('wegwijs-gesprek') || localStorage.getItem('wegwijs-gesprek')")


def test_quick_exit_leaves_no_trace_in_the_browser(page, shots):
    page.keyboard.press("Tab")  # the skip link first, then the quick exit
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "snel-weg"
    page.fill("#bericht", "mijn man slaat mij")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Bent u nu veilig?")
    assert stored_conversation(page)
    button = page.locator("#snel-weg")
    assert button.is_visible() and button.inner_text() == "Snel weg"
    page.screenshot(path=str(shots / "chat-snel-weg.png"), full_page=False)
    page.mouse.wheel(0, 2000)
    assert button.is_visible()  # stays in view
    button.focus()
    page.keyboard.press("Enter")  # by keyboard
    page.wait_for_url(NEUTRAL)
    assert page.inner_text("h1") == "Het weer vandaag"
    page.go_back()  # the chat was replaced in the history: back goes to the page before it
    assert page.url.endswith("/voorbeeld-gemeente")
    page.goto(f"{page.url_base}/chat")
    page.wait_for_selector("text=Welkom bij Wegwijs")
    assert "mijn man slaat mij" not in page.inner_text("#berichten") and stored_conversation(page) is None
    # Escape twice does the same
    page.fill("#bericht", "hallo")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Bent u nu veilig?")
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_url(NEUTRAL)


def test_a_message_that_was_not_sent_stays_in_the_box(page, shots):
    page.fill("#bericht", "kapot")
    page.keyboard.press("Enter")
    page.wait_for_selector("#status.fout")
    assert "niet verstuurd" in page.inner_text("#status")
    assert page.input_value("#bericht") == "kapot"  # kept to try again ...
    assert "kapot" not in page.inner_text("#berichten")  # ... and not shown as sent
    page.screenshot(path=str(shots / "chat-niet-verstuurd.png"), full_page=True)


def test_quick_exit_in_the_widget_leaves_the_municipal_page(page):
    page.goto(f"{page.url_base}/voorbeeld-gemeente")
    page.locator("button", has_text="Chat met Wegwijs").first.click()
    chat = page.frame_locator("iframe#wegwijs-venster")
    chat.locator("#bericht").fill("hallo")
    chat.locator("#bericht").press("Enter")
    chat.locator("text=Bent u nu veilig?").wait_for()
    chat.locator("#snel-weg").click()
    page.wait_for_url(NEUTRAL)  # the whole page, not only the chat window
    assert page.inner_text("h1") == "Het weer vandaag"
