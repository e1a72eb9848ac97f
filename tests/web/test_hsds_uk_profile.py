"""The HSDS-UK profile's checks that apply to an HSDS 3.0 API (Open Referral's uk_compliance and
api_reference pages), as its validator makes them: open endpoints, one API stub, CORS on every
answer, `version` and a resolving `profile` on `/`, paging on every list, cumulative filters, and
the UK filters `minimum_age`, `maximum_age`, `day`, `start_time`, `end_time` on `/services` and
`/service_at_locations`.

Not checked, because they do not apply here: HTTPS (the deployment's proxy provides it, see
docs/deployment.md), the UK field list of the forthcoming 3.0 UK application profile (not published),
and the ORUK 1.0 validator's own rules (an older standard with other endpoints)."""

from __future__ import annotations

import pytest

PAGE_FIELDS = {"total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"}
LISTS = ["/hsds/services", "/hsds/organizations", "/hsds/taxonomies", "/hsds/taxonomy_terms",
         "/hsds/service_at_locations"]


def ids(client, path, **params) -> set[str]:
    found, page = set(), 1
    while True:
        answer = client.get(path, query_string={**params, "page": page, "per_page": 100}).get_json()
        found |= {item["id"] for item in answer["contents"]}
        if answer["last_page"]:
            return found
        page += 1


def test_every_endpoint_is_open_without_a_key_under_one_stub(app, client):
    spec = client.get("/hsds/openapi.json").get_json()
    hsds_paths = [p for p in spec["paths"] if not p.startswith("/api/")]
    assert hsds_paths and all(p.startswith("/hsds/") for p in hsds_paths)
    service = client.get("/hsds/services", query_string={"per_page": 1}).get_json()["contents"][0]
    for path in hsds_paths:
        concrete = path.replace("{service_id}", service["id"]).replace("{organization_id}", service["organization_id"])
        if "{" in concrete:
            continue  # the other single-item paths are covered in test_hsds_conformance.py
        answer = app.test_client().get(concrete)  # no session, no cookie, no key
        assert answer.status_code == 200, concrete


@pytest.mark.parametrize("path, params, status", [
    ("/hsds/services", {}, 200), ("/hsds/services", {"page": "0"}, 400),
    ("/hsds/services/bestaat-niet", {}, 404), ("/hsds/", {}, 200),
])
def test_every_answer_allows_any_origin(client, path, params, status):
    answer = client.get(path, query_string=params)
    assert answer.status_code == status and answer.headers["Access-Control-Allow-Origin"] == "*"


def test_the_root_gives_version_and_a_profile_that_resolves(client):
    root = client.get("/hsds/").get_json()
    assert root["version"].startswith("3.0")
    assert client.get(root["profile"].replace("http://localhost", "")).status_code == 200


@pytest.mark.parametrize("path", LISTS)
def test_every_list_is_paged(client, path):
    answer = client.get(path, query_string={"per_page": 2}).get_json()
    assert set(answer) >= PAGE_FIELDS and answer["size"] == len(answer["contents"]) <= 2


@pytest.mark.parametrize("path", ["/hsds/services", "/hsds/service_at_locations"])
def test_the_uk_filters_exist_and_are_cumulative(client, path):
    young = ids(client, path, maximum_age="17")
    saturday = ids(client, path, day="sa", start_time="10:00", end_time="12:00")
    dementia = ids(client, path, taxonomy_term_id="onderwerp:dementie")
    assert young and saturday and dementia
    assert ids(client, path, maximum_age="17", day="sa", start_time="10:00", end_time="12:00") == young & saturday
    assert ids(client, path, minimum_age="65", taxonomy_term_id="onderwerp:dementie") == \
        ids(client, path, minimum_age="65") & dementia
