"""/kaart in a real browser for the two honest answers of issue 12: a crisis box above
everything, and 'nothing fits these filters' with the way out (screenshots under /tmp)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_accessibility import AXE, _axe

pytestmark = pytest.mark.browser
OUT = Path(os.environ.get("WEGWIJS_SHOTS", "/tmp"))


def _page(browser, url: str, name: str, width: int = 1100):
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.goto(url)
    page.screenshot(path=str(OUT / f"kaart-{name}.png"), full_page=True)
    return context, page


def test_crisis_box_is_on_top_visible_and_accessible(serve, browser):
    base = serve()
    context, page = _page(browser, f"{base}/kaart/?q=ik+wil+niet+meer+leven", "crisis")
    box = page.locator("section.crisis")
    assert box.is_visible()
    assert box.bounding_box()["y"] < page.locator("form.zoeken").bounding_box()["y"]
    assert page.locator("section.crisis a[href='tel:113']").is_visible()
    if AXE.exists():
        assert not [v for v in _axe(page)["violations"] if v.get("impact") in ("serious", "critical")]
    context.close()
    context, page = _page(browser, f"{base}/kaart/?q=my+husband+beats+me", "crisis-phone", width=390)
    assert page.locator("section.crisis a[href='tel:08002000']").is_visible()
    context.close()


def test_no_match_with_filters_says_so_and_links_onwards(serve, browser):
    base = serve()
    context, page = _page(browser, f"{base}/kaart/?q=maaltijden&free=true&municipality=Asten", "geen-match")
    assert page.get_by_text("Met deze filters vonden we niets dat past bij uw vraag.").is_visible()
    link = page.locator("section.zonder-filters a").first
    link.click()
    page.wait_for_load_state()
    assert "free" not in page.url and page.locator("article.dienst").count() > 0
    context.close()
