"""The map view of /kaart: Leaflet served from the app (npm package `leaflet`, never a CDN) and
tiles the municipality configures (WEGWIJS_KAART_TILES_URL, WEGWIJS_KAART_TILES_ATTRIBUTION).

No tiles URL, or Leaflet not installed: no map, and the list (always the default) is all there is.
The map is an addition for sighted mouse and touch users; every fact on it is in the list too.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from flask import abort, current_app, request, send_from_directory

from .kaart import bp

LEAFLET_DIST = Path(__file__).resolve().parents[1] / "node_modules" / "leaflet" / "dist"
LEAFLET_FILES = {"leaflet.js", "leaflet.css", "images/marker-icon.png", "images/marker-icon-2x.png",
                 "images/marker-shadow.png", "images/layers.png", "images/layers-2x.png"}


def leaflet_dir() -> Path:
    return Path(current_app.config.get("LEAFLET_DIST") or LEAFLET_DIST)


def map_settings() -> dict | None:
    """The tiles settings when a map can be shown, else None."""
    url = (current_app.config.get("KAART_TILES_URL") or "").strip()
    if not url or not (leaflet_dir() / "leaflet.js").is_file():
        return None
    return {"tiles_url": url, "attribution": current_app.config.get("KAART_TILES_ATTRIBUTION") or ""}


def tiles_origin(url: str) -> str | None:
    """'https://{s}.tile.example.org/{z}/{x}/{y}.png' -> 'https://*.tile.example.org' (for img-src)."""
    parts = urlsplit(url.replace("{s}.", "x."))
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.netloc.replace("x.", "*.", 1) if "{s}." in url else parts.netloc
    return f"{parts.scheme}://{host}"


@bp.get("/leaflet/<path:filename>")
def leaflet_file(filename: str):
    if filename not in LEAFLET_FILES:
        abort(404)
    return send_from_directory(leaflet_dir(), filename, max_age=86400)


@bp.app_context_processor
def _map_context() -> dict:
    return {"kaart_map": map_settings() if request.blueprint == "kaart" else None}


@bp.after_request
def _allow_tiles(response):
    """Let the browser load the configured tiles (the app's CSP allows only its own images)."""
    settings = map_settings() if response.mimetype == "text/html" else None
    origin = tiles_origin(settings["tiles_url"]) if settings else None
    if origin:
        csp = response.headers.get("Content-Security-Policy") or current_app.config.get("CSP") or ""
        if "img-src 'self'" in csp:
            response.headers["Content-Security-Policy"] = csp.replace("img-src 'self'", f"img-src 'self' {origin}", 1)
    return response
