"""Large imports (issue 12) keep design §4's promises: one transaction, nothing half-stored, twice
changes nothing, and the fast schema check never lets through what the reference check refuses."""

import copy
import json
import random
import uuid

import pytest

from socialmap import SearchQuery, SocialMap
from socialmap.hsds import _default_schema_dir, _fast_validator, _validator
from socialmap.jsontext import legacy_digest

MANY = 2100  # more than one write batch (facade.BATCH)


@pytest.fixture(scope="module")
def many_records(demo_records) -> list[dict]:
    records = []
    for n in range(MANY):
        record = copy.deepcopy(demo_records[n % len(demo_records)])
        if n >= len(demo_records):
            record["id"] = str(uuid.uuid5(uuid.NAMESPACE_URL, f"test/{n}"))
            record["name"] = f"{record['name']} {n // len(demo_records)}"
        records.append(record)
    return records


def test_a_large_file_imports_like_the_same_records_as_a_list(tmp_path, many_records):
    path = tmp_path / "diensten.json"
    path.write_text(json.dumps(many_records, ensure_ascii=False, indent=1), encoding="utf-8")
    from_file, from_list = SocialMap(tmp_path / "a.sqlite"), SocialMap(tmp_path / "b.sqlite")
    assert from_file.import_hsds(path).imported == MANY
    assert from_list.import_hsds(many_records).imported == MANY
    assert from_file.export_hsds() == from_list.export_hsds()
    query = SearchQuery(q="maaltijden aan huis", limit=20)
    assert [h.id for h in from_file.search(query).items] == [h.id for h in from_list.search(query).items]


def test_a_file_that_breaks_near_its_end_stores_nothing(tmp_path, many_records, demo_records):
    social_map = SocialMap(tmp_path / "kaart.sqlite")
    social_map.import_hsds(demo_records[:5])
    text = json.dumps(many_records, ensure_ascii=False, indent=1)
    broken = text[:-200]  # the last record is cut off; all before it were read already
    path = tmp_path / "kapot.json"
    path.write_text(broken, encoding="utf-8")
    report = social_map.import_hsds(path)
    with pytest.raises(json.JSONDecodeError) as expected:
        json.loads(broken)
    assert (report.imported, report.updated, report.unchanged) == (0, 0, 0)
    assert [e.to_dict() for e in report.errors] == [{
        "record": None, "id": None, "field": "(bestand)",
        "message": f"geen geldige JSON (regel {expected.value.lineno}, kolom {expected.value.colno}): "
                   f"{expected.value.msg}"}]
    assert social_map.count_services() == 5
    assert social_map.search(SearchQuery(q="maaltijden", limit=100)).total <= 5


def test_a_file_that_is_not_utf8_gives_a_clear_error(tmp_path, demo_records):
    path = tmp_path / "latin1.json"
    path.write_bytes(json.dumps(demo_records[:3], ensure_ascii=False).encode("latin-1", "replace") + b"\xff")
    report = SocialMap(tmp_path / "kaart.sqlite").import_hsds(path)
    assert report.imported == 0 and "UTF-8" in report.errors[0].message


def test_importing_a_large_file_twice_changes_nothing(tmp_path, many_records):
    social_map = SocialMap(tmp_path / "kaart.sqlite")
    social_map.import_hsds(many_records)
    before = social_map.export_hsds()
    again = social_map.import_hsds(many_records)
    assert (again.imported, again.updated, again.unchanged) == (0, 0, MANY)
    assert social_map.export_hsds() == before


def test_a_map_stored_by_an_earlier_version_counts_as_unchanged(tmp_path, demo_records):
    """Earlier versions hashed the standard library's JSON text; their hashes still match."""
    social_map = SocialMap(tmp_path / "kaart.sqlite")
    social_map.import_hsds(demo_records)
    with social_map.store.transaction():
        social_map.store.conn.executemany("UPDATE service SET content_hash = ? WHERE id = ?",
                                          [(legacy_digest(r), r["id"]) for r in demo_records])
    again = social_map.import_hsds(demo_records)
    assert (again.imported, again.updated, again.unchanged) == (0, 0, len(demo_records))
    changed = copy.deepcopy(demo_records[0])
    changed["name"] += " (nieuw)"
    assert social_map.import_hsds([changed]).updated == 1


# Values of every JSON type and some near misses, put anywhere in a record.
ODD_VALUES = [None, True, 0, -1, 1.5, "", "tekst", "2026-13-45", [], [1], ["a"], {}, {"x": 1},
              [{}], [{"id": 1}], "http://x", 10**20]


def _paths(node, path=()):
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*path, index))


def _mutated(record: dict, rng: random.Random) -> dict:
    record = copy.deepcopy(record)
    path = rng.choice([p for p in _paths(record) if p])
    parent = record
    for part in path[:-1]:
        parent = parent[part]
    action = rng.random()
    if action < 0.2 and isinstance(parent, dict):
        del parent[path[-1]]
    elif action < 0.3 and isinstance(parent, dict):
        parent["onbekend_veld"] = 1
    else:
        parent[path[-1]] = copy.deepcopy(rng.choice(ODD_VALUES))
    return record


def test_the_fast_schema_check_accepts_only_what_the_reference_accepts(demo_records):
    directory = _default_schema_dir()
    fast, reference = _fast_validator(directory), _validator(directory)
    rng = random.Random(4)
    checked = refused = 0
    for record in demo_records:
        for _ in range(12):
            variant = _mutated(record, rng)
            try:
                fast(variant)
            except Exception:
                refused += 1
                continue  # refused records go to the reference check anyway
            checked += 1
            assert not list(reference.iter_errors(variant)), variant
    assert checked > 1000 and refused > 100  # both outcomes were really exercised


def test_ndjson_longer_than_the_first_read_keeps_every_line(tmp_path, many_records):
    """The reader looks at the file's start to tell NDJSON from an array; no line is lost, cut
    or miscounted where that first read ended."""
    lines = [json.dumps(r, ensure_ascii=False) for r in many_records[:300]]  # ~1 MB, past the first read
    lines.insert(100, "{kapot")
    path = tmp_path / "diensten.ndjson"
    path.write_text("\n\n" + "\n".join(lines) + "\n", encoding="utf-8")
    social_map = SocialMap(tmp_path / "kaart.sqlite")
    report = social_map.import_hsds(path)
    assert report.imported == 300
    assert [(e.record_index, e.field) for e in report.errors] == [(103, "(regel)")]
    assert {r["id"] for r in social_map.export_hsds()} == {r["id"] for r in many_records[:300]}
