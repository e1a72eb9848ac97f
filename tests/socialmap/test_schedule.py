"""Opening hours as HSDS means them: weekly and monthly rules with ordinals, interval,
dtstart/until, valid_from/valid_to, time zone, and closures on Dutch public holidays."""

from __future__ import annotations

import datetime as dt

import pytest

from socialmap.models import Schedule
from socialmap.search.schedule import is_open, is_public_holiday, windows_of


def open_at(schedule: dict, when: str) -> bool | None:
    return is_open(windows_of([Schedule.from_hsds(schedule)]), dt.datetime.fromisoformat(when))


WEEKLY = {"freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR", "opens_at": "09:00", "closes_at": "17:00"}


def test_weekly_office_hours():
    assert open_at(WEEKLY, "2026-12-03T10:00") is True      # Thursday
    assert open_at(WEEKLY, "2026-12-03T17:00") is False     # closes at 17:00
    assert open_at(WEEKLY, "2026-12-05T10:00") is False     # Saturday


@pytest.mark.parametrize("byday, when, expected", [
    ("2TU", "2026-12-08T14:30", True),    # second Tuesday of December 2026
    ("2TU", "2026-12-01T14:30", False),   # the first Tuesday
    ("2TU", "2026-12-15T14:30", False),   # the third
    ("-1FR", "2026-12-25T14:30", True),   # last Friday of December (also Christmas: no closure asked)
    ("-1FR", "2026-12-18T14:30", False),
    ("1MO,3MO", "2026-12-21T14:30", True),
    ("1MO,3MO", "2026-12-14T14:30", False),
])
def test_monthly_with_ordinals(byday, when, expected):
    schedule = {"freq": "MONTHLY", "byday": byday, "opens_at": "14:00", "closes_at": "16:00"}
    assert open_at(schedule, when) is expected


def test_monthly_by_day_of_month():
    schedule = {"freq": "MONTHLY", "bymonthday": "15", "opens_at": "10:00", "closes_at": "12:00"}
    assert open_at(schedule, "2026-12-15T11:00") is True   # a Tuesday
    assert open_at(schedule, "2027-01-15T11:00") is True   # a Friday
    assert open_at(schedule, "2026-12-16T11:00") is False


def test_every_other_week_counts_from_dtstart():
    schedule = {"freq": "WEEKLY", "interval": 2, "byday": "WE", "dtstart": "2026-12-02",
                "opens_at": "19:00", "closes_at": "21:30"}
    assert open_at(schedule, "2026-12-02T20:00") is True
    assert open_at(schedule, "2026-12-09T20:00") is False
    assert open_at(schedule, "2026-12-16T20:00") is True


def test_until_count_and_validity():
    until = {**WEEKLY, "until": "2026-12-10"}
    assert open_at(until, "2026-12-10T10:00") is True and open_at(until, "2026-12-11T10:00") is False
    count = {"freq": "WEEKLY", "byday": "MO", "dtstart": "2026-11-30", "count": 2, "opens_at": "09:00", "closes_at": "12:00"}
    assert open_at(count, "2026-12-07T10:00") is True and open_at(count, "2026-12-14T10:00") is False
    season = {**WEEKLY, "valid_from": "2026-12-07", "valid_to": "2026-12-18"}
    assert open_at(season, "2026-12-04T10:00") is False
    assert open_at(season, "2026-12-08T10:00") is True
    assert open_at(season, "2026-12-21T10:00") is False


def test_closed_on_dutch_public_holidays_when_the_data_says_so():
    assert is_public_holiday(dt.date(2027, 4, 27))            # Koningsdag
    assert is_public_holiday(dt.date(2026, 12, 25))
    closed = {**WEEKLY, "notes": "Gesloten op feestdagen."}
    assert open_at(closed, "2027-04-27T10:00") is False       # Koningsdag, a Tuesday
    assert open_at(closed, "2027-04-28T10:00") is True
    assert open_at(WEEKLY, "2027-04-27T10:00") is True        # nothing said: open
    by_attribute = {**WEEKLY, "attributes": [{"taxonomy_term": {"code": "gesloten-op-feestdagen"}}]}
    assert open_at(by_attribute, "2026-12-25T10:00") is False


def test_a_schedule_in_another_time_zone_is_shifted_to_dutch_time():
    london = {**WEEKLY, "timezone": 0}  # 09:00-17:00 UTC = 10:00-18:00 in Dutch winter time
    assert open_at(london, "2026-12-03T09:30") is False
    assert open_at(london, "2026-12-03T17:30") is True


def test_no_hours_stated_is_unknown_not_closed():
    assert is_open([], dt.datetime(2026, 12, 3, 10)) is None


def test_a_24_7_line_is_always_open():
    line = {"freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR,SA,SU", "opens_at": "00:00", "closes_at": "23:59"}
    assert open_at(line, "2026-12-25T23:59") is True and open_at(line, "2026-12-27T03:00") is True


def test_search_open_at_follows_a_monthly_rule(tmp_path, demo_records):
    from socialmap import SearchQuery, SocialMap

    record = next(r for r in demo_records if r["status"] == "active" and r.get("service_at_locations"))
    record = {**record, "id": "7b1f5a0e-0000-4000-8000-00000000abcd", "name": "Maandelijks Repaircafé Testdorp",
              "schedules": [{"id": "7b1f5a0e-0000-4000-8000-00000000abce", "freq": "MONTHLY", "byday": "2TU",
                             "opens_at": "14:00", "closes_at": "16:00"}],
              "service_at_locations": []}
    social_map = SocialMap(tmp_path / "sm.sqlite")
    assert social_map.import_hsds([record]).ok

    def found(when: str) -> list[str]:
        query = SearchQuery(q="repaircafe testdorp", open_at=dt.datetime.fromisoformat(when))
        return [hit.id for hit in social_map.search(query).items]

    assert found("2026-12-08T15:00") == [record["id"]]   # the second Tuesday
    assert found("2026-12-15T15:00") == []               # the third
