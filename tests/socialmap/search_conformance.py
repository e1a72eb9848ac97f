"""Backend-agnostic search conformance: every SearchBackend must give these answers.

A small hand-written corpus whose right answers are known, searched through the SocialMap
facade with each available backend. The Elasticsearch run needs a node at ELASTICSEARCH_URL
and is skipped without one. Collected through test_search_filters.py (pytest only collects
test_*.py files).
"""

from __future__ import annotations

import datetime as dt
import os
import uuid

import pytest

from socialmap import SearchQuery, SocialMap

BACKENDS = [
    "fts",
    pytest.param("elasticsearch", marks=[
        pytest.mark.elasticsearch,
        pytest.mark.skipif(not os.environ.get("ELASTICSEARCH_URL"), reason="needs ELASTICSEARCH_URL"),
    ]),
]
FIXED_NOW = dt.datetime(2026, 11, 24, 10, 30)  # a Tuesday morning, Europe/Amsterdam


def service(sid: str, name: str, description: str, topic: str, ladder: str, area: str | None,
            *, status: str = "active", amount: float | None = 0, min_age: int | None = None,
            max_age: int | None = None, lat: float | None = None, lon: float | None = None,
            city: str | None = None, hours: tuple[str, str, str] | None = None,
            assured: str = "2026-10-01") -> dict:
    """A minimal nested HSDS 3.0 service."""
    attributes = [
        {"id": f"{sid}-t", "taxonomy_term": {"id": f"t-{topic}", "code": topic, "name": topic,
                                            "taxonomy": "onderwerp", "description": topic}},
        {"id": f"{sid}-l", "taxonomy_term": {"id": f"l-{ladder}", "code": ladder, "name": ladder,
                                            "taxonomy": "ladder", "description": ladder}},
    ]
    record: dict = {
        "id": sid, "name": name, "description": description, "status": status,
        "assured_date": assured, "attributes": attributes,
        "organization": {"id": f"org-{sid}", "name": f"Organisatie {name}",
                         "description": f"Organisatie van {name}."},
        "service_areas": [{"id": f"{sid}-a", "name": area}] if area else [],
        "cost_options": [] if amount is None else [{"id": f"{sid}-c", "amount": amount, "currency": "EUR"}],
        "phones": [{"id": f"{sid}-p", "number": "0492-123456"}],
    }
    if min_age is not None:
        record["minimum_age"] = min_age
    if max_age is not None:
        record["maximum_age"] = max_age
    if hours:
        record["schedules"] = [{"id": f"{sid}-s", "freq": "WEEKLY", "byday": hours[0],
                                "opens_at": hours[1], "closes_at": hours[2]}]
    if lat is not None:
        record["service_at_locations"] = [{
            "id": f"{sid}-sal",
            "location": {"id": f"{sid}-loc", "location_type": "physical", "name": name, "latitude": lat, "longitude": lon,
                         "addresses": [{"id": f"{sid}-ad", "address_1": "Markt 1", "city": city,
                                        "postal_code": "5701 AA", "country": "NL",
                                        "state_province": "Noord-Brabant", "address_type": "physical"}]},
        }]
    return record


CORPUS = [
    service("bus-gemert", "Boodschappenbus Gemert", "Vrijwilligers rijden ouderen op dinsdag naar de supermarkt.",
            "boodschappen", "omgeving", "Gemert-Bakel", min_age=60, lat=51.5556, lon=5.6903, city="Gemert",
            hours=("TU", "09:00", "12:00")),
    service("bus-helmond", "Boodschappenbus Helmond", "Samen boodschappen doen met de buurtbus.",
            "boodschappen", "omgeving", "Helmond", min_age=60, lat=51.4793, lon=5.6570, city="Helmond"),
    service("shop-app", "Boodschappen online bestellen", "Tips om zelf boodschappen te bestellen en thuis te laten bezorgen.",
            "boodschappen", "zelf", "Helmond"),
    service("shop-wmo", "Wmo boodschappenhulp Helmond", "Hulp bij boodschappen via de gemeente, na een gesprek.",
            "boodschappen", "maatwerk", "Helmond", amount=19.5, lat=51.4800, lon=5.6560, city="Helmond",
            hours=("MO,TU,WE,TH,FR", "09:00", "17:00")),
    service("shop-national", "Landelijke boodschappendienst", "Boodschappen aan huis, in heel Nederland.",
            "boodschappen", "algemeen", "Nederland", amount=5.0),
    service("shop-local-algemeen", "Boodschappendienst Asten", "Boodschappen aan huis voor inwoners van Asten.",
            "boodschappen", "algemeen", "Asten", amount=3.0, lat=51.4036, lon=5.7486, city="Asten",
            assured="2026-09-01"),
    service("shop-stale", "Boodschappendienst Someren", "Boodschappen aan huis voor inwoners van Someren.",
            "boodschappen", "algemeen", "Someren", amount=3.0, assured="2023-01-01"),
    service("cafe-asten", "Mantelzorgcafé Asten", "Ontmoeting en steun voor wie zorgt voor een naaste.",
            "mantelzorg", "omgeving", "Asten", lat=51.4036, lon=5.7486, city="Asten"),
    service("hbh-helmond", "Huishoudelijke hulp Helmond", "Hulp bij het schoonhouden van uw huis.",
            "huishoudelijke-hulp", "maatwerk", "Helmond", amount=21.8),
    service("closed", "Boodschappenbus Deurne", "Deze bus rijdt niet meer.", "boodschappen", "omgeving",
            "Deurne", status="inactive"),
    service("night-line", "Luisterlijn", "Dag en nacht iemand om mee te praten.", "eenzaamheid", "algemeen",
            "Nederland", hours=("MO,TU,WE,TH,FR,SA,SU", "00:00", "23:59")),
]


