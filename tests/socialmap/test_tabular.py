"""HSDS 3.0 tabular packages (CSV tables + datapackage.json): export, import, round trip."""

from __future__ import annotations

import csv
import json
import zipfile

import pytest

from socialmap import SocialMap
from socialmap.tabular import TabularError, export_tables, read_tables, tables

# Keys a table row carries to point at its parent; nested JSON says the same by nesting.
PARENT_KEYS = {"service_id", "location_id", "service_at_location_id", "organization_id", "phone_id",
               "link_id", "link_type", "link_entity", "resource_id"}


def canonical(value):
    """Order-free form for comparing records: lists sorted, empty lists and parent keys of nested
    rows dropped (a table cannot hold an empty list; nesting already says who the parent is)."""
    if isinstance(value, dict):
        return {k: canonical(v) for k, v in value.items()
                if v != [] and k not in PARENT_KEYS}
    if isinstance(value, list):
        items = [canonical(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def test_round_trip_gives_back_every_service(demo_map, tmp_path):
    exported = demo_map.export_hsds()
    files = export_tables(exported, tmp_path / "pakket")
    names = {p.name for p in files}
    assert {"datapackage.json", "services.csv", "organizations.csv", "locations.csv", "phones.csv",
            "schedules.csv", "attributes.csv", "taxonomy_terms.csv", "service_at_location.csv"} <= names
    again = read_tables(tmp_path / "pakket")
    assert len(again) == len(exported)
    by_id = {s["id"]: s for s in again}
    for service in exported:
        assert canonical(by_id[service["id"]]) == canonical(service), service["id"]


def test_import_through_the_same_validation_and_store(demo_map, tmp_path):
    export_tables(demo_map.export_hsds(), tmp_path / "pakket")
    other = SocialMap(tmp_path / "other.sqlite")
    report = other.import_tabular(tmp_path / "pakket" / "datapackage.json")
    assert report.ok and report.imported == len(demo_map.export_hsds())
    assert other.import_tabular(tmp_path / "pakket").unchanged == report.imported  # twice changes nothing


def test_datapackage_describes_each_table_with_the_official_schema(demo_map, tmp_path):
    export_tables(demo_map.export_hsds(), tmp_path / "p")
    package = json.loads((tmp_path / "p" / "datapackage.json").read_text(encoding="utf-8"))
    assert package["profile"] == "tabular-data-package"
    for resource in package["resources"]:
        with (tmp_path / "p" / resource["path"]).open(encoding="utf-8") as handle:
            header = next(csv.reader(handle))
        assert header == [f["name"] for f in resource["schema"]["fields"]]


def test_a_zip_imports_and_a_bad_cell_names_its_table_and_column(demo_map, tmp_path):
    export_tables(demo_map.export_hsds()[:5], tmp_path / "p")
    archive = tmp_path / "p.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for path in (tmp_path / "p").iterdir():
            z.write(path, path.name)
    assert len(read_tables(archive)) == 5
    services = (tmp_path / "p" / "services.csv").read_text(encoding="utf-8").splitlines()
    header = services[0].split(",")
    row = next(csv.reader([services[1]]))
    row[header.index("minimum_age")] = "oud"
    (tmp_path / "p" / "services.csv").write_text("\n".join([services[0], ",".join(f'"{c}"' for c in row)]) + "\n",
                                                  encoding="utf-8")
    with pytest.raises(TabularError, match="services.csv: kolom minimum_age"):
        read_tables(tmp_path / "p")


def test_a_bad_record_is_refused_by_the_import_validation(demo_map, tmp_path):
    export_tables(demo_map.export_hsds()[:3], tmp_path / "p")
    path = tmp_path / "p" / "services.csv"
    text = path.read_text(encoding="utf-8").replace(",active,", ",misschien,", 1)
    path.write_text(text, encoding="utf-8")
    report = SocialMap(tmp_path / "x.sqlite").import_tabular(tmp_path / "p")
    assert not report.ok and any(e.field == "status" for e in report.errors)


def test_without_datapackage_it_is_not_a_package(tmp_path):
    (tmp_path / "services.csv").write_text("id,name\n", encoding="utf-8")
    with pytest.raises(TabularError, match="datapackage.json"):
        read_tables(tmp_path)
    assert "service" in tables()


def test_command_line_exports_and_imports_a_package(demo_map, tmp_path):
    import subprocess
    import sys

    run = [sys.executable, "-m", "socialmap"]
    out = subprocess.run([*run, "export", "--db", str(demo_map.path), "--tabular", str(tmp_path / "p")],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0 and (tmp_path / "p" / "datapackage.json").exists(), out.stderr
    done = subprocess.run([*run, "import", "--db", str(tmp_path / "n.sqlite"), "--json", str(tmp_path / "p")],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["imported"] == len(demo_map.export_hsds())
