"""The editors' CSV template: one row per service, Dutch headers, turned into HSDS 3.0 records.

Rows go through the same validation as HSDS imports; CSV-specific problems (an unreadable
opening-hours text, a bad amount) are reported with the row number and the column name.
"""

from __future__ import annotations

import csv
import io
import re
import uuid
from pathlib import Path

from . import dutch_fields
from .access_facts import ACCESS_LABELS, ACCESS_TAXONOMY, LANGUAGES, WHEELCHAIR_NO, WHEELCHAIR_YES
from .hsds import RecordError, file_size_error
from .taxonomy import Taxonomy

COLUMNS = [
    "id", "naam", "organisatie", "omschrijving", "onderwerpen", "trede", "gemeenten", "adres",
    "postcode", "plaats", "breedtegraad", "lengtegraad", "telefoon", "email", "website", "kosten",
    "kosten_toelichting", "minimum_leeftijd", "maximum_leeftijd", "voor_wie", "openingstijden",
    "laatst_gecontroleerd", "status", "talen", "rolstoeltoegankelijk", "verwijzing",
]  # the last three are optional: older files without them still import
DAY_CODES = {"ma": "MO", "di": "TU", "wo": "WE", "do": "TH", "vr": "FR", "za": "SA", "zo": "SU"}
DAY_ORDER = list(DAY_CODES)
_HOURS = re.compile(r"^\s*([a-z]{2})(?:\s*-\s*([a-z]{2}))?\s+(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})\s*$")
NAMESPACE = uuid.UUID("0b6f6c1e-9c1d-4d2e-8c43-5d1d6f3f1a11")
EXAMPLE_ID = "VOORBEELD"  # the template's example row carries this id and is never imported
FIELD_CHECKS = {"postcode": dutch_fields.postcode, "telefoon": dutch_fields.phone, "email": dutch_fields.email,
                "website": dutch_fields.url, "laatst_gecontroleerd": dutch_fields.date}


def is_example_row(row: dict) -> bool:
    """The template's example row: id VOORBEELD, or a name that starts with 'Voorbeeld:'."""
    return ((row.get("id") or "").strip().upper() == EXAMPLE_ID
            or (row.get("naam") or "").strip().lower().startswith("voorbeeld:"))


def parse_opening_hours(text: str) -> list[tuple[str, str, str]]:
    """'ma-vr 09:00-17:00; za 10:00-12:00' -> [('MO,TU,WE,TH,FR', '09:00', '17:00'), ...]."""
    rules = []
    for part in filter(None, (p.strip() for p in text.lower().split(";"))):
        match = _HOURS.match(part)
        if not match or match.group(1) not in DAY_CODES or (match.group(2) and match.group(2) not in DAY_CODES):
            raise ValueError(f"'{part}' is niet te lezen; schrijf bijvoorbeeld 'ma-vr 09:00-17:00; za 10:00-12:00'")
        first = DAY_ORDER.index(match.group(1))
        last = DAY_ORDER.index(match.group(2)) if match.group(2) else first
        if last < first:
            raise ValueError(f"'{part}': de dagen staan in de verkeerde volgorde")
        days = ",".join(DAY_CODES[d] for d in DAY_ORDER[first:last + 1])
        rules.append((days, match.group(3).zfill(5), match.group(4).zfill(5)))
    return rules


def _number(value: str, column: str, row: int, errors: list, record_id: str | None):
    if not value.strip():
        return None
    try:
        return float(value.replace("€", "").replace(",", ".").strip())
    except ValueError:
        errors.append(RecordError(row, record_id, column, f"geen getal: {value!r}"))
        return None


