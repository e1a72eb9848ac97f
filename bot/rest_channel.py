"""Rasa's REST channel (``/webhooks/rest/webhook``) with a shared token, so that only the hub can
speak for a resident: anyone else reaching the Rasa port could write into any conversation.

credentials.yml: ``rest_channel.TokenRestInput: {token: "${WEGWIJS_RASA_TOKEN}"}``; the hub sends
``?token=`` (the same token Rasa's HTTP API takes with ``--auth-token``).
"""

from __future__ import annotations

import hmac
from typing import Any

from rasa.core.channels.rest import RestInput
from sanic import response
from sanic.request import Request


class TokenRestInput(RestInput):
    def __init__(self, token: str) -> None:
        self.token = token

    @classmethod
    def name(cls) -> str:
        return "rest"  # same URL as the built-in channel

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> TokenRestInput:
        token = str((credentials or {}).get("token") or "")
        if not token or "${" in token:  # unset, or quoted in YAML (Rasa expands only plain scalars)
            raise ValueError("rest_channel.TokenRestInput needs a token (WEGWIJS_RASA_TOKEN)")
        return cls(token)

    def blueprint(self, on_new_message):  # noqa: ANN001 - Rasa's signature
        blueprint = super().blueprint(on_new_message)
        expected = self.token.encode("utf-8")

        @blueprint.middleware("request")
        async def check_token(request: Request):
            provided = request.args.get("token") or ""
            if request.path.endswith("/webhook") and not hmac.compare_digest(
                    provided.encode("utf-8", "surrogateescape"), expected):
                return response.json({"error": "unauthorized"}, status=401)
            return None

        return blueprint
