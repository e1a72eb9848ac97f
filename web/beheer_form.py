"""The editors' service form: HSDS service dict <-> form fields, with Dutch validation per field.

`form_values` shows what residents see as form fields; `apply_form` writes the posted fields back
onto the stored HSDS dict (fields the form does not show stay untouched) and raises one
ValidationError naming every wrong field. The result then goes through the same HSDS validation as
every import (SocialMap.upsert_service).
"""

from __future__ import annotations

import datetime as dt
import uuid

from flask_babel import gettext as _

from socialmap import ValidationError, dutch_fields
from socialmap.access_facts import (
    ACCESS_LABELS,
    ACCESS_TAXONOMY,
    LANGUAGES,
    WHEELCHAIR_NO,
    WHEELCHAIR_YES,
    access_code,
    wheelchair_access,
)
from socialmap.hsds import RecordError
from socialmap.hsds_publish import term_id
from socialmap.models import LADDER_TAXONOMY, STATUSES, TOPIC_TAXONOMY, Schedule

from .opening_hours import DAY_CODES, day_labels, is_plain_weekly

TEXT_FIELDS = ("name", "description", "eligibility_description", "application_process", "fees_description",
               "url", "email")
MULTI_FIELDS = ("onderwerpen", "gemeenten", "talen")
SPANS_PER_DAY = 2
NATIONAL = "Nederland"

def new_id() -> str:
    return str(uuid.uuid4())


def field_labels() -> dict[str, str]:
    """Every form field's label, also used to name a wrong field in an error message."""
    return {"name": _("Naam"), "description": _("Wat biedt het?"), "eligibility_description": _("Voor wie?"),
            "application_process": _("Hoe meldt iemand zich aan?"), "fees_description": _("Kosten (tekst)"),
            "url": _("Website"), "email": _("E-mailadres"), "minimum_age": _("Minimale leeftijd"),
            "maximum_age": _("Maximale leeftijd"), "status": _("Status"), "telefoons": _("Telefoonnummers"),
            "openingstijden": _("Openingstijden"), "locatie_naam": _("Naam van de plek"),
            "adres": _("Straat en huisnummer"), "postcode": _("Postcode"), "plaats": _("Plaats"),
            "rolstoel": _("Rolstoeltoegankelijk"), "toegankelijkheid": _("Toelichting toegankelijkheid"),
            "onderwerpen": _("Onderwerpen"), "trede": _("Trede van de kanteling"),
            "gemeenten": _("Gemeenten (werkgebied)"), "kosten_bedrag": _("Bedrag in euro"),
            "kosten_per": _("Waarvoor (bijvoorbeeld: per maaltijd)"), "talen": _("Talen"),
            "toegang": _("Verwijzing of indicatie nodig?"), "organisatie": _("Organisatie")}


def _first_location(data: dict) -> dict | None:
    for sal in data.get("service_at_locations") or []:
        if isinstance((sal or {}).get("location"), dict):
            return sal["location"]
    return None


def _all_schedule_lists(data: dict) -> list[list]:
    lists = [data.setdefault("schedules", [])]
    for sal in data.get("service_at_locations") or []:
        lists.append(sal.setdefault("schedules", []))
        if isinstance(sal.get("location"), dict):
            lists.append(sal["location"].setdefault("schedules", []))
    return lists


def _all_schedules(data: dict) -> list[dict]:
    found = list(data.get("schedules") or [])
    for sal in data.get("service_at_locations") or []:
        found += sal.get("schedules") or []
        found += ((sal.get("location") or {}).get("schedules") or []) if isinstance(sal.get("location"), dict) else []
    return [s for s in found if isinstance(s, dict)]


