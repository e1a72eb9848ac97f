"""The social map pages in headless Chromium: a resident searches, opens a service, ticks services
for the printable overview. Screenshots (desktop and 360 px) land in tests/browser/screenshots/."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def server(serve):
    return serve()


@pytest.mark.parametrize("width, suffix", [(1280, "desktop"), (360, "360")])
def test_search_detail_and_printable_overview(server, browser, shots, width, suffix):
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(f"{server}/kaart/")
    page.fill("#q", "boodschappen")
    page.select_option("#municipality", "Gemert-Bakel")
    page.click("form.zoeken button")
    page.wait_for_selector("article.dienst")
    page.screenshot(path=str(shots / f"kaart-resultaten-{suffix}.png"), full_page=True)
    names = page.locator("article.dienst h3").all_inner_texts()
    assert names
    boxes = page.locator("input[name=ids]")
    boxes.nth(0).check()
    if boxes.count() > 1:
        boxes.nth(1).check()
    page.click("text=Maak een overzicht om te printen")
    page.wait_for_selector("section.overzicht-dienst")
    assert page.locator("section.overzicht-dienst h2").all_inner_texts() == names[:min(2, len(names))]
    page.emulate_media(media="print")
    page.screenshot(path=str(shots / f"kaart-overzicht-print-{suffix}.png"), full_page=True)
    assert not page.locator("nav").first.is_visible()  # print CSS hides navigation
    page.emulate_media(media="screen")
    page.go_back()
    page.click(f"text={names[0]}")
    page.wait_for_selector("text=Laatst gecontroleerd op")
    page.screenshot(path=str(shots / f"kaart-dienst-{suffix}.png"), full_page=True)
    assert not [e for e in errors if "Content Security Policy" in e]
    page.close()
