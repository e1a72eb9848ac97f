"""What the search index keeps of a service: its text and the facets that filters and ranking use."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields

from ..models import Service
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
