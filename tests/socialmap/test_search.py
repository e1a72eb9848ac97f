"""Search behaviour on the demo social map, the way residents type."""

import datetime as dt

import numpy as np
import pytest

from socialmap import ParameterError, SearchQuery
from socialmap.search.fts import FtsBackend


def search(social_map, q="", **filters):
    return social_map.search(SearchQuery(q=q, **filters))


def top_topics(result, n=5):
    return [hit.topics for hit in result.items[:n]]


@pytest.mark.parametrize("query, topic", [
    ("boodschappen", "boodschappen"),
    ("boodschapen", "boodschappen"),                        # typo
    ("mantelzorgr", "mantelzorg"),                          # typo
    ("HbH", "huishoudelijke-hulp"),                         # abbreviation from the thesaurus
    ("groepsbegeleiding", "dagbesteding"),                  # synonym
    ("ik kan mijn post niet meer bijhouden", "administratie"),  # a need, not a service name
    ("mijn moeder wordt vergeetachtig", "dementie"),
    ("my mother keeps forgetting things", "dementie"),      # English
    ("wie kan mijn gras maaien", "klussen"),
    ("scootmobiel", "hulpmiddelen"),
])
def test_top_results_match_the_need(demo_map, query, topic):
    result = search(demo_map, query)
    assert result.total > 0
    assert all(topic in topics for topics in top_topics(result, 3)), (query, top_topics(result))


def test_compound_query_finds_services_named_with_its_parts(demo_map):
    names = [h.name for h in search(demo_map, "mantelzorg", limit=50).items]
    assert any(name.startswith("Mantelzorgcafé") for name in names)
    names = [h.name for h in search(demo_map, "boodschappenbus", limit=10).items]
    assert any(name.startswith("Boodschappenbus") for name in names)


def test_place_in_query_narrows_like_the_municipality_filter(demo_map):
    result = search(demo_map, "boodschappen in Geemert", limit=50)
    assert result.detected_place == "Gemert"
    assert result.total > 0
    for hit in result.items:
        assert "Gemert-Bakel" in hit.municipalities or hit.municipalities == ["Nederland"]
    filtered = search(demo_map, "boodschappen", municipality="gemert-bakel", limit=50)
    assert {h.id for h in filtered.items} == {h.id for h in result.items}


def test_inactive_services_never_appear(demo_map, demo_records):
    inactive = {r["id"] for r in demo_records if r["status"] != "active"}
    assert inactive
    for query in ("", "hulp", "eenzaamheid", "dagbesteding"):
        ids = {h.id for h in search(demo_map, query, limit=100).items}
        assert not ids & inactive


def test_lower_ladder_steps_and_local_services_come_first_among_equals(demo_map):
    result = search(demo_map, "", topic="mantelzorg", municipality="Helmond", limit=50)
    ranks = [("zelf", "omgeving", "algemeen", "maatwerk").index(h.ladder) for h in result.items]
    assert ranks == sorted(ranks)
    steps = [h.ladder for h in result.items]
    national = [h.municipalities == ["Nederland"] for h in result.items]
    algemeen = [n for n, step in zip(national, steps, strict=True) if step == "algemeen"]
    assert algemeen == sorted(algemeen)  # local (False) before national (True)


def test_filters_topic_ladder_free_and_age(demo_map):
    result = search(demo_map, "", topic="maaltijden", free=True, limit=100)
    assert all(h.cost == "Gratis" for h in result.items)
    result = search(demo_map, "", ladder="maatwerk", limit=100)
    assert result.total > 0 and all(h.ladder == "maatwerk" for h in result.items)
    young = {h.id for h in search(demo_map, "", topic="boodschappen", age=30, limit=100).items}
    old = {h.id for h in search(demo_map, "", topic="boodschappen", age=70, limit=100).items}
    assert young < old  # the boodschappenbus is for 60+


def test_open_at_uses_weekly_opening_hours(demo_map):
    sunday_night = dt.datetime(2026, 11, 22, 3, 0)
    result = search(demo_map, "", open_at=sunday_night, limit=100)
    names = {h.name for h in result.items}
    assert "113 Zelfmoordpreventie" in names and "De Luisterlijn" in names
    assert not any(name.startswith("Wmo-loket") for name in names)


def test_near_postcode_with_radius(demo_map):
    result = search(demo_map, "", near="5757", radius_km=5, limit=100)  # Liessel
    local = [h for h in result.items if h.distance_km is not None]
    assert local and all(h.distance_km <= 5 for h in local)
    assert all(h.municipalities == ["Nederland"] for h in result.items if h.distance_km is None)


def test_pagination_reports_the_total(demo_map):
    first = search(demo_map, "eenzaamheid", limit=5)
    second = search(demo_map, "eenzaamheid", limit=5, offset=5)
    assert first.total == second.total > 10
    assert not {h.id for h in first.items} & {h.id for h in second.items}


