"""Dutch first, English second: the UI language comes from ?lang= (and then sticks for the session),
every text in the templates and views has an English translation, and Dutch pages show dates the
Dutch way ("6 oktober 2026", "maandag", "€ 2,50")."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

REPO = Path(__file__).resolve().parents[2]
PO = REPO / "web" / "translations" / "en" / "LC_MESSAGES" / "messages.po"
MO = PO.with_suffix(".mo")
MONTHS_NL = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
             "oktober", "november", "december")
DUTCH_DATE = r"\d{1,2} (?:" + "|".join(MONTHS_NL) + r") \d{4}"
ENGLISH_DATE = r"\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|November|December) \d{4}"


@pytest.fixture(scope="module", autouse=True)
def compiled_catalog():
    """`make setup` compiles the .mo; a bare pytest run right after a clone compiles it here."""
    if not MO.exists() or MO.stat().st_mtime < PO.stat().st_mtime:
        with PO.open("rb") as po, MO.open("wb") as mo:
            write_mo(mo, read_po(po, locale="en"))


def text(response) -> str:
    """The visible text of a page body, whitespace squeezed."""
    body = response.get_data(as_text=True)
    body = re.sub(r"<(script|template)\b.*?</\1>", " ", body, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.get_data(as_text=True)).group(1)


PAGES = {
    # path: (Dutch that must be there, English that must be there instead)
    "/": ("Waar zoekt u hulp bij?", "What do you need help with?"),
    "/kaart/": ("Hier vindt u hulp en activiteiten in de Peelregio.", "Here you find help and activities in the Peel region."),
    "/chat": ("Spreek een medewerker", "Talk to a member of staff"),
}


@pytest.mark.parametrize("path", PAGES)
def test_dutch_by_default_and_english_on_request(client, path):
    dutch, english = PAGES[path]
    nl = client.get(path)
    assert nl.status_code == 200
    assert html_lang(nl) == "nl"
    assert dutch in text(nl) and english not in text(nl)
    en = client.get(path, query_string={"lang": "en"})
    assert en.status_code == 200
    assert html_lang(en) == "en"
    assert english in text(en) and dutch not in text(en)


def test_the_choice_sticks_for_the_session_and_can_be_undone(client):
    client.get("/?lang=en")
    assert "Social map" in text(client.get("/kaart/"))
    assert "Talk to a member of staff" in text(client.get("/chat"))
    page = client.get("/kaart/?lang=nl")
    assert "Sociale kaart" in text(page) and html_lang(page) == "nl"
    assert "Spreek een medewerker" in text(client.get("/chat"))


def test_unknown_language_falls_back_to_dutch(client):
    page = client.get("/kaart/?lang=xx")
    assert html_lang(page) == "nl" and "Waar zoekt u hulp bij?" in text(page)


def test_language_switch_is_on_the_page_and_keeps_the_search(client):
    page = client.get("/kaart/", query_string={"q": "boodschappen", "municipality": "Deurne"}).get_data(as_text=True)
    switch = re.search(r'<a href="([^"]+)" lang="en" hreflang="en">English</a>', page)
    assert switch, "no link to the English version"
    assert "q=boodschappen" in switch.group(1) and "municipality=Deurne" in switch.group(1)
    english = client.get("/chat?lang=en").get_data(as_text=True)
    assert 'lang="nl" hreflang="nl">Nederlands</a>' in english


def test_search_results_in_english(client):
    page = text(client.get("/kaart/", query_string={"q": "boodschappen", "lang": "en"}))
    assert re.search(r"\d+ results?\b", page) and "resultaten" not in page
    assert "Add to my overview" in page and "Zet op mijn overzicht" not in page


def active_service_with(demo_map, predicate):
    return next(s for s in demo_map.list_services(status="active", limit=1000) if predicate(s))


def test_dutch_dates_weekdays_and_amounts_in_nl(client, demo_map):
    service = active_service_with(demo_map, lambda s: s.assured_date and s.all_schedules
                                  and "€" in (s.cost_summary() or ""))
    page = text(client.get(f"/kaart/dienst/{service.id}"))
    checked = service.assured_date
    assert f"Laatst gecontroleerd op {checked.day} {MONTHS_NL[checked.month - 1]} {checked.year}." in page
    assert re.search(r"\b(maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)\b", page)
    assert re.search(r"\d{2}:\d{2} tot \d{2}:\d{2} uur", page)
    assert re.search(r"€ ?\d+,\d{2}", page), "amounts with a decimal comma"
    today = dt.datetime.now(ZoneInfo("Europe/Amsterdam")).date()
    overview = text(client.get("/kaart/overzicht", query_string={"ids": service.id}))
    assert f"Gemaakt op {today.day} {MONTHS_NL[today.month - 1]} {today.year}." in overview


def test_dates_follow_the_ui_language_in_en(client, demo_map):
    service = active_service_with(demo_map, lambda s: s.assured_date and s.all_schedules)
    page = text(client.get(f"/kaart/dienst/{service.id}", query_string={"lang": "en"}))
    assert re.search(rf"Last checked on {ENGLISH_DATE}\.", page)
    assert not re.search(DUTCH_DATE, page)
    assert "Opening hours" in page and re.search(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday)\b", page)


def test_workspace_in_english(client, login):
    login(client, "consulent")
    nl = text(client.get("/werkplek/"))
    assert "Wachtrij" in nl
    en = text(client.get("/werkplek/?lang=en"))
    assert "Queue" in en and "Wachtrij" not in en


def test_every_text_has_an_english_translation():
    """New or changed texts need a translation: see the top of messages.po for the two commands."""
    with (REPO / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    in_code = {msgid if isinstance(msgid, str) else msgid[0]
               for _file, _line, msgid, _comments, _context in
               extract_from_dir(str(REPO), method_map, options_map)}
    with PO.open("rb") as po:
        catalog = read_po(po, locale="en")
    translated = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog
                  if m.id and all(m.string if isinstance(m.string, tuple) else (m.string,))
                  and "fuzzy" not in m.flags}
    missing = sorted(in_code - translated)
    assert not missing, f"{len(missing)} texts without an English translation: {missing[:10]}"
