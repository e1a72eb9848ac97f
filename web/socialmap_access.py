"""One `SocialMap` per app process, shared by all requests (flaskr's get_db, but long-lived:
the search index keeps its facets in memory, so reopening per request would be slow)."""

from __future__ import annotations

from flask import Flask, current_app

from socialmap import SocialMap


def init_app(app: Flask) -> None:
    app.extensions["socialmap"] = None


def get_map() -> SocialMap:
    social_map = current_app.extensions.get("socialmap")
    if social_map is None:
        social_map = SocialMap(current_app.config["SOCIALMAP_DB"],
                               search_backend=current_app.config.get("SEARCH_BACKEND", "fts"),
                               elasticsearch_url=current_app.config.get("ELASTICSEARCH_URL"))
        current_app.extensions["socialmap"] = social_map
    return social_map