def open_corpus(backend: str) -> SocialMap:
    with pytest.MonkeyPatch.context() as patch:
        # each Elasticsearch map gets indices of its own, so fixtures never see each other's edits
        patch.setenv("WEGWIJS_ELASTICSEARCH_INDEX", f"wegwijs-conformance-{uuid.uuid4().hex[:10]}")
        social_map = SocialMap(":memory:", search_backend=backend,
                               elasticsearch_url=os.environ.get("ELASTICSEARCH_URL"))
    report = social_map.import_hsds(CORPUS)
    assert report.ok, report.errors[:3]
    if hasattr(social_map.search_backend, "now"):
        social_map.search_backend.now = lambda: FIXED_NOW
    return social_map


def close_corpus(social_map: SocialMap) -> None:
    drop = getattr(social_map.search_backend, "drop", None)
    if drop is not None:  # a cluster keeps its indices after the test; remove them
        drop()
    social_map.close()


@pytest.fixture(scope="module", params=BACKENDS)
def corpus_map(request):
    """Read-only: the corpus, imported once per backend."""
    social_map = open_corpus(request.param)
    yield social_map
    close_corpus(social_map)


@pytest.fixture(params=BACKENDS)
def writable_corpus_map(request):
    social_map = open_corpus(request.param)
    yield social_map
    close_corpus(social_map)


@pytest.fixture(scope="module")
def reference_map():
    """The embedded engine on the same corpus: what every other backend is compared with."""
    social_map = open_corpus("fts")
    yield social_map
    close_corpus(social_map)


def ids(social_map: SocialMap, q: str = "", **filters) -> list[str]:
    return [hit.id for hit in social_map.search(SearchQuery(q=q, limit=50, **filters)).items]


def test_conformance_inactive_services_are_never_found(corpus_map):
    assert "closed" not in ids(corpus_map, "boodschappenbus")
    assert "closed" not in ids(corpus_map, "")
    assert "closed" not in ids(corpus_map, "Deurne")


def test_conformance_equally_relevant_results_follow_the_ladder_then_local_then_fresh(corpus_map):
    # Every boodschappen service is equally on topic; the order is by ladder step (zelf first),
    # then local before national, then fresh before stale, then by name.
    assert ids(corpus_map, "", topic="boodschappen") == [
        "shop-app",                                   # zelf
        "bus-gemert", "bus-helmond",                  # omgeving, by name
        "shop-local-algemeen", "shop-stale",          # algemeen, local: fresh before stale
        "shop-national",                              # algemeen, national last
        "shop-wmo",                                   # maatwerk
    ]


def test_conformance_text_query_finds_inflections_compounds_and_typos(corpus_map):
    for q in ("boodschap", "boodschappenbus", "boodschapen"):
        found = ids(corpus_map, q)
        assert "bus-gemert" in found and "bus-helmond" in found, q
    assert ids(corpus_map, "mantelzorg")[0] == "cafe-asten"
    assert ids(corpus_map, "HbH")[0] == "hbh-helmond"


def test_conformance_place_in_query_narrows_and_is_reported(corpus_map):
    result = corpus_map.search(SearchQuery(q="boodschappen in Helmnd", limit=50))
    assert result.detected_place == "Helmond"
    found = {hit.id for hit in result.items}
    assert {"bus-helmond", "shop-app", "shop-wmo", "shop-national"} <= found
    assert not found & {"bus-gemert", "shop-local-algemeen", "shop-stale"}


def test_conformance_municipality_filter_keeps_national_services(corpus_map):
    assert set(ids(corpus_map, "", topic="boodschappen", municipality="Asten")) == {
        "shop-local-algemeen", "shop-national"}


