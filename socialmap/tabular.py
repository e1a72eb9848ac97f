"""HSDS 3.0 in its tabular form: one CSV file per table and a `datapackage.json` (Frictionless).

Other directories exchange HSDS as CSV tables as often as as nested JSON. `export_tables` flattens
nested services into the official tables (ids and foreign keys kept); `read_tables` puts them back
together into nested services, which then go through the same validation as a JSON import. The
table layout and the column types come from the official `datapackage.json` in data/hsds/.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from .resources import data_dir

# Nested lists of each entity and the foreign key their rows carry (parent kind -> column).
CHILDREN: dict[str, dict[str, tuple[str, dict[str, str]]]] = {
    "service": {"phones": ("phone", {}), "schedules": ("schedule", {}), "service_areas": ("service_area", {}),
                "languages": ("language", {}), "cost_options": ("cost_option", {}),
                "required_documents": ("required_document", {}), "contacts": ("contact", {}),
                "funding": ("funding", {}), "attributes": ("attribute", {}),
                "service_at_locations": ("service_at_location", {}), "metadata": ("metadata", {})},
    "organization": {"phones": ("phone", {}), "contacts": ("contact", {}), "funding": ("funding", {}),
                     "organization_identifiers": ("organization_identifier", {})},
    "service_at_location": {"schedules": ("schedule", {}), "phones": ("phone", {}), "contacts": ("contact", {})},
    "location": {"addresses": ("address", {}), "phones": ("phone", {}), "schedules": ("schedule", {}),
                 "languages": ("language", {}), "accessibility": ("accessibility", {}), "contacts": ("contact", {})},
    "phone": {"languages": ("language", {})},
}
FOREIGN_KEY = {"service": "service_id", "organization": "organization_id", "location": "location_id",
               "service_at_location": "service_at_location_id", "phone": "phone_id"}
# A row may name several parents (a schedule with service_id and service_at_location_id): it
# belongs to the most specific one.
OWNER_ORDER = ("phone_id", "service_at_location_id", "location_id", "service_id", "organization_id")


class TabularError(ValueError):
    """A tabular package that cannot be read (missing datapackage.json, unknown table, bad cell)."""


@lru_cache(maxsize=1)
def package_description() -> dict:
    return json.loads((data_dir() / "hsds" / "datapackage.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def tables() -> dict[str, dict]:
    """Table name -> {"path": "services.csv", "fields": [...names], "types": {name: type}}."""
    out = {}
    for resource in package_description()["resources"]:
        fields = resource["schema"]["fields"]
        out[resource["name"]] = {"path": resource["path"], "fields": [f["name"] for f in fields],
                                 "types": {f["name"]: f["type"] for f in fields}, "resource": resource}
    return out


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value)) if abs(value) < 1e15 else repr(value)
    return str(value)


# -- export -------------------------------------------------------------------------------

class _Rows:
    def __init__(self) -> None:
        self.rows: dict[str, dict[str, dict]] = defaultdict(dict)  # table -> id -> row

    def add(self, kind: str, item: dict, **keys: str | None) -> None:
        table = tables()[kind]
        row = {name: item.get(name) for name in table["fields"] if not isinstance(item.get(name), dict | list)}
        for column, value in keys.items():
            if column in table["fields"] and value is not None:
                row[column] = value
        identity = str(row.get("id") or f"{kind}-{len(self.rows[kind])}")
        self.rows[kind].setdefault(identity, row)

    def walk(self, kind: str, item: dict, **keys: str | None) -> None:
        """Add `item` and, recursively, everything nested in it; a child row carries the key of
        its immediate parent only, so reading it back nests it in exactly one place."""
        if kind == "attribute" and isinstance(item.get("taxonomy_term"), dict):
            self.add("taxonomy_term", item["taxonomy_term"])
            item = {**item, "taxonomy_term_id": item.get("taxonomy_term_id") or item["taxonomy_term"].get("id")}
        if kind == "service" and isinstance(item.get("organization"), dict):
            keys = {**keys, "organization_id": item["organization"].get("id")}
            self.walk("organization", item["organization"])
        if kind == "service_at_location" and isinstance(item.get("location"), dict):
            keys = {**keys, "location_id": item["location"].get("id")}
            self.walk("location", item["location"])
        self.add(kind, item, **keys)
        for name, (child, _unused) in CHILDREN.get(kind, {}).items():
            for sub in item.get(name) or []:
                if not isinstance(sub, dict):
                    continue
                if name == "attributes":
                    extra = {"link_id": item.get("id"), "link_type": sub.get("link_type") or kind,
                             "link_entity": sub.get("link_entity") or kind}
                elif name == "metadata":
                    extra = {"resource_id": sub.get("resource_id") or item.get("id")}
                else:
                    extra = {FOREIGN_KEY[kind]: item.get("id")}
                self.walk(child, sub, **extra)


def export_tables(services: Iterable[dict], out: Path) -> list[Path]:
    """Write the services as HSDS CSV tables plus datapackage.json into the folder `out`."""
    rows = _Rows()
    for service in services:
        rows.walk("service", service)
    out.mkdir(parents=True, exist_ok=True)
    written, resources = [], []
    for kind, table in tables().items():
        if kind not in rows.rows:
            continue
        path = out / table["path"]
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=table["fields"], extrasaction="ignore")
            writer.writeheader()
            for row in rows.rows[kind].values():
                writer.writerow({k: _cell(v) for k, v in row.items()})
        written.append(path)
        resources.append(table["resource"])
    description = {k: v for k, v in package_description().items() if k != "resources"}
    description.update({"name": "wegwijs_sociale_kaart", "title": "Wegwijs sociale kaart (HSDS 3.0)",
                        "resources": resources})
    package = out / "datapackage.json"
    package.write_text(json.dumps(description, ensure_ascii=False, indent=1), encoding="utf-8")
    return [package, *written]


# -- import -------------------------------------------------------------------------------

def _typed(kind: str, column: str, text: str) -> Any:
    kind_of = tables()[kind]["types"].get(column, "string")
    if kind_of == "number":
        try:
            number = float(text)
        except ValueError:
            raise TabularError(f"{tables()[kind]['path']}: kolom {column} moet een getal zijn, niet {text!r}") from None
        return int(number) if number.is_integer() and "." not in text and "e" not in text.lower() else number
    if kind_of == "boolean":
        return text.strip().lower() in ("true", "1", "ja", "yes")
    return text


def _read_csv(kind: str, text: str) -> list[dict]:
    reader = csv.DictReader(io.StringIO(text))
    try:
        unknown = set(reader.fieldnames or []) - set(tables()[kind]["fields"])
        if unknown:
            raise TabularError(f"{tables()[kind]['path']}: onbekende kolom(men) {', '.join(sorted(unknown))}")
        return [{k: _typed(kind, k, v) for k, v in row.items() if v not in (None, "")} for row in reader]
    except csv.Error as exc:  # e.g. a field over the csv module's 128 KB
        raise TabularError(f"{tables()[kind]['path']}, regel {reader.line_num}: geen geldige CSV: {exc}") from None


def _files(source: Path) -> dict[str, str]:
    """Table file name -> text, from a folder, its datapackage.json, or a zip of them; refused
    before reading when the tables together are bigger than an import may be (hsds.py)."""
    if source.is_file() and source.suffix == ".zip":
        with zipfile.ZipFile(source) as archive:
            members = [i for i in archive.infolist() if i.filename.endswith((".csv", ".json"))]
            _check_size(sum(i.file_size for i in members))  # unpacked: a small zip can hold a lot
            return {Path(i.filename).name: archive.read(i).decode("utf-8-sig") for i in members}
    folder = source.parent if source.is_file() else source
    paths = [p for p in folder.iterdir() if p.suffix in (".csv", ".json")]
    _check_size(sum(p.stat().st_size for p in paths))
    return {p.name: p.read_text(encoding="utf-8-sig") for p in paths}


def _check_size(size: int) -> None:
    from .hsds import file_size_error

    too_big = file_size_error(size)
    if too_big:
        raise TabularError(f"het pakket is te groot: {too_big.message}")


def read_tables(source: Path) -> list[dict]:
    """Nested HSDS services from a tabular package (validation happens in the import)."""
    files = _files(Path(source))
    if "datapackage.json" not in files:
        raise TabularError("datapackage.json ontbreekt: dit is geen HSDS-tabelpakket")
    by_path = {table["path"]: kind for kind, table in tables().items()}
    data: dict[str, list[dict]] = {}
    for name, text in files.items():
        if name == "datapackage.json":
            continue
        if name not in by_path:
            raise TabularError(f"onbekende tabel {name}")
        data[by_path[name]] = _read_csv(by_path[name], text)

    def owner(row: dict) -> str | None:
        return next((column for column in OWNER_ORDER if row.get(column)), None)

    def rows_of(kind: str, column: str, value: str) -> list[dict]:
        rows = [dict(r) for r in data.get(kind, []) if r.get(column) == value]
        if kind == "service_at_location":  # it joins a service and a location; the service owns it
            return rows
        return [r for r in rows if owner(r) == column]

    def nest(kind: str, row: dict, column: str) -> dict:
        for name, (child, _unused) in CHILDREN.get(kind, {}).items():
            if kind == "service" and name == "attributes":
                children = [dict(r) for r in data.get("attribute", []) if r.get("link_id") == row.get("id")]
            elif kind == "service" and name == "metadata":
                children = rows_of("metadata", "resource_id", row.get("id"))
            else:
                children = rows_of(child, FOREIGN_KEY[kind], row.get("id"))
            if children:
                row[name] = [nest(child, c, FOREIGN_KEY.get(child, "")) for c in children]
        if kind == "service_at_location" and row.get("location_id"):
            location = next((dict(r) for r in data.get("location", []) if r.get("id") == row["location_id"]), None)
            if location:
                row["location"] = nest("location", location, "location_id")
        if kind == "attribute" and row.get("taxonomy_term_id"):
            term = next((dict(t) for t in data.get("taxonomy_term", []) if t.get("id") == row["taxonomy_term_id"]), None)
            if term:
                row["taxonomy_term"] = term
        return row

    organizations = {o["id"]: o for o in data.get("organization", []) if o.get("id")}
    services = []
    for service in data.get("service", []):
        nested = nest("service", dict(service), "service_id")
        organization = organizations.get(service.get("organization_id"))
        if organization:
            nested["organization"] = nest("organization", dict(organization), "organization_id")
        services.append(nested)
    return services
