"""The action server with a lock on the door: rasa_sdk's app, bound to 127.0.0.1, answering only
callers that carry the shared token (``?token=`` as Rasa's ``action_endpoint.token`` sends it).

`rasa run actions` listens on 0.0.0.0 and runs any action for anyone who can reach the port; a
crafted ``POST /webhook`` could file handovers. Run from ``bot/``:
``python action_server.py --port 5055`` with ``WEGWIJS_ACTION_TOKEN`` in the environment.
"""

from __future__ import annotations

import argparse
import hmac
import logging
import os
import sys

from sanic import Sanic, response
from sanic.request import Request

TOKEN_ENV = "WEGWIJS_ACTION_TOKEN"
OPEN_PATHS = frozenset({"/health"})  # says "ok", nothing else


def token_ok(provided: object, expected: str) -> bool:
    """Constant-time comparison; a missing, empty or non-ASCII token never matches."""
    if not expected or not isinstance(provided, str) or not provided:
        return False
    return hmac.compare_digest(provided.encode("utf-8", "surrogateescape"), expected.encode("utf-8"))


def require_token(app: Sanic, expected: str) -> None:
    """Every request except the health check needs ``?token=`` (or ``Authorization: Bearer``)."""
    @app.middleware("request")
    async def check_token(request: Request):
        if request.path in OPEN_PATHS:
            return None
        provided = request.args.get("token")
        bearer = request.headers.get("Authorization", "")
        if provided is None and bearer.startswith("Bearer "):
            provided = bearer[len("Bearer "):]
        if not token_ok(provided, expected):
            return response.json({"error": "unauthorized"}, status=401)
        return None


def build_app(actions_package: str, expected_token: str) -> Sanic:
    from rasa_sdk.endpoint import create_app

    app = create_app(actions_package, cors_origins=None)
    require_token(app, expected_token)

    @app.exception(Exception)
    async def no_echo(request: Request, exception: Exception):
        # rasa_sdk's own handler answers with the request body (resident text) and the exception
        logging.getLogger(__name__).error("action failed: %s", type(exception).__name__, exc_info=exception)
        return response.json({"error": "action failed"}, status=500)

    return app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="action_server.py")
    parser.add_argument("--actions", default="actions")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5055)
    args = parser.parse_args(argv)
    token = os.environ.get(TOKEN_ENV, "")
    if not token:
        print(f"{TOKEN_ENV} ontbreekt: de actieserver start niet zonder gedeeld geheim.", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO)
    app = build_app(args.actions, token)
    app.run(args.host, args.port, workers=1, access_log=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