def test_open_now_is_computed_with_an_injectable_clock(demo_map):
    backend = demo_map.search_backend
    assert isinstance(backend, FtsBackend)
    saved = backend.now
    try:
        backend.now = lambda: dt.datetime(2026, 11, 24, 10, 30)  # a Tuesday morning
        hit = next(h for h in search(demo_map, "Wmo-loket Helmond", limit=20).items if h.name.startswith("Wmo-loket"))
        assert hit.open_now is True
        backend.now = lambda: dt.datetime(2026, 11, 22, 10, 30)  # a Sunday
        hit = next(h for h in search(demo_map, "Wmo-loket Helmond", limit=20).items if h.name.startswith("Wmo-loket"))
        assert hit.open_now is False
    finally:
        backend.now = saved


@pytest.mark.parametrize("params, parameter", [
    ({"age": "oud"}, "age"),
    ({"topic": "tuinieren"}, "topic"),
    ({"ladder": "boven"}, "ladder"),
    ({"open_at": "morgen"}, "open_at"),
    ({"near": "9999"}, "near"),
    ({"radius_km": "5"}, "radius_km"),            # radius without near
    ({"limit": "1000"}, "limit"),
    ({"offset": "-1"}, "offset"),
    ({"municipality": "Amsterdam"}, "municipality"),
    ({"kleur": "rood"}, "kleur"),
])
def test_bad_parameters_name_the_parameter(demo_map, params, parameter):
    with pytest.raises(ParameterError) as error:
        demo_map.search(SearchQuery.from_params(params))
    assert error.value.parameter == parameter


def test_hit_has_exactly_the_contract_fields(demo_map):
    item = search(demo_map, "voedselbank", limit=1).to_dict()["items"][0]
    assert set(item) == {"id", "name", "description", "organization", "topics", "ladder",
                         "municipalities", "cost", "phones", "url", "distance_km", "open_now",
                         "assured_date", "score"}


def test_service_vectors_are_cached_per_text_and_rank_by_meaning(monkeypatch):
    # Meaning from the service's own text, with a fake embedder so the test needs no model: passages
    # about bicycles point one way, everything else another; every query points to bicycles.
    from search_conformance import service

    from socialmap import SocialMap
    from socialmap.search import semantic

    embedded: list[str] = []

    def fake_passages(texts):
        embedded.extend(texts)
        return np.array([[1.0, 0.0] + [0.0] * 382 if "fiets" in t else [0.0, 1.0] + [0.0] * 382
                         for t in texts], dtype=np.float32)

    monkeypatch.setenv("WEGWIJS_SEARCH_VECTORS", "e5")  # the full-model path, faked
    monkeypatch.setattr(semantic, "embed_passages", fake_passages)
    monkeypatch.setattr(semantic, "embed_query", lambda text: np.array([1.0] + [0.0] * 383, np.float32))
    records = [
        service("a", "Klushulp Asten", "Wij helpen met koken.", "klussen", "omgeving", "Asten"),
        service("b", "Klushulp Asten-Heusden", "Wij maken uw fiets.", "klussen", "omgeving", "Asten"),
    ]
    plain = SocialMap(":memory:")
    plain.search_backend.embed_services = False
    plain.import_hsds(records)
    assert [h.id for h in plain.search(SearchQuery(q="klushulp")).items] == ["a", "b"]  # by name

    social_map = SocialMap(":memory:")
    social_map.import_hsds(records)
    assert len(embedded) == 2
    assert [h.id for h in social_map.search(SearchQuery(q="klushulp")).items] == ["b", "a"]
    social_map.search_backend.rebuild(social_map.list_services())
    assert len(embedded) == 2  # the same texts are not embedded again


def test_another_process_sees_edits_new_services_and_removals(tmp_path):
    # Two SocialMaps on one file stand in for the web and the bot's action server: the reader
    # patches its in-memory copy for edits and reloads for new or removed services, and then
    # answers exactly as a freshly opened map would.
    from search_conformance import CORPUS

    from socialmap import SocialMap

    path = tmp_path / "socialmap.sqlite"
    writer, reader = SocialMap(path), SocialMap(path)
    writer.import_hsds(CORPUS)
    assert reader.search(SearchQuery(q="mantelzorg")).items[0].id == "cafe-asten"

    edited = dict(CORPUS[7], name="Ontmoetingscafé Asten", description="Voor wie zorgt voor een naaste.",
                  status="active")
    writer.upsert_service(edited)
    writer.set_status("bus-gemert", "inactive")
    assert "bus-gemert" not in {h.id for h in reader.search(SearchQuery(q="boodschappenbus")).items}
    assert "cafe-asten" in {h.id for h in reader.search(SearchQuery(q="ontmoetingscafe")).items}  # new words

    writer.upsert_service(dict(CORPUS[7], id="cafe-new", name="Mantelzorgcafé Someren"))
    assert "cafe-new" in {h.id for h in reader.search(SearchQuery(q="mantelzorgcafe")).items}

    fresh = SocialMap(path)
    for query in (SearchQuery(q=""), SearchQuery(q="boodschappen"), SearchQuery(q="cafe", municipality="Asten"),
                  SearchQuery(q="", topic="boodschappen", free=True)):
        assert reader.search(query).to_dict() == fresh.search(query).to_dict()
