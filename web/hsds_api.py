"""Open Referral HSDS 3.0 read API under /hsds/ (design §5), as the official OpenAPI describes it.

Every endpoint and parameter of HSDS 3.0's `schema/openapi.json`, with its semantics: filters
combine as AND, `proximity` is in metres, `size` counts the items on the page, `format=ndjson`
streams everything without paging, `minimal` / `full` choose the shape. Unknown parameters are a
400. The Dutch Wmo profile (topic and ladder taxonomies, municipal service areas, the UK profile's
age and opening-time filters) is documented at `/hsds/profiel`. Only active services are public;
the read API may be used from any site (CORS `*`).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable

from flask import Blueprint, Response, jsonify, render_template, url_for

from socialmap import ParameterError, SearchQuery
from socialmap import hsds_publish as publish
from socialmap.places import Point, haversine_km, parse_pc4

from .api_params import Param, declare
from .errors import json_error
from .openapi import document
from .socialmap_access import get_map

bp = Blueprint("hsds", __name__, url_prefix="/hsds")
MAX_PER_PAGE = 1000
SEARCH_BATCH = 100  # the engine's largest page

SEARCH = Param("search", "string", "Zoeken in de tekst (dezelfde Nederlandse zoekmachine als de sociale kaart).")
PAGE = Param("page", "integer", "Paginanummer, vanaf 1.", default=1, minimum=1, maximum=1_000_000)
PER_PAGE = Param("per_page", "integer", "Aantal resultaten per pagina.", default=50, minimum=1, maximum=MAX_PER_PAGE)
FORMAT = Param("format", "enum", "json (standaard) of ndjson: alle resultaten als stroom, zonder pagina's.",
               default="json", choices=("json", "ndjson"))
TERM = Param("taxonomy_term_id", "string", "Alleen diensten met deze term (UUID uit /taxonomy_terms).")
TAXONOMY = Param("taxonomy_id", "string", "Alleen diensten met een term uit deze taxonomie (UUID of naam).")
ORGANIZATION = Param("organization_id", "string", "Alleen diensten van deze organisatie.")
MODIFIED_AFTER = Param("modified_after", "date-time", "Alleen wat op of na dit moment is gewijzigd.")
MINIMAL = Param("minimal", "boolean", "Alleen id en modified_date van elke dienst.", default=False)
FULL = Param("full", "boolean", "Volledig geneste records.", default=False)
FULL_SERVICE = Param("full_service", "boolean", "Organisatie met volledig geneste diensten.", default=False)
POSTCODE = Param("postcode", "string", "Postcode (PC4 of PC6): alleen locaties van diensten die dit gebied bedienen.")
PROXIMITY = Param("proximity", "number", "Afstand in meters tot het midden van de postcode.", minimum=1, maximum=500_000)
MIN_AGE = Param("minimum_age", "integer", "Profiel: alleen diensten voor iemand van minstens deze leeftijd.", minimum=0, maximum=130)
MAX_AGE = Param("maximum_age", "integer", "Profiel: alleen diensten voor iemand van hoogstens deze leeftijd.", minimum=0, maximum=130)
DAY = Param("day", "enum", "Profiel: open op deze dag.", choices=("mo", "tu", "we", "th", "fr", "sa", "su"))
START = Param("start_time", "time", "Profiel: open vanaf deze tijd (met day).")
END = Param("end_time", "time", "Profiel: open tot deze tijd (met day).")
TOP_ONLY = Param("top_only", "boolean", "Alleen termen zonder bovenliggende term.", default=False)
PARENT = Param("parent_id", "string", "Alleen termen onder deze term.")

SERVICE_FILTERS = (SEARCH, TERM, TAXONOMY, ORGANIZATION, MODIFIED_AFTER, MIN_AGE, MAX_AGE, DAY, START, END)


@bp.errorhandler(ParameterError)
def _bad(exc: ParameterError):
    return json_error(400, str(exc), parameter=exc.parameter)


@bp.after_request
def _cors(response: Response) -> Response:
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def profile_uri() -> str:
    return url_for("hsds.profile", _external=True)


# -- paging -------------------------------------------------------------------------------

def _paged(items: list, args: dict) -> Response:
    """The HSDS page `args['page']` of a complete list, or all of it as NDJSON."""
    if args.get("format") == "ndjson":
        body = "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items)
        return Response(body, mimetype="application/x-ndjson")
    page, per_page = args["page"], args["per_page"]
    total = len(items)
    pages = max(1, math.ceil(total / per_page))
    contents = items[(page - 1) * per_page: page * per_page]
    return jsonify({"total_items": total, "total_pages": pages, "page_number": page,
                    "size": len(contents), "first_page": page == 1, "last_page": page >= pages,
                    "empty": not contents, "contents": contents})


# -- filters ------------------------------------------------------------------------------

def _search_order(text: str) -> dict[str, int]:
    """Every service the engine finds for `text`, with its rank."""
    social_map = get_map()
    order: dict[str, int] = {}
    offset = 0
    while True:
        try:
            result = social_map.search(SearchQuery(q=text, limit=SEARCH_BATCH, offset=offset))
        except ParameterError as exc:
            raise ParameterError("search", str(exc)) from None
        for hit in result.items:
            order.setdefault(hit.id, len(order))
        offset += SEARCH_BATCH
        if not result.items or offset >= result.total:
            return order


def _open_during(service: dict, day: str, start: str | None, end: str | None) -> bool:
    schedules = list(service.get("schedules") or [])
    for sal in service.get("service_at_locations") or []:
        schedules += sal.get("schedules") or []
    for schedule in schedules:
        days = [d.strip().upper()[-2:] for d in str(schedule.get("byday") or "").split(",") if d.strip()]
        if day.upper() not in days:
            continue
        opens, closes = str(schedule.get("opens_at") or "00:00")[:5], str(schedule.get("closes_at") or "23:59")[:5]
        if (start is None or opens <= start) and (end is None or end <= closes) and \
                (start is None or start < closes) and (end is None or opens < end):
            return True
    return False


def _age_fits(service: dict, low: int | None, high: int | None) -> bool:
    """The ages asked for fall within the ages the service serves."""
    minimum, maximum = service.get("minimum_age"), service.get("maximum_age")
    if low is not None and maximum is not None and low > maximum:
        return False
    return not (high is not None and minimum is not None and high < minimum)


def _service_filter(args: dict) -> Callable[[dict], bool]:
    """All given filters, combined as AND (HSDS 3.0: a MUST)."""
    checks: list[Callable[[dict], bool]] = []
    if args.get("taxonomy_term_id"):
        checks.append(lambda s: args["taxonomy_term_id"] in publish.term_keys(s))
    if args.get("taxonomy_id"):
        name = publish.resolve_taxonomy(args["taxonomy_id"]) or args["taxonomy_id"]
        checks.append(lambda s: name in publish.taxonomy_names(s))
    if args.get("organization_id"):
        checks.append(lambda s: str((s.get("organization") or {}).get("id") or s.get("organization_id")) == args["organization_id"])
    if args.get("modified_after"):
        checks.append(lambda s: publish.modified_date(s) >= args["modified_after"])
    if args.get("minimum_age") is not None or args.get("maximum_age") is not None:
        checks.append(lambda s: _age_fits(s, args.get("minimum_age"), args.get("maximum_age")))
    if args.get("day"):
        checks.append(lambda s: _open_during(s, args["day"], args.get("start_time"), args.get("end_time")))
    elif args.get("start_time") or args.get("end_time"):
        raise ParameterError("day", "start_time en end_time werken alleen samen met day")
    return lambda service: all(check(service) for check in checks)


def _matching_services(args: dict) -> list[dict]:
    services = [s.raw for s in get_map().list_services(status="active")]
    keep = _service_filter(args)
    services = [s for s in services if keep(s)]
    if args.get("search"):
        order = _search_order(args["search"])
        services = sorted((s for s in services if s["id"] in order), key=lambda s: order[s["id"]])
    return services


# -- endpoints ----------------------------------------------------------------------------

@bp.get("/")
@declare("/hsds/", "Over deze API en haar HSDS-profiel", response="ApiInfo")
def index(args: dict):
    return jsonify({
        "version": "3.0",
        "profile": profile_uri(),
        "openapi_url": url_for("hsds.openapi", _external=True),
        "name": "Wegwijs sociale kaart",
    })


@bp.get("/profiel")
def profile():
    """The Dutch Wmo profile that `profile` in `/hsds/` points at."""
    social_map = get_map()
    return render_template("hsds_profiel.html", taxonomy=social_map.taxonomy,
                           municipalities=social_map.places.municipalities,
                           term_id=publish.term_id, taxonomy_id=publish.taxonomy_id)


@bp.get("/openapi.json")
def openapi():
    return jsonify(document())


@bp.get("/services")
@declare("/hsds/services", "Diensten, met filters die samen gelden (EN)", SEARCH, PAGE, PER_PAGE,
         FORMAT, TERM, TAXONOMY, ORGANIZATION, MODIFIED_AFTER, MINIMAL, FULL, MIN_AGE, MAX_AGE, DAY,
         START, END, response="ServiceList", paged=True)
def services(args: dict):
    services = _matching_services(args)
    if args["minimal"]:
        items = [{"id": s["id"], "modified_date": publish.modified_date(s)} for s in services]
    elif args["full"]:
        items = [publish.with_canonical_terms(s) for s in services]
    else:
        items = [publish.service_list_item(s) for s in services]
    return _paged(items, args)


@bp.get("/services/<service_id>")
@declare("/hsds/services/<service_id>", "Eén dienst, volledig genest", response="Service", not_found=True)
def service(service_id: str, args: dict):
    data = get_map().get_service_hsds(service_id)
    if data is None or data.get("status") != "active":
        return json_error(404, "Deze dienst bestaat niet of is niet openbaar.")
    return jsonify(publish.with_canonical_terms(data))


def _organizations(search: str | None) -> list[dict]:
    items = get_map().list_organizations()
    if search:
        items = [o for o in items if publish.text_matches(search, o.get("name"), o.get("description"))]
    return items


def _services_of(organization_id: str) -> Iterable[dict]:
    return (s.raw for s in get_map().list_services(status="active", organization_id=organization_id))


@bp.get("/organizations")
@declare("/hsds/organizations", "Organisaties", SEARCH, FULL_SERVICE, FULL, PAGE, PER_PAGE, FORMAT,
         response="OrganizationList", paged=True)
def organizations(args: dict):
    items = []
    for organization in _organizations(args.get("search")):
        if args["full_service"] or args["full"]:
            shape = publish.with_canonical_terms if args["full_service"] else publish.service_list_item
            items.append({**organization, "services": [shape(s) for s in _services_of(organization["id"])]})
        else:
            items.append(publish.organization_list_item(organization))
    return _paged(items, args)


@bp.get("/organizations/<organization_id>")
@declare("/hsds/organizations/<organization_id>", "Eén organisatie met haar diensten", FULL_SERVICE,
         response="Organization", not_found=True)
def organization(organization_id: str, args: dict):
    match = next((o for o in get_map().list_organizations() if str(o.get("id")) == organization_id), None)
    if match is None:
        return json_error(404, "Deze organisatie bestaat niet.")
    shape = publish.with_canonical_terms if args["full_service"] else publish.service_list_item
    return jsonify({**match, "services": [shape(s) for s in _services_of(organization_id)]})


@bp.get("/taxonomies")
@declare("/hsds/taxonomies", "Taxonomieën: onderwerpen en treden", SEARCH, PAGE, PER_PAGE, FORMAT,
         response="TaxonomyList", paged=True)
def taxonomies(args: dict):
    items = publish.taxonomies(profile_uri())
    if args.get("search"):
        items = [t for t in items if publish.text_matches(args["search"], t["name"], t["description"])]
    return _paged(items, args)


@bp.get("/taxonomies/<taxonomy_id>")
@declare("/hsds/taxonomies/<taxonomy_id>", "Eén taxonomie", response="Taxonomy", not_found=True)
def taxonomy(taxonomy_id: str, args: dict):
    name = publish.resolve_taxonomy(taxonomy_id)
    match = next((t for t in publish.taxonomies(profile_uri()) if name and t["id"] == publish.taxonomy_id(name)), None)
    if match is None:
        return json_error(404, "Deze taxonomie bestaat niet.")
    return jsonify(match)


@bp.get("/taxonomy_terms")
@declare("/hsds/taxonomy_terms", "Termen van de taxonomieën", SEARCH, PAGE, PER_PAGE, FORMAT,
         TAXONOMY, TOP_ONLY, PARENT, response="TaxonomyTermList", paged=True)
def taxonomy_terms(args: dict):
    terms = publish.taxonomy_terms(get_map().taxonomy, profile_uri())
    if args.get("taxonomy_id"):
        name = publish.resolve_taxonomy(args["taxonomy_id"])
        terms = [t for t in terms if t["taxonomy"] == name]
    if args["top_only"]:
        terms = [t for t in terms if "parent_id" not in t]
    if args.get("parent_id"):
        terms = [t for t in terms if t.get("parent_id") == args["parent_id"]]
    if args.get("search"):
        terms = [t for t in terms if publish.text_matches(args["search"], t["name"], t["code"], t["description"])]
    return _paged(terms, args)


@bp.get("/taxonomy_terms/<term_id>")
@declare("/hsds/taxonomy_terms/<term_id>", "Eén term", response="TaxonomyTerm", not_found=True)
def taxonomy_term(term_id: str, args: dict):
    terms = publish.taxonomy_terms(get_map().taxonomy, profile_uri())
    match = next((t for t in terms if term_id in (t["id"], f"{t['taxonomy']}:{t['code']}")), None)
    if match is None:
        return json_error(404, "Deze term bestaat niet.")
    return jsonify(match)


def _coverage(args: dict) -> Callable[[dict, dict], bool]:
    """Postcode and proximity (metres from the postcode's centre) as HSDS 3.0 defines them."""
    postcode, proximity = args.get("postcode"), args.get("proximity")
    if not postcode:
        if proximity is not None:
            raise ParameterError("proximity", "werkt alleen samen met postcode")
        return lambda service, sal: True
    social_map = get_map()
    origin = social_map.places.point_of(postcode) if parse_pc4(postcode) else None
    if origin is None:
        raise ParameterError("postcode", "onbekende postcode; gebruik een postcode uit de regio, bijv. 5701")
    if proximity is not None:
        def near(service: dict, sal: dict) -> bool:
            location = sal.get("location") or {}
            lat, lon = location.get("latitude"), location.get("longitude")
            return lat is not None and lon is not None and \
                haversine_km(origin, Point(lat, lon)) * 1000 <= proximity
        return near
    municipality = social_map.places.municipality_of_postcode(postcode)

    def serves(service: dict, sal: dict) -> bool:
        areas = [a.get("name") for a in service.get("service_areas") or []]
        if areas:
            return "Nederland" in areas or any(social_map.places.municipality_of(a or "") == municipality for a in areas)
        return any(parse_pc4(a.get("postal_code") or "") == parse_pc4(postcode)
                   for a in (sal.get("location") or {}).get("addresses") or [])
    return serves


@bp.get("/service_at_locations")
@declare("/hsds/service_at_locations", "Diensten op locaties", SEARCH, TERM, TAXONOMY, ORGANIZATION,
         MODIFIED_AFTER, FULL, PAGE, PER_PAGE, FORMAT, POSTCODE, PROXIMITY, MIN_AGE, MAX_AGE, DAY,
         START, END, response="ServiceAtLocationList", paged=True)
def service_at_locations(args: dict):
    covers = _coverage(args)
    items = []
    for service in _matching_services(args):
        for sal in service.get("service_at_locations") or []:
            if covers(service, sal):
                items.append(publish.service_at_location_item(service, sal, args["full"]))
    return _paged(items, args)


@bp.get("/service_at_locations/<sal_id>")
@declare("/hsds/service_at_locations/<sal_id>", "Eén dienst op een locatie, volledig genest",
         response="ServiceAtLocation", not_found=True)
def service_at_location(sal_id: str, args: dict):
    for service in get_map().list_services(status="active"):
        for sal in service.raw.get("service_at_locations") or []:
            if sal.get("id") == sal_id:
                return jsonify(publish.service_at_location_item(service.raw, sal, full=True))
    return json_error(404, "Deze dienst op deze locatie bestaat niet of is niet openbaar.")
