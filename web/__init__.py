"""Wegwijs web app: the hub between residents, the bot and consultants, and the social map site.

flaskr's application factory: defaults here, secrets from ``instance/config.py`` or the
environment (``WEGWIJS_*``), a dict in tests. Secrets have no defaults: `make run` makes them once
per installation (``scripts/make_secrets.py``); without them a test or debug app gets throw-away
random ones, and production (``WEGWIJS_ENV=production``) refuses to start.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask

from socialmap import default_db_path

REPO_ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(
        SOCIALMAP_DB=str(default_db_path()),
        APP_DB=str(REPO_ROOT / "var" / "wegwijs.sqlite"),
        RASA_URL="http://127.0.0.1:5005",  # several Rasa servers: comma separated (web/rasa_client.py)
        APP_DB_URL=None,
        SEARCH_BACKEND="fts",
        ELASTICSEARCH_URL=None,
        RASA_TOKEN=None,  # sent to Rasa as ?token= (its --auth-token and the REST channel's token)
        MUNICIPALITIES_FILE=None,  # phone, hours, closing days per municipality; None: data/municipalities.yaml
        FROZEN_NOW=None,  # ISO time for office hours (tests, demos "out of hours"); None: the real clock
        PRESENCE_SECONDS=300,  # staff count as present this long after their workspace last checked in
        WIDGET_ORIGINS=[],  # municipal sites that may embed the chat, e.g. ["https://www.deurne.nl"]
        SOCKETIO_MESSAGE_QUEUE=None,  # redis://127.0.0.1:6379/0 when several web processes run
        DEMO_USERS_ALLOWED=True,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=False,  # cookies get Secure anyway on every HTTPS request (web/security.py)
        PROXY_FIX=0,  # WEGWIJS_PROXY_FIX=1 behind one reverse proxy (HTTPS, client address)
        INTERNAL_NETWORKS=["127.0.0.1/32", "::1/128"],  # who may reach /api/v1/intern/ directly
        PERMANENT_SESSION_LIFETIME=8 * 3600,  # one working day
        WTF_CSRF_TIME_LIMIT=None,  # tied to the session instead; a long chat shift must not break forms
    )
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("WEGWIJS")
    else:
        app.config.update(test_config)
    from .security import check_secrets

    check_secrets(app)
    os.makedirs(app.instance_path, exist_ok=True)

    # Each part registers itself here; keep the order stable (it decides URL precedence).
    from . import (
        api,
        appdb,
        auth,
        beheer,
        chat,
        errors,
        handovers,
        home,
        hsds_api,
        i18n,
        kaart,
        limits,
        rapportage,
        rasa_client,
        ratelimits,
        realtime,
        security,
        socialmap_access,
        werkplek,
    )

    errors.init_app(app)
    security.init_app(app)
    limits.init_app(app)
    i18n.init_app(app)
    socialmap_access.init_app(app)
    appdb.init_app(app)
    realtime.init_app(app)
    rasa_client.init_app(app)
    for module in (home, auth, chat, api, handovers, hsds_api, kaart, werkplek, beheer, rapportage):
        if hasattr(module, "init_app"):
            module.init_app(app)
        app.register_blueprint(module.bp)
    # The resident chat API takes JSON only (a cross-site form cannot send that) and no session;
    # the bot's intake API carries its own token. Everything else posts with a CSRF token.
    security.csrf.exempt(chat.bp)
    security.csrf.exempt(handovers.create)
    ratelimits.init_app(app, {"chat": chat.bp, "api": api.bp, "kaart": kaart.bp, "hsds_api": hsds_api.bp})
    ratelimits.limit_login(app)
    security.trust_proxy(app)
    return app
