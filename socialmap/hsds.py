"""HSDS 3.0 exchange: read JSON arrays and NDJSON, validate each service record, export.

Validation is the real HSDS 3.0 JSON schemas (shipped in `data/hsds/`, CC BY-SA 4.0, Open
Referral) plus Wegwijs's own rules (taxonomy slugs, exactly one ladder step, dates) and the size
limits below. Every error names the record and the field, so an editor can find and fix it.

The limits live here and nowhere else (the CLI, the beheer upload, the CSV template and tabular
packages all import through this module): a text field longer than its limit refuses the whole
record (nothing is cut off and stored), a file that is too big or holds too many services is
refused before anything is stored.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from jsonschema import Draft202012Validator, RefResolver

from . import jsontext
from .json_stream import NotOneArray, iter_array
from .models import LADDER_TAXONOMY, STATUSES, TOPIC_TAXONOMY
from .resources import data_dir
from .taxonomy import Taxonomy

Source = str | Path | IO | Iterable[dict]


# -- limits ---------------------------------------------------------------------------------------

MAX_FILE_BYTES = 512 * 1024 * 1024  # one import file, or the unpacked tables of a package
MAX_SERVICES_PER_FILE = 100_000  # a region has a few thousand; the import benchmark uses 100,000
MAX_LIST_ITEMS = 500  # phones, locations, schedules, attributes ... in one list of one record
MAX_TEXT = 5_000  # any text field without a limit of its own
TEXT_LIMITS = {  # by the field's own name, wherever it sits in the record (organization.name ...)
    "name": 200, "alternate_name": 200, "title": 200,
    "description": 5_000,
    "url": 2_000, "website": 2_000, "uri": 2_000,
    "email": 254,  # RFC 5321
    "number": 40, "extension": 20,  # phones
    "id": 250,
    "postal_code": 20,
}


def text_limit(field: str) -> int:
    """The longest text allowed in a field with this name."""
    return TEXT_LIMITS.get(field, 250 if field.endswith("_id") else MAX_TEXT)


def _size_text(size: int) -> str:
    """'512 MB', '1,5 MB', '10 kB': the Dutch way, with a decimal comma."""
    amount, unit = (size / (1024 * 1024), "MB") if size >= 1024 * 1024 else (size / 1024, "kB")
    return f"{amount:.1f}".rstrip("0").rstrip(".").replace(".", ",") + f" {unit}"


def file_size_error(size: int) -> RecordError | None:
    """The error for a file of `size` bytes (or characters), or None when it may be imported."""
    if size <= MAX_FILE_BYTES:
        return None
    return RecordError(None, None, "(bestand)", f"het bestand is te groot: {_size_text(size)} "
                       f"(maximaal {_size_text(MAX_FILE_BYTES)}); splits het in kleinere bestanden")


def service_count_error(count: int) -> RecordError | None:
    """The error for a file with (at least) `count` services, or None when it may be imported; a
    file is read as a stream, so reading stops at the first service too many."""
    if count <= MAX_SERVICES_PER_FILE:
        return None
    return RecordError(None, None, "(bestand)", f"te veel diensten in één bestand: meer dan "
                       f"{MAX_SERVICES_PER_FILE}; splits het in kleinere bestanden")


def limit_errors(data: dict, index: int | None) -> list[RecordError]:
    """Every text of the record that is longer than its field's limit, every list that is too long."""
    record_id = str(data.get("id"))[:text_limit("id")] if data.get("id") is not None else None
    errors: list[RecordError] = []

    def walk(value: Any, path: list[Any], field: str) -> None:
        if isinstance(value, str):
            limit = text_limit(field)
            if len(value) > limit:
                errors.append(RecordError(index, record_id, _path(path),
                                          f"te lang: {len(value)} tekens (maximaal {limit})"))
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, [*path, key], str(key))
        elif isinstance(value, list):
            if len(value) > MAX_LIST_ITEMS:
                errors.append(RecordError(index, record_id, _path(path),
                                          f"te veel items: {len(value)} (maximaal {MAX_LIST_ITEMS})"))
                return
            for i, item in enumerate(value):
                walk(item, [*path, i], field)

    walk(data, [], "")
    return errors


@dataclass(frozen=True)
class RecordError:
    record_index: int | None  # 1-based position in the file (line for NDJSON, row for CSV)
    record_id: str | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"record {self.record_index}" if self.record_index is not None else "bestand"
        if self.record_id:
            where += f" (id {self.record_id})"
        return f"{where}, veld '{self.field}': {self.message}"

    def to_dict(self) -> dict:
        return {"record": self.record_index, "id": self.record_id, "field": self.field,
                "message": self.message}


