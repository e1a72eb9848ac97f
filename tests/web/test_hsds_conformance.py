"""The HSDS 3.0 read API as Open Referral's own tooling checks it: real answers of every endpoint
validated against the official schemas (data/hsds/, CC BY-SA 4.0), and the semantics the official
OpenAPI states (AND filters, metres, `size`, ndjson, minimal/full, joinable term ids, 400 on unknown
parameters, CORS)."""

from __future__ import annotations

import json
from functools import cache

import pytest
from jsonschema import Draft202012Validator, RefResolver

from socialmap.resources import data_dir

HSDS = data_dir() / "hsds"


@cache
def validator(name: str) -> Draft202012Validator:
    """A validator for one official schema, its file refs resolved inside data/hsds/."""
    store = {}
    for path in [*HSDS.glob("*.json"), *(HSDS / "compiled").glob("*.json")]:
        schema = json.loads(path.read_text(encoding="utf-8"))
        store[path.name] = schema
        store[path.resolve().as_uri()] = schema
    root = store[f"{name}.json"]
    base = (HSDS / "compiled" if name.endswith("_list") else HSDS).resolve().as_uri() + "/"
    return Draft202012Validator(root, resolver=RefResolver(base_uri=base, referrer=root, store=store),
                                format_checker=Draft202012Validator.FORMAT_CHECKER)


def errors_of(name: str, item: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(name).iter_errors(item)][:3]


def get(client, path: str, **params):
    answer = client.get(path, query_string=params)
    assert answer.status_code == 200, (path, params, answer.get_data(as_text=True)[:300])
    return answer.get_json()


def all_items(client, path: str, **params) -> list[dict]:
    items, page = [], 1
    while True:
        answer = get(client, path, page=page, per_page=100, **params)
        items += answer["contents"]
        if answer["last_page"]:
            return items
        page += 1


# -- every endpoint against the official schemas ------------------------------------------

@pytest.mark.parametrize("path, params, schema", [
    ("/hsds/services", {}, "service_list"),
    ("/hsds/services", {"full": "true"}, "service"),
    ("/hsds/organizations", {}, "organization_list"),
    ("/hsds/taxonomies", {}, "taxonomy"),
    ("/hsds/taxonomy_terms", {}, "taxonomy_term"),
    ("/hsds/service_at_locations", {}, "service_at_location_list"),
    ("/hsds/service_at_locations", {"full": "true"}, "service_at_location"),
])
def test_list_endpoints_validate_against_the_official_schemas(client, path, params, schema):
    items = all_items(client, path, **params)
    assert items
    for item in items:
        assert not errors_of(schema, item), (item.get("id"), errors_of(schema, item))


def test_single_endpoints_validate_against_the_official_schemas(client):
    service = get(client, "/hsds/services", per_page=1)["contents"][0]
    assert not errors_of("service", get(client, f"/hsds/services/{service['id']}"))
    organization = get(client, "/hsds/organizations", per_page=1)["contents"][0]
    assert not errors_of("organization", get(client, f"/hsds/organizations/{organization['id']}", full_service="true"))
    taxonomy = get(client, "/hsds/taxonomies")["contents"][0]
    assert get(client, f"/hsds/taxonomies/{taxonomy['id']}") == taxonomy
    term = get(client, "/hsds/taxonomy_terms", per_page=1)["contents"][0]
    assert get(client, f"/hsds/taxonomy_terms/{term['id']}") == term
    sal = get(client, "/hsds/service_at_locations", per_page=1)["contents"][0]
    assert not errors_of("service_at_location", get(client, f"/hsds/service_at_locations/{sal['id']}"))


@pytest.mark.parametrize("path", ["/hsds/taxonomies/onbekend", "/hsds/taxonomy_terms/onbekend",
                                  "/hsds/service_at_locations/onbekend"])
def test_unknown_single_items_are_404(client, path):
    assert client.get(path).status_code == 404


# -- semantics of the official OpenAPI ------------------------------------------------------

def test_filters_combine_as_and_without_a_hidden_limit(client):
    searched = {s["id"] for s in all_items(client, "/hsds/services", search="hulp")}
    both = {s["id"] for s in all_items(client, "/hsds/services", search="hulp", modified_after="2000-01-01")}
    assert len(searched) > 100 and both == searched  # every service was modified after 2000
    dementia = {s["id"] for s in all_items(client, "/hsds/services", taxonomy_term_id="onderwerp:dementie")}
    combined = {s["id"] for s in all_items(client, "/hsds/services", search="hulp", taxonomy_term_id="onderwerp:dementie")}
    assert combined == searched & dementia


