"""HSDS 3.0 exchange: read JSON arrays and NDJSON, validate each service record, export.

Validation is the real HSDS 3.0 JSON schemas (shipped in `data/hsds/`, CC BY-SA 4.0, Open
Referral) plus Wegwijs's own rules (taxonomy slugs, exactly one ladder step, dates). Every error
names the record and the field, so an editor can find and fix it.
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


def iter_records(source: Source) -> Iterator[RawRecord]:
    """Yield each record of a JSON array, a single JSON object or NDJSON, with its position."""
    if not isinstance(source, str | Path) and not hasattr(source, "read"):
        for index, item in enumerate(source, start=1):
            if isinstance(item, dict):
                yield RawRecord(index, item)
            else:
                yield RawRecord(index, None, RecordError(index, None, "(record)",
                                                         "een record moet een JSON-object zijn"))
        return
    if isinstance(source, Path) or (isinstance(source, str) and not _looks_like_content(source)):
        yield from _iter_file(Path(source))
        return
    text = _read_text(source)
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
    for line_number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
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
            return {k: (f"#/definitions/{v[:-5]}" if k == "$ref" and isinstance(v, str) and v.endswith(".json")
                        else rewrite(v)) for k, v in node.items()}
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


@lru_cache(maxsize=1)
def _default_schema_dir() -> Path:
    return (data_dir() / "hsds").resolve()  # resolving per record was a tenth of an import


def validate_service(data: dict, index: int | None, taxonomy: Taxonomy,
                     schema_dir: Path | None = None) -> list[RecordError]:
    """All problems of one HSDS service record; an empty list means it can be stored."""
    record_id = str(data.get("id")) if data.get("id") is not None else None
    errors: list[RecordError] = []

    def add(field: str, message: str) -> None:
        errors.append(RecordError(index, record_id, field, message))

    directory = schema_dir.resolve() if schema_dir else _default_schema_dir()
    try:
        _fast_validator(directory)(data)
    except Exception:  # any schema problem: let the reference validator name every error
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
