"""From a resident's query to an ordered result list, independent of the storage backend.

`plan_query` turns the raw query into what to look for: a place named in the text (it narrows
like the municipality filter), the words that carry the need (a question's framing left out,
framing.py), corrected and analysed terms, and topics recognised from the thesaurus or by meaning. `rank` filters candidates and orders them: relevance first; among
comparable results lower ladder steps first, local before national, fresh before stale.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from ..places import Point
from ..taxonomy import Taxonomy
from ..text import normalize_name
from .analyzer import analyze, analyze_tokens, edit_distance, stem, tokenize, typo_budget
from .documents import SearchDocument
from .facets import Facets
from .framing import content_tokens, is_framed
from .query import ParameterError, SearchQuery
from .schedule import is_open
from .wordlists import STOPWORDS_NL

if TYPE_CHECKING:
    from .fts import FtsBackend
    from .vectors import ServiceVectors

PREPOSITIONS = {"in", "te", "bij", "uit", "rond", "rondom", "omgeving", "buurt", "near"}
# Place names that are also ordinary words: only a place after 'in', 'bij', ...
AMBIGUOUS_PLACES = {"handel", "heide", "eind", "mortel", "rips", "hout", "noord", "oost", "west",
                    "centrum", "binnenstad", "warande"}
# Relevance bands: results within a band count as comparable and are ordered by ladder step,
# local before national, fresh before stale. Rounded, so the best band is [0.9, 1.0] of the top
# score (flooring made the top band hold only exact ties with the best result).
TIERS = 10
SEMANTIC_MIN_CONFIDENCE = 0.2
CORRECTED_TOPIC = 0.6  # a topic named only by a typo correction ('kletsen' -> 'klussen') is a hint


@dataclass
class QueryPlan:
    query: SearchQuery
    match_terms: list[str] = field(default_factory=list)
    topic_weights: dict[str, float] = field(default_factory=dict)
    municipality: str | None = None
    detected_place: str | None = None
    origin: Point | None = None
    has_text: bool = False
    text: str = ""  # the query as written, folded, without a place it named
    name_tokens: tuple[str, ...] = ()  # content words (typos corrected) to match names with


# -- thesaurus ----------------------------------------------------------------------------

@lru_cache(maxsize=4)
def thesaurus(taxonomy: Taxonomy) -> tuple[tuple[tuple[str, ...], str], ...]:
    """(analysed term sequence, topic) for every label, synonym and English term."""
    entries = []
    for topic in taxonomy.topics:
        for term in topic.terms:
            stems = tuple(analyze(term))
            if stems:
                entries.append((stems, topic.slug))
    return tuple(entries)


@lru_cache(maxsize=4)
def thesaurus_index(taxonomy: Taxonomy) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for sequence, topic in thesaurus(taxonomy):
        index.setdefault(sequence[0], []).append((sequence, topic))
    return index


def thesaurus_topics(stems: list[str], taxonomy: Taxonomy) -> dict[str, float]:
    """Topics whose terms occur in the query: 1.0 for a multi-word or exact term."""
    found: dict[str, float] = {}
    index = thesaurus_index(taxonomy)
    entries = [entry for first in dict.fromkeys(stems) for entry in index.get(first, ())]
    for sequence, topic in entries:
        n = len(sequence)
        if n == 1:
            hit = sequence[0] in stems
        else:
            hit = any(tuple(stems[i:i + n]) == sequence for i in range(len(stems) - n + 1))
        if hit:
            found[topic] = 1.0
    return found


# -- places -------------------------------------------------------------------------------

def detect_place(tokens: list[str], backend: FtsBackend) -> tuple[str | None, str | None, set[int]]:
    """(municipality, place name as written in the gazetteer, token positions used)."""
    names = backend.gazetteer.names
    for size in (3, 2, 1):
        for start in range(len(tokens) - size + 1):
            key = normalize_name(" ".join(tokens[start:start + size]))
            place = names.get(key)
            if not place:
                continue
            preceded = start > 0 and tokens[start - 1] in PREPOSITIONS
            if size == 1 and key in AMBIGUOUS_PLACES and not preceded:
                continue
            return place.municipality, place.name, set(range(start, start + size))
    single_names = {k: p for k, p in names.items() if " " not in k and len(k) >= 5}
    for position, token in enumerate(tokens):
        if len(token) < 5 or token in backend.lexicon.words or backend.knows_term(stem(token)):
            continue
        budget = 1 if len(token) < 8 else 2
        best = None
        for key, place in single_names.items():
            if key[0] != token[0] or abs(len(key) - len(token)) > budget:
                continue
            distance = edit_distance(token, key, budget)
            if distance <= budget and (best is None or distance < best[0]):
                best = (distance, place)
        if best:
            return best[1].municipality, best[1].name, {position}
    return None, None, set()


# -- typos --------------------------------------------------------------------------------

def words_starting(lexicon, initial: str) -> list[str]:
    """The lexicon's words by first letter, rebuilt when the lexicon grows."""
    index = lexicon.__dict__.get("_by_initial")
    if index is None or index[0] != len(lexicon.words):
        by_initial: dict[str, list[str]] = {}
        for word in lexicon.words:
            by_initial.setdefault(word[0], []).append(word)
        index = lexicon.__dict__["_by_initial"] = (len(lexicon.words), by_initial)
    return index[1].get(initial, [])