def test_term_ids_in_services_are_the_published_ones(client):
    published = {t["id"] for t in all_items(client, "/hsds/taxonomy_terms")}
    taxonomies = {t["id"] for t in get(client, "/hsds/taxonomies")["contents"]}
    for service in all_items(client, "/hsds/services", full="true")[:60]:
        for attribute in service["attributes"]:
            term = attribute["taxonomy_term"]
            assert attribute["taxonomy_term_id"] == term["id"] and term["id"] in published
            assert term["taxonomy_id"] in taxonomies
    term = next(t for t in all_items(client, "/hsds/taxonomy_terms") if t["code"] == "dementie")
    by_uuid = {s["id"] for s in all_items(client, "/hsds/services", taxonomy_term_id=term["id"])}
    assert by_uuid == {s["id"] for s in all_items(client, "/hsds/services", taxonomy_term_id="onderwerp:dementie")}


def test_taxonomy_id_and_term_hierarchy(client):
    ladder = next(t for t in get(client, "/hsds/taxonomies")["contents"] if "kanteling" in t["name"])
    steps = all_items(client, "/hsds/taxonomy_terms", taxonomy_id=ladder["id"])
    assert [t["code"] for t in steps] == ["zelf", "omgeving", "algemeen", "maatwerk"]
    with_ladder = all_items(client, "/hsds/services", taxonomy_id=ladder["id"])
    assert len(with_ladder) == get(client, "/hsds/services")["total_items"]  # every service has a step
    domains = all_items(client, "/hsds/taxonomy_terms", taxonomy_id="onderwerp", top_only="true")
    assert len(domains) == 9 and all("parent_id" not in t for t in domains)
    access = all_items(client, "/hsds/taxonomy_terms", taxonomy_id="toegang")
    assert {t["code"] for t in access} == {"vrij-toegankelijk", "verwijzing-nodig", "indicatie-nodig"}
    wonen = next(t for t in domains if t["code"] == "domein-wonen")
    children = {t["code"] for t in all_items(client, "/hsds/taxonomy_terms", parent_id=wonen["id"])}
    assert children == {"woningaanpassing", "hulpmiddelen", "vervoer", "huisvesting"}
    assert {t["code"] for t in all_items(client, "/hsds/taxonomy_terms", search="dementie")} == {"dementie"}