def form_values(data: dict) -> dict:
    """The stored service as form values (strings, or lists for the multi-choice fields)."""
    values: dict = {field: str(data.get(field) or "") for field in TEXT_FIELDS}
    for field in ("minimum_age", "maximum_age"):
        values[field] = "" if data.get(field) is None else f"{data[field]:g}"
    values["status"] = data.get("status", "active")
    values["organisatie"] = ((data.get("organization") or {}).get("name")) or ""
    phones = [p.get("number") for p in data.get("phones") or [] if p.get("number")]
    for sal in data.get("service_at_locations") or []:
        phones += [p.get("number") for p in sal.get("phones") or [] if p.get("number")]
        phones += [p.get("number") for p in (sal.get("location") or {}).get("phones") or [] if p.get("number")]
    values["telefoons"] = "\n".join(dict.fromkeys(phones))
    for schedule in (Schedule.from_hsds(s) for s in _all_schedules(data)):
        if not (is_plain_weekly(schedule) and schedule.opens_at and schedule.closes_at):
            continue
        for code in schedule.byday or DAY_CODES:
            for n in range(1, SPANS_PER_DAY + 1):
                if not values.get(f"open_{code}_{n}"):
                    values[f"open_{code}_{n}"], values[f"sluit_{code}_{n}"] = schedule.opens_at, schedule.closes_at
                    break
    location = _first_location(data) or {}
    address = (location.get("addresses") or [{}])[0]
    values.update(locatie_naam=location.get("name") or "", adres=address.get("address_1") or "",
                  postcode=address.get("postal_code") or "", plaats=address.get("city") or "")
    wheelchair, details = wheelchair_access(data)
    values["rolstoel"] = {True: "ja", False: "nee"}.get(wheelchair, "")
    values["toegankelijkheid"] = details or ""
    terms = [(a.get("taxonomy_term") or {}) for a in data.get("attributes") or []]
    values["onderwerpen"] = [t.get("code") for t in terms if t.get("taxonomy") == TOPIC_TAXONOMY]
    values["trede"] = next((t.get("code") for t in terms if t.get("taxonomy") == LADDER_TAXONOMY), "")
    values["gemeenten"] = [a.get("name") for a in data.get("service_areas") or [] if a.get("name")]
    cost = next(iter(data.get("cost_options") or []), None)
    values["kosten_bedrag"] = "" if not cost or cost.get("amount") is None else \
        f"{cost['amount']:.2f}".replace(".", ",").replace(",00", "")
    values["kosten_per"] = (cost or {}).get("option") or ""
    values["talen"] = [lang.get("code") for lang in data.get("languages") or [] if lang.get("code")]
    values["toegang"] = access_code(data) or ""
    return values


def posted_values(form) -> dict:
    """A posted form as the same shape form_values gives (so a refused form shows what was typed)."""
    values = {key: form.get(key, "") for key in form if key not in MULTI_FIELDS}
    for key in MULTI_FIELDS:
        values[key] = form.getlist(key)
    return values


class _Errors:
    def __init__(self, record_id: str | None):
        self.record_id = record_id
        self.items: list[RecordError] = []
        self.labels = field_labels()

    def add(self, field: str, message: str, detail: str | None = None) -> None:
        label = self.labels.get(field, field)
        self.items.append(RecordError(None, self.record_id, f"{label} ({detail})" if detail else label, message))

    def check(self, field: str, check, value: str, detail: str | None = None):
        try:
            return check(value)
        except ValueError as exc:
            self.add(field, str(exc), detail)
            return None


def apply_form(data: dict, form, places, taxonomy) -> dict:
    """Write the posted fields onto `data` (in place, also returned); raises ValidationError."""
    errors = _Errors(data.get("id"))
    get = lambda key: (form.get(key) or "").strip()  # noqa: E731
    checks = {"url": dutch_fields.url, "email": dutch_fields.email}
    for field in TEXT_FIELDS:
        value = get(field)
        if value and field in checks:
            value = errors.check(field, checks[field], value)
        if value:
            data[field] = value
        elif value is not None:
            data.pop(field, None)
    if not data.get("name"):
        errors.add("name", _("vul een naam in"))
    for field in ("minimum_age", "maximum_age"):
        value = get(field)
        if not value:
            data.pop(field, None)
        elif value.isdigit() and int(value) <= 130:
            data[field] = int(value)
        else:
            errors.add(field, _("vul een heel getal tussen 0 en 130 in"))
    status = get("status") or data.get("status")
    if status not in STATUSES:
        errors.add("status", _("kies een status uit de lijst"))
    else:
        data["status"] = status
    if not form.get("volledig"):  # a short post (name, status, ages) leaves the rest as it is
        if errors.items:
            raise ValidationError(errors.items)
        return data
    _apply_phones(data, form, errors)
    _apply_hours(data, form, errors)
    _apply_location(data, form, errors, places)
    _apply_terms(data, form, errors, taxonomy)
    _apply_areas(data, form, errors, places)
    _apply_cost(data, form, errors)
    _apply_languages(data, form)
    if errors.items:
        raise ValidationError(errors.items)
    return data


def _apply_phones(data: dict, form, errors: _Errors) -> None:
    old = {p.get("number"): p for p in data.get("phones") or []}
    numbers = []
    for line in (form.get("telefoons") or "").splitlines():
        if line.strip():
            number = errors.check("telefoons", dutch_fields.phone, line)
            if number and number not in numbers:
                numbers.append(number)
    data["phones"] = [old.get(n) or {"id": new_id(), "number": n, "type": "voice", "languages": []}
                      for n in numbers]
    for sal in data.get("service_at_locations") or []:  # one list of numbers: the one the editor sees
        sal.pop("phones", None)
        if isinstance(sal.get("location"), dict):
            sal["location"].pop("phones", None)