class ValidationError(ValueError):
    """A record that cannot be stored; `errors` names each record and field."""

    def __init__(self, errors: list[RecordError]):
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors) or "ongeldige invoer")


@dataclass(frozen=True)
class RawRecord:
    index: int
    data: dict | None
    error: RecordError | None = None


# -- reading --------------------------------------------------------------------------------

def _read_text(source: str | Path | IO) -> str:
    if hasattr(source, "read"):
        content = source.read()
        return content.decode("utf-8-sig") if isinstance(content, bytes) else content
    if isinstance(source, str) and _looks_like_content(source):
        return source
    return Path(source).read_text(encoding="utf-8-sig")


def _source_size(source: str | Path | IO) -> int | None:
    """The size of a file on disk before it is read (None for text and open files)."""
    if isinstance(source, Path) or (isinstance(source, str) and not _looks_like_content(source)):
        try:
            return Path(source).stat().st_size
        except OSError:
            return None  # reading it names the problem
    return None


def iter_records(source: Source) -> Iterator[RawRecord]:
    """Yield each record of a JSON array, a single JSON object or NDJSON, with its position.

    A file that is too big, or that holds more services than one file may, yields a file error;
    the importer then stores nothing, also when the error comes after records (it is one
    transaction)."""
    if not isinstance(source, str | Path) and not hasattr(source, "read"):
        for index, item in enumerate(source, start=1):
            if index > MAX_SERVICES_PER_FILE:
                yield RawRecord(0, None, service_count_error(index))
                return
            if isinstance(item, dict):
                yield RawRecord(index, item)
            else:
                yield RawRecord(index, None, RecordError(index, None, "(record)",
                                                         "een record moet een JSON-object zijn"))
        return
    if isinstance(source, Path) or (isinstance(source, str) and not _looks_like_content(source)):
        too_big = file_size_error(_source_size(source) or 0)
        if too_big:
            yield RawRecord(0, None, too_big)
            return
        yield from _iter_file(Path(source))
        return
    text = _read_text(source)
    too_big = file_size_error(len(text))
    if too_big:
        yield RawRecord(0, None, too_big)
        return
    stripped = text.lstrip()
    if not stripped:
        yield RawRecord(0, None, RecordError(None, None, "(bestand)", "het bestand is leeg"))
        return
    if stripped.startswith("["):
        try:
            items = json.loads(text)
        except json.JSONDecodeError as exc:
            yield _unreadable(exc)
            return
        yield from iter_records(items)
        return
    yield from _iter_lines(io.StringIO(text))


def _looks_like_content(source: str) -> bool:
    return source.lstrip().startswith(("[", "{")) or "\n" in source


def _unreadable(exc: json.JSONDecodeError) -> RawRecord:
    return RawRecord(0, None, RecordError(
        None, None, "(bestand)", f"geen geldige JSON (regel {exc.lineno}, kolom {exc.colno}): {exc.msg}"))


def _iter_file(path: Path) -> Iterator[RawRecord]:
    """Records of a file, read as a stream: a JSON array item by item, NDJSON line by line."""
    try:
        yield from _iter_file_text(path)
    except UnicodeDecodeError:
        yield RawRecord(0, None, RecordError(None, None, "(bestand)",
                                             "het bestand is geen UTF-8-tekst; sla het op als UTF-8"))


