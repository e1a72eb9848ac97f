"""JSON API of the social map for the widget, the bot hub and other municipal tools (design §5)."""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from socialmap import ParameterError, SearchQuery

from .errors import json_error
from .socialmap_access import get_map

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.get("/search")
def search():
    try:
        query = SearchQuery.from_params(request.args.to_dict())
        result = get_map().search(query)
    except ParameterError as exc:
        return json_error(400, str(exc), parameter=exc.parameter)
    return jsonify(result.to_dict())
