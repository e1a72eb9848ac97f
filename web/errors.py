"""Clear 4xx answers: JSON for APIs, never a 500 for bad input."""

from __future__ import annotations

from flask import Flask, jsonify, request
from werkzeug.exceptions import HTTPException

MESSAGES = {
    400: "Het verzoek klopt niet.",
    404: "Deze pagina of dienst bestaat niet.",
    405: "Deze methode is hier niet toegestaan.",
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
        return exc
