"""Each municipality's own number, hours and holidays (data/municipalities.yaml): what a resident
is told when nobody can pick up, when the chat is down, and when a call-back will come."""

from __future__ import annotations

import datetime as dt

import pytest
from ownership import as_resident, own_conversation  # noqa: F401

from tests.web.intake import INTAKE_HEADERS
from wegwijs_common import municipalities as m

AMS = m.AMSTERDAM
THURSDAY_EVENING = dt.datetime(2026, 12, 3, 17, 30, tzinfo=AMS)


@pytest.fixture(scope="module")
def region():
    return m.load()


def test_all_six_municipalities_have_their_own_entry_and_helmond_keeps_its_number(region):
    assert sorted(region.names()) == ["Asten", "Deurne", "Gemert-Bakel", "Helmond", "Laarbeek", "Someren"]
    assert region.get("Helmond").phone == "14 0492" and not region.get("Helmond").demo
    phones = {region.get(name).phone for name in region.names() if name != "Helmond"}
    assert len(phones) == 5 and "14 0492" not in phones
    assert region.get("helmond ") is region.get("Helmond")  # case and spaces do not matter


def test_unknown_or_missing_municipality_gets_the_regional_entry(region):
    assert region.get(None) is region.fallback and region.get("Eindhoven") is region.fallback
    assert not region.knows("Eindhoven") and region.knows("asten")


def test_hours_text_groups_the_days(region):
    assert region.get("Asten").hours_text() == (
        "maandag tot en met donderdag van 8.30 tot 17.00 uur, vrijdag van 8.30 tot 12.30 uur")


@pytest.mark.parametrize("now, name, expected", [
    (THURSDAY_EVENING, "Helmond", "morgen, vrijdag, na 8.30 uur"),
    (dt.datetime(2026, 12, 4, 7, 0, tzinfo=AMS), "Someren", "vandaag, na 9.00 uur"),
    (dt.datetime(2026, 12, 4, 13, 0, tzinfo=AMS), "Asten", "maandag 7 december, na 8.30 uur"),  # Friday afternoon
    (dt.datetime(2026, 12, 24, 18, 0, tzinfo=AMS), "Deurne", "maandag 28 december, na 8.30 uur"),  # Christmas
    (dt.datetime(2027, 4, 26, 18, 0, tzinfo=AMS), "Laarbeek", "woensdag 28 april, na 8.30 uur"),  # Koningsdag
])
def test_next_opening_counts_hours_weekends_and_public_holidays(region, now, name, expected):
    office = region.get(name)
    assert not office.is_open(now)
    assert m.when_text(office.next_opening(now), now) == expected