def test_size_is_the_number_of_items_on_the_page(client):
    total = get(client, "/hsds/services")["total_items"]
    last = get(client, "/hsds/services", per_page=100, page=(total + 99) // 100)
    assert last["size"] == len(last["contents"]) == (total % 100 or 100)
    assert get(client, "/hsds/services", per_page=7)["size"] == 7
    assert last["last_page"] is True


def test_proximity_is_in_metres(client):
    close = all_items(client, "/hsds/service_at_locations", postcode="5757", proximity="1500")
    wider = all_items(client, "/hsds/service_at_locations", postcode="5757", proximity="15000")
    everything = all_items(client, "/hsds/service_at_locations")
    assert 0 < len(close) < len(wider) < len(everything)


def test_postcode_alone_means_services_that_serve_that_area(client):
    items = all_items(client, "/hsds/service_at_locations", postcode="5701", full="true")
    assert items
    for item in items:
        areas = {a["name"] for a in item["service"].get("service_areas", [])}
        assert areas & {"Helmond", "Nederland"}, areas


def test_ndjson_streams_everything_without_paging(client):
    answer = client.get("/hsds/services", query_string={"format": "ndjson", "per_page": 5})
    assert answer.mimetype == "application/x-ndjson"
    lines = [json.loads(line) for line in answer.get_data(as_text=True).splitlines()]
    assert len(lines) == get(client, "/hsds/services")["total_items"]


def test_minimal_gives_id_and_modified_date(client):
    items = get(client, "/hsds/services", minimal="true", per_page=1000)["contents"]
    assert items and all(set(i) == {"id", "modified_date"} and i["modified_date"] for i in items)


def test_organizations_search_and_full_service(client):
    names = {o["name"] for o in all_items(client, "/hsds/organizations", search="voedselbank")}
    assert names and all("voedselbank" in n.lower() for n in names)
    full = get(client, "/hsds/organizations", full_service="true", per_page=3)["contents"]
    assert all("services" in o for o in full)


def test_profile_filters_age_and_opening_time(client):
    young = {s["id"] for s in all_items(client, "/hsds/services", maximum_age="12")}
    for service in all_items(client, "/hsds/services", maximum_age="12"):
        assert service.get("minimum_age") is None or service["minimum_age"] <= 12
    assert young
    saturday = all_items(client, "/hsds/services", day="sa", start_time="10:00", end_time="12:00", full="true")
    assert saturday
    for service in saturday:
        schedules = service.get("schedules", []) + [x for sal in service.get("service_at_locations", [])
                                                     for x in sal.get("schedules", [])]
        assert any("SA" in (s.get("byday") or "") for s in schedules)
    assert client.get("/hsds/services", query_string={"start_time": "10:00"}).status_code == 400


@pytest.mark.parametrize("path, params, parameter", [
    ("/hsds/services", {"zoek": "hulp"}, "zoek"),
    ("/hsds/services", {"minimal": "misschien"}, "minimal"),
    ("/hsds/services", {"format": "xml"}, "format"),
    ("/hsds/taxonomies", {"taxonomy_id": "x"}, "taxonomy_id"),
    ("/hsds/service_at_locations", {"proximity": "1000"}, "proximity"),
    ("/hsds/services", {"day": "maandag"}, "day"),
])
def test_unknown_or_bad_parameters_are_400_naming_them(client, path, params, parameter):
    answer = client.get(path, query_string=params)
    assert answer.status_code == 400
    assert answer.get_json()["parameter"] == parameter


def test_read_api_allows_any_origin(client):
    assert client.get("/hsds/services").headers["Access-Control-Allow-Origin"] == "*"


def test_index_points_at_a_real_profile_and_openapi(client):
    index = get(client, "/hsds/")
    assert index["version"] == "3.0"
    profile = client.get(index["profile"].replace("http://localhost", ""))
    assert profile.status_code == 200 and "onderwerp" in profile.get_data(as_text=True)
    assert client.get(index["openapi_url"].replace("http://localhost", "")).status_code == 200


# -- the OpenAPI description is generated from the code ------------------------------------

def test_openapi_describes_every_public_read_endpoint_and_parameter(app, client):
    spec = get(client, "/hsds/openapi.json")
    assert spec["openapi"].startswith("3.1")
    routes = {rule.rule for rule in app.url_map.iter_rules()
              if rule.rule.startswith("/hsds") and rule.endpoint not in ("hsds.openapi", "hsds.profile")}
    documented = {path.replace("{", "<").replace("}", ">") for path in spec["paths"]}
    assert routes <= documented, routes - documented
    assert "/api/v1/search" in spec["paths"]
    chat = {(rule.rule, method.lower()) for rule in app.url_map.iter_rules()
            if rule.rule.startswith("/api/v1/chat") for method in rule.methods - {"HEAD", "OPTIONS"}}
    described = {(path.replace("{", "<").replace("}", ">"), method)
                 for path, item in spec["paths"].items() for method in item}
    assert chat and chat <= described, chat - described
    staff = [p for p in spec["paths"] if p.startswith(("/api/v1/handovers", "/api/v1/intern"))]
    assert staff == [] and "/api/v1/handovers" in spec["info"]["description"]
    scheme = spec["components"]["securitySchemes"]["Sleutel"]
    assert scheme == {**scheme, "type": "apiKey", "in": "header", "name": "X-Wegwijs-Sleutel"}
    history = spec["paths"]["/api/v1/chat/{conversation_id}/berichten"]
    assert history["get"]["security"] == [{"Sleutel": []}] and "requestBody" in history["post"]
    assert {"200", "400", "404", "413", "429", "503"} <= set(history["post"]["responses"])
    assert spec["paths"]["/api/v1/chat/gesprekken"]["post"]["security"] == []
    services = {p["name"] for p in spec["paths"]["/hsds/services"]["get"]["parameters"]}
    official = {"search", "page", "per_page", "format", "taxonomy_term_id", "taxonomy_id",
                "organization_id", "modified_after", "minimal", "full"}
    assert official <= services
    refs = json.dumps(spec).count('"$ref": "#/components/schemas/')
    schemas = spec["components"]["schemas"]
    assert refs and all(name in schemas for name in ("service", "service_list", "taxonomy_term", "Error"))
