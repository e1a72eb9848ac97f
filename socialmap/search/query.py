"""What a search asks (SearchQuery), and what it answers (SearchResult, Hit) — design §5."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

MAX_LIMIT = 100
_TRUE = {"1", "true", "ja", "yes", "on"}
_FALSE = {"0", "false", "nee", "no", "off", ""}


@dataclass
class SearchQuery:
    q: str = ""
    municipality: str | None = None
    topic: str | None = None
    ladder: str | None = None
    free: bool | None = None
    age: int | None = None
    open_at: dt.datetime | None = None  # naive = Europe/Amsterdam local time
    near: str | None = None
    radius_km: float | None = None
    limit: int = 10
    offset: int = 0

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> SearchQuery:
        """Parse HTTP/CLI strings; raise ValueError with a Dutch message naming the parameter."""

        def get(name: str) -> str | None:
            value = params.get(name)
            if value is None:
                return None
            value = str(value).strip()
            return value if value != "" else None

        unknown = set(params) - set(PARAMETERS)
        if unknown:
            raise ParameterError(sorted(unknown)[0], "onbekende parameter; toegestaan: " + ", ".join(PARAMETERS))
        query = cls(q=(get("q") or "")[:500])
        query.municipality = get("municipality")
        query.topic = get("topic")
        query.ladder = get("ladder")
        free = get("free")
        if free is not None:
            if free.lower() in _TRUE:
                query.free = True
            elif free.lower() in _FALSE:
                query.free = None
            else:
                raise ParameterError("free", "gebruik true of false")
        age = get("age")
        if age is not None:
            try:
                query.age = int(age)
            except ValueError:
                raise ParameterError("age", f"leeftijd moet een heel getal zijn, niet {age!r}") from None
            if not 0 <= query.age <= 130:
                raise ParameterError("age", "leeftijd moet tussen 0 en 130 liggen")
        open_at = get("open_at")
        if open_at is not None:
            query.open_at = parse_local_time(open_at)
        query.near = get("near")
        radius = get("radius_km")
        if radius is not None:
            try:
                query.radius_km = float(radius)
            except ValueError:
                raise ParameterError("radius_km", f"straal moet een getal zijn, niet {radius!r}") from None
            if not 0 < query.radius_km <= 500:
                raise ParameterError("radius_km", "straal moet tussen 0 en 500 km liggen")
            if query.near is None:
                raise ParameterError("radius_km", "radius_km werkt alleen samen met near")
        for name, low, high in (("limit", 1, MAX_LIMIT), ("offset", 0, 1_000_000)):
            value = get(name)
            if value is None:
                continue
            try:
                number = int(value)
            except ValueError:
                raise ParameterError(name, f"{name} moet een heel getal zijn, niet {value!r}") from None
            if not low <= number <= high:
                raise ParameterError(name, f"{name} moet tussen {low} en {high} liggen")
            setattr(query, name, number)
        return query


def relaxed_params(query: SearchQuery) -> dict[str, str]:
    """The search parameters (as strings, for a link) of a relaxed query."""
    out: dict[str, str] = {}
    for name in ("q", "municipality", "topic", "ladder", "age", "near", "radius_km"):
        value = getattr(query, name)
        if value not in (None, ""):
            out[name] = str(value)
    if query.free:
        out["free"] = "true"
    if query.open_at is not None:
        out["open_at"] = query.open_at.isoformat(timespec="minutes")
    return out


PARAMETERS = ("q", "municipality", "topic", "ladder", "free", "age", "open_at", "near",
              "radius_km", "limit", "offset")


class ParameterError(ValueError):
    """A bad search parameter; `parameter` names it for the API's 400 answer."""

    def __init__(self, parameter: str, message: str):
        self.parameter = parameter
        super().__init__(f"Parameter '{parameter}': {message}")


def parse_local_time(text: str) -> dt.datetime:
    """ISO local date-time ('2026-11-23T14:00'); a time alone means today at that time."""
    try:
        if "T" not in text and len(text) <= 8 and ":" in text:
            from .schedule import local_now  # "today" in Europe/Amsterdam, not the server's zone

            return dt.datetime.combine(local_now().date(), dt.time.fromisoformat(text))
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        raise ParameterError("open_at", f"geen geldige tijd {text!r}; gebruik bijvoorbeeld 2026-11-23T14:00") from None
    if value.tzinfo is not None:
        from zoneinfo import ZoneInfo

        value = value.astimezone(ZoneInfo("Europe/Amsterdam")).replace(tzinfo=None)
    return value


@dataclass
class Hit:
    id: str
    name: str
    description: str | None
    organization: str | None
    topics: list[str]
    ladder: str | None
    municipalities: list[str]
    cost: str
    phones: list[str]
    url: str | None
    distance_km: float | None
    open_now: bool | None
    assured_date: str | None
    score: float

    def to_dict(self) -> dict:
        return {
            "id": self.id, "name": self.name, "description": self.description,
            "organization": self.organization, "topics": self.topics, "ladder": self.ladder,
            "municipalities": self.municipalities, "cost": self.cost, "phones": self.phones,
            "url": self.url, "distance_km": self.distance_km, "open_now": self.open_now,
            "assured_date": self.assured_date, "score": self.score,
        }


@dataclass
class SearchResult:
    total: int
    items: list[Hit] = field(default_factory=list)
    detected_place: str | None = None
    detected_topics: list[str] = field(default_factory=list)
    crisis: Any = None  # crisis.CrisisSignal when the query signals danger; its helplines lead
    # when the filters leave nothing relevant: what the same words find without them
    without_filters: dict | None = None

    def to_dict(self) -> dict:
        answer: dict[str, Any] = {"total": self.total, "items": [hit.to_dict() for hit in self.items]}
        if self.crisis is not None:
            answer["crisis"] = self.crisis.to_dict()
        if self.without_filters is not None:
            relaxed = self.without_filters
            answer["without_filters"] = {"dropped": relaxed["dropped"], "total": relaxed["total"],
                                         "items": [hit.to_dict() for hit in relaxed["items"]],
                                         "params": relaxed_params(relaxed["query"])}
        return answer
