"""From an Elasticsearch response to the embedded engine's Hits, in DESIGN §5's order."""

from __future__ import annotations

import datetime as dt

from ...places import Point, haversine_km
from ...taxonomy import Taxonomy
from ..documents import SearchDocument
from ..query import Hit
from ..ranking import TIERS
from ..schedule import is_open
from .queries import Plan

FAR = 1e9  # a service without a location sorts after every located one


def distance_km(document: SearchDocument, origin: Point | None) -> float | None:
    """Nearest of the service's locations, as the embedded engine measures it."""
    if origin is None or not document.points:
        return None
    return min(haversine_km(origin, Point(lat, lon)) for lat, lon in document.points)


def order_candidates(candidates: list[tuple[SearchDocument, float]], plan: Plan,
                     taxonomy: Taxonomy) -> list[tuple[SearchDocument, float]]:
    """Relevance bands first (TIERS bands of the best score, as ranking.rank); within a band
    lower ladder steps, local before national, fresh before stale, nearer, more relevant, name."""
    if not candidates:
        return []
    best = max(score for _, score in candidates) or 1.0

    def key(item: tuple[SearchDocument, float]):
        document, score = item
        distance = distance_km(document, plan.origin)
        return (-round(score / best * TIERS), taxonomy.ladder_rank(document.ladder), document.national,
                document.is_stale(plan.today), FAR if distance is None else distance, -score,
                document.name.lower(), document.id)

    return sorted(candidates, key=key)


def to_hit(document: SearchDocument, score: float, plan: Plan, now: dt.datetime) -> Hit:
    distance = distance_km(document, plan.origin)
    return Hit(
        id=document.id, name=document.name, description=document.description,
        organization=document.organization, topics=list(document.topics), ladder=document.ladder,
        municipalities=list(document.municipalities), cost=document.cost, phones=list(document.phones),
        url=document.url, distance_km=round(distance, 1) if distance is not None else None,
        open_now=is_open(document.windows, now), assured_date=document.assured_date, score=round(score, 4),
    )


def page_of(response: dict, plan: Plan, taxonomy: Taxonomy, now: dt.datetime) -> tuple[list[Hit], int]:
    """(hits of the requested page, total matching services)."""
    total = response["hits"]["total"]["value"]
    rows = [(SearchDocument.from_json(h["_source"]["document"]), float(h.get("_score") or 0.0))
            for h in response["hits"]["hits"]]
    query = plan.query
    if not plan.has_text:  # Elasticsearch sorted and paged it; the score only marked freshness
        return [to_hit(document, 0.0, plan, now) for document, _ in rows], total
    best = max((score for _, score in rows), default=0.0) or 1.0
    ordered = order_candidates(rows, plan, taxonomy)[query.offset: query.offset + query.limit]
    return [to_hit(document, score / best, plan, now) for document, score in ordered], total
