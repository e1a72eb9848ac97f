"""The one place in the bot that imports `socialmap`: opened on first use, never at import."""

from __future__ import annotations

import threading

from . import config

_lock = threading.Lock()
_map = None


def get_map():
    global _map
    with _lock:
        if _map is None:
            from socialmap import SocialMap, default_db_path

            _map = SocialMap(config.SOCIALMAP_DB or default_db_path())
    return _map


def search(topic: str, ladder: str, municipality: str | None, postcode: str | None,
           limit: int = 3) -> list:
    """Hits for one ladder step; raises on failure so the bot can say it cannot look it up."""
    from socialmap import SearchQuery

    query = SearchQuery(topic=topic, ladder=ladder, municipality=municipality, limit=limit)
    if postcode and get_map().places.point_of(postcode):
        query.near = postcode
    return get_map().search(query).items


def resolve_place(text: str) -> tuple[str | None, str | None]:
    """(municipality, place name) for a place or postcode of the region, else (None, None)."""
    places = get_map().places
    municipality = places.municipality_of_postcode(text) or places.municipality_of(text)
    if municipality:
        place = places.lookup(text)
        return municipality, place.name if place else text
    return None, None


def municipalities() -> list[str]:
    return get_map().places.municipality_names()


def topic_label(slug: str | None) -> str:
    topic = get_map().taxonomy.topic(slug) if slug else None
    return topic.label if topic else (slug or "")