def correct_token(token: str, backend: FtsBackend) -> str:
    """The nearest known word for a token the index has never seen, or the token itself."""
    if backend.knows_term(stem(token)) or token in backend.lexicon.words:
        return token
    # a verb form the services do not use: 'maait' (he mows) is 'maaien', 'kletst' is 'kletsen'
    if len(token) >= 5 and token.endswith("t") and backend.knows_term(stem(token[:-1] + "en")):
        return token[:-1] + "en"
    budget = typo_budget(token)
    if budget == 0:
        return token
    best: tuple[int, str] | None = None
    for word in words_starting(backend.lexicon, token[0]):
        if abs(len(word) - len(token)) > budget:
            continue
        distance = edit_distance(token, word, budget)
        if distance <= budget and (best is None or distance < best[0] or
                                   (distance == best[0] and len(word) > len(best[1]))):
            best = (distance, word)
    if best and not plausible_typo(token):
        return token
    return best[1] if best else token


def plausible_typo(token: str) -> bool:
    """Whether `token` can be a misspelling at all: a word the e5 tokenizer knows whole
    ('denk', 'leven', 'weet') is a word of its own, not a typo of 'donk', 'lezen' or 'wet'.
    (Closeness of meaning does not tell: 'shulden'~'schulden' 0.88, 'kletsen'~'klussen' 0.90.)"""
    from .semantic import whole_word

    return not whole_word(token)


def _semantic_topics(text: str, backend: FtsBackend) -> tuple[tuple[str, float], ...]:
    matcher = backend.topic_matcher()
    return tuple((s.topic, s.confidence) for s in matcher.score(text)[:2]
                 if s.confidence >= SEMANTIC_MIN_CONFIDENCE)


def plan_query(query: SearchQuery, backend: FtsBackend, semantic: bool = True) -> QueryPlan:
    taxonomy, gazetteer = backend.taxonomy, backend.gazetteer
    if query.topic and query.topic not in taxonomy.topic_slugs:
        raise ParameterError("topic", f"onbekend onderwerp {query.topic!r}")
    if query.ladder and query.ladder not in taxonomy.ladder_slugs:
        raise ParameterError("ladder", f"onbekende trede {query.ladder!r}; kies uit "
                             + ", ".join(taxonomy.ladder_slugs))
    plan = QueryPlan(query=query)
    if query.municipality:
        municipality = gazetteer.municipality_of(query.municipality)
        if municipality is None:
            raise ParameterError("municipality", f"onbekende gemeente {query.municipality!r}; kies uit "
                                 + ", ".join(gazetteer.municipality_names()))
        plan.municipality = municipality
    if query.near:
        plan.origin = gazetteer.point_of(query.near)
        if plan.origin is None:
            raise ParameterError("near", f"onbekende postcode of plaats {query.near!r}; gebruik een "
                                 "postcode uit de regio (bijv. 5701) of 'breedte,lengte'")

    tokens = tokenize(query.q)
    municipality, place_name, used = detect_place(tokens, backend)
    if municipality:
        plan.detected_place = place_name
        if plan.municipality is None:
            plan.municipality = municipality
        tokens = [t for i, t in enumerate(tokens) if i not in used]
    # a question's framing ("waar kan ik terecht als", "is er iemand die") is left out: only the
    # words that carry the need match, guess the topic and make the vector (framing.py)
    written = content_tokens(tokens)
    content = [correct_token(t, backend) for t in written]
    text = " ".join(content)
    # a correction is added beside what was written (a soft expansion), never instead of it
    as_written = analyze_tokens(written, backend.lexicon)
    plan.match_terms = list(dict.fromkeys(as_written + analyze_tokens(content, backend.lexicon)))
    plan.name_tokens = tuple(t for t in content if t not in STOPWORDS_NL)
    plan.text = " ".join(written)
    plan.has_text = bool(plan.match_terms)
    plan.topic_weights = thesaurus_topics(as_written, taxonomy)
    for topic in thesaurus_topics(plan.match_terms, taxonomy):  # found only through a correction
        plan.topic_weights.setdefault(topic, CORRECTED_TOPIC)
    words = [t for t in content if t.isalpha() and len(t) >= 3]
    sentence = is_framed(tokens)
    if semantic and words and (not plan.topic_weights or len(content) >= 4 or sentence):
        for topic, confidence in _semantic_topics(" ".join(written) or text, backend):
            plan.topic_weights[topic] = max(plan.topic_weights.get(topic, 0.0), 0.5 + 0.5 * confidence)
    return plan


