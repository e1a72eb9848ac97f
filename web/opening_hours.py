"""Opening hours as residents read them: the one formatter for /kaart, chat cards and the editors' preview.

Plain weekly rules become a table per weekday ("maandag: 09:00 tot 17:00 uur"); rules that a table
cannot show (monthly ordinals, every other week, an end date) become sentences such as "elke 2e
dinsdag van de maand 10:00 tot 12:00 uur". "Dag en nacht" means 00:00 until 23:59/24:00 on that day,
in every view alike.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from flask_babel import format_date, get_locale
from flask_babel import gettext as _

DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
ROUND_THE_CLOCK_ENDS = ("23:59", "24:00")


def day_labels() -> dict[str, str]:
    """Weekday names in the UI language (maandag … zondag in Dutch)."""
    return {"MO": _("maandag"), "TU": _("dinsdag"), "WE": _("woensdag"), "TH": _("donderdag"),
            "FR": _("vrijdag"), "SA": _("zaterdag"), "SU": _("zondag")}


def short_day_labels() -> dict[str, str]:
    return {"MO": _("ma"), "TU": _("di"), "WE": _("wo"), "TH": _("do"), "FR": _("vr"), "SA": _("za"),
            "SU": _("zo")}


def is_plain_weekly(schedule) -> bool:
    """A rule a weekday table shows exactly: weekly, every week, no ordinals, no month days, no end."""
    return ((schedule.freq or "WEEKLY") == "WEEKLY" and schedule.interval in (None, 1)
            and not schedule.bymonthday and not schedule.until and not schedule.count
            and all(rule == rule[-2:] for rule in schedule.byday_rules))


def span_text(opens: str, closes: str) -> str:
    if opens in ("00:00", "0:00") and closes in ROUND_THE_CLOCK_ENDS:
        return _("dag en nacht")
    return _("%(opens)s tot %(closes)s uur", opens=opens, closes=closes)


def _timed(schedules: Iterable) -> list:
    return [s for s in schedules if s.opens_at and s.closes_at]


def spans_per_day(schedules: Iterable) -> dict[str, list[tuple[str, str]]]:
    """Weekday code -> sorted (opens, closes) pairs of the plain weekly rules."""
    per_day: dict[str, list[tuple[str, str]]] = {code: [] for code in DAY_CODES}
    for schedule in _timed(schedules):
        if not is_plain_weekly(schedule):
            continue
        for code in schedule.byday or DAY_CODES:
            span = (schedule.opens_at, schedule.closes_at)
            if code in per_day and span not in per_day[code]:
                per_day[code].append(span)
    return {code: sorted(spans) for code, spans in per_day.items()}


def week_table(schedules: Iterable) -> list[dict]:
    """One row per weekday, or [] when no plain weekly hours are known."""
    per_day = spans_per_day(schedules)
    if not any(per_day.values()):
        return []
    labels = day_labels()
    return [{"code": code, "day": labels[code],
             "hours": [span_text(*span) for span in per_day[code]] or [_("gesloten")],
             "closed": not per_day[code]} for code in DAY_CODES]


def english_ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 22nd."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _ordinal(number: int) -> str:
    """'2e', 'laatste' — and in the English UI '2nd', 'last' (a suffix no translation table can give)."""
    if number == -1:
        return _("laatste")
    if number == -2:
        return _("een-na-laatste")
    if number <= 0:
        return str(number)
    return english_ordinal(number) if str(get_locale() or "nl") == "en" else _("%(n)de", n=number)


def rule_sentence(schedule) -> str:
    """A rule a table cannot show, as one Dutch sentence."""
    labels = day_labels()
    hours = span_text(schedule.opens_at, schedule.closes_at)
    if (schedule.freq or "WEEKLY") == "MONTHLY":
        if schedule.byday_rules:
            parts = []
            for rule in schedule.byday_rules:
                day = labels.get(rule[-2:], rule[-2:])
                number = rule[:-2].lstrip("+")
                parts.append(f"{_ordinal(int(number))} {day}" if number.lstrip("-").isdigit() else day)
            text = _("elke %(days)s van de maand, %(hours)s", days=_(" en ").join(parts), hours=hours)
        else:
            days = _(" en ").join(_("de %(nth)s", nth=_ordinal(d)) if d > 0 else _ordinal(d)
                                  for d in schedule.bymonthday)
            text = _("op %(days)s van de maand, %(hours)s", days=days or "?", hours=hours)
    else:
        days = _(" en ").join(labels.get(code, code) for code in (schedule.byday or DAY_CODES))
        if schedule.interval and schedule.interval > 1:
            text = _("om de %(n)d weken op %(days)s, %(hours)s", n=schedule.interval, days=days, hours=hours)
        else:
            text = _("elke %(days)s, %(hours)s", days=days, hours=hours)
    if schedule.until:
        text += " " + _("(tot en met %(date)s)", date=format_date(schedule.until, "d MMMM y"))
    return text


def other_rules(schedules: Iterable, today: dt.date | None = None) -> list[str]:
    """Sentences for the rules week_table leaves out (expired ones are left out too)."""
    today = today or dt.date.today()
    sentences = []
    for schedule in _timed(schedules):
        if is_plain_weekly(schedule) or (schedule.until and schedule.until < today):
            continue
        sentence = rule_sentence(schedule)
        if sentence not in sentences:
            sentences.append(sentence)
    return sentences


def short_lines(schedules: Iterable) -> list[str]:
    """Compact lines for a chat card: 'ma t/m vr 09:00 tot 17:00 uur', 'dag en nacht', then the other rules."""
    per_day = spans_per_day(schedules)
    short = short_day_labels()
    lines: list[str] = []
    if all(len(per_day[c]) == 1 and span_text(*per_day[c][0]) == _("dag en nacht") for c in DAY_CODES):
        lines.append(_("dag en nacht"))
    else:
        index = 0
        while index < len(DAY_CODES):
            spans = per_day[DAY_CODES[index]]
            end = index
            while end + 1 < len(DAY_CODES) and per_day[DAY_CODES[end + 1]] == spans:
                end += 1
            if spans:
                first, last = short[DAY_CODES[index]], short[DAY_CODES[end]]
                days = first if end == index else (
                    _("%(first)s en %(last)s", first=first, last=last) if end == index + 1
                    else _("%(first)s t/m %(last)s", first=first, last=last))
                lines.append(f"{days} " + ", ".join(span_text(*span) for span in spans))
            index = end + 1
    return lines + other_rules(schedules)
