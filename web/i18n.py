"""Dutch first, English second (Flask-Babel): the choice comes from ``?lang=`` and sticks in the session.

Dates, times and amounts are formatted for the chosen locale with Babel (``format_date`` and
friends are available in templates); the time zone is Europe/Amsterdam.
"""

from __future__ import annotations

from flask import Flask, request, session
from flask_babel import Babel, get_locale

LANGUAGES = {"nl": "Nederlands", "en": "English"}
DEFAULT = "nl"


def select_locale() -> str:
    chosen = request.args.get("lang")
    if chosen in LANGUAGES:
        session["lang"] = chosen
        return chosen
    return session.get("lang", DEFAULT) if session.get("lang") in LANGUAGES else DEFAULT


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT)
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", "Europe/Amsterdam")
    Babel(app, locale_selector=select_locale)

    @app.context_processor
    def inject_languages() -> dict:
        return {"languages": LANGUAGES, "current_language": str(get_locale() or DEFAULT)}
