"""Clear 4xx answers: JSON for APIs, never a 500 for bad input."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

MESSAGES = {
    400: "Het verzoek klopt niet.",
    404: "Deze pagina of dienst bestaat niet.",
    405: "Deze methode is hier niet toegestaan.",
    413: "Het verzoek is te groot.",
    429: "Te veel verzoeken. Probeer het over een minuut opnieuw.",
}


def json_error(status: int, message: str, **extra):
    response = jsonify({"error": message, **extra})
    response.status_code = status
    return response


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def handle_http(exc: HTTPException):
        if request.path.startswith(("/api/", "/hsds")):
            return json_error(exc.code or 400, MESSAGES.get(exc.code, exc.description or "Fout"))
        if (exc.code or 500) < 400:  # redirects (e.g. /werkplek -> /werkplek/) stay redirects
            return exc
        return page_error(exc.code or 500)


def page_error(status: int):
    """A Dutch (or English) page in the site's own layout instead of Werkzeug's English one."""
    titles = {403: _("Geen toegang"), 404: _("Niet gevonden")}
    messages = {400: _("Het verzoek klopt niet."), 403: _("U heeft geen toegang tot deze pagina."),
                404: _("Deze pagina of dienst bestaat niet (meer)."),
                413: _("Het verzoek is te groot."),
                429: _("Te veel pogingen. Probeer het over een paar minuten opnieuw.")}
    return render_template("fout.html", title=titles.get(status, _("Er ging iets mis")),
                           message=messages.get(status, _("Probeer het later opnieuw."))), status


MAX_ID = 2**63 - 1


def message_id_param(value: object) -> int | None:
    """A message id from a query string or body (0 … 2^63-1), or None when it is not one."""
    if isinstance(value, bool):
        return None
    try:
        number = int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if 0 <= number <= MAX_ID else None
