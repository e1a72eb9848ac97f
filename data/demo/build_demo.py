"""Build the fictional demo social map of the Peelregio as HSDS 3.0 JSON from the YAML beside it.

The data lives in ``municipalities.yaml``, ``schedules.yaml``, ``local_services.yaml`` and
``national_services.yaml``; topic and ladder labels come from ``data/taxonomy.yaml``. This script
only turns them into HSDS records. Deterministic: ids are uuid5 of stable keys, dates are relative
to a fixed reference date, so a rebuild gives the same file. Run: ``.venv/bin/python
data/demo/build_demo.py``. All local organisations, addresses and phone numbers are fictional; the
national helplines are real and keep their real numbers.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
import uuid
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
OUT = HERE / "sociale-kaart-peel.json"
NS = uuid.UUID("6f1c1f0e-2b7a-4c55-9a57-1f0b8a3c9d21")
REFERENCE = dt.date(2026, 11, 1)
DEMO_NOTE = "Fictieve demo-gegevens."


def _load(name: str):
    return yaml.safe_load((HERE / name).read_text(encoding="utf-8"))


MUNICIPALITIES: dict = _load("municipalities.yaml")
SCHEDULES: dict = _load("schedules.yaml")
LOCAL: list[dict] = _load("local_services.yaml")
NATIONAL: list[dict] = _load("national_services.yaml")
_TAXONOMY = yaml.safe_load((HERE.parent / "taxonomy.yaml").read_text(encoding="utf-8"))
TOPIC_NAMES = {t["slug"]: t["label"] for d in _TAXONOMY["domains"] for t in d["topics"]}
LADDER_NAMES = {t["slug"]: t["label"] for t in _TAXONOMY["ladder"]}


def uid(*parts: str) -> str:
    return str(uuid.uuid5(NS, "/".join(parts)))


def attribute(service_id: str, taxonomy: str, code: str, label: str) -> dict:
    return {
        "id": uid("attr", service_id, taxonomy, code),
        "link_id": service_id,
        "link_type": "service",
        "link_entity": "service",
        "taxonomy_term_id": uid("term", taxonomy, code),
        "taxonomy_term": {
            "id": uid("term", taxonomy, code),
            "code": code,
            "name": label,
            "taxonomy": taxonomy,
            "description": label,
        },
    }


def schedules(kind: str, owner_key: str, service_id: str) -> list[dict]:
    return [
        {
            "id": uid("schedule", owner_key, str(i)),
            "service_id": service_id,
            "freq": "WEEKLY",
            "byday": byday,
            "opens_at": opens,
            "closes_at": closes,
            "timezone": 1.0,
            "description": "Dag en nacht bereikbaar" if kind == "altijd" else None,
        }
        for i, (byday, opens, closes) in enumerate(SCHEDULES[kind])
    ]


def phone(owner_key: str, number: str, description: str | None = None) -> dict:
    return {"id": uid("phone", owner_key, number), "number": number, "type": "voice",
            "description": description, "languages": []}


def assured(key: str) -> str:
    """Mostly verified within the last year; about one in ten is stale."""
    n = uuid.uuid5(NS, "assured/" + key).int
    days = 400 + n % 300 if n % 10 == 0 else n % 330
    return (REFERENCE - dt.timedelta(days=days)).isoformat()


def status_of(key: str) -> str:
    n = uuid.uuid5(NS, "status/" + key).int % 40
    return {0: "inactive", 1: "temporarily closed"}.get(n, "active")


def languages(key: str) -> list[dict]:
    langs = [("Nederlands", "nl")]
    n = uuid.uuid5(NS, "lang/" + key).int % 7
    extra = {0: ("Engels", "en"), 1: ("Arabisch", "ar"), 2: ("Turks", "tr"), 3: ("Pools", "pl")}.get(n)
    if extra:
        langs.append(extra)
    return [{"id": uid("lang", key, code), "name": name, "code": code} for name, code in langs]


def organization(name: str, municipality: str | None, key: str) -> dict:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()  # café -> cafe
    slug = "".join(c for c in ascii_name.lower().replace(" ", "-") if c.isalnum() or c == "-")
    area = MUNICIPALITIES[municipality]["area"] if municipality else "0492"
    return {
        "id": uid("org", name),
        "name": name,
        "description": f"{name}. {DEMO_NOTE}",
        "email": f"info@{slug[:40]}.example.nl",
        "website": f"https://{slug[:40]}.example.nl",
        "phones": [phone("org/" + name, f"{area}-{500000 + uuid.uuid5(NS, name).int % 400000}")],
    }


def local_services() -> list[dict]:
    services = []
    for template in LOCAL:
        for index, municipality in enumerate(template["munis"]):
            info = MUNICIPALITIES[municipality]
            place_name, pc4, lat, lon = info["places"][
                (index + len(template["key"])) % len(info["places"])
            ]
            if "{p}" not in template["name"]:
                place_name, pc4, lat, lon = info["places"][0]
            key = f"{template['key']}/{municipality}"
            service_id = uid("service", key)
            fmt = {"m": municipality, "p": place_name}
            name = template["name"].format(**fmt)
            org = organization(template["org"].format(**fmt), municipality, key)
            street = info["streets"][(len(key) + index) % len(info["streets"])]
            number = 1 + uuid.uuid5(NS, key).int % 120
            jitter = ((uuid.uuid5(NS, "geo/" + key).int % 200) - 100) / 40000
            amount, option = template["cost"]
            minimum, maximum = template.get("ages", (None, None))
            location_id = uid("location", key)
            services.append({
                "id": service_id,
                "name": name,
                "description": template["desc"].format(**fmt),
                "url": f"https://{template['key'].replace('ö', 'o')}-{municipality.lower()}.example.nl",
                "email": f"{template['key'].replace('ö', 'o')}@{municipality.lower()}.example.nl",
                "status": status_of(key),
                "eligibility_description": template.get("elig", "").format(**fmt) or None,
                "minimum_age": minimum,
                "maximum_age": maximum,
                "assured_date": assured(key),
                "fees_description": option if amount == 0 else f"€ {amount:.2f} {option}".replace(".", ","),
                "organization": org,
                "phones": [phone(key, f"{info['area']}-{300000 + uuid.uuid5(NS, key).int % 600000}")],
                "schedules": [],
                "cost_options": [{"id": uid("cost", key), "service_id": service_id, "amount": amount,
                                  "currency": "EUR", "option": option, "amount_description": option}],
                "service_areas": [{"id": uid("area", key), "service_id": service_id,
                                   "name": municipality, "description": f"Gemeente {municipality}"}],
                "languages": languages(key),
                "attributes": [attribute(service_id, "onderwerp", t, TOPIC_NAMES[t]) for t in template["topics"]]
                + [attribute(service_id, "ladder", template["ladder"], LADDER_NAMES[template["ladder"]])],
                "service_at_locations": [{
                    "id": uid("sal", key),
                    "service_id": service_id,
                    "location_id": location_id,
                    "schedules": schedules(template["sched"], key, service_id),
                    "location": {
                        "id": location_id,
                        "location_type": "physical",
                        "name": f"{org['name']} {place_name}" if place_name not in org["name"] else org["name"],
                        "latitude": round(lat + jitter, 5),
                        "longitude": round(lon - jitter, 5),
                        "addresses": [{
                            "id": uid("address", key),
                            "location_id": location_id,
                            "address_1": f"{street} {number}",
                            "city": place_name if place_name not in ("Binnenstad", "Brouwhuis", "Mierlo-Hout", "Stiphout", "Rijpelberg", "Brandevoort") else municipality,
                            "region": "Noord-Brabant",
                            "state_province": "Noord-Brabant",
                            "postal_code": f"{pc4} {'ABCDEFGHJKLMNPRSTVWXZ'[number % 21]}{'ABCDEFGHJKLMNPRSTVWXZ'[(number * 7) % 21]}",
                            "country": "NL",
                            "address_type": "physical",
                        }],
                    },
                }],
            })
    return services


def national_services() -> list[dict]:
    services = []
    for template in NATIONAL:
        key = "nl/" + template["key"]
        service_id = uid("service", key)
        phones = [phone(key, template["phone"])]
        if template.get("extra_phone"):
            phones.append(phone(key, template["extra_phone"], "Kort nummer"))
        minimum, maximum = template.get("ages", (None, None))
        services.append({
            "id": service_id,
            "name": template["name"],
            "description": template["desc"],
            "url": template["url"],
            "status": template.get("status", "active"),
            "minimum_age": minimum,
            "maximum_age": maximum,
            "assured_date": (REFERENCE - dt.timedelta(days=20 + len(key))).isoformat(),
            "fees_description": "Gratis",
            "organization": {"id": uid("org", template["org"]), "name": template["org"],
                             "description": f"Landelijke organisatie. {DEMO_NOTE}",
                             "website": template["url"], "phones": []},
            "phones": phones,
            "schedules": schedules(template["sched"], key, service_id),
            "cost_options": [{"id": uid("cost", key), "service_id": service_id, "amount": 0,
                              "currency": "EUR", "option": "gratis", "amount_description": "gratis"}],
            "service_areas": [{"id": uid("area", key), "service_id": service_id, "name": "Nederland",
                               "description": "Landelijk"}],
            "languages": languages(key),
            "attributes": [attribute(service_id, "onderwerp", t, TOPIC_NAMES[t]) for t in template["topics"]]
            + [attribute(service_id, "ladder", template["ladder"], LADDER_NAMES[template["ladder"]])],
            "service_at_locations": [],
        })
    return services


def drop_nulls(value):
    if isinstance(value, dict):
        return {k: drop_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [drop_nulls(v) for v in value]
    return value


def build() -> list[dict]:
    return [drop_nulls(s) for s in local_services() + national_services()]


if __name__ == "__main__":
    services = build()
    OUT.write_text(json.dumps(services, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(services)} services to {OUT}")