def test_good_friday_is_a_working_day_and_extra_closing_days_count(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text("region: {name: Regio, phone: '14 0000', hours: {vrijdag: '09:00-17:00'}, "
                    "open_on: [Goede Vrijdag], closed: [2026-04-10]}\n", encoding="utf-8")
    office = m.load(str(path)).fallback
    assert office.is_open(dt.datetime(2026, 4, 3, 10, 0, tzinfo=AMS))  # Goede Vrijdag
    assert office.closing_reason(dt.date(2026, 4, 10)) == "sluitingsdag"
    assert office.closing_reason(dt.date(2026, 12, 25)) == "Eerste Kerstdag"


@pytest.mark.parametrize("text, error", [
    ("municipalities: [{name: X}]\nregion: {name: R, phone: '1'}", "gemeente 1"),
    ("region: {name: R, phone: '1', hours: {maandag: '17:00-08:30'}}", "sluit voordat het opent"),
    ("region: {name: R, phone: '1', hours: {maan: '08:00-17:00'}}", "onbekende dag"),
    ("municipalities: []", "'region'"),
])
def test_a_wrong_data_file_names_the_problem(tmp_path, text, error):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(m.MunicipalitiesError, match=error):
        m.load(str(path))


# -- what the resident sees --------------------------------------------------------------------------

def filed(client, conversation_id, **extra):
    record = {"conversation_id": conversation_id, "question": "Ik zoek hulp in huis", "for_whom": "zelf",
              "ladder": {}, "urgency": "normaal", "anonymous": False, "municipality": "Asten",
              "consent": {"given": True, "at": "2026-12-03T16:00:00Z", "text": "Mag ik?"},
              "contact": {"preference": "chat", "value": ""}, **extra}
    own_conversation(client.application, client, conversation_id)  # `client` is the resident's browser
    return client.post("/api/v1/intern/handovers", json=record, headers=INTAKE_HEADERS).get_json()["id"]


def test_nobody_panel_uses_the_residents_municipality_and_says_when(app, staff):
    app.config["FROZEN_NOW"] = "2026-12-03T17:30:00+01:00"
    client = app.test_client()
    filed(client, "gesprek-asten-001")
    told = client.get("/api/v1/chat/gesprek-asten-001/berichten").get_json()["availability"]
    assert told["phone"] == "0493 69 25 00" and told["name"] == "de gemeente Asten"
    assert told["reason"] == "buiten-kantoortijd" and told["callback"] is True
    assert told["callback_when"] == "morgen, vrijdag, na 8.30 uur"
    filed(client, "gesprek-onbekend-1", municipality=None)
    regional = client.get("/api/v1/chat/gesprek-onbekend-1/berichten").get_json()["availability"]
    assert regional["known"] is False and regional["phone"] is None  # no one municipality's number
    assert {o["name"]: o["phone"] for o in regional["offices"]}["Deurne"] == "0493 38 76 00"
    assert len(regional["offices"]) == 6 and regional["name"] == "de Peelgemeenten"


def test_a_number_already_given_is_not_asked_again(app, staff):
    app.config["FROZEN_NOW"] = "2026-12-03T17:30:00+01:00"
    client = app.test_client()
    filed(client, "gesprek-asten-002", contact={"preference": "telefoon", "value": "06 12345678"})
    told = client.get("/api/v1/chat/gesprek-asten-002/berichten").get_json()["availability"]
    assert told["callback"] is False and told["phone_known"] is True
    assert told["callback_when"] == "morgen, vrijdag, na 8.30 uur"
    assert "06 12345678" not in str(told)


def test_a_call_back_without_a_moment_gets_the_computed_one(app, staff):
    from web import appdb

    app.config["FROZEN_NOW"] = "2026-12-03T17:30:00+01:00"
    client = app.test_client()
    handover_id = filed(client, "gesprek-asten-003")
    answer = client.post("/api/v1/chat/gesprek-asten-003/terugbellen", json={"telefoon": "06 12345678"})
    assert answer.status_code == 200
    with app.app_context():
        assert appdb.get_handover(handover_id)["callback"]["moment"] == "morgen, vrijdag, na 8.30 uur"
    told = client.get("/api/v1/chat/gesprek-asten-003/berichten").get_json()
    assert told["availability"]["callback"] is False  # asked once, never again
    assert told["messages"][-1]["text"] == "U wordt teruggebeld op 06 12345678 (morgen, vrijdag, na 8.30 uur)."


def test_no_call_back_for_spoed(app, staff):
    client = app.test_client()
    filed(client, "gesprek-spoed-0001", urgency="spoed", safety_flags=["geweld"])
    answer = client.post("/api/v1/chat/gesprek-spoed-0001/terugbellen", json={"telefoon": "06 12345678"})
    assert answer.status_code == 409 and "112" in answer.get_json()["error"]


def test_the_fault_message_names_the_residents_municipality(app, staff):
    from web import rasa_client

    def down(*_args):
        raise rasa_client.BotUnavailable("down")

    client = app.test_client()
    filed(client, "gesprek-laarbeek1", municipality="Laarbeek")
    with app.app_context():
        from web import appdb
        appdb.update_conversation("gesprek-laarbeek1", mode="bot")
    app.config["RASA_CLIENT"] = down
    answer = client.post("/api/v1/chat/gesprek-laarbeek1/berichten", json={"text": "hallo"})
    assert answer.status_code == 503 and "0492 46 97 00" in answer.get_json()["error"]
    fresh = as_resident(app, "gesprek-nieuw-001").post("/api/v1/chat/gesprek-nieuw-001/berichten", json={"text": "hallo"})
    assert "Bel uw eigen gemeente" in fresh.get_json()["error"]  # not known yet: the list on the page
    assert "14 0492" not in fresh.get_json()["error"]


def bot_names_the_place(place):
    return lambda conversation_id, text: [{"text": "Waar woont u?"}, {"custom": {"state": {
        "topic": None, "crisis": False, "mode": "bot", "ladder_step": None, "services": [],
        "handover_id": None, "place": place if "woon" in text else None}}}]


@pytest.mark.parametrize("place, municipality, phone", [
    ("Deurne", "Deurne", "0493 38 76 00"), ("Bakel", "Gemert-Bakel", "0492 37 86 00"),  # a village
    ("5751 AB", "Deurne", "0493 38 76 00"),  # a postcode (non-anonymous state.place)
])
def test_once_the_bot_names_the_place_the_chat_gets_that_municipalitys_number(app, place, municipality, phone):
    app.config["RASA_CLIENT"] = bot_names_the_place(place)
    resident = as_resident(app, "gesprek-plaats-01")
    first = resident.post("/api/v1/chat/gesprek-plaats-01/berichten", json={"text": "hallo"}).get_json()
    assert "contact" not in first  # not known yet: the page keeps its list of every municipality
    said = resident.post("/api/v1/chat/gesprek-plaats-01/berichten", json={"text": f"ik woon in {place}"}).get_json()
    assert said["contact"]["known"] and said["contact"]["municipality"] == municipality
    assert said["contact"]["phone"] == phone and said["contact"]["offices"] == []
    later = resident.post("/api/v1/chat/gesprek-plaats-01/berichten", json={"text": "verder"}).get_json()
    assert "contact" not in later  # a turn without a place forgets nothing
    restored = resident.get("/api/v1/chat/gesprek-plaats-01/berichten").get_json()  # after a reload
    assert restored["contact"]["phone"] == phone


def test_a_place_outside_the_region_keeps_the_list(app):
    app.config["RASA_CLIENT"] = bot_names_the_place("Eindhoven")
    resident = as_resident(app, "gesprek-plaats-02")
    said = resident.post("/api/v1/chat/gesprek-plaats-02/berichten", json={"text": "ik woon in Eindhoven"}).get_json()
    assert "contact" not in said
    assert resident.get("/api/v1/chat/gesprek-plaats-02/berichten").get_json()["contact"] is None


def test_the_chat_page_lists_every_municipality_before_it_knows(client):
    page = client.get("/chat").get_data(as_text=True)
    assert "Liever bellen? Bel uw eigen gemeente." in page
    for name, phone in [("Deurne", "0493 38 76 00"), ("Helmond", "14 0492"), ("Laarbeek", "0492 46 97 00")]:
        assert f'{name}: <a href="tel:{phone.replace(" ", "")}">{phone}</a>' in page
    assert "Liever bellen? De gemeente: 14 0492" not in page


def test_hours_and_openings_in_english(region):
    assert region.get("Asten").hours_text("en") == "Monday to Thursday 08:30–17:00, Friday 08:30–12:30"
    assert region.get("Helmond").hours_text("en") == "Monday to Friday 08:30–17:00"
    office = region.get("Asten")
    friday = dt.datetime(2026, 12, 4, 13, 0, tzinfo=AMS)
    assert m.when_text(office.next_opening(friday), friday, "en") == "Monday 7 December, after 08:30"
    assert m.when_text(office.next_opening(THURSDAY_EVENING), THURSDAY_EVENING, "en") == "tomorrow, Friday, after 08:30"
    assert region.get("Asten").display_name_in("en") == "the municipality of Asten"
    assert region.fallback.display_name_in("en") == "the Peel municipalities"


def test_the_english_chat_api_tells_the_hours_in_english(app, staff):
    app.config["FROZEN_NOW"] = "2026-12-03T17:30:00+01:00"
    client = app.test_client()
    filed(client, "gesprek-engels-01")
    client.get("/chat?lang=en")  # the language switch sticks in the session
    told = client.get("/api/v1/chat/gesprek-engels-01/berichten").get_json()["availability"]
    assert told["hours"] == "Monday to Thursday 08:30–17:00, Friday 08:30–12:30"  # Asten
    assert told["opens"] == told["callback_when"] == "tomorrow, Friday, after 08:30"
    client.get("/chat?lang=nl")
    told = client.get("/api/v1/chat/gesprek-engels-01/berichten").get_json()["availability"]
    assert told["callback_when"] == "morgen, vrijdag, na 8.30 uur"  # Dutch stays as it is
