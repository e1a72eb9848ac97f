"""Opening hours from HSDS weekly schedules, in Europe/Amsterdam local time."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

# One opening window: (weekday 0=Monday, opens minute of day, closes minute of day,
# valid_from, valid_to) — compact so 100,000 services fit in memory.
Window = tuple[int, int, int, str | None, str | None]


def _minutes(value: str | None, default: int) -> int:
    if not value:
        return default
    parts = value.split(":")
    return int(parts[0]) * 60 + int(parts[1])


def windows_of(schedules) -> list[Window]:
    """Weekly windows of socialmap.models.Schedule objects; other frequencies are skipped."""
    windows: list[Window] = []
    for schedule in schedules:
        if schedule.freq not in (None, "WEEKLY"):
            continue
        opens = _minutes(schedule.opens_at, 0)
        closes = _minutes(schedule.closes_at, 24 * 60)
        if closes == 23 * 60 + 59:
            closes = 24 * 60  # "until 23:59" means through midnight
        valid_from = schedule.valid_from.isoformat() if schedule.valid_from else None
        valid_to = schedule.valid_to.isoformat() if schedule.valid_to else None
        for day in schedule.byday or DAYS:
            if day in DAYS:
                windows.append((DAYS.index(day), opens, closes, valid_from, valid_to))
    return windows


def is_open(windows: list[Window], when: dt.datetime) -> bool | None:
    """True/False for a naive local time; None when the service states no opening hours."""
    if not windows:
        return None
    weekday, minute, day = when.weekday(), when.hour * 60 + when.minute, when.date().isoformat()
    for w_day, opens, closes, valid_from, valid_to in windows:
        if w_day != weekday or not opens <= minute < closes:
            continue
        if (valid_from and day < valid_from) or (valid_to and day > valid_to):
            continue
        return True
    return False


def local_now() -> dt.datetime:
    return dt.datetime.now(AMSTERDAM).replace(tzinfo=None)
