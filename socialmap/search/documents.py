"""What the search index keeps of a service: its text and the facets that filters and ranking use."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields

from ..models import (
    ACTIVE,
    LADDER_TAXONOMY,
    NATIONAL_AREA,
    TOPIC_TAXONOMY,
    Schedule,
    Service,
    _date,
    _float,
    _items,
    _str,
)
from ..places import Gazetteer
from ..taxonomy import Taxonomy
from .schedule import Window, windows_of

NATIONAL = "Nederland"
STALE_AFTER_DAYS = 365


@dataclass
class SearchDocument:
    id: str
    name: str
    description: str
    organization: str | None
    topics: list[str]
    ladder: str | None
    municipalities: list[str]
    national: bool
    active: bool
    free: bool
    cost: str
    phones: list[str]
    url: str | None
    min_age: float | None
    max_age: float | None
    windows: list[Window] = field(default_factory=list)
    points: list[tuple[float, float]] = field(default_factory=list)
    assured_date: str | None = None
    text_name: str = ""
    text_body: str = ""
    text_topics: str = ""

    def to_json(self) -> dict:
        # a flat dict by hand: dataclasses.asdict deep-copies and was a tenth of a large import
        if len(self.__dict__) == len(_FIELDS):  # nothing but the fields, in their order
            return dict(self.__dict__)
        return {name: getattr(self, name) for name in _FIELDS}

    @classmethod
    def from_json(cls, data: dict) -> SearchDocument:
        data = dict(data)
        data["windows"] = [tuple(w) for w in data.get("windows", [])]
        data["points"] = [tuple(p) for p in data.get("points", [])]
        return cls(**data)

    def is_stale(self, today: dt.date) -> bool:
        if not self.assured_date:
            return True
        return (today - dt.date.fromisoformat(self.assured_date)).days > STALE_AFTER_DAYS


_FIELDS = tuple(f.name for f in fields(SearchDocument))


def build_document(service: Service, gazetteer: Gazetteer, taxonomy: Taxonomy) -> SearchDocument:
    municipalities: list[str] = []
    for name in service.area_names:
        municipality = gazetteer.municipality_of(name)
        if municipality and municipality not in municipalities:
            municipalities.append(municipality)
    national = service.is_national
    if national:
        municipalities = [NATIONAL]
    topic_labels = []
    for slug in service.topics:
        topic = taxonomy.topic(slug)
        if topic:
            topic_labels.extend([topic.label, *topic.synonyms])
    step = taxonomy.step(service.ladder) if service.ladder else None
    body_parts = [
        service.description or "", service.alternate_name or "",
        service.eligibility_description or "",
        service.organization.name if service.organization and service.organization.name else "",
    ]
    return SearchDocument(
        id=service.id,
        name=service.name,
        description=service.description or "",
        organization=service.organization.name if service.organization else None,
        topics=service.topics,
        ladder=service.ladder,
        municipalities=municipalities,
        national=national,
        active=service.is_active,
        free=service.is_free,
        cost=service.cost_summary(),
        phones=[p.number for p in service.all_phones],
        url=service.url,
        min_age=service.min_age,
        max_age=service.max_age,
        windows=windows_of(service.all_schedules),
        points=[(loc.latitude, loc.longitude) for loc in service.locations
                if loc.latitude is not None and loc.longitude is not None],
        assured_date=service.assured_date.isoformat() if service.assured_date else None,
        text_name=service.name,
        text_body=" ".join(p for p in body_parts if p),
        text_topics=" ".join(topic_labels + ([step.label] if step else [])),
    )


def document_from_hsds(data: dict, gazetteer: Gazetteer, taxonomy: Taxonomy) -> SearchDocument:
    """`build_document(Service.from_hsds(data), ...)` read straight from validated HSDS JSON.

    A bulk import builds 100,000 of these; the full `Service` (addresses, languages, every
    field typed) cost three times what the document needs. Both give equal documents
    (tests/socialmap/test_documents.py checks that on every demo record and on variations)."""
    name = _str(data.get("name")) or ""
    organization = data.get("organization") if isinstance(data.get("organization"), dict) else None
    organization_name = _str(organization.get("name")) if organization is not None else None

    area_names = [n for n in (_str(a.get("name")) for a in _items(data, "service_areas")) if n]
    national = any(n.lower() == NATIONAL_AREA for n in area_names)
    phones = list(_items(data, "phones"))
    schedules = [Schedule.from_hsds(s) for s in _items(data, "schedules")]
    points = []
    for sal in _items(data, "service_at_locations"):
        location = sal.get("location") if isinstance(sal.get("location"), dict) else None
        schedules.extend(Schedule.from_hsds(s) for s in _items(sal, "schedules"))
        phones.extend(_items(sal, "phones"))
        if location is None:
            continue
        area_names.extend(c for c in (_str(a.get("city")) for a in _items(location, "addresses")) if c)
        phones.extend(_items(location, "phones"))
        schedules.extend(Schedule.from_hsds(s) for s in _items(location, "schedules"))
        lat, lon = _float(location.get("latitude")), _float(location.get("longitude"))
        if lat is not None and lon is not None:
            points.append((lat, lon))
    if not phones and organization is not None:
        phones = _items(organization, "phones")
    numbers: list[str] = []
    for phone in phones:
        number = _str(phone.get("number"))
        if number and number not in numbers:
            numbers.append(number)

    municipalities: list[str] = []
    for area in area_names:
        municipality = gazetteer.municipality_of(area)
        if municipality and municipality not in municipalities:
            municipalities.append(municipality)
    if national:
        municipalities = [NATIONAL]

    codes: dict[str, list[str]] = {TOPIC_TAXONOMY: [], LADDER_TAXONOMY: []}
    for attribute in _items(data, "attributes"):
        term = attribute.get("taxonomy_term")
        if isinstance(term, dict):
            found = codes.get(_str(term.get("taxonomy")))
            code = _str(term.get("code"))
            if found is not None and code and code not in found:
                found.append(code)
    topics, ladder = codes[TOPIC_TAXONOMY], (codes[LADDER_TAXONOMY] or [None])[0]
    topic_labels = []
    for slug in topics:
        topic = taxonomy.topic(slug)
        if topic:
            topic_labels.extend([topic.label, *topic.synonyms])
    step = taxonomy.step(ladder) if ladder else None

    costs = [_float(c.get("amount")) for c in _items(data, "cost_options")]
    options = [_str(c.get("option")) for c in _items(data, "cost_options")]
    free = bool(costs) and all(amount == 0 for amount in costs)
    description = _str(data.get("description"))
    body_parts = [description or "", _str(data.get("alternate_name")) or "",
                  _str(data.get("eligibility_description")) or "", organization_name or ""]
    assured = _date(data.get("assured_date"))
    status = _str(data.get("status")) or ACTIVE
    return SearchDocument(
        id=str(data["id"]),
        name=name,
        description=description or "",
        organization=organization_name,
        topics=topics,
        ladder=ladder,
        municipalities=municipalities,
        national=national,
        active=status == ACTIVE,
        free=free,
        cost=_cost_summary(free, costs, options, _str(data.get("fees_description"))),
        phones=numbers,
        url=_str(data.get("url")),
        min_age=_float(data.get("minimum_age")),
        max_age=_float(data.get("maximum_age")),
        windows=windows_of(schedules),
        points=points,
        assured_date=assured.isoformat() if assured else None,
        text_name=name,
        text_body=" ".join(p for p in body_parts if p),
        text_topics=" ".join(topic_labels + ([step.label] if step else [])),
    )


def _cost_summary(free: bool, amounts: list[float | None], options: list[str | None],
                  fees_description: str | None) -> str:
    """`Service.cost_summary` from the parts a document keeps."""
    if free:
        return "Gratis"
    parts = []
    for amount, option in zip(amounts, options, strict=True):
        if amount is None:
            continue
        text = f"€ {amount:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
        parts.append(f"{text} {option or ''}".strip())
    if parts:
        return "; ".join(parts)
    return fees_description or "Onbekend"