def row_to_hsds(row: dict, row_number: int, taxonomy: Taxonomy,
                places=None) -> tuple[dict | None, list[RecordError]]:
    """One template row as an HSDS service, or the row's errors (each naming its column)."""
    errors: list[RecordError] = []
    row = {key: (value or "").strip() for key, value in row.items() if key}
    get = lambda key: row.get(key) or ""  # noqa: E731
    service_id = get("id") or str(uuid.uuid5(NAMESPACE, f"{get('organisatie')}/{get('naam')}"))
    if not get("naam"):
        errors.append(RecordError(row_number, service_id, "naam", "een naam is verplicht"))
    topics = [t.strip() for t in get("onderwerpen").split(";") if t.strip()]
    for topic in topics:
        if topic not in taxonomy.topic_slugs:
            errors.append(RecordError(row_number, service_id, "onderwerpen", f"onbekend onderwerp {topic!r}"))
    if not topics:
        errors.append(RecordError(row_number, service_id, "onderwerpen", "minstens één onderwerp is verplicht"))
    if get("trede") not in taxonomy.ladder_slugs:
        errors.append(RecordError(row_number, service_id, "trede",
                                  f"kies één van: {', '.join(taxonomy.ladder_slugs)}"))
    for column, check in FIELD_CHECKS.items():
        if get(column):
            try:
                row[column] = check(get(column))
            except ValueError as exc:
                errors.append(RecordError(row_number, service_id, column, str(exc)))
    try:
        hours = parse_opening_hours(get("openingstijden"))
    except ValueError as exc:
        errors.append(RecordError(row_number, service_id, "openingstijden", str(exc)))
        hours = []
    languages = []
    by_name = {name.lower(): (code, name) for code, name in LANGUAGES} | {code: (code, name) for code, name in LANGUAGES}
    for part in filter(None, (p.strip().lower() for p in re.split(r"[;,]", get("talen")))):
        if part not in by_name:
            errors.append(RecordError(row_number, service_id, "talen",
                                      f"onbekende taal {part!r}; kies uit: {', '.join(n for _c, n in LANGUAGES)}"))
        elif by_name[part] not in languages:
            languages.append(by_name[part])
    wheelchair = get("rolstoeltoegankelijk").lower()
    if wheelchair not in ("", "ja", "nee"):
        errors.append(RecordError(row_number, service_id, "rolstoeltoegankelijk", "vul ja, nee of niets in"))
    elif wheelchair and not (get("adres") or get("plaats")):
        errors.append(RecordError(row_number, service_id, "rolstoeltoegankelijk",
                                  "vul ook adres en plaats in: toegankelijkheid hoort bij een plek"))
    access = get("verwijzing").lower()
    if access and access not in ACCESS_LABELS:
        errors.append(RecordError(row_number, service_id, "verwijzing", f"kies één van: {', '.join(ACCESS_LABELS)}"))
    amount = _number(get("kosten"), "kosten", row_number, errors, service_id)
    low = _number(get("minimum_leeftijd"), "minimum_leeftijd", row_number, errors, service_id)
    high = _number(get("maximum_leeftijd"), "maximum_leeftijd", row_number, errors, service_id)
    lat = _number(get("breedtegraad"), "breedtegraad", row_number, errors, service_id)
    lon = _number(get("lengtegraad"), "lengtegraad", row_number, errors, service_id)
    if errors:
        return None, errors
    if lat is None and lon is None and get("postcode") and places is not None:
        entry = places.postcodes.get(get("postcode")[:4])  # the region's PC4 table, as the editors' form does
        if entry:
            lat, lon = entry[0], entry[1]

    def sub(kind: str) -> str:
        return str(uuid.uuid5(NAMESPACE, f"{service_id}/{kind}"))

    attributes = [
        {"id": sub(f"attr/{t}"), "link_id": service_id, "link_type": "service", "link_entity": "service",
         "taxonomy_term": {"id": f"onderwerp:{t}", "code": t, "name": taxonomy.topic(t).label,
                           "taxonomy": "onderwerp", "description": taxonomy.topic(t).description}}
        for t in topics
    ]
    step = get("trede")
    attributes.append({"id": sub("attr/ladder"), "link_id": service_id, "link_type": "service",
                       "link_entity": "service",
                       "taxonomy_term": {"id": f"ladder:{step}", "code": step,
                                         "name": taxonomy.step(step).label, "taxonomy": "ladder",
                                         "description": taxonomy.step(step).description}})
    if access:
        attributes.append({"id": sub("attr/toegang"), "link_id": service_id, "link_type": "service",
                           "link_entity": "service",
                           "taxonomy_term": {"id": f"{ACCESS_TAXONOMY}:{access}", "code": access,
                                             "name": ACCESS_LABELS[access], "taxonomy": ACCESS_TAXONOMY,
                                             "description": ACCESS_LABELS[access]}})
    option = get("kosten_toelichting") or ("gratis" if amount == 0 else "")
    data: dict = {
        "id": service_id,
        "name": get("naam"),
        "description": get("omschrijving") or None,
        "status": get("status") or "active",
        "email": get("email") or None,
        "url": get("website") or None,
        "eligibility_description": get("voor_wie") or None,
        "minimum_age": low,
        "maximum_age": high,
        "assured_date": get("laatst_gecontroleerd") or None,
        "fees_description": option or None,
        "organization": {"id": str(uuid.uuid5(NAMESPACE, "org/" + get("organisatie"))),
                         "name": get("organisatie") or get("naam"), "description": ""},
        "phones": [{"id": sub("phone"), "number": get("telefoon")}] if get("telefoon") else [],
        "cost_options": ([{"id": sub("cost"), "service_id": service_id, "amount": amount, "currency": "EUR",
                           "option": option, "amount_description": option}] if amount is not None else []),
        "service_areas": [{"id": sub(f"area/{m.strip()}"), "service_id": service_id, "name": m.strip()}
                          for m in get("gemeenten").split(";") if m.strip()],
        "attributes": attributes,
        "languages": [{"id": sub(f"language/{code}"), "name": name, "code": code} for code, name in languages],
        "schedules": [{"id": sub(f"schedule/{i}"), "service_id": service_id, "freq": "WEEKLY",
                       "byday": days, "opens_at": opens, "closes_at": closes}
                      for i, (days, opens, closes) in enumerate(hours)],
        "service_at_locations": [],
    }
    if get("adres") or get("plaats") or lat is not None:
        location_id = sub("location")
        data["service_at_locations"] = [{
            "id": sub("sal"), "service_id": service_id, "location_id": location_id,
            "location": {
                "id": location_id, "location_type": "physical", "name": get("organisatie") or get("naam"),
                "latitude": lat, "longitude": lon,
                "accessibility": ([{"id": sub("accessibility"), "location_id": location_id,
                                    "description": WHEELCHAIR_YES if wheelchair == "ja" else WHEELCHAIR_NO}]
                                  if wheelchair else []),
                "addresses": [{"id": sub("address"), "location_id": location_id,
                               "address_1": get("adres"), "city": get("plaats"), "region": "",
                               "state_province": "", "postal_code": get("postcode"), "country": "NL",
                               "address_type": "physical"}],
            },
        }]
    return _drop_none(data), []