def _iter_file_text(path: Path) -> Iterator[RawRecord]:
    with path.open(encoding="utf-8-sig") as handle:  # opened once: a pipe can be read only once
        head = ""
        while not head.lstrip() and (chunk := handle.read(1 << 16)):
            head += chunk
        if not head.lstrip():
            yield RawRecord(0, None, RecordError(None, None, "(bestand)", "het bestand is leeg"))
            return
        if not head.lstrip().startswith("["):
            lines = itertools.chain(io.StringIO(head + handle.readline()), handle)  # the cut line made whole
            yield from _iter_lines(lines)
            return
        try:
            yield from iter_records(iter_array(handle, prefix=head))
            return
        except NotOneArray:
            pass
    try:  # read it whole only now, for the message json.loads gives (line, column, what)
        json.loads(path.read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as exc:
        yield _unreadable(exc)
        return
    raise RuntimeError(f"{path}: the streaming reader rejected what json.loads accepts")


def _iter_lines(lines: Iterable[str]) -> Iterator[RawRecord]:
    count = 0
    for line_number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        count += 1
        if count > MAX_SERVICES_PER_FILE:
            yield RawRecord(0, None, service_count_error(count))
            return
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            yield RawRecord(line_number, None, RecordError(
                line_number, None, "(regel)", f"geen geldige JSON: {exc.msg} (kolom {exc.colno})"))
            continue
        if not isinstance(item, dict):
            yield RawRecord(line_number, None, RecordError(
                line_number, None, "(record)", "een record moet een JSON-object zijn"))
            continue
        yield RawRecord(line_number, item)


# -- validation -----------------------------------------------------------------------------

@lru_cache(maxsize=2)
def _validator(schema_dir: Path) -> Draft202012Validator:
    store: dict[str, Any] = {}
    for path in schema_dir.glob("*.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        store[path.name] = schema
        store[path.resolve().as_uri()] = schema
    root = store["service.json"]
    resolver = RefResolver(base_uri=schema_dir.resolve().as_uri() + "/", referrer=root, store=store)
    return Draft202012Validator(root, resolver=resolver)


@lru_cache(maxsize=2)
def _fast_validator(schema_dir: Path):
    """The same schemas in jsonschema-rs (compiled in Rust): ~20x faster than fastjsonschema
    and ~200x faster than `_validator` for the common case of a valid record, which made
    validation the largest part of a big import. Invalid records are re-checked by
    `_validator` for all errors."""
    import jsonschema_rs

    schemas = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in schema_dir.glob("*.json")}

    def rewrite(node):
        if isinstance(node, dict):
            node = {k: (f"#/definitions/{v[:-5]}" if k == "$ref" and isinstance(v, str) and v.endswith(".json")
                        else rewrite(v)) for k, v in node.items()}
            if isinstance(node.get("properties"), dict):
                _add_limits(node)
            return node
        if isinstance(node, list):
            return [rewrite(v) for v in node]
        return node

    definitions = {name: rewrite(schema) for name, schema in schemas.items()}
    bundle = {**definitions["service"], "definitions": definitions}
    # jsonschema (the reference check) does not assert formats; neither may the fast path.
    validator = jsonschema_rs.Draft202012Validator(bundle, validate_formats=False)

    def check(data: Any) -> None:
        if not validator.is_valid(data):
            raise ValueError("schema")

    return check


def _add_limits(node: dict) -> None:
    """The size limits as keywords on the schema's own string and array fields, so the fast path
    checks them for ~5% more time. (As ``additionalProperties`` for unknown fields they cost 20%:
    `validate_service` looks at unknown top-level fields itself; the file size bounds the rest.)"""
    for name, prop in node["properties"].items():
        if isinstance(prop, dict) and prop.get("type") == "string":
            prop.setdefault("maxLength", text_limit(name))
        elif isinstance(prop, dict) and prop.get("type") == "array":
            prop.setdefault("maxItems", MAX_LIST_ITEMS)


def _path(parts: Iterable[Any]) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(record)"


def _schema_message(error) -> str:
    if error.validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return f"verplicht veld ontbreekt: {missing}"
    if error.validator == "type":
        return f"verkeerd type: verwacht {error.validator_value}, gekregen {error.instance!r}"[:200]
    if error.validator == "enum":
        allowed = ", ".join(str(v) for v in error.validator_value)
        return f"ongeldige waarde {error.instance!r}; toegestaan: {allowed}"
    return error.message[:200]


def _check_date(value: Any) -> bool:
    try:
        dt.date.fromisoformat(str(value)[:10])
        return True
    except ValueError:
        return False


def _check_time(value: Any) -> bool:
    try:
        dt.time.fromisoformat(str(value))
        return True
    except ValueError:
        return False


def _iter_schedules(data: dict) -> Iterator[tuple[str, dict]]:
    for i, schedule in enumerate(data.get("schedules") or []):
        yield f"schedules[{i}]", schedule
    for i, sal in enumerate(data.get("service_at_locations") or []):
        if not isinstance(sal, dict):
            continue
        for j, schedule in enumerate(sal.get("schedules") or []):
            yield f"service_at_locations[{i}].schedules[{j}]", schedule
        location = sal.get("location") or {}
        if isinstance(location, dict):
            for j, schedule in enumerate(location.get("schedules") or []):
                yield f"service_at_locations[{i}].location.schedules[{j}]", schedule


@lru_cache(maxsize=2)
def _known_fields(schema_dir: Path) -> frozenset[str]:
    return frozenset(json.loads((schema_dir / "service.json").read_text(encoding="utf-8"))["properties"])


@lru_cache(maxsize=1)
def _default_schema_dir() -> Path:
    return (data_dir() / "hsds").resolve()  # resolving per record was a tenth of an import


def validate_service(data: dict, index: int | None, taxonomy: Taxonomy,
                     schema_dir: Path | None = None) -> list[RecordError]:
    """All problems of one HSDS service record; an empty list means it can be stored."""
    record_id = str(data.get("id"))[:text_limit("id")] if data.get("id") is not None else None
    errors: list[RecordError] = []

    def add(field: str, message: str) -> None:
        errors.append(RecordError(index, record_id, field, message))

    directory = schema_dir.resolve() if schema_dir else _default_schema_dir()
    try:
        _fast_validator(directory)(data)  # the schemas and the size limits
        if not _known_fields(directory).issuperset(data):
            raise ValueError("a field the schema does not name: check its size too")
    except Exception:  # any problem: let the reference validator and the limits name every error
        errors.extend(limit_errors(data, index))
        validator = _validator(directory)
        for error in sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path)):
            add(_path(error.absolute_path), _schema_message(error))
        if errors:
            return errors

    if not str(data.get("id", "")).strip():
        add("id", "een id is verplicht")
    if not str(data.get("name", "")).strip():
        add("name", "een naam is verplicht")
    if data.get("status") not in STATUSES:
        add("status", f"ongeldige status; toegestaan: {', '.join(STATUSES)}")
    topics, ladder = [], []
    for i, attribute in enumerate(data.get("attributes") or []):
        term = attribute.get("taxonomy_term") or {}
        taxonomy_name, code = term.get("taxonomy"), term.get("code")
        if taxonomy_name == TOPIC_TAXONOMY:
            if code not in taxonomy.topic_slugs:
                add(f"attributes[{i}].taxonomy_term.code", f"onbekend onderwerp {code!r}")
            topics.append(code)
        elif taxonomy_name == LADDER_TAXONOMY:
            if code not in taxonomy.ladder_slugs:
                add(f"attributes[{i}].taxonomy_term.code",
                    f"onbekende trede {code!r}; toegestaan: {', '.join(taxonomy.ladder_slugs)}")
            ladder.append(code)
    if not topics:
        add("attributes", "minstens één onderwerp (taxonomy 'onderwerp') is verplicht")
    if len(ladder) != 1:
        add("attributes", f"precies één trede (taxonomy 'ladder') is verplicht, gevonden: {len(ladder)}")
    organization = data.get("organization") if isinstance(data.get("organization"), dict) else {}
    for field, value in (("url", data.get("url")), ("organization.website", organization.get("website")),
                         ("organization.url", organization.get("url"))):
        if value and not str(value).strip().lower().startswith(("http://", "https://")):
            add(field, "een webadres begint met http:// of https://")  # never javascript: in a link
    if data.get("assured_date") is not None and not _check_date(data["assured_date"]):
        add("assured_date", f"geen geldige datum (JJJJ-MM-DD): {data['assured_date']!r}")
    low, high = data.get("minimum_age"), data.get("maximum_age")
    for field, value in (("minimum_age", low), ("maximum_age", high)):
        if value is not None and not 0 <= value <= 130:
            add(field, f"leeftijd moet tussen 0 en 130 liggen, gekregen {value}")
    if low is not None and high is not None and low > high:
        add("maximum_age", "maximum_age is kleiner dan minimum_age")
    for i, sal in enumerate(data.get("service_at_locations") or []):
        location = (sal or {}).get("location") or {}
        lat, lon = location.get("latitude"), location.get("longitude")
        if lat is not None and not -90 <= lat <= 90:
            add(f"service_at_locations[{i}].location.latitude", f"breedtegraad buiten bereik: {lat}")
        if lon is not None and not -180 <= lon <= 180:
            add(f"service_at_locations[{i}].location.longitude", f"lengtegraad buiten bereik: {lon}")
    for field, schedule in _iter_schedules(data):
        for key in ("opens_at", "closes_at"):
            if schedule.get(key) is not None and not _check_time(schedule[key]):
                add(f"{field}.{key}", f"geen geldige tijd (UU:MM): {schedule[key]!r}")
        for day in str(schedule.get("byday") or "").split(","):
            if day.strip() and day.strip().upper()[-2:] not in ("MO", "TU", "WE", "TH", "FR", "SA", "SU"):
                add(f"{field}.byday", f"onbekende dag {day.strip()!r}; gebruik MO,TU,WE,TH,FR,SA,SU")
    return errors


def record_version(data: dict) -> str:
    """The newest HSDS metadata change date of a record ('' when it has none)."""
    dates = [str(m.get("last_action_date") or "") for m in data.get("metadata") or [] if isinstance(m, dict)]
    return max(dates, default="")


def content_hash(data: dict) -> str:
    """Equal for equal records, so importing the same file twice changes nothing."""
    return jsontext.digest(data)


def dumps_ndjson(services: Iterable[dict]) -> str:
    return "".join(json.dumps(s, ensure_ascii=False) + "\n" for s in services)