def _valid_time(value: str) -> bool:
    try:
        dt.time.fromisoformat(value)
        return len(value) == 5
    except ValueError:
        return False


def posted_hours(form, errors: _Errors | None = None) -> dict[str, list[tuple[str, str]]]:
    """Weekday code -> (opens, closes) pairs typed in the form; wrong pairs go to `errors`."""
    labels = day_labels()
    per_day: dict[str, list[tuple[str, str]]] = {}
    for code in DAY_CODES:
        spans = []
        for n in range(1, SPANS_PER_DAY + 1):
            opens, closes = (form.get(f"open_{code}_{n}") or "").strip(), (form.get(f"sluit_{code}_{n}") or "").strip()
            if not opens and not closes:
                continue
            if not (_valid_time(opens) and _valid_time(closes)):
                if errors:
                    errors.add("openingstijden", _("vul beide tijden in als UU:MM, bijvoorbeeld 09:00"), labels[code])
            elif opens >= closes:
                if errors:
                    errors.add("openingstijden", _("de sluitingstijd moet na de openingstijd liggen"), labels[code])
            else:
                spans.append((opens, closes))
        per_day[code] = sorted(spans)
    return per_day


def weekly_schedules(per_day: dict[str, list[tuple[str, str]]], service_id: str) -> list[dict]:
    """HSDS WEEKLY schedules, one per set of days that share the same hours."""
    groups: dict[tuple, list[str]] = {}
    for code in DAY_CODES:
        if per_day.get(code):
            groups.setdefault(tuple(per_day[code]), []).append(code)
    schedules = []
    for spans, days in groups.items():
        for opens, closes in spans:
            schedules.append({"id": new_id(), "service_id": service_id, "freq": "WEEKLY",
                              "byday": ",".join(days), "opens_at": opens, "closes_at": closes})
    return schedules


def _apply_hours(data: dict, form, errors: _Errors) -> None:
    per_day = posted_hours(form, errors)
    for schedules in _all_schedule_lists(data):  # plain weekly rules are what the form shows; others stay
        schedules[:] = [s for s in schedules if not is_plain_weekly(Schedule.from_hsds(s))]
    new = weekly_schedules(per_day, data["id"])
    sals = data.get("service_at_locations") or []
    (sals[0]["schedules"] if sals else data["schedules"]).extend(new)


def _apply_location(data: dict, form, errors: _Errors, places) -> None:
    get = lambda key: (form.get(key) or "").strip()  # noqa: E731
    street, code, city, name = get("adres"), get("postcode"), get("plaats"), get("locatie_naam")
    wheelchair, details = get("rolstoel"), get("toegankelijkheid")
    location = _first_location(data)
    if not (street or code or city):
        if location is not None:
            location["addresses"] = []
            location.pop("latitude", None)
            location.pop("longitude", None)
        if wheelchair and location is None:
            errors.add("rolstoel", _("vul eerst het adres in: toegankelijkheid hoort bij een plek"))
            return
    else:
        if code:
            code = errors.check("postcode", dutch_fields.postcode, code)
        else:
            errors.add("postcode", _("vul de postcode in"))
        if not street:
            errors.add("adres", _("vul straat en huisnummer in"))
        if not city:
            errors.add("plaats", _("vul de plaats in"))
        if not (code and street and city):
            return
        if location is None:
            location = {"id": new_id(), "location_type": "physical", "addresses": []}
            data.setdefault("service_at_locations", []).insert(0, {
                "id": new_id(), "service_id": data["id"], "location_id": location["id"], "location": location})
        old = (location.get("addresses") or [{}])[0]
        if old.get("postal_code") != code or location.get("latitude") is None:
            entry = places.postcodes.get(code[:4])
            if entry:
                location["latitude"], location["longitude"] = entry[0], entry[1]
            else:  # outside the region's postcode table: no coordinates rather than wrong ones
                location.pop("latitude", None)
                location.pop("longitude", None)
        location["addresses"] = [{
            "id": old.get("id") or new_id(), "location_id": location["id"], "address_1": street, "city": city,
            "region": old.get("region") or "", "state_province": old.get("state_province") or "",
            "postal_code": code, "country": old.get("country") or "NL", "address_type": "physical"}]
    if location is None:
        return
    location["name"] = name or location.get("name") or (data.get("organization") or {}).get("name") or data["name"]
    kept = [e for e in location.get("accessibility") or []
            if (e or {}).get("description") not in (WHEELCHAIR_YES, WHEELCHAIR_NO)]
    if wheelchair in ("ja", "nee"):
        entry = {"id": new_id(), "location_id": location["id"],
                 "description": WHEELCHAIR_YES if wheelchair == "ja" else WHEELCHAIR_NO}
        if details:
            entry["details"] = details
        kept.append(entry)
    location["accessibility"] = kept


