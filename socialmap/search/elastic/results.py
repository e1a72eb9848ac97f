"""From an Elasticsearch response to the embedded engine's Hits, in design §5's order."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ...places import Point, haversine_km
from ...taxonomy import Taxonomy
from ..documents import SearchDocument
from ..query import Hit
from ..ranking import TIERS
from ..schedule import is_open
from .queries import BEST, NAME_MATCH, Plan, filters

# Relevance floors as fractions of the best match before filters (the embedded engine's rule;
# the fractions follow the search branch's ranking.FLOOR / FILTERED_FLOOR and are unmeasured on
# Elasticsearch's scores: tune them against a node).
FLOOR = 0.3
FILTERED_FLOOR = 0.45

FAR = 1e9  # a service without a location sorts after every located one


def distance_km(document: SearchDocument, origin: Point | None) -> float | None:
    """Nearest of the service's locations, as the embedded engine measures it."""
    if origin is None or not document.points:
        return None
    return min(haversine_km(origin, Point(lat, lon)) for lat, lon in document.points)


@dataclass
class Candidate:
    document: SearchDocument
    score: float
    name_match: bool = False  # the query is (nearly) the service's name or organisation


def order_candidates(candidates: list[Candidate], plan: Plan, taxonomy: Taxonomy) -> list[Candidate]:
    """A (near-)exact name first; then relevance bands (TIERS bands of the best score, as
    ranking.rank); within a band lower ladder steps, local before national, fresh before stale,
    nearer, more relevant, by name."""
    if not candidates:
        return []
    best = max(c.score for c in candidates) or 1.0

    def key(candidate: Candidate):
        document, score = candidate.document, candidate.score
        distance = distance_km(document, plan.origin)
        return (not candidate.name_match, -round(score / best * TIERS), taxonomy.ladder_rank(document.ladder),
                document.national, document.is_stale(plan.today), FAR if distance is None else distance,
                -score, document.name.lower(), document.id)

    return sorted(candidates, key=key)


def relevant(candidates: list[Candidate], best_before_filters: float, filtered: bool) -> list[Candidate]:
    """Leave out what only matches weakly compared with the best match before the filters, so
    filters never fill the page with services unrelated to the words."""
    floor = (FILTERED_FLOOR if filtered else FLOOR) * best_before_filters
    return [c for c in candidates if c.name_match or c.score >= floor]


def to_hit(document: SearchDocument, score: float, plan: Plan, now: dt.datetime) -> Hit:
    distance = distance_km(document, plan.origin)
    return Hit(
        id=document.id, name=document.name, description=document.description,
        organization=document.organization, topics=list(document.topics), ladder=document.ladder,
        municipalities=list(document.municipalities), cost=document.cost, phones=list(document.phones),
        url=document.url, distance_km=round(distance, 1) if distance is not None else None,
        open_now=is_open(document.windows, now), assured_date=document.assured_date, score=round(score, 4),
    )


def page_of(response: dict, plan: Plan, taxonomy: Taxonomy, now: dt.datetime,
            window: int | None = None) -> tuple[list[Hit], int]:
    """(hits of the requested page, total matching services). `window`: how many candidates
    were asked for (the request's size)."""
    total = response["hits"]["total"]["value"]
    rows = [Candidate(SearchDocument.from_json(h["_source"]["document"]), float(h.get("_score") or 0.0),
                      NAME_MATCH in (h.get("matched_queries") or ()))
            for h in response["hits"]["hits"]]
    query = plan.query
    if not plan.has_text:  # Elasticsearch sorted and paged it; the score only marked freshness
        return [to_hit(c.document, 0.0, plan, now) for c in rows], total
    best_hits = response.get("aggregations", {}).get(BEST, {}).get("hits", {}).get("hits", [])
    best_before_filters = max([float(h.get("_score") or 0.0) for h in best_hits]
                              + [c.score for c in rows], default=0.0)
    kept = relevant(rows, best_before_filters, filtered=len(filters(plan)) > 1)
    if len(kept) < len(rows) or window is None or len(rows) < window:
        total = len(kept)  # every candidate above the floor is in the window: an exact count
    best = max((c.score for c in kept), default=0.0) or 1.0
    ordered = order_candidates(kept, plan, taxonomy)[query.offset: query.offset + query.limit]
    return [to_hit(c.document, c.score / best, plan, now) for c in ordered], total
