"""What a request may be: its size, the depth of its JSON and the characters of its texts.

One place at the door instead of a check in every view: a body over ``MAX_CONTENT_LENGTH`` gets
413, JSON nested deeper than ``MAX_JSON_DEPTH`` or holding a lone surrogate or NUL (no database
can store it) gets 400 naming the field, before any view parses it.
"""

from __future__ import annotations

import json
import re

from flask import Flask, abort, request
from flask_babel import gettext as _

from .errors import json_error

MAX_JSON_DEPTH = 20
UNSTORABLE = re.compile(r"[\x00\ud800-\udfff]")


def _first_bad(value: object, path: str, depth: int) -> tuple[str, str] | None:
    """(field, reason) of the first unusable part of a JSON value, or None."""
    if depth > MAX_JSON_DEPTH:
        return path or "(body)", "te diep genest"
    if isinstance(value, str):
        return (path or "(body)", "bevat ongeldige tekens") if UNSTORABLE.search(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if UNSTORABLE.search(key):
                return "(body)", "bevat ongeldige tekens"
            if (bad := _first_bad(item, where, depth + 1)) is not None:
                return bad
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if (bad := _first_bad(item, f"{path}[{index}]", depth + 1)) is not None:
                return bad
    return None


def check_body():
    limit = request.max_content_length
    if limit is not None and (request.content_length or 0) > limit:
        abort(413)
    if not request.is_json or not request.content_length and not request.get_data(cache=True):
        return None
    try:
        body = json.loads(request.get_data(cache=True))
    except RecursionError:
        return json_error(400, _("Het verzoek klopt niet."), fields=["(body)"])
    except ValueError:
        return None  # the view answers its own "send JSON" message
    bad = _first_bad(body, "", 0)
    if bad is not None:
        field, reason = bad
        return json_error(400, f"{_('Het verzoek klopt niet.')} {field}: {reason}.", fields=[field])
    return None


def init_app(app: Flask) -> None:
    if app.config.get("MAX_CONTENT_LENGTH") is None:  # Flask's default: no limit at all
        app.config["MAX_CONTENT_LENGTH"] = 8 * 1024 * 1024  # an HSDS import of ~5,000 services
    # Flask's own MAX_FORM_MEMORY_SIZE (500 kB per form field) and MAX_FORM_PARTS (1,000) stay.
    app.before_request(check_body)

    @app.errorhandler(RecursionError)
    def too_deep(_exc):
        return json_error(400, _("Het verzoek klopt niet."))
