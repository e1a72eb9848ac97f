"""Response headers every page gets (a strict Content Security Policy and friends) and CSRF
protection on every form and every session-authenticated API call (header ``X-CSRFToken``)."""

from __future__ import annotations

from flask import Flask
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'self'")


def init_app(app: Flask) -> None:
    app.config.setdefault("CSP", CSP)
    csrf.init_app(app)

    @app.after_request
    def headers(response):
        response.headers.setdefault("Content-Security-Policy", app.config["CSP"])
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if "frame-ancestors 'self'" in response.headers["Content-Security-Policy"]:
            response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")  # for browsers without CSP 2
        return response
