"""Each municipality's own phone number, office hours and closing days (data/municipalities.yaml).

Residents are told the number of *their* municipality, whether it is open now, and when it opens
again ("morgen, vrijdag, na 8.30 uur"), with the Dutch public holidays of the `holidays` package
counted as closed. An unknown or missing municipality gets the regional entry. Used by the web hub
and usable by the bot; no Flask here.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import holidays
import yaml

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "municipalities.yaml"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
          "oktober", "november", "december")
WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December")
LOOKAHEAD_DAYS = 21  # long enough for Christmas plus a collective week off


class MunicipalitiesError(ValueError):
    """The data file is wrong; the message names the municipality and the field."""


def dutch_time(moment: dt.time) -> str:
    """8.30, 17.00 — the Dutch way of writing a time of day."""
    return f"{moment.hour}.{moment.minute:02d}"


def english_time(moment: dt.time) -> str:
    """08:30, 17:00 — as the English UI writes a time of day."""
    return moment.strftime("%H:%M")


def local_time(moment: dt.time, language: str = "nl") -> str:
    return english_time(moment) if language == "en" else dutch_time(moment)


def weekday_name(weekday: int, language: str = "nl") -> str:
    return (WEEKDAYS_EN if language == "en" else WEEKDAYS)[weekday]


def date_text(day: dt.date, language: str = "nl") -> str:
    """'vrijdag 4 december' / 'Friday 4 December'."""
    months = MONTHS_EN if language == "en" else MONTHS
    return f"{weekday_name(day.weekday(), language)} {day.day} {months[day.month - 1]}"


@dataclass(frozen=True)
class Municipality:
    name: str
    phone: str
    hours: dict[int, tuple[dt.time, dt.time]]  # weekday (0 = Monday) -> opens, closes
    closed: frozenset[dt.date] = frozenset()
    open_on: frozenset[str] = frozenset()  # public holidays on which it is open anyway
    label: str = ""
    label_en: str = ""
    demo: bool = True
    _holidays: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def display_name(self) -> str:
        return self.label or f"de gemeente {self.name}"

    def display_name_in(self, language: str = "nl") -> str:
        """'de gemeente Deurne' / 'the municipality of Deurne' (a regional label stays as written)."""
        if language != "en":
            return self.display_name
        return self.label_en or (f"the municipality of {self.name}" if not self.label else self.label)

    @property
    def phone_link(self) -> str:
        return "tel:" + "".join(c for c in self.phone if c.isdigit() or c == "+")

    def closing_reason(self, day: dt.date) -> str | None:
        """Why the office is shut all day (a public holiday, a closing day), or None."""
        if day in self.closed:
            return "sluitingsdag"
        if day.year not in self._holidays:
            self._holidays[day.year] = holidays.country_holidays("NL", years=day.year, language="nl")
        name = self._holidays[day.year].get(day)
        return name if name and name not in self.open_on else None

    def hours_on(self, day: dt.date) -> tuple[dt.time, dt.time] | None:
        return None if self.closing_reason(day) else self.hours.get(day.weekday())

    def is_open(self, at: dt.datetime) -> bool:
        local = at.astimezone(AMSTERDAM)
        hours = self.hours_on(local.date())
        return bool(hours) and hours[0] <= local.time() < hours[1]

    def next_opening(self, at: dt.datetime) -> dt.datetime | None:
        """The moment it opens next (`at` itself when open now); None if shut for weeks."""
        local = at.astimezone(AMSTERDAM)
        if self.is_open(local):
            return local
        for offset in range(LOOKAHEAD_DAYS):
            day = local.date() + dt.timedelta(days=offset)
            hours = self.hours_on(day)
            if hours and (offset or local.time() < hours[0]):
                return dt.datetime.combine(day, hours[0], AMSTERDAM)
        return None

    def hours_text(self, language: str = "nl") -> str:
        """'maandag tot en met donderdag van 8.30 tot 17.00 uur, vrijdag van 8.30 tot 12.30 uur';
        in English 'Monday to Thursday 08:30–17:00, Friday 08:30–12:30'."""
        groups: list[list] = []
        for weekday in range(7):
            hours = self.hours.get(weekday)
            if hours and groups and groups[-1][2] == hours and groups[-1][1] == weekday - 1:
                groups[-1][1] = weekday
            elif hours:
                groups.append([weekday, weekday, hours])
        if language == "en":
            return ", ".join(
                (WEEKDAYS_EN[first] if first == last else
                 f"{WEEKDAYS_EN[first]} {'and' if last == first + 1 else 'to'} {WEEKDAYS_EN[last]}")
                + f" {english_time(opens)}–{english_time(closes)}"
                for first, last, (opens, closes) in groups) or "by appointment"
        parts = []
        for first, last, (opens, closes) in groups:
            days = WEEKDAYS[first] if first == last else (
                f"{WEEKDAYS[first]} en {WEEKDAYS[last]}" if last == first + 1
                else f"{WEEKDAYS[first]} tot en met {WEEKDAYS[last]}")
            parts.append(f"{days} van {dutch_time(opens)} tot {dutch_time(closes)} uur")
        return ", ".join(parts) or "op afspraak"


def when_text(moment: dt.datetime, now: dt.datetime, language: str = "nl") -> str:
    """'vandaag, na 13.00 uur', 'morgen, vrijdag, na 8.30 uur', 'maandag 7 december, na 8.30 uur';
    in English 'today, after 13:00', 'tomorrow, Friday, after 08:30', 'Monday 7 December, after 08:30'."""
    local, today = moment.astimezone(AMSTERDAM), now.astimezone(AMSTERDAM).date()
    days = (local.date() - today).days
    if language == "en":
        day = ("today" if days == 0 else f"tomorrow, {weekday_name(local.weekday(), 'en')}" if days == 1
               else date_text(local.date(), "en"))
        return f"{day}, after {english_time(local.time())}"
    weekday = WEEKDAYS[local.weekday()]
    if days == 0:
        day = "vandaag"
    elif days == 1:
        day = f"morgen, {weekday}"
    else:
        day = f"{weekday} {local.day} {MONTHS[local.month - 1]}"
    return f"{day}, na {dutch_time(local.time())} uur"


@dataclass(frozen=True)
class Region:
    municipalities: dict[str, Municipality]  # lower-case name -> municipality
    fallback: Municipality

    def names(self) -> list[str]:
        return [m.name for m in self.municipalities.values()]

    def knows(self, name: str | None) -> bool:
        return bool(name) and name.strip().lower() in self.municipalities

    def get(self, name: str | None) -> Municipality:
        """The resident's municipality, or the regional entry when it is missing or unknown."""
        return self.municipalities.get((name or "").strip().lower(), self.fallback)


