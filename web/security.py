"""Response headers every page gets (a strict Content Security Policy and friends), CSRF
protection on every form and every session-authenticated API call (header ``X-CSRFToken``), and
the start-up check of the app's secrets."""

from __future__ import annotations

import logging
import secrets

from flask import Flask, request, session
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from wegwijs_common.settings import is_production, secret_problem

csrf = CSRFProtect()
log = logging.getLogger(__name__)

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'self'")
# config key -> the environment variable an operator sets
SECRETS = {"SECRET_KEY": "WEGWIJS_SECRET_KEY", "INTERNAL_TOKEN": "WEGWIJS_INTERNAL_TOKEN",
           "RASA_TOKEN": "WEGWIJS_RASA_TOKEN"}


class InsecureConfiguration(RuntimeError):
    """Production start-up with a missing, short or published secret."""


def production(app: Flask) -> bool:
    return is_production(str(app.config.get("ENV") or ""))


def check_secrets(app: Flask) -> None:
    """Refuse to serve production with a weak secret; elsewhere fill gaps with throw-away keys.

    A throw-away key means: sessions end when the process stops, and nobody can file handovers
    (the bot does not know the token), which is right for a test or a debug run."""
    if production(app):
        problems = [p for key, name in SECRETS.items() if (p := secret_problem(name, app.config.get(key)))]
        if problems:
            raise InsecureConfiguration(
                "Wegwijs start niet in productie: " + " ".join(problems)
                + " Maak geheimen met `.venv/bin/python scripts/make_secrets.py` (var/secrets.env)"
                " of zet ze als omgevingsvariabelen.")
        return
    for key in ("SECRET_KEY", "INTERNAL_TOKEN"):
        if not app.config.get(key):
            app.config[key] = secrets.token_urlsafe(32)
            if not app.testing:
                log.warning("%s is not set: using a throw-away random value (not for production)", SECRETS[key])


# What only the person it is about may see: never kept by a browser, a shared PC or a proxy.
PRIVATE_PREFIXES = ("/werkplek", "/beheer", "/login", "/logout", "/api/v1/handovers", "/api/v1/intern",
                    "/api/v1/chat", "/chat/overzicht")
HSTS = "max-age=31536000; includeSubDomains"


def trust_proxy(app: Flask) -> None:
    """Behind a reverse proxy that terminates HTTPS: ``WEGWIJS_PROXY_FIX=1`` (the number of proxies
    in front) makes ``X-Forwarded-For/-Proto/-Host`` count, so the app knows the request was
    HTTPS (HSTS, Secure cookies) and who sent it (rate limits, login lockout). Never set it
    without a proxy: anyone could then claim any address."""
    hops = int(app.config.get("PROXY_FIX") or 0)
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


class SessionCookies(SecureCookieSessionInterface):
    """The session cookie is Secure on every HTTPS request, whatever SESSION_COOKIE_SECURE says."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config.get("SESSION_COOKIE_SECURE")) or request.is_secure


def _secure_cookies(response) -> None:
    cookies = response.headers.getlist("Set-Cookie")
    if cookies and any("secure" not in c.lower() for c in cookies):
        response.headers.remove("Set-Cookie")
        for cookie in cookies:
            response.headers.add("Set-Cookie", cookie if "; secure" in cookie.lower() else f"{cookie}; Secure")


def init_app(app: Flask) -> None:
    app.config.setdefault("CSP", CSP)
    app.session_interface = SessionCookies()
    csrf.init_app(app)

    @app.after_request
    def private_and_https(response):
        if request.path.startswith(PRIVATE_PREFIXES) or session.get("user"):
            if "no-store" not in response.headers.get("Cache-Control", ""):  # a view's own stricter one stays
                response.headers["Cache-Control"] = "no-store"
            response.headers.setdefault("Pragma", "no-cache")
        if request.is_secure or app.config.get("SESSION_COOKIE_SECURE"):
            _secure_cookies(response)
        if request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        return response

    @app.after_request
    def headers(response):
        response.headers.setdefault("Content-Security-Policy", app.config["CSP"])
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if "frame-ancestors 'self'" in response.headers["Content-Security-Policy"]:
            response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")  # for browsers without CSP 2
        return response
