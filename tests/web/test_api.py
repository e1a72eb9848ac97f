import pytest


def test_search_api_answers_the_contract(client):
    response = client.get("/api/v1/search", query_string={"q": "mantelzorgcafe", "limit": 3})
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == {"total", "items"} and len(body["items"]) == 3
    assert all("mantelzorg" in item["topics"] for item in body["items"])


def test_search_api_filters(client):
    body = client.get("/api/v1/search?topic=vervoer&municipality=Deurne&free=true&limit=50").get_json()
    assert body["total"] > 0
    for item in body["items"]:
        assert "vervoer" in item["topics"] and item["cost"] == "Gratis"
        assert "Deurne" in item["municipalities"] or item["municipalities"] == ["Nederland"]


@pytest.mark.parametrize("query, parameter", [
    ("age=-3", "age"), ("near=onbekend", "near"), ("limit=0", "limit"),
    ("open_at=gisteren", "open_at"), ("topic=x", "topic"), ("foo=1", "foo"),
])
def test_search_api_bad_parameters_are_400_with_the_parameter(client, query, parameter):
    response = client.get(f"/api/v1/search?{query}")
    assert response.status_code == 400
    assert response.get_json()["parameter"] == parameter


def test_hsds_index_and_paginated_services(client):
    assert client.get("/hsds/").get_json()["version"] == "3.0"
    page = client.get("/hsds/services?per_page=10&page=2").get_json()
    assert page["page_number"] == 2 and page["size"] == 10 and len(page["contents"]) == 10
    assert page["total_items"] == 278  # active services only
    assert not page["first_page"] and not page["last_page"]


def test_hsds_service_is_full_nested_and_inactive_is_404(client, demo_records):
    active = next(r for r in demo_records if r["status"] == "active")
    inactive = next(r for r in demo_records if r["status"] == "inactive")
    body = client.get(f"/hsds/services/{active['id']}").get_json()
    assert body["organization"]["name"] and body["attributes"]
    assert client.get(f"/hsds/services/{inactive['id']}").status_code == 404
    assert client.get("/hsds/services/bestaat-niet").status_code == 404


def test_hsds_filters(client, demo_records):
    organization_id = demo_records[0]["organization"]["id"]
    page = client.get(f"/hsds/services?organization_id={organization_id}").get_json()
    assert page["total_items"] >= 1
    assert all(s["organization"]["id"] == organization_id for s in page["contents"])
    page = client.get("/hsds/services?taxonomy_term_id=onderwerp:dementie&per_page=100&full=true").get_json()
    assert page["total_items"] > 0
    assert all(any(a["taxonomy_term"]["code"] == "dementie" for a in s["attributes"]) for s in page["contents"])
    page = client.get("/hsds/services?search=voedselbank").get_json()
    assert page["contents"][0]["name"].startswith("Voedselbank")
    assert client.get("/hsds/services?modified_after=2099-01-01").get_json()["total_items"] == 0


def test_hsds_organizations_taxonomies_terms(client):
    assert client.get("/hsds/organizations").get_json()["total_items"] > 20
    names = {t["name"] for t in client.get("/hsds/taxonomies").get_json()["contents"]}
    assert names == {"Onderwerpen (Wegwijs)", "Treden van de kanteling", "Toegang"}
    terms = client.get("/hsds/taxonomy_terms?taxonomy_id=onderwerp&per_page=100").get_json()
    assert terms["total_items"] == 22 + 9  # the topics and, above them, their nine domains


def test_hsds_service_at_locations_near_a_postcode(client):
    near = client.get("/hsds/service_at_locations?postcode=5757&proximity=3000").get_json()  # metres
    assert near["total_items"] > 0
    assert client.get("/hsds/service_at_locations?postcode=0000").status_code == 400
    assert client.get("/hsds/service_at_locations?proximity=3").status_code == 400
    assert client.get("/hsds/services?page=nul").status_code == 400


def test_start_page_in_dutch(client):
    response = client.get("/")
    assert response.status_code == 200 and 'lang="nl"' in response.get_data(as_text=True)
