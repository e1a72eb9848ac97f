"""The social map site for residents and professionals (/kaart).

Datasette's twin: one function builds a page's data dict; the HTML view renders it and the
``.json`` route returns the very same dict, so page and API cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, jsonify, render_template, request
from flask_babel import format_date
from flask_babel import gettext as _

from socialmap import ParameterError, SearchQuery
from socialmap.models import Service

from .kaart_extras import enrich_items, resident_facts
from .opening_hours import other_rules, week_table
from .socialmap_access import get_map

bp = Blueprint("kaart", __name__, url_prefix="/kaart")

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
SEARCH_FIELDS = ("q", "municipality", "topic", "ladder", "free", "age", "near", "radius_km")
PAGE_SIZE = 20
MAX_OVERVIEW = 100


def dutch_date(value: dt.date | None) -> str | None:
    """'3 maart 2026' — how residents read a date (in the UI language: '3 March 2026' in English)."""
    if value is None:
        return None
    return format_date(value, "d MMMM y")


def opening_hours(service: Service) -> list[dict]:
    """Per weekday, the opening times of the service and its locations (web.opening_hours)."""
    return week_table(service.all_schedules)


def service_card(service: Service) -> dict:
    """The short form used in lists and on the printable overview."""
    taxonomy = get_map().taxonomy
    return {
        "id": service.id,
        "name": service.name,
        "description": service.description,
        "organization": service.organization.name if service.organization else None,
        "topics": [{"slug": slug, "label": (taxonomy.topic(slug).label if taxonomy.topic(slug) else slug)}
                   for slug in service.topics],
        "ladder": service.ladder,
        "municipalities": sorted(set(service.area_names)),
        "cost": service.cost_summary(),
        "phones": [p.number for p in service.all_phones],
        "email": service.email,
        "url": service.url,
    }


def service_page_data(service_id: str) -> dict | None:
    """Everything the detail page shows; None when the service is unknown or not public."""
    service = get_map().get_service(service_id)
    if service is None or not service.is_active:
        return None
    data = service_card(service)
    places = []
    for location in service.locations:
        address = location.addresses[0] if location.addresses else None
        place = {
            "name": location.name,
            "address": address.address_1 if address else None,
            "postal_code": address.postal_code if address else None,
            "city": address.city if address else None,
            "latitude": location.latitude,
            "longitude": location.longitude,
            "map_url": None,
        }
        if location.latitude is not None and location.longitude is not None:
            place["map_url"] = (f"https://www.openstreetmap.org/?mlat={location.latitude:.5f}"
                                f"&mlon={location.longitude:.5f}#map=16/{location.latitude:.5f}/"
                                f"{location.longitude:.5f}")
        places.append(place)
    data.update(
        eligibility=service.eligibility_description,
        application_process=service.application_process,
        minimum_age=service.minimum_age,
        maximum_age=service.maximum_age,
        fees_description=service.fees_description,
        is_free=service.is_free,
        is_national=service.is_national,
        opening_hours=opening_hours(service),
        other_hours=other_rules(service.all_schedules),
        locations=places,
        assured_date=service.assured_date.isoformat() if service.assured_date else None,
        assured_date_text=dutch_date(service.assured_date),
    )
    data.update(resident_facts(service))
    return data


def search_page_data(args) -> dict:
    """Browse (no search yet) or search with the design §5 filters; raises ParameterError."""
    social_map = get_map()
    params = {name: args.get(name, "") for name in SEARCH_FIELDS if args.get(name, "").strip()}
    if args.get("open_now"):
        params["open_at"] = dt.datetime.now(AMSTERDAM).replace(tzinfo=None).isoformat(timespec="minutes")
    try:
        page = max(1, int(args.get("page", "1")))
    except ValueError:
        raise ParameterError("page", _("paginanummer moet een heel getal zijn")) from None
    data: dict = {
        "filters": {**{name: args.get(name, "") for name in SEARCH_FIELDS},
                    "open_now": bool(args.get("open_now"))},
        "domains": [{"slug": d.slug, "label": d.label,
                     "topics": [{"slug": t.slug, "label": t.label} for t in d.topics]}
                    for d in social_map.taxonomy.domains],
        "ladder": [{"slug": s.slug, "label": s.label} for s in social_map.taxonomy.ladder],
        "municipalities": social_map.places.municipality_names(),
        "searched": bool(params),
        "total": 0,
        "items": [],
        "page": page,
        "pages": 0,
        "crisis": None,
        "without_filters": None,
    }
    if params:
        query = SearchQuery.from_params({**params, "limit": str(PAGE_SIZE),
                                         "offset": str((page - 1) * PAGE_SIZE)})
        result = social_map.search(query)
        data.update(total=result.total, items=[hit.to_dict() for hit in result.items],
                    detected_place=result.detected_place,
                    crisis=result.crisis.to_dict() if result.crisis is not None else None,
                    without_filters=relaxed_offer(result.to_dict().get("without_filters")),
                    pages=(result.total + PAGE_SIZE - 1) // PAGE_SIZE)
    return data


def relaxed_offer(relaxed: dict | None) -> dict | None:
    """The search's 'without_filters' answer, with the dropped filters named for residents."""
    if not relaxed:
        return None
    labels = {"free": _("alleen gratis"), "municipality": _("gemeente"), "age": _("leeftijd"),
              "ladder": _("trede"), "topic": _("onderwerp"), "open_at": _("nu open"),
              "near": _("postcode"), "radius_km": _("afstand")}
    names = [name for name in relaxed["dropped"] if name != "radius_km" or "near" not in relaxed["dropped"]]
    return {**relaxed, "dropped_labels": [labels.get(name, name) for name in names]}


def overview_data(ids_text: str) -> dict:
    """The paper social map: the chosen public services in the order given."""
    ids = [part.strip() for part in ids_text.split(",") if part.strip()][:MAX_OVERVIEW]
    services = []
    for service_id in dict.fromkeys(ids):
        page = service_page_data(service_id)
        if page is not None:
            services.append(page)
    return {"services": services, "missing": len(dict.fromkeys(ids)) - len(services),
            "printed_on": dutch_date(dt.datetime.now(AMSTERDAM).date())}


@bp.get("/")
@bp.get("/index.json", endpoint="index_json")
def index():
    try:
        data = search_page_data(request.args)
    except ParameterError as exc:
        if request.path.endswith(".json"):
            return jsonify({"error": str(exc), "parameter": exc.parameter}), 400
        return render_template("kaart/index.html", error=str(exc), data=search_page_data({})), 400
    enrich_items(data["items"])  # stale hint, accessibility, languages, referral, map points
    if request.path.endswith(".json"):
        return jsonify(data)
    return render_template("kaart/index.html", data=data, error=None)


@bp.get("/dienst/<service_id>")
def service(service_id: str):
    as_json = service_id.endswith(".json")
    data = service_page_data(service_id[:-5] if as_json else service_id)
    if data is None:
        if as_json:
            return jsonify({"error": _("Deze dienst bestaat niet of is niet actief.")}), 404
        abort(404)
    if as_json:
        return jsonify(data)
    return render_template("kaart/dienst.html", service=data)


@bp.get("/overzicht")
@bp.get("/overzicht.json", endpoint="overview_json")
def overview():
    data = overview_data(",".join(request.args.getlist("ids")))  # ?ids=a,b or ticked boxes ?ids=a&ids=b
    if request.path.endswith(".json"):
        return jsonify(data)
    return render_template("kaart/overzicht.html", data=data)


from . import kaart_map  # noqa: E402,F401  (the map view's routes and settings live there)
