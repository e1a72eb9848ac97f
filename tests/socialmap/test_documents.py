"""A bulk import builds search documents straight from HSDS JSON; they must equal the documents
built through `Service` (as editing, reindexing and Elasticsearch do), or search would differ
by how a service came in."""

import copy
import random

import pytest

from socialmap.models import Service
from socialmap.places import load_gazetteer
from socialmap.search.documents import build_document, document_from_hsds
from socialmap.taxonomy import load_taxonomy


@pytest.fixture(scope="module")
def context():
    return load_gazetteer(), load_taxonomy()


def both(record: dict, context):
    gazetteer, taxonomy = context
    return (document_from_hsds(record, gazetteer, taxonomy),
            build_document(Service.from_hsds(record), gazetteer, taxonomy))


def test_every_demo_record_gives_the_same_document(demo_records, context):
    for record in demo_records:
        direct, through_service = both(record, context)
        assert direct == through_service, record["id"]


# Changes a record may carry that the typed path treats in its own way: blanks, padding,
# missing parts, numbers as text, duplicates, national areas, odd statuses.
VARIATIONS = [
    lambda r: r.pop("organization", None),
    lambda r: r.__setitem__("organization", {"id": "o", "name": "  ", "phones": [{"number": "088 123"}]}),
    lambda r: r.__setitem__("phones", []),
    lambda r: r.__setitem__("phones", [{"number": " "}]),
    lambda r: r.__setitem__("phones", [{"number": "0492 1"}, {"number": "0492 1"}, "geen object"]),
    lambda r: r.__setitem__("service_at_locations", []),
    lambda r: r.__setitem__("service_at_locations", [{"id": "x", "location": None}, {"id": "y"}]),
    lambda r: r.__setitem__("service_areas", [{"name": " Nederland "}]),
    lambda r: r.__setitem__("service_areas", [{"name": ""}, {"name": "Asten"}, {"name": "asten"}]),
    lambda r: r.__setitem__("cost_options", [{"amount": 0}, {"amount": "0"}]),
    lambda r: r.__setitem__("cost_options", [{"amount": 7.5, "option": " per maaltijd "}, {"amount": None}]),
    lambda r: r.__setitem__("cost_options", [{"amount": None}]),
    lambda r: r.__setitem__("fees_description", "  Eigen bijdrage  "),
    lambda r: r.__setitem__("status", "inactive"),
    lambda r: r.__setitem__("status", None),
    lambda r: r.__setitem__("description", None),
    lambda r: r.__setitem__("alternate_name", " Ook wel: hulp "),
    lambda r: r.__setitem__("eligibility_description", "Voor iedereen"),
    lambda r: r.__setitem__("assured_date", "2025-02-03T10:00:00"),
    lambda r: r.__setitem__("assured_date", None),
    lambda r: r.__setitem__("minimum_age", "18"),
    lambda r: r.__setitem__("url", " https://example.org "),
    lambda r: r.__setitem__("attributes", [*r.get("attributes", []), *r.get("attributes", []),
                                           {"taxonomy_term": None}, {"taxonomy_term": {"taxonomy": "ladder"}}]),
    lambda r: r.__setitem__("schedules", [{"freq": "WEEKLY", "byday": "MO,2TU", "opens_at": "09:00",
                                           "closes_at": "12:00", "description": "Gesloten op feestdagen"}]),
]


def test_variations_give_the_same_document(demo_records, context):
    rng = random.Random(12)
    for record in demo_records:
        for _ in range(3):
            varied = copy.deepcopy(record)
            for change in rng.sample(VARIATIONS, 4):
                change(varied)
            direct, through_service = both(varied, context)
            assert direct == through_service, (record["id"], varied)