def _drop_none(value):
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_none(v) for v in value]
    return value


def csv_to_hsds(source, taxonomy: Taxonomy, places=None) -> tuple[list[dict], list[RecordError]]:
    """Convert an editors' CSV (path, text or file) to HSDS records plus row-level errors."""
    records, errors, _skipped, _names = csv_rows(source, taxonomy, places)
    return [record for _row, record in records], errors


def csv_rows(source, taxonomy: Taxonomy,
             places=None) -> tuple[list[tuple[int, dict]], list[RecordError], list[int], dict[int, str]]:
    """(row number, HSDS record) pairs, row-level errors, the row numbers of skipped example rows,
    and every row's service name (so a report names rows, not generated ids)."""
    if hasattr(source, "read"):
        text = source.read()
        text = text.decode("utf-8-sig") if isinstance(text, bytes) else text
    elif isinstance(source, str) and "\n" in source:
        text = source
    else:
        text = Path(source).read_text(encoding="utf-8-sig")
    too_big = file_size_error(len(text))  # the limits are hsds.py's, as for every import
    if too_big:
        return [], [too_big], [], {}
    dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else ",", delimiters=",;\t")
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    missing = [c for c in ("naam", "onderwerpen", "trede") if c not in (reader.fieldnames or [])]
    if missing:
        return [], [RecordError(None, None, ", ".join(missing),
                                "kolom ontbreekt; gebruik het sjabloon data/templates/sociale-kaart-sjabloon.csv")], [], {}
    records, errors, skipped, names = [], [], [], {}
    row_number = 1
    try:
        for row_number, row in enumerate(reader, start=2):  # row 1 is the header
            names[row_number] = (row.get("naam") or "").strip()
            if is_example_row(row):
                skipped.append(row_number)
                continue
            record, row_errors = row_to_hsds(row, row_number, taxonomy, places)
            errors.extend(row_errors)
            if record:
                records.append((row_number, record))
    except csv.Error as exc:  # e.g. one field over the csv module's 128 KB: nothing of the file is imported
        return [], [RecordError(row_number + 1, None, "(rij)", f"deze rij is geen geldige CSV: {exc}")], [], names
    return records, errors, skipped, names
