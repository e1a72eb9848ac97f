"""Declared query parameters: one declaration validates a request and describes it in OpenAPI.

A public read endpoint lists its parameters once (`@declare(...)`); the wrapper refuses unknown
parameters and badly typed values with a 400 naming the parameter, hands the parsed values to the
view, and records the declaration so `web/openapi.py` can describe the endpoint from the code.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import request

from socialmap import ParameterError

_TRUE = {"true", "1", "ja", "yes"}
_FALSE = {"false", "0", "nee", "no"}


# One exception for a bad parameter everywhere (the search API raises the same one).
BadParameter = ParameterError


@dataclass(frozen=True)
class Param:
    name: str
    kind: str  # string | integer | number | boolean | date-time | enum
    description: str
    default: Any = None
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()

    def parse(self, raw: str) -> Any:
        raw = raw.strip()
        if raw == "":
            return self.default
        if self.kind == "string":
            return raw[:500]
        if self.kind == "enum":
            if raw.lower() not in self.choices:
                raise BadParameter(self.name, f"moet een van {', '.join(self.choices)} zijn.")
            return raw.lower()
        if self.kind == "boolean":
            if raw.lower() in _TRUE:
                return True
            if raw.lower() in _FALSE:
                return False
            raise BadParameter(self.name, "moet true of false zijn.")
        if self.kind == "date-time":
            try:
                dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
            except ValueError:
                raise BadParameter(self.name, "moet een datum of tijdstip zijn, "
                                              "bijv. 2026-01-31 of 2026-01-31T09:00:00Z.") from None
            return raw
        if self.kind == "time":
            try:
                return dt.time.fromisoformat(raw).strftime("%H:%M")
            except ValueError:
                raise BadParameter(self.name, "moet een tijd zijn, bijv. 09:30.") from None
        number_type = int if self.kind == "integer" else float
        try:
            value = number_type(raw)
        except ValueError:
            word = "een heel getal" if self.kind == "integer" else "een getal"
            raise BadParameter(self.name, f"moet {word} zijn.") from None
        if (self.minimum is not None and value < self.minimum) or (self.maximum is not None and value > self.maximum):
            raise BadParameter(self.name, f"moet tussen {self.minimum:g} en {self.maximum:g} liggen.")
        return value

    def schema(self) -> dict:
        if self.kind == "enum":
            return {"type": "string", "enum": list(self.choices)}
        if self.kind in ("date-time", "time"):
            return {"type": "string", "format": self.kind}
        schema: dict[str, Any] = {"type": self.kind}
        if self.minimum is not None:
            schema["minimum"] = self.minimum
        if self.maximum is not None:
            schema["maximum"] = self.maximum
        if self.default is not None:
            schema["default"] = self.default
        return schema


@dataclass
class Declaration:
    """What OpenAPI needs to know about one endpoint."""

    rule: str
    summary: str
    params: tuple[Param, ...]
    response: str  # name of a schema in the OpenAPI components
    paged: bool = False
    path_params: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    extra_responses: dict[int, str] = field(default_factory=dict)


DECLARED: list[Declaration] = []


def declare(rule: str, summary: str, *params: Param, response: str, paged: bool = False,
            tag: str = "hsds", not_found: bool = False) -> Callable:
    """Register the endpoint's parameters; the view receives them as keyword `args`."""
    path_params = tuple(part[1:-1].split(":")[-1] for part in rule.split("/") if part.startswith("<"))
    extra = {404: "Niet gevonden"} if not_found else {}
    DECLARED.append(Declaration(rule, summary, params, response, paged, path_params, (tag,), extra))
    by_name = {p.name: p for p in params}

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(*a, **kw):
            unknown = sorted(set(request.args) - set(by_name))
            if unknown:
                allowed = ", ".join(by_name) or "geen"
                raise BadParameter(unknown[0], f"onbekende parameter; toegestaan: {allowed}.")
            args = {name: p.default for name, p in by_name.items()}
            for name in request.args:
                values = request.args.getlist(name)
                if len(values) > 1:
                    raise BadParameter(name, "mag maar één keer voorkomen.")
                args[name] = by_name[name].parse(values[0])
            return view(*a, args=args, **kw)

        return wrapper

    return decorate


# -- operations that are not plain HSDS reads (the resident chat API) ----------------------------

@dataclass
class Operation:
    """What OpenAPI needs to know about one view that takes a JSON body or an ownership header.

    Only a description: the view itself still checks its input (with the same constants the body
    schema is built from), so declaring changes no behaviour. Path and method are not repeated here:
    web/openapi.py reads them from the app's url_map."""

    view: Callable
    summary: str
    responses: dict[int, str]
    body: dict | None = None
    params: tuple[Param, ...] = ()
    secured: bool = True  # needs the conversation's secret (header X-Wegwijs-Sleutel)
    response_schemas: dict[int, dict] = field(default_factory=dict)
    content_type: str = "application/json"  # of the 2xx answer
    tags: tuple[str, ...] = ("chat",)
    path_schema: dict = field(default_factory=lambda: {"type": "string"})  # of every path parameter


OPERATIONS: list[Operation] = []


def describe(summary: str, *, responses: dict[int, str], **details: Any) -> Callable:
    """Record the view's operation for web/openapi.py; the view is returned unchanged."""
    def decorate(view: Callable) -> Callable:
        OPERATIONS.append(Operation(view, summary, responses, **details))
        return view

    return decorate
