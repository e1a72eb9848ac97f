"""From a planned search to an Elasticsearch request body (pure functions, no client).

A text query asks for a window of candidates by relevance; backend.py then applies design §5's
order among comparable results in Python (results.py), the same relevance bands as the embedded
engine. An empty query needs no relevance, so the order is sorted by Elasticsearch itself and
only the requested page travels.

Meaning: the service vectors are searched with a `knn` query clause in the `should` of the
same bool query as the BM25 clauses (one request, scores summed). Not a top-level `knn` section
nor RRF: both add the k nearest services as results of their own, so a query would always be
padded with services that share no word or topic with it (the issue's "never fill the page");
RRF also throws away the score gaps the relevance bands are cut from. In `should` next to a
`must`, kNN only re-scores lexical candidates, as the embedded engine's re-ranking does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from ...places import Point
from ...text import normalize_name
from ..documents import STALE_AFTER_DAYS
from ..query import ParameterError, SearchQuery
from .mapping import INDEX_ANALYZER, SEARCH_ANALYZER

BEST = "best"             # the aggregation holding the best match before the filters
CANDIDATES = 200          # text queries: how many candidates are ordered in Python
MAX_WINDOW = 10_000       # Elasticsearch's index.max_result_window
# Relative weights of the clauses. BM25 over name/body/topic labels is the base; the name or
# organisation said exactly wins outright; thesaurus and fuzzy matches count for less than the
# words themselves; a topic recognised in the query is a signal, not a filter.
FIELDS = ["name^4", "body^1", "topic_labels^2"]  # as fts.BM25_WEIGHTS (body holds the organisation)
# An exact or near-exact name is marked by a named query and ranked first in results.py (as the
# embedded engine does), so its boost can stay modest and not squeeze the relevance bands.
NAME_MATCH = "name"
BOOST_EXACT_NAME = 6.0
BOOST_EXACT_ORGANIZATION = 4.0
BOOST_NEAR_NAME = 4.0
BOOST_NEAR_ORGANIZATION = 3.0
NEAR_NAME_MIN_LENGTH = 8  # shorter names are too close to other words to forgive typos in
BOOST_NAME_PHRASE = 4.0
BOOST_THESAURUS = 0.5
BOOST_FUZZY = 0.3
BOOST_PRIMARY_TOPIC = 4.0
BOOST_TOPIC = 3.0
BOOST_KNN = 8.0


@dataclass
class Plan:
    """What backend.py worked out before asking Elasticsearch."""

    query: SearchQuery
    text: str = ""                          # the words to match: the query minus a place named in it
    exact: str = ""                         # normalize_name of the whole query, for the name match
    municipality: str | None = None         # the filter, or the place named in the query
    origin: Point | None = None
    topics: dict[str, float] = field(default_factory=dict)  # recognised topics -> weight 0..1
    today: dt.date = field(default_factory=dt.date.today)
    vector: list[float] | None = None
    open_ids: list[str] = field(default_factory=list)  # open at open_at by a rule checked in Python

    @property
    def has_text(self) -> bool:
        return bool(self.text.strip())


def filters(plan: Plan) -> list[dict]:
    """The filters every hit must pass, as ranking.passes / rank in the embedded engine."""
    query = plan.query
    clauses: list[dict] = [{"term": {"active": True}}]
    if query.topic:
        clauses.append({"term": {"topics": query.topic}})
    if query.ladder:
        clauses.append({"term": {"ladder": query.ladder}})
    if plan.municipality:
        clauses.append({"bool": {"should": [{"term": {"national": True}},
                                            {"term": {"municipalities": plan.municipality}}],
                                 "minimum_should_match": 1}})
    if query.free:
        clauses.append({"term": {"free": True}})
    if query.age is not None:  # a missing bound never excludes
        clauses.append({"bool": {"must_not": [{"range": {"min_age": {"gt": query.age}}},
                                              {"range": {"max_age": {"lt": query.age}}}]}})
    if query.open_at is not None:
        clauses.append(open_at_filter(query.open_at, plan.open_ids))
    if plan.origin is not None and query.radius_km is not None:
        # services without a location (national lines, phone services) stay, as in the embedded engine
        clauses.append({"bool": {"should": [
            {"geo_distance": {"distance": f"{query.radius_km}km", "distance_type": "arc",
                              "location": {"lat": plan.origin.lat, "lon": plan.origin.lon}}},
            {"bool": {"must_not": [{"exists": {"field": "location"}}]}},
        ], "minimum_should_match": 1}})
    return clauses


def window_holds(when: dt.datetime, plain: bool) -> dict:
    """A window on this weekday holds this local minute and has started (a nested range query,
    no script); `plain`: only windows with nothing left to check, or only those with a rule."""
    minute, day = when.hour * 60 + when.minute, when.date().isoformat()
    return {"nested": {"path": "windows", "query": {"bool": {"filter": [
        {"term": {"windows.day": when.weekday()}},
        {"range": {"windows.opens": {"lte": minute}}},
        {"range": {"windows.closes": {"gt": minute}}},
        {"bool": {"should": [{"bool": {"must_not": [{"exists": {"field": "windows.since"}}]}},
                             {"range": {"windows.since": {"lte": day}}}], "minimum_should_match": 1}},
        {"term": {"windows.plain": plain}},
    ]}}}}


def open_at_filter(when: dt.datetime, open_ids: list[str]) -> dict:
    """Open at this time: a plain weekly window holds it, or Python found it open by its rule."""
    should: list[dict] = [window_holds(when, plain=True)]
    if open_ids:
        should.append({"ids": {"values": sorted(open_ids)}})
    return {"bool": {"should": should, "minimum_should_match": 1}}


def rule_candidates_body(plan: Plan) -> dict:
    """Services that might be open at open_at by a window with a rule (monthly, every other week,
    an end date, closed on holidays): only their windows travel, schedule.is_open decides."""
    assert plan.query.open_at is not None
    others = filters(replace(plan, query=replace(plan.query, open_at=None)))
    return {"query": {"bool": {"filter": [*others, window_holds(plan.query.open_at, plain=False)]}},
            "size": MAX_WINDOW, "_source": ["document.windows"], "track_total_hits": False}


def text_query(plan: Plan) -> dict:
    """Relevance from the service itself; at least one clause must match."""
    text, key = plan.text, plan.exact or normalize_name(plan.text)
    should: list[dict] = [
        {"constant_score": {"filter": {"term": {"name_key": key}}, "boost": BOOST_EXACT_NAME, "_name": NAME_MATCH}},
        {"constant_score": {"filter": {"term": {"organization_key": key}}, "boost": BOOST_EXACT_ORGANIZATION,
                            "_name": NAME_MATCH}},
        {"match_phrase": {"name": {"query": text, "analyzer": INDEX_ANALYZER, "boost": BOOST_NAME_PHRASE}}},
    ]
    if len(key) >= NEAR_NAME_MIN_LENGTH:  # the name with a typo or two: still the service meant
        should += [{"constant_score": {"filter": {"fuzzy": {field: {"value": key, "fuzziness": 2,
                                                                     "prefix_length": 1}}},
                                       "boost": boost, "_name": NAME_MATCH}}
                   for field, boost in (("name_key", BOOST_NEAR_NAME), ("organization_key", BOOST_NEAR_ORGANIZATION))]
    should += [
        {"multi_match": {"query": text, "fields": FIELDS, "type": "cross_fields", "operator": "or",
                         "analyzer": INDEX_ANALYZER}},
        {"multi_match": {"query": text, "fields": FIELDS, "type": "cross_fields", "operator": "or",
                         "analyzer": SEARCH_ANALYZER, "boost": BOOST_THESAURUS}},
        {"multi_match": {"query": text, "fields": FIELDS, "type": "most_fields", "analyzer": INDEX_ANALYZER,
                         "fuzziness": "AUTO", "prefix_length": 1, "max_expansions": 20,
                         "boost": BOOST_FUZZY}},
    ]
    for topic, weight in sorted(plan.topics.items()):
        should.append({"constant_score": {"filter": {"term": {"primary_topic": topic}},
                                          "boost": round(BOOST_PRIMARY_TOPIC * weight, 4)}})
        should.append({"constant_score": {"filter": {"term": {"topics": topic}},
                                          "boost": round(BOOST_TOPIC * weight, 4)}})
    return {"bool": {"should": should, "minimum_should_match": 1}}


def fresh_clause(today: dt.date) -> dict:
    """Scores 1 for a service checked within STALE_AFTER_DAYS (SearchDocument.is_stale), else 0."""
    since = (today - dt.timedelta(days=STALE_AFTER_DAYS)).isoformat()
    return {"constant_score": {"filter": {"range": {"assured_date": {"gte": since}}}, "boost": 1.0}}


def search_body(plan: Plan, candidates: int = CANDIDATES) -> dict:
    """Keyword arguments for Elasticsearch.search (index excluded)."""
    query = plan.query
    if query.offset + query.limit > MAX_WINDOW:
        raise ParameterError("offset", f"offset + limit mag hier niet boven {MAX_WINDOW} komen")
    body: dict = {"track_total_hits": True, "_source": ["document"]}
    clauses = filters(plan)
    if plan.has_text:
        # The filters go in post_filter: the `best` aggregation then sees the best match before
        # them, which results.py needs to tell a relevant result from what filters merely left.
        active, chosen = clauses[:1], clauses[1:]
        bool_query: dict = {"filter": active, "must": [text_query(plan)]}
        if plan.vector is not None:
            bool_query["should"] = [{"knn": {"field": "vector", "query_vector": list(plan.vector),
                                             "num_candidates": max(candidates, query.offset + query.limit),
                                             "filter": clauses,
                                             "boost": BOOST_KNN}}]
        body.update(query={"bool": bool_query}, size=min(MAX_WINDOW, max(candidates, query.offset + query.limit)),
                    aggs={BEST: {"top_hits": {"size": 1, "_source": False}}})
        if chosen:
            body["post_filter"] = {"bool": {"filter": chosen}}
        body["from_"] = 0
        return body
    # No text: design §5's order directly: ladder, local before national, fresh before stale
    # (the score is 1 for fresh, 0 for stale), nearer first, then by name.
    sort: list[dict] = [{"ladder_rank": "asc"}, {"national": "asc"}, {"_score": "desc"}]
    if plan.origin is not None:
        sort.append({"_geo_distance": {"location": {"lat": plan.origin.lat, "lon": plan.origin.lon},
                                       "order": "asc", "unit": "km", "mode": "min", "distance_type": "arc"}})
    sort += [{"name_sort": "asc"}, {"id": "asc"}]
    body.update(query={"bool": {"filter": clauses, "should": [fresh_clause(plan.today)]}}, sort=sort,
                size=query.limit)
    body["from_"] = query.offset
    return body
