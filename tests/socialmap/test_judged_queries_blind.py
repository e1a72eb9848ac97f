"""Shape of the blind judged query sets (the first, and the fresh one of 2026-12-04): a set with a
wrong id or a query without a right answer would silently measure nothing, so each is checked
against the demo social map it was judged on."""
from collections import Counter
from pathlib import Path

import pytest
import yaml

BLIND_SETS = [Path(__file__).with_name(name)
              for name in ("judged_queries_blind.yaml", "judged_queries_fresh.yaml")]
STYLES = {"keyword", "question", "colloquial", "typo", "english", "filter", "crisis", "place"}
FILTERS = {"municipality", "free", "age", "ladder", "topic"}  # search parameters of DESIGN §5
LADDER = {"zelf", "omgeving", "algemeen", "maatwerk"}
MUNICIPALITIES = {"Helmond", "Deurne", "Asten", "Someren", "Gemert-Bakel", "Laarbeek"}


@pytest.fixture(scope="module", params=BLIND_SETS, ids=lambda path: path.stem)
def queries(request) -> list[dict]:
    return yaml.safe_load(request.param.read_text(encoding="utf-8"))["queries"]


@pytest.fixture(scope="module")
def services(demo_records) -> dict[str, dict]:
    return {record["id"]: record for record in demo_records}


def _codes(record: dict, taxonomy: str) -> set[str]:
    return {a["taxonomy_term"]["code"] for a in record["attributes"]
            if a["taxonomy_term"]["taxonomy"] == taxonomy}


def test_every_query_is_well_formed(queries):
    assert len(queries) >= 100
    for item in queries:
        assert set(item) <= {"q", "style", "relevant", "filters"}, item
        assert isinstance(item["q"], str) and item["q"].strip(), item
        assert item["style"] in STYLES, item
        assert set(item.get("filters", {})) <= FILTERS, item
        assert set(item["relevant"].values()) <= {1, 2}, item
    # a few honest "nothing fits here" queries (e.g. free transport) are allowed, never many
    without_answer = [item["q"] for item in queries if 2 not in item["relevant"].values()]
    assert len(without_answer) <= 5, without_answer


def test_queries_are_unique_and_every_style_is_covered(queries):
    keys = Counter((item["q"].lower(), str(item.get("filters"))) for item in queries)
    assert [key for key, n in keys.items() if n > 1] == []
    assert {item["style"] for item in queries} == STYLES


def test_every_judged_id_is_an_active_demo_service(queries, services):
    for item in queries:
        for service_id in item["relevant"]:
            assert service_id in services, f"{item['q']!r}: unknown id {service_id}"
            assert services[service_id]["status"] == "active", f"{item['q']!r}: {service_id} is not active"


def test_judged_services_satisfy_the_query_filters(queries, services):
    """A service the filters exclude can never be returned, so it must not be judged relevant."""
    for item in queries:
        filters = item.get("filters", {})
        assert filters.get("municipality", "Helmond") in MUNICIPALITIES, item
        assert filters.get("ladder", "zelf") in LADDER, item
        for service_id in item["relevant"]:
            record = services[service_id]
            areas = {area["name"] for area in record["service_areas"]}
            if "municipality" in filters:
                assert areas & {filters["municipality"], "Nederland"}, (item["q"], record["name"])
            if "age" in filters:
                assert record.get("minimum_age", 0) <= filters["age"] <= record.get("maximum_age", 200)
            if "ladder" in filters:
                assert filters["ladder"] in _codes(record, "ladder"), (item["q"], record["name"])
            if "topic" in filters:
                assert filters["topic"] in _codes(record, "onderwerp"), (item["q"], record["name"])
            if filters.get("free"):
                fees = record["fees_description"].lower()
                assert "gratis" in fees or fees.startswith("vergoed"), (item["q"], record["name"])