def test_conformance_free_age_ladder_filters(corpus_map):
    free = set(ids(corpus_map, "", topic="boodschappen", free=True))
    assert free == {"bus-gemert", "bus-helmond", "shop-app"}
    assert "bus-gemert" not in ids(corpus_map, "", topic="boodschappen", age=40)
    assert "bus-gemert" in ids(corpus_map, "", topic="boodschappen", age=72)
    assert ids(corpus_map, "", ladder="maatwerk") == ["hbh-helmond", "shop-wmo"]


def test_conformance_open_at_uses_weekly_hours_and_keeps_24_7_lines(corpus_map):
    tuesday_morning = dt.datetime(2026, 11, 24, 10, 0)
    assert set(ids(corpus_map, "", open_at=tuesday_morning)) == {"bus-gemert", "shop-wmo", "night-line"}
    sunday_night = dt.datetime(2026, 11, 22, 3, 0)
    assert ids(corpus_map, "", open_at=sunday_night) == ["night-line"]


def test_conformance_near_with_radius_fills_distance_and_keeps_national(corpus_map):
    result = corpus_map.search(SearchQuery(q="", topic="boodschappen", near="51.4793,5.6570",
                                           radius_km=3, limit=50))
    by_id = {hit.id: hit for hit in result.items}
    assert set(by_id) >= {"bus-helmond", "shop-wmo"}
    assert "bus-gemert" not in by_id and "shop-local-algemeen" not in by_id  # 8 and 12 km away
    assert by_id["bus-helmond"].distance_km == 0.0
    assert by_id["shop-national"].distance_km is None


def test_conformance_open_now_uses_the_injected_clock(corpus_map):
    hits = {hit.id: hit for hit in corpus_map.search(SearchQuery(q="", limit=50)).items}
    assert hits["shop-wmo"].open_now is True      # Tuesday 10:30, open 9-17 on weekdays
    assert hits["bus-gemert"].open_now is True
    assert hits["bus-helmond"].open_now is None   # states no hours


def test_conformance_pagination_counts_everything(corpus_map):
    first = corpus_map.search(SearchQuery(q="", topic="boodschappen", limit=3))
    rest = corpus_map.search(SearchQuery(q="", topic="boodschappen", limit=3, offset=3))
    assert first.total == rest.total == 7
    assert len(first.items) == 3 and len(rest.items) == 3
    assert not {h.id for h in first.items} & {h.id for h in rest.items}


def test_conformance_reindexing_replaces_and_removing_forgets(writable_corpus_map):
    social_map = writable_corpus_map
    changed = dict(CORPUS[7], name="Mantelzorgcafé Asten-Heusden", description="Nu ook in Heusden.")
    social_map.upsert_service(changed)
    assert [h.name for h in social_map.search(SearchQuery(q="mantelzorgcafe")).items][0] == \
        "Mantelzorgcafé Asten-Heusden"
    social_map.set_status("cafe-asten", "inactive")
    assert "cafe-asten" not in ids(social_map, "mantelzorg")


# Queries whose answer the embedded engine decides clearly: the first hit must be the same, and
# the same services must fill the top three (their order within a relevance band may differ,
# as the backends' scores differ).
SAME_TOP = [
    ("Boodschappenbus Gemert", {}),
    ("mantelzorgcafe", {}),
    ("HbH", {}),
    ("schoonmaken", {}),
    ("luisterlijn", {}),
    ("iemand om mee te praten", {}),
    ("boodschappen", {"free": True}),
    ("boodschappen in Helmnd", {}),
]
# Without words the order is design §5's alone, so it must be identical.
SAME_ORDER = [
    {"topic": "boodschappen", "municipality": "Helmond"},
    {"topic": "boodschappen", "near": "51.4793,5.6570"},
    {"ladder": "algemeen"},
]


@pytest.mark.parametrize(("q", "filters"), SAME_TOP, ids=[q for q, _ in SAME_TOP])
def test_conformance_same_top_results_as_the_embedded_engine(corpus_map, reference_map, q, filters):
    expected, found = ids(reference_map, q, **filters), ids(corpus_map, q, **filters)
    assert expected, f"the reference finds nothing for {q!r}: not a useful case"
    k = min(3, len(expected))
    assert found[:1] == expected[:1], (q, found[:5], expected[:5])
    assert set(found[:k]) == set(expected[:k]), (q, found[:5], expected[:5])


@pytest.mark.parametrize("filters", SAME_ORDER, ids=[str(f) for f in SAME_ORDER])
def test_conformance_same_order_as_the_embedded_engine_without_words(corpus_map, reference_map, filters):
    assert ids(corpus_map, "", **filters) == ids(reference_map, "", **filters)
