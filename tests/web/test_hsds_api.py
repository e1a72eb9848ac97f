"""Edge cases of the HSDS 3.0 read API: pagination bounds, bad parameters, public only."""

import pytest


def test_pages_walk_all_active_services_without_overlap(client):
    first = client.get("/hsds/services", query_string={"per_page": 100, "page": 1}).get_json()
    seen = [s["id"] for s in first["contents"]]
    for page in range(2, first["total_pages"] + 1):
        answer = client.get("/hsds/services", query_string={"per_page": 100, "page": page}).get_json()
        assert answer["page_number"] == page and answer["first_page"] is False
        seen += [s["id"] for s in answer["contents"]]
    assert answer["last_page"] is True
    assert len(seen) == len(set(seen)) == first["total_items"]


def test_page_past_the_end_is_empty_not_an_error(client):
    answer = client.get("/hsds/services", query_string={"page": 999}).get_json()
    assert answer["empty"] is True and answer["contents"] == []


def test_only_active_services_are_public(client, demo_records):
    ids = set()
    for page in range(1, 20):
        answer = client.get("/hsds/services", query_string={"per_page": 100, "page": page}).get_json()
        ids |= {s["id"] for s in answer["contents"]}
        if answer["last_page"]:
            break
    for record in demo_records:
        assert (record["id"] in ids) == (record.get("status") == "active"), record["id"]


@pytest.mark.parametrize("path, params, parameter", [
    ("/hsds/services", {"page": "0"}, "page"),                    # pages start at 1
    ("/hsds/services", {"per_page": "veel"}, "per_page"),
    ("/hsds/services", {"modified_after": "gisteren"}, "modified_after"),  # not a date
    ("/hsds/service_at_locations", {"postcode": "ABCD"}, "postcode"),
    ("/hsds/service_at_locations", {"postcode": "5701", "proximity": "dichtbij"}, "proximity"),
])
def test_bad_parameters_are_400_naming_the_parameter(client, path, params, parameter):
    answer = client.get(path, query_string=params)
    assert answer.status_code == 400
    assert answer.get_json()["parameter"] == parameter


def test_modified_after_in_the_future_gives_nothing(client):
    answer = client.get("/hsds/services", query_string={"modified_after": "2999-01-01"}).get_json()
    assert answer["total_items"] == 0


@pytest.mark.parametrize("path", ["/hsds/services/onbekend", "/hsds/organizations/onbekend"])
def test_unknown_ids_are_404_json(client, path):
    answer = client.get(path)
    assert answer.status_code == 404
    assert "error" in answer.get_json()
