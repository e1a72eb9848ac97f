"""A change history per service (issue 14): who, when, which field, old and new, as HSDS metadata."""

import datetime as dt

from socialmap.hsds import validate_service
from tests.web.test_beheer import NEW_SERVICE, app_as, editable  # noqa: F401 (fixtures)
from tests.web.test_beheer_fields import a_service, full_form


def test_an_edit_is_recorded_with_the_editors_name_and_the_changed_fields(app_as, editable):  # noqa: F811
    client = app_as("redacteur")
    service = a_service(editable)
    old_phones = ", ".join(p.number for p in service.phones)
    started = dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=2)
    form = full_form(editable, service.id, telefoons="0492-555123", name="Nieuwe naam voor de test")
    assert client.post(f"/beheer/dienst/{service.id}", data=form).status_code == 302
    data = editable.get_service_hsds(service.id)
    entries = {m["field_name"]: m for m in data["metadata"]}
    assert entries["name"]["previous_value"] == service.name
    assert entries["name"]["replacement_value"] == "Nieuwe naam voor de test"
    assert entries["phones"]["replacement_value"] == "0492-555123" and entries["phones"]["previous_value"] == old_phones
    assert {m["updated_by"] for m in entries.values()} == {"redacteur"}
    assert "status" not in entries  # unchanged fields are not in the history
    modified = dt.datetime.fromisoformat(data["last_modified"].replace("Z", "+00:00"))
    assert modified >= started
    assert validate_service(data, 1, editable.taxonomy) == []  # the history is valid HSDS 3.0
    page = client.get(f"/beheer/dienst/{service.id}").get_data(as_text=True)
    assert "Wijzigingen" in page and "redacteur" in page and "0492-555123" in page
    assert "Telefoonnummers" in page


def test_saving_without_changes_adds_nothing(app_as, editable):  # noqa: F811
    client = app_as("redacteur")
    service = a_service(editable)
    before = editable.get_service_hsds(service.id).get("metadata", [])
    assert client.post(f"/beheer/dienst/{service.id}", data=full_form(editable, service.id)).status_code == 302
    assert editable.get_service_hsds(service.id).get("metadata", []) == before


def test_checking_and_creating_are_recorded_too(app_as, editable):  # noqa: F811
    client = app_as("beheerder")
    service = a_service(editable)
    assert client.post(f"/beheer/dienst/{service.id}", data={"actie": "gecontroleerd"}).status_code == 302
    last = editable.get_service_hsds(service.id)["metadata"][-1]
    assert last["field_name"] == "assured_date" and last["updated_by"] == "beheerder"
    assert last["replacement_value"] == dt.date.today().isoformat()
    answer = client.post("/beheer/nieuw", data=NEW_SERVICE)
    created = editable.get_service_hsds(answer.headers["Location"].rsplit("/", 1)[1])
    assert [(m["last_action_type"], m["updated_by"]) for m in created["metadata"]] == [("create", "beheerder")]


def test_the_hsds_api_publishes_the_history(app_as, editable):  # noqa: F811
    client = app_as("redacteur")
    service = a_service(editable)
    client.post(f"/beheer/dienst/{service.id}", data=full_form(editable, service.id, name="Naam via de API"))
    published = client.get(f"/hsds/services/{service.id}").get_json()
    assert any(m["field_name"] == "name" and m["updated_by"] == "redacteur" for m in published["metadata"])
    assert published["last_modified"]
