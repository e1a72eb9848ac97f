"""Editors at /beheer: only redacteur/beheerder get in; edits show up in public search at once."""

import io
import json

import pytest

from socialmap import SocialMap


@pytest.fixture
def editable(demo_records, tmp_path):
    """A small writable social map (the session demo map is read-only)."""
    social_map = SocialMap(tmp_path / "beheer.sqlite")
    assert social_map.import_hsds(demo_records[:40]).ok
    return social_map


USER_FOR_ROLE = {"consulent": "consulent", "luisteraar": "luisteraar", "redacteur": "redacteur",
                 "beheerder": "beheerder"}


class FormClient:
    """A signed-in test client that puts the CSRF token in every form it posts, as the browser does."""

    def __init__(self, client, csrf):
        self.client = client
        self.csrf = csrf

    def get(self, *args, **kwargs):
        return self.client.get(*args, **kwargs)

    def post(self, path, data=None, **kwargs):
        return self.client.post(path, data={**(data or {}), "csrf_token": self.csrf(self.client)}, **kwargs)


@pytest.fixture
def app_as(app, editable, login, csrf):
    """A client signed in (through the real login form) with the role the test names."""
    app.extensions["socialmap"] = editable

    def make(role):
        client = app.test_client()
        if role:
            login(client, USER_FOR_ROLE[role])
        return FormClient(client, csrf)
    return make


@pytest.mark.parametrize("role", ["consulent", "luisteraar"])
def test_only_editors_reach_beheer(app_as, role, editable):
    client = app_as(role)
    some_id = editable.list_services(limit=1)[0].id
    for path in ("/beheer/", f"/beheer/dienst/{some_id}", "/beheer/import", "/beheer/nieuw"):
        assert client.get(path).status_code == 403


def test_visitors_are_sent_to_the_login_page(app_as, editable):
    client = app_as(None)
    answer = client.get("/beheer/")
    assert answer.status_code == 302 and "/login?volgende=/beheer/" in answer.headers["Location"]
    some_id = editable.list_services(limit=1)[0].id
    assert client.client.post(f"/beheer/dienst/{some_id}", data={"name": "Gekaapt"}).status_code in (302, 400)
    assert editable.get_service(some_id).name != "Gekaapt"


def test_a_form_without_csrf_token_is_refused(app_as, editable):
    client = app_as("redacteur")
    service = editable.list_services(status="active", limit=1)[0]
    answer = client.client.post(f"/beheer/dienst/{service.id}", data={"name": "Zonder token", "status": "active"})
    assert answer.status_code == 400
    assert editable.get_service(service.id).name == service.name


@pytest.mark.parametrize("role", ["redacteur", "beheerder"])
def test_editors_see_all_statuses(app_as, role, editable):
    client = app_as(role)
    page = client.get("/beheer/")
    assert page.status_code == 200
    inactive = [s for s in editable.list_services(limit=1000) if s.status != "active"]
    html = page.get_data(as_text=True)
    for service in inactive[:3]:
        assert service.name in html


def test_edit_in_beheer_is_visible_in_search_api(app_as, editable):
    client = app_as("redacteur")
    service = next(s for s in editable.list_services(status="active", limit=100))
    form = {"name": "Zonnebloem Knutselochtend Testdorp", "description": "Samen knutselen op dinsdag.",
            "status": "active", "actie": "opslaan"}
    answer = client.post(f"/beheer/dienst/{service.id}", data=form)
    assert answer.status_code == 302
    found = client.get("/api/v1/search", query_string={"q": "knutselochtend"}).get_json()
    assert service.id in [item["id"] for item in found["items"]]


def test_setting_inactive_hides_the_service_from_residents(app_as, editable):
    client = app_as("redacteur")
    service = editable.list_services(status="active", limit=1)[0]
    form = {"name": service.name, "status": "inactive", "actie": "opslaan"}
    assert client.post(f"/beheer/dienst/{service.id}", data=form).status_code == 302
    assert client.get(f"/kaart/dienst/{service.id}").status_code == 404


@pytest.mark.parametrize("form, field", [
    ({"name": "", "status": "active"}, "name"),             # a service needs a name
    ({"name": "X", "status": "gesloten"}, "status"),        # not an HSDS status
    ({"name": "X", "status": "active", "minimum_age": "tien"}, "minimum_age"),
])
def test_bad_edit_is_refused_and_nothing_changes(app_as, editable, form, field):
    client = app_as("redacteur")
    service = editable.list_services(status="active", limit=1)[0]
    answer = client.post(f"/beheer/dienst/{service.id}", data={**form, "actie": "opslaan"})
    assert answer.status_code == 400
    assert field in answer.get_data(as_text=True)
    assert editable.get_service(service.id).name == service.name


