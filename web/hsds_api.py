"""Open Referral HSDS 3.0 compatible read API under /hsds/ (DESIGN §5).

Other directories and tools read the social map here in the exchange format it imports. Only
active services are public.
"""

from __future__ import annotations

import datetime as dt
import math

from flask import Blueprint, jsonify, request, url_for

from socialmap import ParameterError, SearchQuery
from socialmap.places import Point, haversine_km, parse_pc4

from .errors import json_error
from .socialmap_access import get_map

bp = Blueprint("hsds", __name__, url_prefix="/hsds")
MAX_PER_PAGE = 100


class BadParameter(ValueError):
    def __init__(self, parameter: str, message: str):
        self.parameter = parameter
        super().__init__(message)


def _int_arg(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadParameter(name, f"Parameter '{name}' moet een heel getal zijn.") from None
    if not low <= value <= high:
        raise BadParameter(name, f"Parameter '{name}' moet tussen {low} en {high} liggen.")
    return value


def _iso_arg(name: str) -> str | None:
    """An ISO date or date-time, as given (compared as text with ISO dates in the data)."""
    raw = (request.args.get(name) or "").strip()
    if not raw:
        return None
    try:
        dt.datetime.fromisoformat(raw)
    except ValueError:
        raise BadParameter(name, f"Parameter '{name}' moet een datum zijn, bijv. 2026-01-31.") from None
    return raw


def _page(items: list, total: int | None = None, page: int = 1, per_page: int = 50) -> dict:
    total = len(items) if total is None else total
    pages = max(1, math.ceil(total / per_page))
    return {"total_items": total, "total_pages": pages, "page_number": page, "size": per_page,
            "first_page": page == 1, "last_page": page >= pages, "empty": not items,
            "contents": items}


def _paging() -> tuple[int, int]:
    return _int_arg("page", 1, 1, 1_000_000), _int_arg("per_page", 50, 1, MAX_PER_PAGE)


def _page_of(items: list, page: int, per_page: int) -> dict:
    """The HSDS page `page` of a complete list."""
    start = (page - 1) * per_page
    return _page(items[start:start + per_page], len(items), page, per_page)


@bp.errorhandler(BadParameter)
def _bad(exc: BadParameter):
    return json_error(400, str(exc), parameter=exc.parameter)


@bp.get("/")
def index():
    return jsonify({
        "version": "3.0",
        "profile": "https://openreferral.org/hsds",
        "openapi_url": url_for("hsds.index", _external=True) + "openapi.json",
        "name": "Wegwijs sociale kaart",
    })


def _term_matches(service: dict, term_id: str) -> bool:
    for attribute in service.get("attributes") or []:
        term = attribute.get("taxonomy_term") or {}
        if term_id in (term.get("id"), attribute.get("taxonomy_term_id"),
                       f"{term.get('taxonomy')}:{term.get('code')}", term.get("code")):
            return True
    return False


def _modified(service: dict) -> str:
    dates = [str(m.get("last_action_date") or "") for m in service.get("metadata") or []]
    return max(dates + [str(service.get("assured_date") or "")])


@bp.get("/services")
def services():
    page, per_page = _paging()
    social_map = get_map()
    search = (request.args.get("search") or "").strip()
    term_id = request.args.get("taxonomy_term_id")
    organization_id = request.args.get("organization_id")
    modified_after = _iso_arg("modified_after")
    if search and not (term_id or organization_id or modified_after):
        try:
            result = social_map.search(SearchQuery(q=search, limit=per_page, offset=(page - 1) * per_page))
        except ParameterError as exc:
            raise BadParameter("search", str(exc)) from None
        items = [social_map.get_service_hsds(hit.id) for hit in result.items]
        return jsonify(_page([i for i in items if i], result.total, page, per_page))
    services = [s.raw for s in social_map.list_services(status="active", organization_id=organization_id)]
    if search:
        found = social_map.search(SearchQuery(q=search, limit=100))
        order = {hit.id: n for n, hit in enumerate(found.items)}
        services = sorted((s for s in services if s["id"] in order), key=lambda s: order[s["id"]])
    if term_id:
        services = [s for s in services if _term_matches(s, term_id)]
    if modified_after:
        services = [s for s in services if _modified(s) > modified_after]
    return jsonify(_page_of(services, page, per_page))


@bp.get("/services/<service_id>")
def service(service_id: str):
    data = get_map().get_service_hsds(service_id)
    if data is None or data.get("status") != "active":
        return json_error(404, "Deze dienst bestaat niet of is niet openbaar.")
    return jsonify(data)


@bp.get("/organizations")
def organizations():
    page, per_page = _paging()
    items = get_map().list_organizations()
    return jsonify(_page_of(items, page, per_page))


@bp.get("/organizations/<organization_id>")
def organization(organization_id: str):
    social_map = get_map()
    match = next((o for o in social_map.list_organizations() if str(o.get("id")) == organization_id), None)
    if match is None:
        return json_error(404, "Deze organisatie bestaat niet.")
    services = [s.raw for s in social_map.list_services(status="active", organization_id=organization_id)]
    return jsonify({**match, "services": services})


@bp.get("/taxonomies")
def taxonomies():
    items = [
        {"id": "onderwerp", "name": "Onderwerpen", "description": "Hulponderwerpen van Wegwijs",
         "uri": None, "version": "1"},
        {"id": "ladder", "name": "Treden van de kanteling",
         "description": "zelf, omgeving, algemeen, maatwerk", "uri": None, "version": "1"},
    ]
    return jsonify(_page(items, per_page=len(items)))


@bp.get("/taxonomy_terms")
def taxonomy_terms():
    terms = get_map().list_taxonomy_terms()
    taxonomy_id = request.args.get("taxonomy_id")
    if taxonomy_id:
        terms = [t for t in terms if t["taxonomy"] == taxonomy_id]
    terms = [{**t, "taxonomy_id": t["taxonomy"]} for t in terms]
    return jsonify(_page(terms, per_page=max(1, len(terms))))


@bp.get("/service_at_locations")
def service_at_locations():
    page, per_page = _paging()
    social_map = get_map()
    postcode = (request.args.get("postcode") or "").strip()
    proximity = request.args.get("proximity")
    origin: Point | None = None
    pc4 = None
    if postcode:
        pc4 = parse_pc4(postcode)
        origin = social_map.places.point_of(postcode) if pc4 else None
        if origin is None:
            raise BadParameter("postcode", "Onbekende postcode; gebruik een postcode uit de regio, bijv. 5701.")
    radius = None
    if proximity not in (None, ""):
        try:
            radius = float(proximity)
        except ValueError:
            raise BadParameter("proximity", "Parameter 'proximity' moet een getal (km) zijn.") from None
        if origin is None:
            raise BadParameter("proximity", "Parameter 'proximity' werkt alleen met 'postcode'.")
    items = []
    for service in social_map.list_services(status="active"):
        for sal in service.raw.get("service_at_locations") or []:
            location = sal.get("location") or {}
            if origin is not None:
                lat, lon = location.get("latitude"), location.get("longitude")
                if radius is not None:
                    if lat is None or lon is None or haversine_km(origin, Point(lat, lon)) > radius:
                        continue
                elif not any(parse_pc4(a.get("postal_code") or "") == pc4 for a in location.get("addresses") or []):
                    continue
            summary = {k: service.raw.get(k) for k in ("id", "name", "description", "status")}
            items.append({**sal, "service": summary})
    return jsonify(_page_of(items, page, per_page))
