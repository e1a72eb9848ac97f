"""The OpenAPI 3.1 description of the public read API, generated from the code.

Paths and parameters come from the `@declare` declarations (web/api_params.py; web/hsds_api.py
declares its endpoints when the app imports it) and from the
search API's own parameter list (`socialmap.search.query.PARAMETERS`); response shapes are the
official HSDS 3.0 schemas shipped in `data/hsds/` (bundled as components) and the search `Hit`
dataclass; the chat API from the `describe` next to each view in web/chat.py (bodies as JSON
Schema built from the constants the views check with). Nothing here is written twice by hand, so the description cannot drift from the API.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from functools import lru_cache
from pathlib import Path
from typing import Any

from flask import current_app

from socialmap.resources import data_dir
from socialmap.search.query import PARAMETERS as SEARCH_PARAMETERS
from socialmap.search.query import Hit

from .api_params import DECLARED, OPERATIONS, Declaration, Operation
from .chat import SECRET_HEADER

HSDS_DIR = data_dir() / "hsds"
# Keys of the HSDS table schemas that describe CSV packaging, not JSON: always dropped ...
_TABULAR_KEYS = {"datapackage_metadata", "tabular_required", "constraints"}
# ... and dropped where they are a label (a string), not a property definition
_LABEL_KEYS = {"name", "path"}

SEARCH_DESCRIPTIONS = {
    "q": "Wat de inwoner zoekt, in eigen woorden (Nederlands of Engels).",
    "municipality": "Gemeente (bijv. Deurne); landelijke diensten blijven erbij.",
    "topic": "Onderwerp (slug uit de taxonomie, bijv. maaltijden).",
    "ladder": "Trede: zelf, omgeving, algemeen of maatwerk.",
    "free": "true: alleen gratis diensten.",
    "age": "Leeftijd van de inwoner in jaren.",
    "open_at": "Open op dit lokale tijdstip (ISO, bijv. 2026-11-23T14:00).",
    "near": "Postcode of 'lat,lon' om de afstand te berekenen.",
    "radius_km": "Alleen binnen deze straal (km) van near.",
    "limit": "Aantal resultaten (1-100).",
    "offset": "Overslaan (voor paginering).",
}
SEARCH_TYPES = {"free": {"type": "boolean"}, "age": {"type": "integer", "minimum": 0, "maximum": 130},
                "radius_km": {"type": "number", "exclusiveMinimum": 0, "maximum": 500},
                "limit": {"type": "integer", "minimum": 1, "maximum": 100},
                "offset": {"type": "integer", "minimum": 0, "maximum": 1_000_000},
                "ladder": {"type": "string", "enum": ["zelf", "omgeving", "algemeen", "maatwerk"]},
                "open_at": {"type": "string"}}


def _clean(schema: Any, rename: dict[str, str]) -> Any:
    """An HSDS table schema as plain JSON Schema, with file refs pointing at components."""
    if isinstance(schema, dict):
        out = {}
        for key, value in schema.items():
            if key in _TABULAR_KEYS or (key in _LABEL_KEYS and isinstance(value, str)):
                continue
            if key == "$ref" and isinstance(value, str) and value.endswith(".json"):
                out[key] = f"#/components/schemas/{rename.get(value, value[:-5])}"
            else:
                out[key] = _clean(value, rename)
        return out
    if isinstance(schema, list):
        return [_clean(v, rename) for v in schema]
    return schema


@lru_cache(maxsize=1)
def _hsds_schemas() -> dict[str, Any]:
    schemas = {}
    for path in sorted(HSDS_DIR.glob("*.json")):
        schemas[path.stem] = _clean(json.loads(path.read_text(encoding="utf-8")), {})
    for path in sorted((HSDS_DIR / "compiled").glob("*.json")):
        schemas[path.stem] = _clean(json.loads(path.read_text(encoding="utf-8")), {})
    return schemas


def _page_of(item: dict) -> dict:
    return {"type": "object", "required": ["total_items", "total_pages", "page_number", "size", "contents"],
            "properties": {"total_items": {"type": "integer"}, "total_pages": {"type": "integer"},
                           "page_number": {"type": "integer"}, "size": {"type": "integer"},
                           "first_page": {"type": "boolean"}, "last_page": {"type": "boolean"},
                           "empty": {"type": "boolean"}, "contents": {"type": "array", "items": item}}}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


MINIMAL_SERVICE = {"type": "object", "required": ["id", "modified_date"],
                   "properties": {"id": {"type": "string"}, "modified_date": {"type": "string"}}}

RESPONSES = {
    "ApiInfo": {"type": "object", "required": ["version", "openapi_url"],
                "properties": {"version": {"type": "string"}, "profile": {"type": "string", "format": "uri"},
                               "openapi_url": {"type": "string", "format": "uri"}, "name": {"type": "string"}}},
    "ServiceList": _page_of({"anyOf": [_ref("service_list"), _ref("service"), MINIMAL_SERVICE]}),
    "Service": _ref("service"),
    "OrganizationList": _page_of({"anyOf": [_ref("organization_list"), _ref("organization")]}),
    "Organization": _ref("organization"),
    "TaxonomyList": _page_of(_ref("taxonomy")),
    "Taxonomy": _ref("taxonomy"),
    "TaxonomyTermList": _page_of(_ref("taxonomy_term")),
    "TaxonomyTerm": _ref("taxonomy_term"),
    "ServiceAtLocationList": _page_of({"anyOf": [_ref("service_at_location_list"), _ref("service_at_location")]}),
    "ServiceAtLocation": _ref("service_at_location"),
}
ERROR = {"type": "object", "required": ["error"],
         "properties": {"error": {"type": "string"}, "parameter": {"type": "string"}}}


def _json_type(annotation: Any) -> dict:
    """JSON Schema for a dataclass field's annotation (str | None, list[str], float, ...)."""
    hints = typing.get_args(annotation) if isinstance(annotation, types.UnionType) else (annotation,)
    schema_types = []
    for hint in hints:
        origin = typing.get_origin(hint) or hint
        schema_types.append({str: "string", int: "integer", float: "number", bool: "boolean",
                             list: "array", type(None): "null"}.get(origin, "string"))
    return {"type": schema_types[0] if len(schema_types) == 1 else schema_types}