def test_mark_as_checked_sets_today(app_as, editable):
    import datetime as dt
    client = app_as("redacteur")
    service = editable.list_services(limit=1)[0]
    assert client.post(f"/beheer/dienst/{service.id}", data={"actie": "gecontroleerd"}).status_code == 302
    assert editable.get_service(service.id).assured_date == dt.date.today()


def test_unknown_service_is_404(app_as):
    assert app_as("redacteur").get("/beheer/dienst/bestaat-niet").status_code == 404


def test_import_reports_new_and_bad_records(app_as, demo_records, editable):
    client = app_as("beheerder")
    good = demo_records[45]
    bad = {**demo_records[46], "status": "misschien"}
    body = json.dumps([good, bad]).encode()
    answer = client.post("/beheer/import", data={"bestand": (io.BytesIO(body), "nieuw.json")},
                         content_type="multipart/form-data")
    assert answer.status_code == 400  # the report has an error
    html = answer.get_data(as_text=True)
    assert "Nieuw: 1." in html and "status" in html
    assert editable.get_service(good["id"]) is not None
    assert editable.get_service(bad["id"]) is None


def test_import_without_file_says_so(app_as):
    answer = app_as("beheerder").post("/beheer/import", data={}, content_type="multipart/form-data")
    assert answer.status_code == 400
    assert "Kies eerst een bestand" in answer.get_data(as_text=True)


NEW_SERVICE = {"volledig": "1", "name": "Wandelclub Samen Op Pad Asten",
               "description": "Elke dinsdag samen wandelen, ook met rollator.",
               "organisatie": "Wandelvereniging Asten", "onderwerpen": "eenzaamheid", "trede": "omgeving",
               "gemeenten": "Asten", "telefoons": "0493-123456", "kosten_bedrag": "0",
               "open_TU_1": "10:00", "sluit_TU_1": "11:30", "status": "active"}


def test_an_editor_adds_a_service_that_residents_find_at_once(app_as, editable):
    client = app_as("redacteur")
    assert client.get("/beheer/nieuw").status_code == 200
    answer = client.post("/beheer/nieuw", data=NEW_SERVICE)
    assert answer.status_code == 302
    service_id = answer.headers["Location"].rsplit("/", 1)[1]
    service = editable.get_service(service_id)
    assert service.name == NEW_SERVICE["name"] and service.topics == ["eenzaamheid"] and service.ladder == "omgeving"
    assert service.is_free and "Asten" in service.area_names
    found = client.get("/api/v1/search", query_string={"q": "wandelen", "municipality": "Asten"}).get_json()
    assert service_id in [item["id"] for item in found["items"]]
    detail = client.get(f"/kaart/dienst/{service_id}").get_data(as_text=True)
    assert "0493-123456" in detail and "10:00" in detail


@pytest.mark.parametrize("missing", ["name", "description", "organisatie", "onderwerpen", "trede", "gemeenten"])
def test_a_new_service_without_required_fields_is_refused(app_as, editable, missing):
    client = app_as("redacteur")
    before = len(editable.list_services(limit=10_000))
    answer = client.post("/beheer/nieuw", data={**NEW_SERVICE, missing: ""})
    assert answer.status_code == 400 and "Dit kon niet worden opgeslagen" in answer.get_data(as_text=True)
    assert len(editable.list_services(limit=10_000)) == before
    assert NEW_SERVICE["description"] in answer.get_data(as_text=True) or missing == "description"  # input kept


def test_a_new_service_with_an_unknown_topic_is_refused(app_as):
    answer = app_as("redacteur").post("/beheer/nieuw", data={**NEW_SERVICE, "onderwerpen": "ufo"})
    assert answer.status_code == 400


def test_a_link_that_is_not_a_web_address_is_refused(app_as, editable):
    client = app_as("redacteur")
    service = editable.list_services(status="active", limit=1)[0]
    answer = client.post(f"/beheer/dienst/{service.id}", data={"name": service.name, "status": "active",
                                                               "url": "javascript:alert(1)", "actie": "opslaan"})
    assert answer.status_code == 400 and "http" in answer.get_data(as_text=True)
    assert editable.get_service(service.id).url == service.url