def _term(taxonomy_name: str, code: str, label: str, description: str, service_id: str) -> dict:
    return {"id": new_id(), "link_id": service_id, "link_type": "service", "link_entity": "service",
            "taxonomy_term_id": term_id(taxonomy_name, code),
            "taxonomy_term": {"id": term_id(taxonomy_name, code), "code": code, "name": label,
                              "taxonomy": taxonomy_name, "description": description or label}}


def _apply_terms(data: dict, form, errors: _Errors, taxonomy) -> None:
    topics = [slug for slug in form.getlist("onderwerpen") if slug]
    step = (form.get("trede") or "").strip()
    access = (form.get("toegang") or "").strip()
    if not topics:
        errors.add("onderwerpen", _("kies minstens één onderwerp"))
    if any(taxonomy.topic(slug) is None for slug in topics):
        errors.add("onderwerpen", _("kies onderwerpen uit de lijst"))
    if taxonomy.step(step) is None:
        errors.add("trede", _("kies de trede van de kanteling"))
    if access and access not in ACCESS_LABELS:
        errors.add("toegang", _("kies een waarde uit de lijst"))
    if errors.items and any(e.field in (errors.labels["onderwerpen"], errors.labels["trede"]) for e in errors.items):
        return
    old = {((a.get("taxonomy_term") or {}).get("taxonomy"), (a.get("taxonomy_term") or {}).get("code")): a
           for a in data.get("attributes") or []}
    managed = (TOPIC_TAXONOMY, LADDER_TAXONOMY, ACCESS_TAXONOMY)
    attributes = [a for a in data.get("attributes") or []
                  if (a.get("taxonomy_term") or {}).get("taxonomy") not in managed]
    for slug in dict.fromkeys(topics):
        topic = taxonomy.topic(slug)
        attributes.append(old.get((TOPIC_TAXONOMY, slug))
                          or _term(TOPIC_TAXONOMY, slug, topic.label, topic.description, data["id"]))
    ladder = taxonomy.step(step)
    attributes.append(old.get((LADDER_TAXONOMY, step))
                      or _term(LADDER_TAXONOMY, step, ladder.label, ladder.description, data["id"]))
    if access:
        attributes.append(old.get((ACCESS_TAXONOMY, access))
                          or _term(ACCESS_TAXONOMY, access, ACCESS_LABELS[access], ACCESS_LABELS[access], data["id"]))
    data["attributes"] = attributes


def _apply_areas(data: dict, form, errors: _Errors, places) -> None:
    names = [n for n in form.getlist("gemeenten") if n]
    allowed = set(places.municipality_names()) | {NATIONAL}
    if not names:
        errors.add("gemeenten", _("kies een gemeente, of 'Nederland' voor een landelijke dienst"))
        return
    if any(n not in allowed for n in names):
        errors.add("gemeenten", _("kies gemeenten uit de lijst"))
        return
    old = {a.get("name"): a for a in data.get("service_areas") or []}
    data["service_areas"] = [old.get(n) or {"id": new_id(), "service_id": data["id"], "name": n,
                                            "description": "Heel Nederland" if n == NATIONAL else f"Gemeente {n}"}
                             for n in dict.fromkeys(names)]


def _apply_cost(data: dict, form, errors: _Errors) -> None:
    amount_text = (form.get("kosten_bedrag") or "").replace("€", "").strip()
    option = (form.get("kosten_per") or "").strip()
    if not amount_text:
        if option:
            errors.add("kosten_bedrag", _("vul ook het bedrag in (0 als het gratis is)"))
        data.pop("cost_options", None)
        return
    try:
        amount = float(amount_text.replace(".", "").replace(",", ".") if "," in amount_text else amount_text)
    except ValueError:
        errors.add("kosten_bedrag", _("vul een bedrag in, bijvoorbeeld 7,50 of 0"))
        return
    if amount < 0:
        errors.add("kosten_bedrag", _("een bedrag kan niet negatief zijn"))
        return
    option = option or ("gratis" if amount == 0 else "")
    old = next(iter(data.get("cost_options") or []), {})
    cost = {"id": old.get("id") or new_id(), "service_id": data["id"], "amount": amount, "currency": "EUR"}
    if option:
        cost.update(option=option, amount_description=option)
    data["cost_options"] = [cost]


def _apply_languages(data: dict, form) -> None:
    known = dict(LANGUAGES)
    old = {lang.get("code"): lang for lang in data.get("languages") or []}
    codes = [c for c in form.getlist("talen") if c in known or c in old]
    data["languages"] = [old.get(c) or {"id": new_id(), "name": known[c], "code": c} for c in dict.fromkeys(codes)]
