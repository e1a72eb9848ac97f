"""Opening hours as HSDS means them, in Europe/Amsterdam local time.

HSDS schedules are RFC 5545 recurrences: WEEKLY or MONTHLY, `byday` with ordinals ("2TU" = the
second Tuesday, "-1FR" = the last Friday), `bymonthday`, `interval`, `dtstart` / `until` / `count`,
`valid_from` / `valid_to`, and a time zone. They are evaluated with python-dateutil's rrule, and a
schedule that says so is closed on Dutch public holidays (the `holidays` package).

For search speed every schedule becomes compact windows, one per weekday it can fall on:
`(weekday, opens, closes, since, rule)`. A plain weekly schedule has `since` and `rule` None, so
the search's hour bitmap answers "open at" alone; otherwise `rule` carries the recurrence as
RFC 5545 text and `is_open` checks the date exactly.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
AMSTERDAM_STANDARD_OFFSET = 1.0  # HSDS `timezone` is a UTC offset in hours; CET is +1
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_VALID_TO = "X-VALID-TO:"
_HOLIDAYS = "X-CLOSED-ON-HOLIDAYS:NL"

# (weekday 0=Monday, opens minute of day, closes minute of day, since ISO date, rule text)
Window = tuple[int, int, int, str | None, str | None]


def _minutes(value: str | None, default: int) -> int:
    if not value:
        return default
    parts = value.split(":")
    return int(parts[0]) * 60 + int(parts[1])


def _rule_text(schedule, freq: str, day_rule: str | None) -> str | None:
    """RFC 5545 text of what a window still has to check beyond its weekday and hours."""
    parts = []
    if freq == "MONTHLY" or schedule.interval not in (None, 1) or schedule.until or schedule.count \
            or (day_rule and day_rule[:-2]):
        start = schedule.dtstart or schedule.valid_from or dt.date(2000, 1, 3)
        rule = [f"FREQ={freq}"]
        if schedule.interval not in (None, 1):
            rule.append(f"INTERVAL={schedule.interval}")
        if day_rule:
            rule.append(f"BYDAY={day_rule}")
        if schedule.bymonthday:
            rule.append("BYMONTHDAY=" + ",".join(str(d) for d in schedule.bymonthday))
        if schedule.until:
            rule.append(f"UNTIL={schedule.until:%Y%m%d}T235959")
        elif schedule.count:
            rule.append(f"COUNT={schedule.count}")
        parts += [f"DTSTART:{start:%Y%m%d}T000000", "RRULE:" + ";".join(rule)]
    if schedule.valid_to:
        parts.append(_VALID_TO + schedule.valid_to.isoformat())
    if schedule.closed_on_holidays:
        parts.append(_HOLIDAYS)
    return "\n".join(parts) or None


def windows_of(schedules) -> list[Window]:
    """Windows of socialmap.models.Schedule objects (WEEKLY, MONTHLY or without a frequency)."""
    windows: list[Window] = []
    for schedule in schedules:
        freq = schedule.freq or "WEEKLY"
        if freq not in ("WEEKLY", "MONTHLY"):
            continue  # DAILY/YEARLY opening hours do not occur in social maps; skip, never guess
        shift = 0
        if schedule.timezone is not None and schedule.timezone != AMSTERDAM_STANDARD_OFFSET:
            shift = int(round((AMSTERDAM_STANDARD_OFFSET - schedule.timezone) * 60))
        opens = _minutes(schedule.opens_at, 0) + shift
        closes = _minutes(schedule.closes_at, 24 * 60) + shift
        if closes == 23 * 60 + 59:
            closes = 24 * 60  # "until 23:59" means through midnight
        opens, closes = max(0, opens), min(24 * 60, closes)
        since = schedule.valid_from.isoformat() if schedule.valid_from else None
        rules = schedule.byday_rules or (() if schedule.bymonthday else DAYS)
        if schedule.bymonthday and not schedule.byday_rules:
            for day in range(7):  # "the 15th" can fall on any weekday
                windows.append((day, opens, closes, since, _rule_text(schedule, freq, None)))
            continue
        for day_rule in rules:
            day = day_rule[-2:]
            if day in DAYS:
                windows.append((DAYS.index(day), opens, closes, since, _rule_text(schedule, freq, day_rule)))
    return windows


@lru_cache(maxsize=4096)
def _compiled(rule: str):
    lines = rule.split("\n")
    if len(lines) == 1 and len(rule) == 10 and rule[4] == "-":
        lines = [_VALID_TO + rule]  # an index written before rules existed kept valid_to here
    valid_to = next((line[len(_VALID_TO):] for line in lines if line.startswith(_VALID_TO)), None)
    holidays_closed = _HOLIDAYS in lines
    recurrence = "\n".join(line for line in lines if not line.startswith("X-"))
    return (rrulestr(recurrence) if recurrence else None), valid_to, holidays_closed


@lru_cache(maxsize=64)
def _dutch_holidays(year: int) -> frozenset[dt.date]:
    import holidays

    return frozenset(holidays.country_holidays("NL", years=year))


def is_public_holiday(day: dt.date) -> bool:
    return day in _dutch_holidays(day.year)


def occurs_on(rule: str | None, day: dt.date) -> bool:
    """Whether a window's rule lets it open on this date."""
    if not rule:
        return True
    recurrence, valid_to, holidays_closed = _compiled(rule)
    if valid_to and day.isoformat() > valid_to:
        return False
    if holidays_closed and is_public_holiday(day):
        return False
    if recurrence is None:
        return True
    start = dt.datetime.combine(day, dt.time())
    found = recurrence.after(start, inc=True)
    return found is not None and found.date() == day


def is_open(windows: list[Window], when: dt.datetime) -> bool | None:
    """True/False for a naive local time; None when the service states no opening hours."""
    if not windows:
        return None
    weekday, minute, day = when.weekday(), when.hour * 60 + when.minute, when.date()
    for w_day, opens, closes, since, rule in windows:
        if w_day != weekday or not opens <= minute < closes:
            continue
        if since and day.isoformat() < since:
            continue
        if occurs_on(rule, day):
            return True
    return False


def local_now() -> dt.datetime:
    return dt.datetime.now(AMSTERDAM).replace(tzinfo=None)
