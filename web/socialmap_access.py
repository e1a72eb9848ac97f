"""One `SocialMap` per app process, shared by all requests (flaskr's get_db, but long-lived:
the search index keeps its facets in memory, so reopening per request would be slow).

The file can go away, be replaced or be damaged while the app runs. Every use looks at the file
first (one ``stat``): missing or broken gives ``SocialMapUnavailable`` (a Dutch 503 with the
municipal phone number), a replaced file is opened again, and after an error the next request
opens it afresh. So once the file is back, everything works again without a restart.
"""

from __future__ import annotations

import logging
import os
import sqlite3

from flask import Flask, current_app, jsonify, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _

from socialmap import SocialMap
from wegwijs_common import municipalities

log = logging.getLogger(__name__)
RETRY_AFTER_S = 30


class SocialMapUnavailable(RuntimeError):
    """The social map database is missing, unreadable or damaged right now."""


def init_app(app: Flask) -> None:
    app.extensions["socialmap"] = None

    @app.errorhandler(SocialMapUnavailable)
    def unavailable(exc: SocialMapUnavailable):
        return unavailable_response()

    @app.errorhandler(sqlite3.DatabaseError)
    def broken(exc: sqlite3.DatabaseError):
        # Only the social map talks sqlite3 directly (the app database goes through SQLAlchemy).
        log.error("social map database error: %s", exc)
        forget_map()
        return unavailable_response()


def unavailable_response():
    """A Dutch (or English) 503 that says whom to call: each municipality's own number, since a page
    does not know where the reader lives (one number for all would send Deurne to Helmond)."""
    region = municipalities.load(current_app.config.get("MUNICIPALITIES_FILE"))
    offices = [{"municipality": m.name, "phone": m.phone, "phone_link": m.phone_link}
               for m in sorted(region.municipalities.values(), key=lambda m: m.name)]
    hours = region.fallback.hours_text("en" if str(get_locale() or "nl") == "en" else "nl")
    message = _("De sociale kaart is nu even niet beschikbaar. Bel uw eigen gemeente (%(hours)s):",
                hours=hours)
    if request.path.startswith(("/api/", "/hsds")):
        numbers = ", ".join(f"{office['municipality']} {office['phone']}" for office in offices)
        response = jsonify({"error": f"{message} {numbers}.", "offices": offices, "hours": hours})
        response.status_code = 503
    else:
        response = current_app.make_response((render_template(
            "fout.html", title=_("Sociale kaart niet beschikbaar"), message=message, offices=offices), 503))
    response.headers["Retry-After"] = str(RETRY_AFTER_S)
    return response


def forget_map() -> None:
    """Open the file afresh on the next request (after an error it may have been repaired)."""
    current_app.extensions["socialmap"] = None
    current_app.extensions.pop("socialmap_file", None)


SQLITE_HEADER = b"SQLite format 3\x00"


def _file_state(path: str) -> tuple[tuple[int, int], tuple[int, int]]:
    """(which file: device and inode, its version: mtime and size), from one stat."""
    info = os.stat(path)
    return (info.st_dev, info.st_ino), (info.st_mtime_ns, info.st_size)


def _looks_like_sqlite(path: str) -> bool:
    with open(path, "rb") as handle:
        return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER


def get_map() -> SocialMap:
    extensions = current_app.extensions
    social_map = extensions.get("socialmap")
    path = social_map.path if social_map is not None else str(current_app.config["SOCIALMAP_DB"])
    state = None
    if path != ":memory:":
        try:
            identity, version = state = _file_state(path)
            known = extensions.get("socialmap_file")
            changed = known is None or known[1] != version  # on disk, by us or by someone else
            if changed and not _looks_like_sqlite(path):
                raise SocialMapUnavailable("social map file is not an SQLite database")
        except OSError as exc:  # deleted or moved away: do not create an empty map in its place
            forget_map()
            raise SocialMapUnavailable(f"social map file unreadable: {exc.strerror}") from exc
        except SocialMapUnavailable:
            forget_map()
            raise
        if social_map is not None and known is not None and known[0] != identity:
            social_map = None  # the file was replaced (a restore): open the new one
    if social_map is None:
        try:
            social_map = SocialMap(path, search_backend=current_app.config.get("SEARCH_BACKEND", "fts"),
                                   elasticsearch_url=current_app.config.get("ELASTICSEARCH_URL"))
        except (sqlite3.Error, OSError) as exc:
            raise SocialMapUnavailable(f"social map cannot be opened: {exc}") from exc
        extensions["socialmap"] = social_map
    extensions["socialmap_file"] = state
    return social_map
