"""Rate limits on what anyone may call without an account: the chat API, search, HSDS and the
login form (Flask-Limiter, per client address; behind a proxy set ``WEGWIJS_PROXY_FIX``).

Counters live in the web process by default (``memory://``) and in Redis when several processes
serve (``WEGWIJS_RATELIMIT_STORAGE_URI=redis://…``), so a limit holds across all of them.
Limits are settings; tests switch them off unless they test them (``RATELIMIT_ENABLED``).
"""

from __future__ import annotations

from flask import Blueprint, Flask, current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

DEFAULTS = {
    "RATELIMIT_CHAT": "60/minute;600/hour",  # resident messages, feedback, call-back requests
    "RATELIMIT_SEARCH": "120/minute",        # /api/v1/search and the social map pages
    "RATELIMIT_HSDS": "300/minute",          # machine clients of the HSDS API
    "RATELIMIT_LOGIN": "20/minute",          # besides the per-account lockout in auth
    "RATELIMIT_STORAGE_URI": "memory://",
    "RATELIMIT_KEY_PREFIX": "wegwijs-ratelimit",
    "RATELIMIT_HEADERS_ENABLED": True,
    "RATELIMIT_STRATEGY": "moving-window",
}


def _setting(name: str):
    return lambda: current_app.config[name]


def init_app(app: Flask, blueprints: dict[str, Blueprint]) -> Limiter:
    for name, value in DEFAULTS.items():
        app.config.setdefault(name, value)
    if "RATELIMIT_ENABLED" not in app.config:
        app.config["RATELIMIT_ENABLED"] = not app.testing
    limiter = Limiter(key_func=get_remote_address, app=app, key_prefix=app.config["RATELIMIT_KEY_PREFIX"])
    limiter.limit(_setting("RATELIMIT_CHAT"), methods=["POST"])(blueprints["chat"])
    limiter.limit(_setting("RATELIMIT_SEARCH"))(blueprints["api"])
    limiter.limit(_setting("RATELIMIT_SEARCH"))(blueprints["kaart"])
    limiter.limit(_setting("RATELIMIT_HSDS"))(blueprints["hsds_api"])
    app.extensions["wegwijs_limiter"] = limiter
    return limiter


def limit_login(app: Flask, endpoint: str = "auth.login") -> None:
    """The login form's POST (the page itself may be opened as often as anyone likes). The
    registered view is replaced by the limited one: Flask-Limiter checks decorated views there."""
    limiter = app.extensions["wegwijs_limiter"]
    app.view_functions[endpoint] = limiter.limit(_setting("RATELIMIT_LOGIN"), methods=["POST"])(
        app.view_functions[endpoint])