def _hours(raw: object, where: str) -> dict[int, tuple[dt.time, dt.time]]:
    if not isinstance(raw, dict):
        raise MunicipalitiesError(f"{where}: 'hours' moet per weekdag een tijd hebben.")
    hours = {}
    for day, span in raw.items():
        if day not in WEEKDAYS:
            raise MunicipalitiesError(f"{where}: onbekende dag {day!r} in 'hours'.")
        try:
            opens, closes = (dt.time.fromisoformat(part.strip()) for part in str(span).split("-"))
        except ValueError as exc:
            raise MunicipalitiesError(f"{where}: {day} moet 'HH:MM-HH:MM' zijn, niet {span!r}.") from exc
        if opens >= closes:
            raise MunicipalitiesError(f"{where}: {day} sluit voordat het opent ({span}).")
        hours[WEEKDAYS.index(day)] = (opens, closes)
    return hours


def _municipality(raw: dict, defaults: dict, where: str) -> Municipality:
    if not isinstance(raw, dict) or not raw.get("name") or not raw.get("phone"):
        raise MunicipalitiesError(f"{where}: 'name' en 'phone' zijn verplicht.")
    try:
        closed = frozenset(dt.date.fromisoformat(str(d)) for d in raw.get("closed") or [])
    except ValueError as exc:
        raise MunicipalitiesError(f"{where}: 'closed' moet datums als 2026-12-24 hebben.") from exc
    return Municipality(
        name=str(raw["name"]), phone=str(raw["phone"]), label=str(raw.get("label") or ""),
        label_en=str(raw.get("label_en") or ""),
        hours=_hours(raw.get("hours", defaults.get("hours")), where), closed=closed,
        open_on=frozenset(raw.get("open_on", defaults.get("open_on")) or []), demo=bool(raw.get("demo", True)))


@functools.lru_cache(maxsize=4)
def load(path: str | None = None) -> Region:
    """The region from the data file (read once per path)."""
    with open(path or DATA_FILE, encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    defaults = data.get("defaults") or {}
    entries = [_municipality(raw, defaults, f"gemeente {i + 1}") for i, raw in
               enumerate(data.get("municipalities") or [])]
    if "region" not in data:
        raise MunicipalitiesError("'region' (het regionale nummer als de gemeente onbekend is) ontbreekt.")
    return Region({m.name.lower(): m for m in entries}, _municipality(data["region"], defaults, "region"))
