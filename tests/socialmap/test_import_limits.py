"""Size limits on every import (socialmap/hsds.py): a field that is too long refuses its record
with a Dutch error naming record and field (nothing is cut off and stored); a file that is too big
or holds too many services is refused before anything is stored."""

from __future__ import annotations

import copy
import json
import zipfile

import pytest

from socialmap import SocialMap, hsds
from socialmap.tabular import TabularError, export_tables


def errors_of(report) -> list[str]:
    return [str(e) for e in report.errors]


@pytest.mark.parametrize("field, path, limit", [
    ("name", ["name"], 200),
    ("description", ["description"], 5_000),
    ("url", ["url"], 2_000),
    ("email", ["email"], 254),
    ("organization.name", ["organization", "name"], 200),
    ("phones[0].number", ["phones", 0, "number"], 40),
    ("service_at_locations[0].location.name", ["service_at_locations", 0, "location", "name"], 200),
])
def test_a_field_over_its_limit_refuses_the_record(empty_map, demo_records, field, path, limit):
    good, other = copy.deepcopy(demo_records[0]), copy.deepcopy(demo_records[1])
    long_text = "https://x.nl/" + "a" * limit if path[-1] == "url" else "a" * (limit + 1)
    if path == ["phones", 0, "number"] and not other.get("phones"):
        other["phones"] = [{"id": "tel-1", "number": "0492-123456"}]
    target = other
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = long_text[: limit + 1]
    report = empty_map.import_hsds([good, other])
    assert report.imported == 1  # the good record goes in, the long one not at all
    assert errors_of(report) == [
        f"record 2 (id {other['id']}), veld '{field}': te lang: {limit + 1} tekens (maximaal {limit})"]
    assert empty_map.get_service(other["id"]) is None


def test_a_field_at_its_limit_is_fine(empty_map, service_record):
    service_record["name"] = "N" * 200
    service_record["description"] = "d" * 5_000
    report = empty_map.import_hsds([service_record])
    assert report.ok and empty_map.get_service(service_record["id"]).name == "N" * 200


def test_unknown_fields_and_long_lists_are_limited_too(empty_map, service_record):
    service_record["toelichting_intern"] = "x" * 5_001  # HSDS allows fields of one's own
    service_record["phones"] = [{"id": f"tel-{i}", "number": "0492-123456"} for i in range(501)]
    report = empty_map.import_hsds([service_record])
    assert sorted(e.field for e in report.errors) == ["phones", "toelichting_intern"]
    assert "te veel items: 501 (maximaal 500)" in errors_of(report)[0] + errors_of(report)[1]


@pytest.mark.parametrize("form", ["list", "json", "ndjson"])
def test_too_many_services_in_one_file_imports_nothing(empty_map, demo_records, monkeypatch, form):
    monkeypatch.setattr(hsds, "MAX_SERVICES_PER_FILE", 3)
    records = demo_records[:4]
    source = {"list": records, "json": json.dumps(records),
              "ndjson": hsds.dumps_ndjson(records)}[form]
    report = empty_map.import_hsds(source)
    assert errors_of(report) == ["bestand, veld '(bestand)': te veel diensten in één bestand: meer dan 3;"
                                 " splits het in kleinere bestanden"]
    assert report.imported == 0 and empty_map.count_services() == 0  # never half an import
    assert empty_map.import_hsds(records[:3]).imported == 3


def test_a_file_that_is_too_big_imports_nothing(empty_map, demo_records, monkeypatch, tmp_path):
    monkeypatch.setattr(hsds, "MAX_FILE_BYTES", 10 * 1024)
    path = tmp_path / "groot.json"
    path.write_text(json.dumps(demo_records[:5])[:15 * 1024], encoding="utf-8")  # 15 kB
    for source in (path, str(path), path.read_text(encoding="utf-8")):
        report = empty_map.import_hsds(source)
        assert errors_of(report) == ["bestand, veld '(bestand)': het bestand is te groot: 15 kB (maximaal 10 kB);"
                                     " splits het in kleinere bestanden"]
    assert empty_map.count_services() == 0
    assert hsds.file_size_error(hsds.MAX_FILE_BYTES) is None


def test_a_csv_row_with_a_long_name_names_the_row(empty_map):
    header = "naam,organisatie,omschrijving,onderwerpen,trede,gemeenten\n"
    rows = ("Koffieochtend,Buurtvereniging,Elke dinsdag koffie.,eenzaamheid,omgeving,Helmond\n"
            f"{'K' * 201},Buurtvereniging,Elke woensdag koffie.,eenzaamheid,omgeving,Helmond\n")
    report = empty_map.import_csv(header + rows)
    assert report.imported == 1
    assert [(e.record_index, e.field, e.message) for e in report.errors] == [
        (3, "name", "te lang: 201 tekens (maximaal 200)")]  # row 3 of the file (the header is row 1)


def test_a_csv_field_over_the_csv_modules_limit_is_a_dutch_error(empty_map):
    header = "naam,organisatie,omschrijving,onderwerpen,trede,gemeenten\n"
    huge = f'Koffieochtend,Buurtvereniging,"{"x" * 200_000}",eenzaamheid,omgeving,Helmond\n'
    report = empty_map.import_csv(header + "Eerst,Org,Goed.,eenzaamheid,omgeving,Helmond\n" + huge)
    assert report.imported == 0 and empty_map.count_services() == 0
    assert report.errors[0].record_index == 3 and "geen geldige CSV" in report.errors[0].message


def test_a_tabular_package_that_unpacks_too_big_is_refused(demo_map, tmp_path, monkeypatch):
    files = export_tables(demo_map.export_hsds(), tmp_path / "pakket")
    archive = tmp_path / "pakket.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for path in files:
            zipped.write(path, path.name)
    monkeypatch.setattr(hsds, "MAX_FILE_BYTES", 50_000)
    target = SocialMap(tmp_path / "doel.sqlite")
    for source in (archive, tmp_path / "pakket"):
        with pytest.raises(TabularError, match="het pakket is te groot"):
            target.import_tabular(source)
    assert target.count_services() == 0