# -- filtering and ordering ---------------------------------------------------------------

def passes(document: SearchDocument, plan: QueryPlan, distance: float | None) -> bool:
    query = plan.query
    if not document.active:
        return False
    if query.topic and query.topic not in document.topics:
        return False
    if query.ladder and document.ladder != query.ladder:
        return False
    if plan.municipality and not (document.national or plan.municipality in document.municipalities):
        return False
    if query.free and not document.free:
        return False
    if query.age is not None:
        if document.min_age is not None and query.age < document.min_age:
            return False
        if document.max_age is not None and query.age > document.max_age:
            return False
    if query.open_at is not None and not is_open(document.windows, query.open_at):
        return False
    return not (query.radius_km is not None and distance is not None and distance > query.radius_km)


def rank(plan: QueryPlan, lexical: np.ndarray | Mapping[int, float] | None, facets: Facets,
         now: dt.datetime, vectors: ServiceVectors | None = None) -> tuple[list, int]:
    """(page of hits, total): filter, score and order every document in vectorised steps.

    Relevance is the service's own match with the query, fused: lexical (BM25 over name,
    description and the thesaurus terms of its topics), meaning (the query's vector against the
    service's), a guessed topic as a signal, and an exact or near-exact name or organisation
    match above everything. Services below a floor relative to the best are left out, so a
    query never fills the page with unrelated services."""
    n = len(facets)
    if n == 0:
        return [], 0
    query = plan.query
    relevance, name_match = (relevance_scores(plan, lexical, facets, vectors) if plan.has_text
                             else (np.zeros(n), np.zeros(n)))
    mask = relevance > 0 if plan.has_text else np.ones(n, dtype=bool)
    mask &= facets.active
    if query.topic:
        mask &= facets.with_topics([query.topic])
    if query.ladder:
        mask &= facets.ladder == facets_ladder_rank(query.ladder)
    if plan.municipality:
        mask &= facets.in_municipality(plan.municipality)
    if query.free:
        mask &= facets.free
    if query.age is not None:
        mask &= ~(facets.min_age > query.age) & ~(facets.max_age < query.age)
    if query.open_at is not None:
        mask &= facets.open_at(query.open_at)
    distance = None
    if plan.origin is not None:
        distance = facets.distance_km(plan.origin)
        if query.radius_km is not None:
            mask &= ~(distance > query.radius_km)  # NaN (no location, e.g. national) stays
    selected = np.flatnonzero(mask)
    total = int(selected.size)
    if not total:
        return [], 0
    rel = relevance[selected]
    tier = np.rint(rel / (rel.max() or 1.0) * TIERS) if plan.has_text else np.zeros(total)
    far = np.nan_to_num(distance[selected], nan=1e9) if distance is not None else np.zeros(total)
    exact = name_match[selected] >= 1.0
    order = np.lexsort((facets.name_rank[selected], -rel, far, facets.stale[selected],
                        facets.national[selected], facets.ladder[selected], -tier, ~exact))
    page = selected[order[query.offset: query.offset + query.limit]]
    return [_hit(facets.docs[i], float(relevance[i]),
                 None if distance is None or np.isnan(distance[i]) else float(distance[i]), now)
            for i in page], total


def facets_ladder_rank(slug: str) -> int:
    from ..taxonomy import LADDER_ORDER

    return LADDER_ORDER.index(slug)


def hit_of(document: SearchDocument, relevance: float, now: dt.datetime):
    """A result line for a document chosen outside the ranking (a crisis helpline)."""
    return _hit(document, relevance, None, now)


def _hit(d: SearchDocument, relevance: float, distance: float | None, now: dt.datetime):
    from .query import Hit

    return Hit(
        id=d.id, name=d.name, description=d.description, organization=d.organization,
        topics=list(d.topics), ladder=d.ladder, municipalities=list(d.municipalities),
        cost=d.cost, phones=list(d.phones), url=d.url,
        distance_km=round(distance, 1) if distance is not None else None,
        open_now=is_open(d.windows, now), assured_date=d.assured_date, score=round(relevance, 4),
    )


