"""One opening-hours formatter for /kaart, chat cards and the editors' preview (web/opening_hours.py)."""

import pytest

from socialmap import dutch_fields
from socialmap.models import Schedule
from web import create_app
from web.opening_hours import other_rules, short_lines, week_table


@pytest.fixture(scope="module")
def request_context(tmp_path_factory):
    app = create_app({"TESTING": True, "SECRET_KEY": "test",
                      "APP_DB": str(tmp_path_factory.mktemp("uren") / "app.sqlite")})
    with app.test_request_context():
        yield


def rule(**fields):
    return Schedule.from_hsds({"id": "s", **fields})


def test_round_the_clock_reads_the_same_in_the_table_and_the_chat_card(request_context):
    weekdays_only = [rule(freq="WEEKLY", byday="MO,TU,WE,TH,FR", opens_at="00:00", closes_at="23:59")]
    table = week_table(weekdays_only)
    assert table[0]["hours"] == ["dag en nacht"] and table[5]["hours"] == ["gesloten"]
    assert short_lines(weekdays_only) == ["ma t/m vr dag en nacht"]  # not "dag en nacht" for the whole week
    every_day = [rule(freq="WEEKLY", byday="MO,TU,WE,TH,FR,SA,SU", opens_at="00:00", closes_at="24:00")]
    assert short_lines(every_day) == ["dag en nacht"]
    assert all(row["hours"] == ["dag en nacht"] for row in week_table(every_day))


def test_days_with_the_same_hours_are_grouped(request_context):
    schedules = [rule(freq="WEEKLY", byday="MO,TU,WE", opens_at="09:00", closes_at="12:00"),
                 rule(freq="WEEKLY", byday="MO,TU,WE", opens_at="13:00", closes_at="17:00"),
                 rule(freq="WEEKLY", byday="FR", opens_at="09:00", closes_at="12:00")]
    assert short_lines(schedules) == ["ma t/m wo 09:00 tot 12:00 uur, 13:00 tot 17:00 uur",
                                      "vr 09:00 tot 12:00 uur"]


def test_monthly_and_fortnightly_rules_become_sentences(request_context):
    schedules = [rule(freq="MONTHLY", byday="-1FR", opens_at="14:00", closes_at="16:00"),
                 rule(freq="WEEKLY", interval=2, byday="WE", opens_at="10:00", closes_at="11:00")]
    assert week_table(schedules) == []
    assert other_rules(schedules) == ["elke laatste vrijdag van de maand, 14:00 tot 16:00 uur",
                                      "om de 2 weken op woensdag, 10:00 tot 11:00 uur"]


@pytest.mark.parametrize("text, stored", [("5701ab", "5701 AB"), ("5701 AB", "5701 AB")])
def test_postcodes_are_written_the_dutch_way(text, stored):
    assert dutch_fields.postcode(text) == stored


@pytest.mark.parametrize("text", ["0701 AB", "5701", "5701 SS", "57O1 AB", "5701 ABC"])
def test_wrong_postcodes_are_refused(text):
    with pytest.raises(ValueError, match="geen Nederlandse postcode"):
        dutch_fields.postcode(text)


@pytest.mark.parametrize("text", ["0492-123456", "06-12345678", "0800-0113", "0900-8020", "+31 492 123456",
                                  "112", "113", "14 0492", "(0492) 12 34 56"])
def test_dutch_phone_numbers_pass(text):
    assert dutch_fields.phone(text)


@pytest.mark.parametrize("text", ["12345", "0492-12345", "06-123456789", "+32 2 123 45 67", "bel ons"])
def test_other_phone_numbers_are_refused(text):
    with pytest.raises(ValueError, match="geen Nederlands telefoonnummer"):
        dutch_fields.phone(text)


def test_dates_urls_and_email():
    assert dutch_fields.date("1-3-2026") == dutch_fields.date("2026-03-01") == "2026-03-01"
    for bad in ("31-2-2026", "2026-13-01", "gisteren"):
        with pytest.raises(ValueError, match="geen geldige datum"):
            dutch_fields.date(bad)
    assert dutch_fields.url("https://www.voorbeeld.nl/hulp")
    with pytest.raises(ValueError):
        dutch_fields.url("javascript:alert(1)")
    with pytest.raises(ValueError):
        dutch_fields.email("info@voorbeeld")


# -- the English UI (?lang=en): the same rules, in English; Dutch above stays as it is ---------------

@pytest.fixture
def english(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "APP_DB": str(tmp_path / "app.sqlite")})
    with app.test_request_context("/kaart/?lang=en"):
        yield


def test_weekly_hours_read_in_english(english):
    schedules = [rule(freq="WEEKLY", byday="MO,TU,WE,TH,FR", opens_at="08:30", closes_at="17:00"),
                 rule(freq="WEEKLY", byday="SA", opens_at="10:00", closes_at="12:00")]
    assert short_lines(schedules) == ["Mon to Fri 08:30–17:00", "Sat 10:00–12:00"]
    table = week_table(schedules)
    assert (table[0]["day"], table[0]["hours"]) == ("Monday", ["08:30–17:00"])
    assert (table[6]["day"], table[6]["hours"]) == ("Sunday", ["closed"])
    pair = [rule(freq="WEEKLY", byday="MO,TU", opens_at="00:00", closes_at="23:59")]
    assert short_lines(pair) == ["Mon and Tue day and night"]


@pytest.mark.parametrize("fields, sentence", [
    ({"freq": "MONTHLY", "byday": "2TU"}, "every 2nd Tuesday of the month, 10:00–12:00"),
    ({"freq": "MONTHLY", "byday": "1MO,3MO"}, "every 1st Monday and 3rd Monday of the month, 10:00–12:00"),
    ({"freq": "MONTHLY", "byday": "-1FR"}, "every last Friday of the month, 10:00–12:00"),
    ({"freq": "MONTHLY", "bymonthday": "11,22"}, "on the 11th and the 22nd of the month, 10:00–12:00"),
    ({"freq": "WEEKLY", "interval": 2, "byday": "WE"}, "every 2 weeks on Wednesday, 10:00–12:00"),
])
def test_rules_a_table_cannot_show_become_english_sentences(english, fields, sentence):
    assert other_rules([rule(opens_at="10:00", closes_at="12:00", **fields)]) == [sentence]


def test_the_same_monthly_rule_stays_dutch_in_the_dutch_ui(request_context):
    assert other_rules([rule(freq="MONTHLY", byday="2TU", opens_at="10:00", closes_at="12:00")]) == [
        "elke 2e dinsdag van de maand, 10:00 tot 12:00 uur"]