def _hit_schema() -> dict:
    hints = typing.get_type_hints(Hit)
    return {"type": "object", "required": [f.name for f in dataclasses.fields(Hit)],
            "properties": {f.name: _json_type(hints[f.name]) for f in dataclasses.fields(Hit)}}


def _operation(declaration: Declaration) -> dict:
    parameters = [{"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
                  for name in declaration.path_params]
    parameters += [{"name": p.name, "in": "query", "required": False, "description": p.description,
                    "schema": p.schema()} for p in declaration.params]
    content = {"application/json": {"schema": _ref(declaration.response)}}
    if declaration.paged:
        content["application/x-ndjson"] = {"schema": {"type": "string"}}
    responses: dict[str, Any] = {"200": {"description": declaration.summary, "content": content},
                                 "400": {"description": "Onjuiste parameter",
                                         "content": {"application/json": {"schema": _ref("Error")}}}}
    for status, text in declaration.extra_responses.items():
        responses[str(status)] = {"description": text, "content": {"application/json": {"schema": _ref("Error")}}}
    operation_id = declaration.rule.strip("/").replace("/", "_").replace("<", "").replace(">", "") or "hsds"
    return {"summary": declaration.summary, "operationId": operation_id, "tags": list(declaration.tags),
            "parameters": parameters, "responses": responses}


def _search_operation() -> dict:
    parameters = [{"name": name, "in": "query", "required": False, "description": SEARCH_DESCRIPTIONS[name],
                   "schema": SEARCH_TYPES.get(name, {"type": "string"})} for name in SEARCH_PARAMETERS]
    body = {"type": "object", "required": ["total", "items"],
            "properties": {"total": {"type": "integer"}, "items": {"type": "array", "items": _ref("SearchHit")}}}
    return {"summary": "Zoeken in de sociale kaart (design §5)", "operationId": "api_v1_search",
            "tags": ["zoeken"], "parameters": parameters,
            "responses": {"200": {"description": "Resultaten", "content": {"application/json": {"schema": body}}},
                          "400": {"description": "Onjuiste parameter",
                                  "content": {"application/json": {"schema": _ref("Error")}}}}}


SECURITY_SCHEME = "Sleutel"


def _chat_operation(rule: str, method: str, op: Operation) -> dict:
    """An operation from a view's own `describe` (web/chat.py): body, header secret, real answers."""
    path_params = [part[1:-1].split(":")[-1] for part in rule.split("/") if part.startswith("<")]
    parameters = [{"name": name, "in": "path", "required": True, "schema": op.path_schema} for name in path_params]
    parameters += [{"name": p.name, "in": "query", "required": False, "description": p.description,
                    "schema": p.schema()} for p in op.params]
    answers = dict(op.responses)
    if method == "post":  # web/limits.py and web/ratelimits.py stand at the door of every chat POST
        answers.setdefault(413, "Het verzoek is te groot")
        answers.setdefault(429, "Te veel verzoeken")
    responses: dict[str, Any] = {}
    for status, text in sorted(answers.items()):
        if status < 300:
            schema = op.response_schemas.get(status, {"type": "object"})
            responses[str(status)] = {"description": text, "content": {op.content_type: {"schema": schema}}}
        else:
            responses[str(status)] = {"description": text,
                                      "content": {"application/json": {"schema": _ref("Error")}}}
    operation_id = method + "_" + rule.strip("/").replace("/", "_").replace("<", "").replace(">", "")
    out: dict[str, Any] = {"summary": op.summary, "operationId": operation_id, "tags": list(op.tags),
                           "parameters": parameters, "responses": responses,
                           "security": [{SECURITY_SCHEME: []}] if op.secured else []}
    if op.body is not None:
        out["requestBody"] = {"required": True, "content": {"application/json": {"schema": op.body}}}
    return out


def _described_routes():
    """(rule, method, declaration) for every route whose view was declared with `describe`."""
    by_view = {op.view: op for op in OPERATIONS}
    for rule in current_app.url_map.iter_rules():
        op = by_view.get(current_app.view_functions.get(rule.endpoint))
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}) if op else ():
            yield rule.rule, method.lower(), op


