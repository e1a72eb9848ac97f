"""The social map's objects, named as in Open Referral HSDS 3.0.

A `Service` is parsed from (already validated) nested HSDS JSON and keeps that JSON in `raw`, so
export gives back exactly what was imported plus our own changes; the typed fields are what
search, pages and the bot need.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

LADDER_TAXONOMY = "ladder"
TOPIC_TAXONOMY = "onderwerp"
NATIONAL_AREA = "nederland"
ACTIVE = "active"
STATUSES = ("active", "inactive", "defunct", "temporarily closed")


def _str(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _float(value: Any) -> float | None:
    if value is None or value == "":
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _date(value: Any) -> dt.date | None:
    if not value:
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _items(data: dict, key: str) -> list[dict]:
    value = data.get(key) or []
    return [item for item in value if isinstance(item, dict)]


@dataclass(frozen=True)
class TaxonomyTerm:
    id: str | None
    code: str | None
    name: str | None = None
    taxonomy: str | None = None
    description: str | None = None

    @classmethod
    def from_hsds(cls, data: dict) -> TaxonomyTerm:
        return cls(
            id=_str(data.get("id")),
            code=_str(data.get("code")),
            name=_str(data.get("name")),
            taxonomy=_str(data.get("taxonomy")),
            description=_str(data.get("description")),
        )


@dataclass(frozen=True)
class Attribute:
    id: str | None
    taxonomy_term: TaxonomyTerm | None
    value: str | None = None

    @classmethod
    def from_hsds(cls, data: dict) -> Attribute:
        term = data.get("taxonomy_term")
        return cls(
            id=_str(data.get("id")),
            taxonomy_term=TaxonomyTerm.from_hsds(term) if isinstance(term, dict) else None,
            value=_str(data.get("value")),
        )


@dataclass(frozen=True)
class Phone:
    id: str | None
    number: str
    type: str | None = None
    description: str | None = None

    @classmethod
    def from_hsds(cls, data: dict) -> Phone:
        return cls(
            id=_str(data.get("id")),
            number=_str(data.get("number")) or "",
            type=_str(data.get("type")),
            description=_str(data.get("description")),
        )


@dataclass(frozen=True)
class Address:
    id: str | None
    address_1: str | None
    city: str | None
    postal_code: str | None
    region: str | None = None
    state_province: str | None = None
    country: str | None = None
    address_type: str | None = None

    @classmethod
    def from_hsds(cls, data: dict) -> Address:
        return cls(
            id=_str(data.get("id")),
            address_1=_str(data.get("address_1")),
            city=_str(data.get("city")),
            postal_code=_str(data.get("postal_code")),
            region=_str(data.get("region")),
            state_province=_str(data.get("state_province")),
            country=_str(data.get("country")),
            address_type=_str(data.get("address_type")),
        )


@dataclass(frozen=True)
class Schedule:
    """An HSDS opening-hours rule (RFC 5545 recurrence: WEEKLY or MONTHLY, ordinals, interval)."""

    id: str | None
    freq: str | None
    byday: tuple[str, ...]  # weekday codes without ordinals: ("TU", "FR")
    opens_at: str | None
    closes_at: str | None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    description: str | None = None
    byday_rules: tuple[str, ...] = ()  # as written, with ordinals: ("2TU", "-1FR")
    bymonthday: tuple[int, ...] = ()
    interval: int | None = None
    dtstart: dt.date | None = None
    until: dt.date | None = None
    count: int | None = None
    timezone: float | None = None
    notes: str | None = None
    closed_on_holidays: bool = False

    @classmethod
    def from_hsds(cls, data: dict) -> Schedule:
        byday = _str(data.get("byday")) or ""
        rules = tuple(day.strip().upper() for day in byday.split(",") if day.strip())
        monthdays = tuple(int(d) for d in (_str(data.get("bymonthday")) or "").replace(" ", "").split(",")
                          if d.lstrip("-").isdigit())
        interval = _float(data.get("interval"))
        count = _float(data.get("count"))
        texts = " ".join(t for t in (_str(data.get("notes")), _str(data.get("description"))) if t)
        return cls(
            id=_str(data.get("id")),
            freq=(_str(data.get("freq")) or "").upper() or None,
            byday=tuple(rule[-2:] for rule in rules),
            opens_at=_str(data.get("opens_at")),
            closes_at=_str(data.get("closes_at")),
            valid_from=_date(data.get("valid_from")),
            valid_to=_date(data.get("valid_to")),
            description=_str(data.get("description")),
            byday_rules=rules,
            bymonthday=monthdays,
            interval=int(interval) if interval and interval >= 1 else None,
            dtstart=_date(data.get("dtstart")),
            until=_date(data.get("until")),
            count=int(count) if count and count >= 1 else None,
            timezone=_float(data.get("timezone")),
            notes=_str(data.get("notes")),
            closed_on_holidays=closes_on_public_holidays(texts, data.get("attributes")),
        )


# "Gesloten op feestdagen", "op feestdagen dicht", "niet open op erkende feestdagen"
_HOLIDAY_CLOSURE = re.compile(r"(gesloten|dicht|niet open)\b[^.]*\bfeestdag|\bfeestdag\w*\b[^.]*\b(gesloten|dicht)\b"
                              r"|closed on (public|bank) holidays", re.IGNORECASE)
HOLIDAY_CLOSURE_CODE = "gesloten-op-feestdagen"  # the profile's schedule attribute (design §5)


def closes_on_public_holidays(text: str, attributes: Any = None) -> bool:
    """Whether a schedule says it is closed on Dutch public holidays, in words or as an attribute."""
    for attribute in attributes or []:
        term = (attribute or {}).get("taxonomy_term") or {} if isinstance(attribute, dict) else {}
        if term.get("code") == HOLIDAY_CLOSURE_CODE:
            return True
    return bool(text and _HOLIDAY_CLOSURE.search(text))


@dataclass(frozen=True)
class CostOption:
    id: str | None
    amount: float | None
    currency: str | None = None
    option: str | None = None
    amount_description: str | None = None

    @classmethod
    def from_hsds(cls, data: dict) -> CostOption:
        return cls(
            id=_str(data.get("id")),
            amount=_float(data.get("amount")),
            currency=_str(data.get("currency")),
            option=_str(data.get("option")),
            amount_description=_str(data.get("amount_description")),
        )


@dataclass(frozen=True)
class ServiceArea:
    id: str | None
    name: str | None
    description: str | None = None

    @classmethod
    def from_hsds(cls, data: dict) -> ServiceArea:
        return cls(
            id=_str(data.get("id")),
            name=_str(data.get("name")),
            description=_str(data.get("description")),
        )


@dataclass(frozen=True)
class Language:
    id: str | None
    name: str | None
    code: str | None = None

    @classmethod
    def from_hsds(cls, data: dict) -> Language:
        return cls(id=_str(data.get("id")), name=_str(data.get("name")), code=_str(data.get("code")))


@dataclass(frozen=True)
class Location:
    id: str | None
    name: str | None
    latitude: float | None
    longitude: float | None
    addresses: tuple[Address, ...] = ()
    phones: tuple[Phone, ...] = ()
    schedules: tuple[Schedule, ...] = ()
    description: str | None = None

    @classmethod
    def from_hsds(cls, data: dict) -> Location:
        return cls(
            id=_str(data.get("id")),
            name=_str(data.get("name")),
            latitude=_float(data.get("latitude")),
            longitude=_float(data.get("longitude")),
            addresses=tuple(Address.from_hsds(a) for a in _items(data, "addresses")),
            phones=tuple(Phone.from_hsds(p) for p in _items(data, "phones")),
            schedules=tuple(Schedule.from_hsds(s) for s in _items(data, "schedules")),
            description=_str(data.get("description")),
        )

    @property
    def cities(self) -> list[str]:
        return [a.city for a in self.addresses if a.city]


@dataclass(frozen=True)
class ServiceAtLocation:
    id: str | None
    location: Location | None
    schedules: tuple[Schedule, ...] = ()
    phones: tuple[Phone, ...] = ()
    description: str | None = None

    @classmethod
    def from_hsds(cls, data: dict) -> ServiceAtLocation:
        location = data.get("location")
        return cls(
            id=_str(data.get("id")),
            location=Location.from_hsds(location) if isinstance(location, dict) else None,
            schedules=tuple(Schedule.from_hsds(s) for s in _items(data, "schedules")),
            phones=tuple(Phone.from_hsds(p) for p in _items(data, "phones")),
            description=_str(data.get("description")),
        )


@dataclass(frozen=True)
class Organization:
    id: str | None
    name: str | None
    description: str | None = None
    email: str | None = None
    url: str | None = None
    phones: tuple[Phone, ...] = ()

    @classmethod
    def from_hsds(cls, data: dict) -> Organization:
        return cls(
            id=_str(data.get("id")),
            name=_str(data.get("name")),
            description=_str(data.get("description")),
            email=_str(data.get("email")),
            url=_str(data.get("website") or data.get("url")),
            phones=tuple(Phone.from_hsds(p) for p in _items(data, "phones")),
        )


@dataclass
class Service:
    id: str
    name: str
    status: str
    description: str | None = None
    alternate_name: str | None = None
    url: str | None = None
    email: str | None = None
    eligibility_description: str | None = None
    fees_description: str | None = None
    application_process: str | None = None
    minimum_age: float | None = None
    maximum_age: float | None = None
    assured_date: dt.date | None = None
    organization: Organization | None = None
    service_at_locations: list[ServiceAtLocation] = field(default_factory=list)
    phones: list[Phone] = field(default_factory=list)
    schedules: list[Schedule] = field(default_factory=list)
    cost_options: list[CostOption] = field(default_factory=list)
    service_areas: list[ServiceArea] = field(default_factory=list)
    languages: list[Language] = field(default_factory=list)
    attributes: list[Attribute] = field(default_factory=list)
    raw: dict = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_hsds(cls, data: dict) -> Service:
        organization = data.get("organization")
        return cls(
            id=str(data["id"]),
            name=_str(data.get("name")) or "",
            status=_str(data.get("status")) or ACTIVE,
            description=_str(data.get("description")),
            alternate_name=_str(data.get("alternate_name")),
            url=_str(data.get("url")),
            email=_str(data.get("email")),
            eligibility_description=_str(data.get("eligibility_description")),
            fees_description=_str(data.get("fees_description")),
            application_process=_str(data.get("application_process")),
            minimum_age=_float(data.get("minimum_age")),
            maximum_age=_float(data.get("maximum_age")),
            assured_date=_date(data.get("assured_date")),
            organization=Organization.from_hsds(organization) if isinstance(organization, dict) else None,
            service_at_locations=[ServiceAtLocation.from_hsds(s) for s in _items(data, "service_at_locations")],
            phones=[Phone.from_hsds(p) for p in _items(data, "phones")],
            schedules=[Schedule.from_hsds(s) for s in _items(data, "schedules")],
            cost_options=[CostOption.from_hsds(c) for c in _items(data, "cost_options")],
            service_areas=[ServiceArea.from_hsds(a) for a in _items(data, "service_areas")],
            languages=[Language.from_hsds(lang) for lang in _items(data, "languages")],
            attributes=[Attribute.from_hsds(a) for a in _items(data, "attributes")],
            raw=data,
        )

    # -- what search, pages and the bot ask of a service ------------------------------------

    def _codes(self, taxonomy: str) -> list[str]:
        codes = []
        for attribute in self.attributes:
            term = attribute.taxonomy_term
            if term and term.taxonomy == taxonomy and term.code and term.code not in codes:
                codes.append(term.code)
        return codes

    @property
    def topics(self) -> list[str]:
        return self._codes(TOPIC_TAXONOMY)

    @property
    def ladder(self) -> str | None:
        codes = self._codes(LADDER_TAXONOMY)
        return codes[0] if codes else None

    @property
    def is_active(self) -> bool:
        return self.status == ACTIVE

    @property
    def is_national(self) -> bool:
        return any((area.name or "").strip().lower() == NATIONAL_AREA for area in self.service_areas)

    @property
    def is_free(self) -> bool:
        """Free only when every stated cost is zero; no stated cost means unknown, not free."""
        return bool(self.cost_options) and all(c.amount == 0 for c in self.cost_options)

    @property
    def min_age(self) -> float | None:
        return self.minimum_age

    @property
    def max_age(self) -> float | None:
        return self.maximum_age

    @property
    def locations(self) -> list[Location]:
        return [sal.location for sal in self.service_at_locations if sal.location]

    @property
    def all_schedules(self) -> list[Schedule]:
        """Opening hours of the service itself and of every place it is offered."""
        schedules = list(self.schedules)
        for sal in self.service_at_locations:
            schedules.extend(sal.schedules)
            if sal.location:
                schedules.extend(sal.location.schedules)
        return schedules

    @property
    def all_phones(self) -> list[Phone]:
        phones = list(self.phones)
        for sal in self.service_at_locations:
            phones.extend(sal.phones)
            if sal.location:
                phones.extend(sal.location.phones)
        if not phones and self.organization:
            phones.extend(self.organization.phones)
        seen: set[str] = set()
        unique = []
        for phone in phones:
            if phone.number and phone.number not in seen:
                seen.add(phone.number)
                unique.append(phone)
        return unique

    @property
    def area_names(self) -> list[str]:
        """Names as written in service_areas and location cities (may be villages)."""
        names = [a.name for a in self.service_areas if a.name]
        for location in self.locations:
            names.extend(location.cities)
        return names

    def cost_summary(self) -> str:
        """Short Dutch cost text for cards: 'Gratis', '€ 7,50 per maaltijd', or the description."""
        if self.is_free:
            return "Gratis"
        parts = []
        for cost in self.cost_options:
            if cost.amount is None:
                continue
            amount = f"€ {cost.amount:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
            parts.append(f"{amount} {cost.option or ''}".strip())
        if parts:
            return "; ".join(parts)
        return self.fees_description or "Onbekend"

    def is_stale(self, today: dt.date | None = None, max_age_days: int = 365) -> bool:
        today = today or dt.date.today()
        return self.assured_date is None or (today - self.assured_date).days > max_age_days
