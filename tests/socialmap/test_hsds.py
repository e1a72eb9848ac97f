import copy
import json
from pathlib import Path

from socialmap import SocialMap


def test_import_keeps_source_ids(empty_map, service_record):
    report = empty_map.import_hsds([service_record])
    assert report.imported == 1 and report.ok
    assert empty_map.get_service(service_record["id"]).name == "Mantelzorgcafé Asten"


def test_importing_the_same_file_twice_changes_nothing(empty_map, demo_records):
    first = empty_map.import_hsds(demo_records)
    second = empty_map.import_hsds(demo_records)
    assert first.imported == len(demo_records)
    assert (second.imported, second.updated, second.unchanged) == (0, 0, len(demo_records))


def test_newer_version_replaces_older_and_older_is_ignored(empty_map, service_record):
    old = copy.deepcopy(service_record)
    old["metadata"] = [{"id": "m1", "resource_id": old["id"], "resource_type": "service",
                        "last_action_date": "2026-01-01T10:00:00", "last_action_type": "create",
                        "field_name": "", "previous_value": "", "replacement_value": "", "updated_by": "x"}]
    new = copy.deepcopy(old)
    new["name"] = "Mantelzorgcafé Asten (nieuw)"
    new["metadata"][0] = {**new["metadata"][0], "last_action_date": "2026-06-01T10:00:00"}
    empty_map.import_hsds([old])
    assert empty_map.import_hsds([new]).updated == 1
    assert empty_map.import_hsds([old]).unchanged == 1
    assert empty_map.get_service(old["id"]).name == "Mantelzorgcafé Asten (nieuw)"


def test_bad_record_is_rejected_with_record_and_field_named(empty_map, demo_records):
    good = copy.deepcopy(demo_records[:3])
    bad = copy.deepcopy(demo_records[3])
    bad["service_at_locations"][0]["location"]["latitude"] = "ver weg"
    report = empty_map.import_hsds([good[0], bad, good[1], good[2]])
    assert report.imported == 3
    assert len(report.errors) == 1
    error = report.errors[0]
    assert error.record_index == 2 and error.record_id == bad["id"]
    assert error.field == "service_at_locations[0].location.latitude"
    assert empty_map.get_service(bad["id"]) is None


def test_bad_update_never_damages_what_is_stored(empty_map, service_record):
    empty_map.import_hsds([service_record])
    broken = copy.deepcopy(service_record)
    broken["name"] = "Kapot"
    broken["attributes"] = [a for a in broken["attributes"] if a["taxonomy_term"]["taxonomy"] != "ladder"]
    report = empty_map.import_hsds([broken])
    assert not report.ok and "trede" in report.errors[0].message
    assert empty_map.get_service(service_record["id"]).name == "Mantelzorgcafé Asten"


def test_unknown_topic_slug_is_named(empty_map, service_record):
    service_record["attributes"][0]["taxonomy_term"]["code"] = "tuinieren"
    report = empty_map.import_hsds([service_record])
    assert report.errors[0].field == "attributes[0].taxonomy_term.code"
    assert "tuinieren" in report.errors[0].message


def test_ndjson_with_a_broken_line_imports_the_rest(tmp_path, empty_map, demo_records):
    lines = [json.dumps(r) for r in demo_records[:2]] + ["{niet json"] + [json.dumps(demo_records[2])]
    path = tmp_path / "diensten.ndjson"
    path.write_text("\n".join(lines) + "\n")
    report = empty_map.import_hsds(path)
    assert report.imported == 3
    assert report.errors[0].record_index == 3 and report.errors[0].field == "(regel)"


def test_unreadable_json_file_gives_a_clear_error(tmp_path, empty_map):
    path = tmp_path / "kapot.json"
    path.write_text('[{"id": "a",')
    report = empty_map.import_hsds(path)
    assert report.imported == 0 and "geen geldige JSON" in report.errors[0].message


def test_export_round_trips_to_the_same_result(tmp_path, demo_map):
    exported = demo_map.export_hsds()
    copy_map = SocialMap(tmp_path / "copy.sqlite")
    report = copy_map.import_hsds(exported)
    assert report.ok and report.imported == len(exported)
    assert copy_map.export_hsds() == exported


def test_demo_data_validates_against_hsds_schemas(demo_map, demo_records):
    assert demo_map.count_services() == len(demo_records) >= 150


def test_csv_template_row_imports_and_bad_row_is_reported(tmp_path, empty_map):
    template = Path(__file__).resolve().parents[2] / "data" / "templates" / "sociale-kaart-sjabloon.csv"
    header = template.read_text(encoding="utf-8").splitlines()[0]
    rows = [
        ",Repair Café Lierop,Stichting Repair,Samen repareren.,klussen,algemeen,Someren,Dorpsstraat 1,"
        "5715 AA,Lierop,51.42,5.68,0493-111111,,,0,gratis,,,Iedereen,za 10:00-13:00,2026-10-01,active",
        ",Kapotte rij,Org,Tekst,klussen,trede-x,Someren,,,,,,,,,abc,,,,,maandag altijd,,active",
    ]
    path = tmp_path / "sjabloon.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    report = empty_map.import_csv(path)
    assert report.imported == 1
    fields = {e.field for e in report.errors}
    assert {"trede", "kosten", "openingstijden"} <= fields
    assert all(e.record_index == 3 for e in report.errors)
    service = empty_map.list_services()[0]
    assert service.name == "Repair Café Lierop" and service.topics == ["klussen"]
    assert service.all_schedules[0].byday == ("SA",)


def test_verify_sets_assured_date_and_set_status_hides_service(empty_map, service_record):
    import datetime as dt

    from socialmap import SearchQuery

    empty_map.import_hsds([service_record])
    assert empty_map.verify(service_record["id"]).assured_date == dt.date.today()
    assert empty_map.search(SearchQuery(q="mantelzorgcafe")).total == 1
    empty_map.set_status(service_record["id"], "inactive")
    assert empty_map.search(SearchQuery(q="mantelzorgcafe")).total == 0


def test_links_must_be_web_addresses(empty_map, service_record):
    """A javascript: or data: link in a service would end up in an href on every card."""
    bad = {**service_record, "url": "javascript:alert(document.domain)"}
    report = empty_map.import_hsds([bad])
    assert not report.ok and report.errors[0].field == "url"
    assert empty_map.get_service(service_record["id"]) is None
