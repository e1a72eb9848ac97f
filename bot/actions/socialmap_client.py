"""The one place in the bot that imports `socialmap`: opened on first use, never at import.

The action server runs for weeks; the social map file under it can be deleted, damaged or
restored meanwhile. So every search looks at the file first (one ``stat``, as the web hub does in
web/socialmap_access.py): missing or not an SQLite file raises ``SocialMapUnavailable`` (the
dialogue then says the search does not work now and gives the phone number), a restored or
rewritten file (another inode, mtime or size) is opened afresh (~1 ms: an open connection keeps
serving cached pages of a file damaged under it), and after a database error the next search
opens it again. The bot only reads, so its own use never changes the file.
Places and topics come from the package's data files, not from the database, so the bot keeps
understanding "Deurne" while the file is away.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading

from . import config

log = logging.getLogger(__name__)
SQLITE_HEADER = b"SQLite format 3\x00"

_lock = threading.Lock()
_map = None
_identity: tuple[int, ...] | None = None  # device, inode, mtime and size of the file _map has open


class SocialMapUnavailable(RuntimeError):
    """The social map database is missing, unreadable or damaged right now."""


def _path() -> str:
    from socialmap import default_db_path

    return str(config.SOCIALMAP_DB or default_db_path())


def _checked_identity(path: str) -> tuple[int, ...]:
    """Which file is at `path` now; SocialMapUnavailable when there is none or it is no database
    (opening a missing path would create an empty map and answer "nothing found")."""
    try:
        info = os.stat(path)
        with open(path, "rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise SocialMapUnavailable(f"social map file unreadable: {exc.strerror}") from exc
    if header != SQLITE_HEADER:
        raise SocialMapUnavailable("social map file is not an SQLite database")
    return info.st_dev, info.st_ino, info.st_mtime_ns, info.st_size


def forget_map() -> None:
    """Open the file afresh on the next search (after an error it may have been repaired)."""
    global _map, _identity
    with _lock:  # not closed here: a search in another thread may still use it; the GC closes it
        _map, _identity = None, None


def get_map():
    """The social map of the file that is there now."""
    global _map, _identity
    path = _path()
    with _lock:
        try:
            identity = _checked_identity(path)
        except SocialMapUnavailable:
            _map, _identity = None, None
            raise
        if _map is not None and identity == _identity:
            return _map
        from socialmap import SocialMap

        try:
            social_map = SocialMap(path)
        except (sqlite3.Error, OSError) as exc:
            raise SocialMapUnavailable(f"social map cannot be opened: {exc}") from exc
        if _map is not None:
            log.info("social map file replaced; opened the new one")
        _map, _identity = social_map, identity
        return _map


def search(topic: str, ladder: str, municipality: str | None, postcode: str | None,
           limit: int = 3) -> list:
    """Hits for one ladder step; raises on failure so the bot can say it cannot look it up."""
    from socialmap import SearchQuery

    query = SearchQuery(topic=topic, ladder=ladder, municipality=municipality, limit=limit)
    if postcode and _places().point_of(postcode):
        query.near = postcode
    try:
        return get_map().search(query).items
    except sqlite3.DatabaseError as exc:  # damaged under an open connection
        log.error("social map database error: %s", exc)
        forget_map()
        raise SocialMapUnavailable(str(exc)) from exc


def _places():
    from socialmap.places import load_gazetteer

    return load_gazetteer()


def _taxonomy():
    from socialmap.taxonomy import load_taxonomy

    return load_taxonomy()


def resolve_place(text: str) -> tuple[str | None, str | None]:
    """(municipality, place name) for a place or postcode of the region, else (None, None)."""
    places = _places()
    municipality = places.municipality_of_postcode(text) or places.municipality_of(text)
    if municipality:
        place = places.lookup(text)
        return municipality, place.name if place else text
    return None, None


def municipalities() -> list[str]:
    return _places().municipality_names()


def topic_label(slug: str | None) -> str:
    topic = _taxonomy().topic(slug) if slug else None
    return topic.label if topic else (slug or "")