def _openapi_path(rule: str) -> str:
    return "/".join("{" + part[1:-1].split(":")[-1] + "}" if part.startswith("<") else part
                    for part in rule.split("/"))


def document() -> dict:
    paths: dict[str, Any] = {_openapi_path(d.rule): {"get": _operation(d)} for d in DECLARED}
    paths["/api/v1/search"] = {"get": _search_operation()}
    for rule, method, op in _described_routes():
        paths.setdefault(_openapi_path(rule), {})[method] = _chat_operation(rule, method, op)
    return {
        "openapi": "3.1.0",
        "info": {"title": "Wegwijs — Open Referral HSDS 3.0, zoek-API en chat-API", "version": "3.0",
                 "description": "De openbare API van Wegwijs: de lees-API van de sociale kaart (HSDS 3.0 "
                                "onder /hsds/, alleen actieve diensten), de zoek-API onder /api/v1/search en "
                                "de chat-API voor inwoners onder /api/v1/chat/ (een gesprek is van de browser "
                                f"die het geheim kent, in header {SECRET_HEADER}). Niet openbaar en daarom niet "
                                "beschreven: de API's voor medewerkers (/api/v1/handovers, alleen na inloggen) "
                                "en de interne intake van de bot (/api/v1/intern/…)."},
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "paths": paths,
        "components": {"schemas": {**_hsds_schemas(), **RESPONSES, "Error": ERROR, "SearchHit": _hit_schema()},
                       "securitySchemes": {SECURITY_SCHEME: {
                           "type": "apiKey", "in": "header", "name": SECRET_HEADER,
                           "description": "Het geheim uit POST /api/v1/chat/gesprekken (veld secret)."}}},
    }


def write(path: Path) -> None:
    """Write the document to a file (for tools that want it offline); needs an app context."""
    path.write_text(json.dumps(document(), ensure_ascii=False, indent=1), encoding="utf-8")
