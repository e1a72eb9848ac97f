"""The social map pages as a resident or professional uses them; HTML and .json twins agree."""

import pytest


@pytest.fixture
def located(demo_records):
    """An active service with a location, coordinates, weekday hours and an assured date."""
    for record in demo_records:
        sals = record.get("service_at_locations") or []
        if (record.get("status") == "active" and record.get("assured_date") and sals
                and sals[0].get("schedules") and (sals[0].get("location") or {}).get("latitude")):
            return record
    pytest.skip("demo data has no located service with hours")


@pytest.fixture
def inactive(demo_records):
    return next(r for r in demo_records if r.get("status") != "active")


def test_browse_lists_every_domain_and_topic(client):
    page = client.get("/kaart/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Mantelzorg" in html and "topic=huishoudelijke-hulp" in html
    data = client.get("/kaart/index.json").get_json()
    assert data["searched"] is False
    assert sum(len(d["topics"]) for d in data["domains"]) == 22


def test_search_page_and_json_twin_give_the_same_results(client):
    params = {"q": "boodschappen", "municipality": "Gemert-Bakel"}
    data = client.get("/kaart/index.json", query_string=params).get_json()
    assert data["total"] > 0
    html = client.get("/kaart/", query_string=params).get_data(as_text=True)
    for item in data["items"]:
        assert f"/kaart/dienst/{item['id']}" in html
    api = client.get("/api/v1/search", query_string={**params, "limit": 20}).get_json()
    assert [i["id"] for i in api["items"]] == [i["id"] for i in data["items"]]


def test_free_filter_only_shows_free_services(client):
    data = client.get("/kaart/index.json", query_string={"topic": "eenzaamheid", "free": "true"}).get_json()
    assert data["items"], "expected free services against loneliness in the demo data"
    assert all(item["cost"] == "Gratis" for item in data["items"])


def test_open_now_checkbox_searches_with_the_current_time(client):
    data = client.get("/kaart/index.json", query_string={"topic": "psychisch-welzijn", "open_now": "1"}).get_json()
    assert data["filters"]["open_now"] is True
    assert all(item["open_now"] for item in data["items"])


@pytest.mark.parametrize("params, parameter", [
    ({"age": "oud"}, "age"),              # words where a number belongs
    ({"near": "9999"}, "near"),           # a postcode outside the region
    ({"q": "x", "page": "twee"}, "page"),  # page number not a number
])
def test_bad_filters_get_a_clear_dutch_message_not_a_crash(client, params, parameter):
    page = client.get("/kaart/", query_string=params)
    assert page.status_code == 400
    assert 'role="alert"' in page.get_data(as_text=True)
    answer = client.get("/kaart/index.json", query_string=params)
    assert answer.status_code == 400
    assert answer.get_json()["parameter"] == parameter


def test_detail_page_shows_hours_in_dutch_map_link_and_check_date(client, located):
    html = client.get(f"/kaart/dienst/{located['id']}").get_data(as_text=True)
    assert located["name"] in html
    assert "maandag" in html and "openstreetmap.org/?mlat=" in html
    assert "Laatst gecontroleerd op" in html
    assert "<script" not in html  # CSP: no external or inline scripts on the map page
    data = client.get(f"/kaart/dienst/{located['id']}.json").get_json()
    assert data["id"] == located["id"]
    assert data["assured_date"] == located["assured_date"]
    assert [row["day"] for row in data["opening_hours"]][0] == "maandag"
    month = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
             "september", "oktober", "november", "december"][int(located["assured_date"][5:7]) - 1]
    assert month in data["assured_date_text"]


def test_unknown_and_inactive_services_are_not_public(client, inactive):
    assert client.get("/kaart/dienst/bestaat-niet").status_code == 404
    assert client.get("/kaart/dienst/bestaat-niet.json").status_code == 404
    assert client.get(f"/kaart/dienst/{inactive['id']}").status_code == 404


def test_printable_overview_keeps_the_chosen_order_and_skips_unknown(client, demo_records, inactive):
    active = [r["id"] for r in demo_records if r.get("status") == "active"][:3]
    ids = ",".join([active[2], active[0], "onbekend", inactive["id"], active[1]])
    data = client.get("/kaart/overzicht.json", query_string={"ids": ids}).get_json()
    assert [s["id"] for s in data["services"]] == [active[2], active[0], active[1]]
    assert data["missing"] == 2
    page = client.get("/kaart/overzicht", query_string={"ids": ids})
    assert page.status_code == 200
    assert "kaart.css" in page.get_data(as_text=True)  # carries the print stylesheet


def test_empty_overview_explains_what_to_do(client):
    html = client.get("/kaart/overzicht").get_data(as_text=True)
    assert "nog geen diensten gekozen" in html


def test_service_text_is_escaped(client, app):
    from web.socialmap_access import get_map
    with app.app_context():
        social_map = get_map()
        record = social_map.get_service_hsds(social_map.list_services(status="active", limit=1)[0].id)
    assert record is not None
    html = client.get(f"/kaart/dienst/{record['id']}").get_data(as_text=True)
    assert "<script>" not in html


def test_overview_accepts_ticked_boxes_as_repeated_ids(client, demo_records):
    active = [r["id"] for r in demo_records if r.get("status") == "active"][:2]
    data = client.get(f"/kaart/overzicht.json?ids={active[1]}&ids={active[0]}").get_json()
    assert [s["id"] for s in data["services"]] == [active[1], active[0]]