# -- relevance ------------------------------------------------------------------------------
# Weights of the fused score, chosen on the project's own judged sets (never on the dev set).
W_LEXICAL, W_DENSE, W_TOPIC, W_NAME = 0.45, 0.45, 0.4, 0.6
DENSE_CANDIDATE = 0.55  # meaning alone brings a service in from this normalised similarity
FLOOR = 0.3  # of the best relevance: below it a service is not shown for this query
FILTERED_FLOOR = 0.3  # with filters: what they leave must be this close to the best without them (0.45 lost relevant services on the blind set: filter style 0.91 -> 0.86)
FILTER_FIELDS = ("municipality", "topic", "ladder", "free", "age", "open_at", "near", "radius_km")
# which filter to drop first when the filters leave nothing: the ones a resident ticks lightly
RELAX_ORDER = ("free", "open_at", "age", "ladder", "topic", "near", "municipality")


def has_filters(query: SearchQuery) -> bool:
    return any(getattr(query, name) is not None for name in FILTER_FIELDS)


def without_filters(query: SearchQuery) -> tuple[SearchQuery, list[str]]:
    """The same words without the explicit filters (a place named in the words still counts)."""
    dropped = [name for name in FILTER_FIELDS if getattr(query, name) is not None]
    return SearchQuery(q=query.q, limit=query.limit), dropped
NAME_CANDIDATES = 60


def relevance_scores(plan: QueryPlan, lexical, facets: Facets,
                     vectors: ServiceVectors | None) -> tuple[np.ndarray, np.ndarray]:
    """(fused relevance, name match 0..1) per document; 0 where a document is not a candidate."""
    n = len(facets)
    lex = np.zeros(n)
    if isinstance(lexical, np.ndarray):
        lex = lexical / (lexical.max() or 1.0)
    elif lexical:
        positions = np.fromiter((facets.position[r] for r in lexical), np.int64, len(lexical))
        scores = np.fromiter(lexical.values(), float, len(lexical))
        lex[positions] = scores / (scores.max() or 1.0)
    topic_score = np.zeros(n)
    for topic, weight in plan.topic_weights.items():
        index = facets.topic_index.get(topic)
        if index is None:
            continue
        has = ((facets.topic_bits >> index) & 1).astype(bool)
        primary = facets.primary_topic == index
        topic_score = np.maximum(topic_score, np.where(primary, weight, np.where(has, 0.75 * weight, 0.0)))
    dense = np.zeros(n)
    if vectors is not None and plan.text and len(vectors) == n:
        from .semantic import normalised_similarity

        dense = normalised_similarity(vectors.similarity(plan.text), facets.active)
    name_match = name_scores(plan, lex, facets)
    candidate = (lex > 0) | (topic_score > 0) | (dense >= DENSE_CANDIDATE) | (name_match > 0)
    relevance = W_LEXICAL * lex + W_DENSE * dense + W_TOPIC * topic_score + W_NAME * name_match
    relevance = np.where(candidate, relevance, 0.0)
    best = relevance[facets.active].max() if facets.active.any() else 0.0
    # the floor is relative to the best service *before* filters: filters can leave nothing
    # relevant, and then the answer says so instead of showing what is left
    floor = FILTERED_FLOOR if has_filters(plan.query) or plan.municipality else FLOOR
    relevance[relevance < floor * best] = 0.0
    return relevance, name_match


def name_scores(plan: QueryPlan, lex: np.ndarray, facets: Facets) -> np.ndarray:
    """1.0 where the query is a service's name or organisation (typos and a trailing number
    or place aside), 0.5 where it is most of the name; checked on the best lexical matches."""
    out = np.zeros(len(facets))
    words = set(plan.name_tokens)
    if not words:
        return out
    top = np.flatnonzero(lex > 0)
    if top.size > NAME_CANDIDATES:
        top = top[np.argpartition(-lex[top], NAME_CANDIDATES)[:NAME_CANDIDATES]]
    joined = "".join(plan.name_tokens)
    for i in top:
        best = 0.0
        for tokens, key in name_keys(facets, int(i)):
            if words == tokens or joined == key or (
                    len(joined) >= 8 and key[:2] == joined[:2] and abs(len(key) - len(joined)) <= 2
                    and edit_distance(joined, key, 2) <= 2):
                best = 1.0
                break
            covered = len(words & tokens)
            if covered and covered == len(words) and covered >= 0.6 * len(tokens):
                best = max(best, 0.5)
        out[i] = best
    return out


def name_keys(facets: Facets, position: int) -> list[tuple[frozenset, str]]:
    """(content words, words joined) of a document's name and organisation, remembered."""
    cache = facets.__dict__.setdefault("_name_keys", {})
    keys = cache.get(position)
    if keys is None:
        document = facets.docs[position]
        keys = []
        for name in (document.name, document.organization or ""):
            tokens = [t for t in tokenize(name) if t not in STOPWORDS_NL and not t.isdigit()]
            if tokens:
                keys.append((frozenset(tokens), "".join(tokens)))
        cache[position] = keys
    return keys
