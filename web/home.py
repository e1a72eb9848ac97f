"""The start page: what runs here and where to find it."""

from __future__ import annotations

from flask import Blueprint, render_template

from .socialmap_access import get_map

bp = Blueprint("home", __name__)


@bp.get("/")
def index():
    social_map = get_map()
    return render_template("home.html", stats=social_map.stats(), taxonomy=social_map.taxonomy)
