"""The Elasticsearch backend without a node: what the official client sends, and how answers
become hits. A recording fake node stands under the real client (fake_elasticsearch.py)."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pytest
from fake_elasticsearch import FakeServer
from search_conformance import CORPUS, FIXED_NOW

from socialmap import SearchQuery, SocialMap
from socialmap.models import Service
from socialmap.places import load_gazetteer
from socialmap.search.elastic import ElasticBackend
from socialmap.search.elastic.mapping import (
    INDEX_ANALYZER,
    SEARCH_ANALYZER,
    analysis_settings,
    index_template,
    mappings,
    synonym_rules,
)
from socialmap.search.query import ParameterError
from socialmap.search.semantic import VECTOR_DIM
from socialmap.taxonomy import load_taxonomy

TAXONOMY = load_taxonomy()
BY_ID = {record["id"]: record for record in CORPUS}


class FakeEmbedder:
    """Deterministic unit vectors, so no model loads in these tests."""

    def __init__(self):
        self.queries: list[str] = []
        self.passages_seen: list[str] = []

    def _vector(self, text: str) -> np.ndarray:
        v = np.random.default_rng(abs(hash(text)) % 2**32).standard_normal(VECTOR_DIM).astype(np.float32)
        return v / np.linalg.norm(v)

    def passages(self, texts):
        self.passages_seen.extend(texts)
        return np.stack([self._vector(t) for t in texts])

    def query(self, text):
        self.queries.append(text)
        return self._vector(text)


@pytest.fixture
def server() -> FakeServer:
    return FakeServer()


def make_backend(server: FakeServer, embedder=None) -> ElasticBackend:
    return ElasticBackend(server.client(), load_gazetteer(), TAXONOMY, embedder=embedder,
                          embed=embedder is not None, topics_by_meaning=False, now=lambda: FIXED_NOW)


def services(*ids: str) -> list[Service]:
    return [Service.from_hsds(BY_ID[i]) for i in ids]


def last_search(server: FakeServer, backend: ElasticBackend, q: str = "", **params) -> dict:
    backend.search(SearchQuery(q=q, **params))
    return server.searches()[-1]


def filters_of(body: dict) -> list[dict]:
    return body["query"]["bool"]["filter"]


# -- mapping and analysis -----------------------------------------------------------------------

def test_analyzers_fold_drop_stopwords_split_compounds_and_stem_in_that_order():
    analysis = analysis_settings(TAXONOMY)
    index_chain = analysis["analyzer"][INDEX_ANALYZER]["filter"]
    search_chain = analysis["analyzer"][SEARCH_ANALYZER]["filter"]
    assert index_chain == ["lowercase", "asciifolding", "wegwijs_stop", "wegwijs_decompound",
                           "wegwijs_diminutive", "wegwijs_stemmer"]
    # the thesaurus only at search time, after folding and before stopwords and stemming
    assert search_chain == ["lowercase", "asciifolding", "wegwijs_thesaurus", *index_chain[2:]]
    filters = analysis["filter"]
    assert filters["wegwijs_stemmer"] == {"type": "stemmer", "language": "dutch"}
    stopwords = filters["wegwijs_stop"]["stopwords"]
    assert "de" in stopwords and "het" in stopwords
    assert "niet" not in stopwords and "alleen" not in stopwords  # the project's trimmed list
    decompound = filters["wegwijs_decompound"]
    assert decompound["type"] == "dictionary_decompounder"
    words = set(decompound["word_list"])
    assert {"mantelzorg", "cafe", "boodschappen", "bus", "klussen", "dienst"} <= words
    assert "café" not in words  # folded like the text it splits
    assert decompound["min_word_size"] == 7 and decompound["min_subword_size"] == 3
    assert filters["wegwijs_thesaurus"]["type"] == "synonym_graph"


def test_thesaurus_rules_come_from_the_taxonomy_one_line_per_topic():
    rules = synonym_rules(TAXONOMY)
    household = next(r for r in rules if r.startswith("huishoudelijke hulp"))
    assert "hbh" in household.split(", ") and "huishoudhulp" in household.split(", ")
    assert len(rules) == len([t for t in TAXONOMY.topics if len(t.terms) > 1])
    assert all(re.fullmatch(r"[a-z0-9 ]+(, [a-z0-9 ]+)+", r) for r in rules)  # no Solr syntax inside a term
    assert any("vrijwilligerswerk zelf helpen" in r.split(", ") for r in rules)  # '(...)' dropped


def test_mapping_types_for_filters_places_hours_and_vectors():
    properties = mappings()["properties"]
    assert mappings()["dynamic"] == "strict"
    for name in ("topics", "ladder", "municipalities", "name_key", "primary_topic"):
        assert properties[name]["type"] == "keyword", name
    for name in ("active", "free", "national"):
        assert properties[name]["type"] == "boolean", name
    assert properties["location"] == {"type": "geo_point"}
    assert properties["windows"]["type"] == "nested"
    assert set(properties["windows"]["properties"]) == {"day", "opens", "closes", "since", "plain"}
    assert properties["vector"] == {"type": "dense_vector", "dims": 384, "index": True, "similarity": "cosine"}
    for name in ("name", "body", "topic_labels"):
        assert properties[name]["analyzer"] == INDEX_ANALYZER
    assert properties["document"]["enabled"] is False


def test_first_write_creates_the_template_and_a_first_index_behind_the_alias(server):
    backend = make_backend(server)
    backend.index_services(services("bus-gemert"))
    template = server.sent("PUT", "^/_index_template/wegwijs-services$")[0].body
    assert template == index_template(TAXONOMY)
    assert template["index_patterns"] == ["wegwijs-services-v*"]
    created = server.sent("PUT", "^/wegwijs-services-v0$")[0].body
    assert created["aliases"] == {"wegwijs-services": {}}
    assert server.resolve("wegwijs-services") == ["wegwijs-services-v0"]


# -- bulk actions -----------------------------------------------------------------------------------

def test_index_services_sends_one_bulk_index_action_per_service_with_its_facets(server):
    embedder = FakeEmbedder()
    backend = make_backend(server, embedder)
    assert backend.index_services(services("bus-gemert", "night-line", "shop-national")) == 3
    bulk = server.sent(None, "/_bulk$")
    assert len(bulk) == 1 and bulk[0].params == {"refresh": "wait_for"}
    lines = bulk[0].ndjson
    actions, sources = lines[0::2], lines[1::2]
    assert [a["index"]["_id"] for a in actions] == ["bus-gemert", "night-line", "shop-national"]
    assert {a["index"]["_index"] for a in actions} == {"wegwijs-services"}
    bus, line, national = sources
    assert bus["municipalities"] == ["Gemert-Bakel"] and bus["national"] is False
    assert bus["active"] is True and bus["free"] is True and bus["min_age"] == 60
    assert bus["location"] == [{"lat": 51.5556, "lon": 5.6903}]
    assert bus["windows"] == [{"day": 1, "opens": 540, "closes": 720, "since": None, "plain": True}]
    assert bus["ladder"] == "omgeving" and bus["ladder_rank"] == 1 and bus["topics"] == ["boodschappen"]
    assert bus["name_key"] == "boodschappenbus gemert" and bus["name_sort"] == "boodschappenbus gemert"
    assert len(bus["vector"]) == VECTOR_DIM
    assert line["windows"][0]["closes"] == 24 * 60 and len(line["windows"]) == 7  # 23:59 = through midnight
    assert national["national"] is True and national["municipalities"] == ["Nederland"]
    assert national["free"] is False and national["location"] == []
    passage = embedder.passages_seen[0]  # the service's own words
    assert passage.startswith("Boodschappenbus Gemert") and "rijden ouderen op dinsdag" in passage


def test_an_inactive_service_is_indexed_as_inactive_not_dropped(server):
    backend = make_backend(server)
    backend.index_services(services("closed"))
    assert server.indices["wegwijs-services-v0"]["closed"]["active"] is False
    assert {"term": {"active": True}} in filters_of(last_search(server, backend, "boodschappenbus"))


def test_remove_sends_delete_actions_and_tolerates_unknown_ids(server):
    backend = make_backend(server)
    backend.index_services(services("bus-gemert", "bus-helmond"))
    backend.remove(["bus-gemert", "never-indexed"])
    lines = server.sent(None, "/_bulk$")[-1].ndjson
    assert lines == [{"delete": {"_index": "wegwijs-services", "_id": "bus-gemert"}},
                     {"delete": {"_index": "wegwijs-services", "_id": "never-indexed"}}]
    assert set(server.indices["wegwijs-services-v0"]) == {"bus-helmond"}


def test_a_rejected_document_raises_so_the_store_rolls_back(server):
    backend = make_backend(server)
    server.fail_bulk = True
    with pytest.raises(Exception, match="failed"):
        backend.index_services(services("bus-gemert"))


def test_rebuild_loads_a_new_index_then_swaps_the_alias_atomically_then_deletes_the_old(server):
    backend = make_backend(server)
    backend.index_services(services("bus-gemert"))
    server.requests.clear()
    assert backend.rebuild(services("bus-helmond", "cafe-asten")) == 2
    steps = [(r.method, r.path) for r in server.requests if r.method != "HEAD"]
    new = next(p for m, p in steps if m == "PUT" and p.startswith("/wegwijs-services-v2"))[1:]
    assert steps == [
        ("PUT", "/_index_template/wegwijs-services"),
        ("PUT", f"/{new}"),
        ("PUT", "/_bulk"),
        ("PUT", f"/{new}/_settings"),
        ("POST", f"/{new}/_refresh"),
        ("GET", "/_alias/wegwijs-services"),
        ("POST", "/_aliases"),
        ("DELETE", "/wegwijs-services-v0"),
    ]
    assert server.sent("PUT", f"^/{new}$")[0].body["settings"] == {"refresh_interval": "-1"}
    assert {a["index"]["_index"] for a in server.sent(None, "/_bulk$")[0].ndjson[0::2]} == {new}
    assert server.sent("POST", "^/_aliases$")[0].body["actions"] == [
        {"remove": {"index": "wegwijs-services-v0", "alias": "wegwijs-services"}},
        {"add": {"index": new, "alias": "wegwijs-services"}},
    ]
    assert server.resolve("wegwijs-services") == [new]
    assert set(server.indices) == {new} and set(server.indices[new]) == {"bus-helmond", "cafe-asten"}


def test_a_failed_rebuild_leaves_the_live_index_alone(server):
    backend = make_backend(server)
    backend.index_services(services("bus-gemert"))
    server.fail_bulk = True
    with pytest.raises(Exception, match="failed"):
        backend.rebuild(services("bus-helmond"))
    assert server.resolve("wegwijs-services") == ["wegwijs-services-v0"]
    assert set(server.indices) == {"wegwijs-services-v0"}  # the half-built index is gone
    assert not server.sent("POST", "^/_aliases$")


def test_an_editors_save_reaches_the_live_index(server):
    social_map = SocialMap(":memory:")
    social_map.search_backend = make_backend(server)
    social_map.upsert_service(dict(BY_ID["cafe-asten"], name="Mantelzorgcafé Heusden"))
    assert server.indices["wegwijs-services-v0"]["cafe-asten"]["name"] == "Mantelzorgcafé Heusden"
    social_map.set_status("cafe-asten", "inactive")
    assert server.indices["wegwijs-services-v0"]["cafe-asten"]["active"] is False
    social_map.delete_services(["cafe-asten"])
    assert "cafe-asten" not in server.indices["wegwijs-services-v0"]
    social_map.close()


def test_the_facade_chooses_the_backend_and_needs_a_url():
    with pytest.raises(ValueError, match="elasticsearch_url"):
        SocialMap(":memory:", search_backend="elasticsearch")
    social_map = SocialMap(":memory:", search_backend="elasticsearch", elasticsearch_url="http://es.test:9200")
    assert isinstance(social_map.search_backend, ElasticBackend)
    assert social_map.search_backend.alias == "wegwijs-services"
    assert social_map.search_backend.embedder is not None  # vectors unless switched off
    social_map.close()


def test_index_name_and_vectors_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("WEGWIJS_ELASTICSEARCH_INDEX", "gemeente-x-services")
    monkeypatch.setenv("WEGWIJS_ELASTICSEARCH_VECTORS", "off")
    social_map = SocialMap(":memory:", search_backend="elasticsearch", elasticsearch_url="http://es.test:9200")
    assert social_map.search_backend.alias == "gemeente-x-services"
    assert social_map.search_backend.embedder is None
    social_map.close()


def test_without_vectors_no_knn_clause_is_sent(server):
    backend = make_backend(server)
    backend.index_services(services("night-line"))
    body = last_search(server, backend, "praten")
    assert "should" not in body["query"]["bool"]
    assert "vector" not in server.indices["wegwijs-services-v0"]["night-line"]


# -- query bodies -----------------------------------------------------------------------------------

@pytest.fixture
def loaded(server):
    backend = make_backend(server, FakeEmbedder())
    backend.index_services(Service.from_hsds(r) for r in CORPUS)
    return backend


def test_text_query_matches_name_body_and_topics_exact_name_first_thesaurus_soft(server, loaded):
    body = last_search(server, loaded, "Boodschappenbus Helmond")
    text = body["query"]["bool"]["must"][0]["bool"]
    assert text["minimum_should_match"] == 1
    clauses = text["should"]
    exact = clauses[0]["constant_score"]
    assert exact["filter"] == {"term": {"name_key": "boodschappenbus helmond"}}
    multi = [c["multi_match"] for c in clauses if "multi_match" in c]
    # the place named in the query narrows instead of being matched as a word
    assert {m["query"] for m in multi} == {"boodschappenbus"}
    plain, thesaurus, fuzzy = multi
    assert plain["fields"] == ["name^4", "body^1", "topic_labels^2"] and plain["analyzer"] == INDEX_ANALYZER
    assert thesaurus["analyzer"] == SEARCH_ANALYZER and thesaurus["boost"] < 1
    assert fuzzy["fuzziness"] == "AUTO" and fuzzy["boost"] < thesaurus["boost"]
    assert exact["_name"] == "name"  # marked, so results.py can put the named service first
    assert exact["boost"] > max(m.get("boost", 1.0) for m in multi)
    # filters after the query (post_filter), so the `best` aggregation sees the best match before them
    assert filters_of(body) == [{"term": {"active": True}}]
    assert body["post_filter"]["bool"]["filter"] == [
        {"bool": {"should": [{"term": {"national": True}}, {"term": {"municipalities": "Helmond"}}],
                  "minimum_should_match": 1}}]
    assert body["aggs"] == {"best": {"top_hits": {"size": 1, "_source": False}}}


def test_a_name_with_typos_still_counts_as_the_name_but_short_words_do_not(server, loaded):
    clauses = last_search(server, loaded, "Boodschapenbus Helmnd")["query"]["bool"]["must"][0]["bool"]["should"]
    near = [c["constant_score"] for c in clauses if "fuzzy" in str(c.get("constant_score", {}).get("filter"))]
    assert [n["filter"]["fuzzy"] for n in near] == [
        {"name_key": {"value": "boodschapenbus helmnd", "fuzziness": 2, "prefix_length": 1}},
        {"organization_key": {"value": "boodschapenbus helmnd", "fuzziness": 2, "prefix_length": 1}}]
    exact = clauses[0]["constant_score"]["boost"]
    assert near[0]["boost"] < exact and {n["_name"] for n in near} == {"name"}
    short = last_search(server, loaded, "hbh")["query"]["bool"]["must"][0]["bool"]["should"]
    assert "fuzzy" not in str([c for c in short if "constant_score" in c])


def test_hybrid_knn_rescoring_uses_the_query_vector_and_the_same_filters(server, loaded):
    body = last_search(server, loaded, "iemand om mee te praten", free=True, limit=5)
    knn = body["query"]["bool"]["should"][0]["knn"]
    assert knn["field"] == "vector" and len(knn["query_vector"]) == VECTOR_DIM
    # pre-filtered by every filter: kNN scores only services the filters keep
    assert knn["filter"] == filters_of(body) + body["post_filter"]["bool"]["filter"]
    assert {"term": {"free": True}} in knn["filter"]
    assert loaded.embedder.queries == ["iemand om mee te praten"]
    assert "knn" not in body  # not a top-level section: kNN may not add candidates of its own
    assert body["size"] == 200 and body["from"] == 0


def test_recognised_topics_are_boosts_not_filters(server, loaded):
    body = last_search(server, loaded, "hbh")
    boosts = [c["constant_score"] for c in body["query"]["bool"]["must"][0]["bool"]["should"]
              if "constant_score" in c and "topic" in str(c)]
    assert {"term": {"primary_topic": "huishoudelijke-hulp"}} in [b["filter"] for b in boosts]
    assert not any("huishoudelijke-hulp" in str(f) for f in filters_of(body))


@pytest.mark.parametrize(("params", "expected"), [
    ({"topic": "mantelzorg"}, {"term": {"topics": "mantelzorg"}}),
    ({"ladder": "zelf"}, {"term": {"ladder": "zelf"}}),
    ({"free": True}, {"term": {"free": True}}),
    ({"age": 40}, {"bool": {"must_not": [{"range": {"min_age": {"gt": 40}}}, {"range": {"max_age": {"lt": 40}}}]}}),
    ({"municipality": "asten"}, {"bool": {"should": [{"term": {"national": True}},
                                                     {"term": {"municipalities": "Asten"}}],
                                          "minimum_should_match": 1}}),
    ({"near": "51.4793,5.6570", "radius_km": 3.0}, {"bool": {"should": [
        {"geo_distance": {"distance": "3.0km", "distance_type": "arc", "location": {"lat": 51.4793, "lon": 5.657}}},
        {"bool": {"must_not": [{"exists": {"field": "location"}}]}}], "minimum_should_match": 1}}),
])
def test_each_filter_parameter_becomes_one_filter_clause(server, loaded, params, expected):
    clauses = filters_of(last_search(server, loaded, "", **params))
    assert clauses == [{"term": {"active": True}}, expected]


def test_open_at_is_a_nested_range_query_over_the_weekly_windows(server, loaded):
    clause = filters_of(last_search(server, loaded, "", open_at=dt.datetime(2026, 11, 24, 10, 0)))[1]
    assert clause["bool"]["minimum_should_match"] == 1
    (plain,) = clause["bool"]["should"]  # the corpus has weekly hours only: nothing checked in Python
    assert plain["nested"]["path"] == "windows"
    must = plain["nested"]["query"]["bool"]["filter"]
    assert must[:3] == [{"term": {"windows.day": 1}}, {"range": {"windows.opens": {"lte": 600}}},
                        {"range": {"windows.closes": {"gt": 600}}}]
    assert {"range": {"windows.since": {"lte": "2026-11-24"}}} in must[3]["bool"]["should"]
    assert must[4] == {"term": {"windows.plain": True}}
    assert "script" not in str(clause)


def monthly(sid: str, byday: str) -> Service:
    """A meeting on a weekday of the month (HSDS MONTHLY with an ordinal, e.g. '2TU')."""
    record = dict(BY_ID["cafe-asten"], id=sid, schedules=[{"id": f"{sid}-s", "freq": "MONTHLY", "byday": byday,
                                                          "opens_at": "14:00", "closes_at": "16:00"}])
    return Service.from_hsds(record)


def test_open_at_checks_recurrence_rules_with_the_embedded_rule_and_filters_by_id(server):
    backend = make_backend(server)
    backend.index_services([monthly("second-tuesday", "2TU"), monthly("last-tuesday", "-1TU"),
                            *services("bus-gemert")])
    windows = server.indices["wegwijs-services-v0"]["second-tuesday"]["windows"]
    assert windows == [{"day": 1, "opens": 840, "closes": 960, "since": None, "plain": False}]
    second_tuesday = dt.datetime(2026, 11, 10, 15, 0)
    backend.search(SearchQuery(q="", open_at=second_tuesday, free=True))
    candidates, search = server.searches()[-2:]
    # first the services a rule might open, with the other filters and only their windows
    assert candidates["_source"] == ["document.windows"]
    assert {"term": {"free": True}} in candidates["query"]["bool"]["filter"]
    assert candidates["query"]["bool"]["filter"][-1]["nested"]["query"]["bool"]["filter"][-1] == \
        {"term": {"windows.plain": False}}
    # then the search: plain hours in the query, rule-decided services by id
    plain, by_rule = filters_of(search)[-1]["bool"]["should"]
    assert by_rule == {"ids": {"values": ["second-tuesday"]}}
    assert plain["nested"]["query"]["bool"]["filter"][-1] == {"term": {"windows.plain": True}}


def test_empty_query_is_sorted_by_ladder_locality_freshness_distance_name_and_paged_by_es(server, loaded):
    body = last_search(server, loaded, "", topic="boodschappen", near="5701", limit=3, offset=6)
    assert body["from"] == 6 and body["size"] == 3
    sort = body["sort"]
    assert sort[:3] == [{"ladder_rank": "asc"}, {"national": "asc"}, {"_score": "desc"}]
    assert "_geo_distance" in sort[3] and sort[3]["_geo_distance"]["mode"] == "min"
    assert sort[4:] == [{"name_sort": "asc"}, {"id": "asc"}]
    fresh = body["query"]["bool"]["should"][0]["constant_score"]
    assert fresh["filter"] == {"range": {"assured_date": {"gte": "2025-11-24"}}}  # FIXED_NOW - 365 days


def test_text_query_window_covers_the_page(server, loaded):
    body = last_search(server, loaded, "boodschappen", limit=50, offset=300)
    assert body["from"] == 0 and body["size"] == 350


@pytest.mark.parametrize(("params", "parameter"), [
    ({"topic": "onzin"}, "topic"), ({"ladder": "hoog"}, "ladder"),
    ({"municipality": "Atlantis"}, "municipality"), ({"near": "9999"}, "near"),
    ({"offset": 9995, "limit": 10}, "offset"),
])
def test_bad_parameters_are_the_embedded_engines_errors_and_send_nothing(server, loaded, params, parameter):
    before = len(server.searches())
    with pytest.raises(ParameterError) as raised:
        loaded.search(SearchQuery(q="hulp", **params))
    assert raised.value.parameter == parameter
    assert len(server.searches()) == before


# -- answers become hits --------------------------------------------------------------------------

def recorded(*scored: tuple[str, float], total: int | None = None, best: float | None = None,
             named: tuple[str, ...] = ()) -> dict:
    """An Elasticsearch answer as a node gives it, with the stored documents of these services;
    `best`: the best score before the filters, `named`: services that matched the name clause."""
    from socialmap.search.documents import build_document

    hits = []
    for sid, score in scored:
        document = build_document(Service.from_hsds(BY_ID[sid]), load_gazetteer(), TAXONOMY)
        hit = {"_index": "wegwijs-services-v1", "_id": sid, "_score": score, "_source": {"document": document.to_json()}}
        if sid in named:
            hit["matched_queries"] = ["name"]
        hits.append(hit)
    top = max((s for _, s in scored), default=0.0)
    answer = {"took": 3, "timed_out": False, "hits": {"total": {"value": len(hits) if total is None else total,
                                                                "relation": "eq"}, "max_score": top, "hits": hits}}
    answer["aggregations"] = {"best": {"hits": {"total": {"value": 1, "relation": "eq"}, "max_score": best or top,
                                                "hits": [{"_index": "wegwijs-services-v1", "_id": "x",
                                                          "_score": best or top}]}}}
    return answer


def test_a_recorded_answer_becomes_hits_in_design_order(server, loaded):
    # bus-gemert (omgeving), shop-app (zelf) and shop-national (algemeen, national) score within
    # one relevance band; shop-wmo (maatwerk) and hbh-helmond score far below.
    server.search_response = recorded(("shop-national", 10.0), ("bus-gemert", 9.8), ("shop-app", 9.5),
                                      ("shop-wmo", 4.0), ("hbh-helmond", 1.0), total=17)
    result = loaded.search(SearchQuery(q="boodschappen", near="51.4793,5.6570", limit=4))
    assert result.total == 4  # hbh-helmond (1.0) falls below the floor: counted out, not only hidden
    assert [h.id for h in result.items] == ["shop-app", "bus-gemert", "shop-national", "shop-wmo"]
    by_id = {h.id: h for h in result.items}
    gemert = by_id["bus-gemert"]
    embedded = SocialMap(":memory:")
    embedded.import_hsds(CORPUS)
    reference = {h.id: h for h in embedded.search(SearchQuery(q="", near="51.4793,5.6570", limit=50)).items}
    embedded.close()
    assert gemert.distance_km == reference["bus-gemert"].distance_km == 8.8  # computed the same way
    assert by_id["shop-national"].distance_km is None
    assert gemert.open_now is True and by_id["shop-app"].open_now is None  # Tuesday 10:30
    assert gemert.municipalities == ["Gemert-Bakel"] and gemert.phones == ["0492-123456"]
    assert gemert.cost and gemert.ladder == "omgeving" and gemert.assured_date == "2026-10-01"
    assert by_id["shop-national"].score == 1.0 and by_id["shop-wmo"].score == 0.4
    assert result.detected_topics == ["boodschappen"]


def test_within_a_band_local_comes_before_national_and_fresh_before_stale(server, loaded):
    server.search_response = recorded(("shop-national", 5.0), ("shop-stale", 5.0), ("shop-local-algemeen", 4.9))
    result = loaded.search(SearchQuery(q="boodschappendienst"))
    assert [h.id for h in result.items] == ["shop-local-algemeen", "shop-stale", "shop-national"]


def test_offset_pages_through_the_ordered_candidates(server, loaded):
    server.search_response = recorded(("shop-national", 10.0), ("bus-gemert", 9.8), ("shop-app", 9.5),
                                      ("shop-wmo", 4.0))
    page = loaded.search(SearchQuery(q="boodschappen", limit=2, offset=1))
    assert [h.id for h in page.items] == ["bus-gemert", "shop-national"]


def test_place_named_in_the_query_is_reported_and_narrows(server, loaded):
    server.search_response = recorded(("bus-helmond", 3.0))
    result = loaded.search(SearchQuery(q="boodschappen in Helmnd"))
    assert result.detected_place == "Helmond"
    assert {"term": {"municipalities": "Helmond"}} in str_clauses(server.searches()[-1]["post_filter"]["bool"]["filter"])


def str_clauses(clauses: list[dict]) -> list[dict]:
    found = []
    for clause in clauses:
        found.extend(clause.get("bool", {}).get("should", []))
    return found


def test_empty_query_answer_keeps_es_order_and_scores_zero(server, loaded):
    server.search_response = recorded(("shop-app", 1.0), ("bus-gemert", 1.0), ("shop-stale", 0.0))
    result = loaded.search(SearchQuery(q="", topic="boodschappen"))
    assert [h.id for h in result.items] == ["shop-app", "bus-gemert", "shop-stale"]
    assert {h.score for h in result.items} == {0.0}


def test_a_lower_ladder_step_does_not_lift_a_much_less_relevant_service(server, loaded):
    # relevance first: shop-app (zelf) matches far worse, so it follows the two close matches
    server.search_response = recorded(("shop-wmo", 9.6), ("bus-gemert", 10.0), ("shop-app", 3.5))
    result = loaded.search(SearchQuery(q="boodschappenbus"))
    assert [h.id for h in result.items] == ["bus-gemert", "shop-wmo", "shop-app"]


def test_cli_and_web_app_choose_the_backend_from_their_settings(monkeypatch, tmp_path):
    from socialmap.cli import _open, build_parser

    monkeypatch.setenv("WEGWIJS_SEARCH_BACKEND", "elasticsearch")
    monkeypatch.setenv("WEGWIJS_ELASTICSEARCH_URL", "http://es.test:9200")
    social_map = _open(build_parser().parse_args(["stats", "--db", str(tmp_path / "cli.sqlite")]))
    assert isinstance(social_map.search_backend, ElasticBackend)
    social_map.close()

    from socialmap import SocialMap
    from web import create_app
    from web.socialmap_access import get_map

    SocialMap(tmp_path / "web.sqlite").close()  # the web app opens an existing map, never makes one
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "SOCIALMAP_DB": str(tmp_path / "web.sqlite"),
                      "APP_DB": str(tmp_path / "app.sqlite"), "SEARCH_BACKEND": "elasticsearch",
                      "ELASTICSEARCH_URL": "http://es.test:9200"})
    with app.app_context():
        backend = get_map().search_backend
        assert isinstance(backend, ElasticBackend)
        assert [str(node.base_url) for node in backend.client.transport.node_pool.all()] == ["http://es.test:9200"]
        get_map().close()


def test_what_matches_only_weakly_is_left_out_and_filters_never_pad(server, loaded):
    server.search_response = recorded(("bus-gemert", 10.0), ("shop-app", 3.1), ("cafe-asten", 2.9), total=3)
    assert [h.id for h in loaded.search(SearchQuery(q="boodschappenbus")).items] == ["bus-gemert", "shop-app"]
    # with a filter the best match before it counts: what the filter leaves must come close to it
    server.search_response = recorded(("shop-app", 4.0), ("bus-helmond", 3.0), best=10.0, total=2)
    result = loaded.search(SearchQuery(q="boodschappenbus", free=True))
    assert result.total == 0 and result.items == []
    server.search_response = recorded(("shop-app", 4.6), ("bus-helmond", 3.0), best=10.0, total=2)
    assert [h.id for h in loaded.search(SearchQuery(q="boodschappenbus", free=True)).items] == ["shop-app"]


def test_a_full_window_above_the_floor_keeps_the_clusters_total(server, loaded):
    window = [(sid, 10.0 - i * 0.01) for i, sid in enumerate(BY_ID) if sid != "closed"]
    server.search_response = recorded(*window, total=5000)
    result = ElasticBackend(server.client(), load_gazetteer(), TAXONOMY, embed=False, topics_by_meaning=False,
                            now=lambda: FIXED_NOW, candidates=len(window)).search(SearchQuery(q="boodschappen"))
    assert result.total == 5000 and len(result.items) == 10


def test_the_name_said_comes_first_even_in_a_lower_band(server, loaded):
    server.search_response = recorded(("shop-app", 10.0), ("bus-helmond", 9.5), ("shop-wmo", 5.0),
                                      named=("shop-wmo",))
    result = loaded.search(SearchQuery(q="Wmo boodschappenhulp Helmond"))
    assert [h.id for h in result.items] == ["shop-wmo", "shop-app", "bus-helmond"]


def test_every_indexed_field_is_in_the_strict_mapping(server):
    # a field the mapping lacks would make a node reject the document (dynamic: strict)
    backend = make_backend(server, FakeEmbedder())
    backend.index_services([*(Service.from_hsds(r) for r in CORPUS), monthly("second-tuesday", "2TU")])
    properties = mappings()["properties"]
    for source in server.indices["wegwijs-services-v0"].values():
        assert set(source) <= set(properties), set(source) - set(properties)
        for window in source["windows"]:
            assert set(window) == set(properties["windows"]["properties"])


def test_the_service_vector_is_of_the_same_text_as_the_embedded_engines(server, monkeypatch):
    # both backends embed one passage per service; the texts must agree, or meaning ranks differ
    import socialmap.search.semantic as semantic
    from socialmap.search.fts import FtsBackend

    seen: list[str] = []
    monkeypatch.setattr(semantic, "embed_passages", lambda texts: seen.extend(texts) or FakeEmbedder().passages(texts))
    monkeypatch.setenv("WEGWIJS_SEARCH_VECTORS", "e5")  # the embedded engine with the full model, as this backend
    fts = FtsBackend(":memory:", load_gazetteer(), TAXONOMY, embed_services=True)
    fts.index_services(services("bus-gemert", "shop-wmo"))
    fts.close()
    embedder = FakeEmbedder()
    make_backend(server, embedder).index_services(services("bus-gemert", "shop-wmo"))
    assert embedder.passages_seen == seen and len(seen) == 2
