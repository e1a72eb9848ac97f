"""Talks to the Rasa server over its REST channel (design §6), with the shared token
``?token=`` (the REST channel of bot/rest_channel.py and Rasa's ``--auth-token`` both read it)."""

from __future__ import annotations

import requests
from flask import current_app, has_request_context, session


class BotUnavailable(RuntimeError):
    pass


def send(conversation_id: str, text: str) -> list[dict]:
    """The bot's messages for one resident message; BotUnavailable when Rasa or its actions fail."""
    fake = current_app.config.get("RASA_CLIENT")
    if fake is not None:  # tests inject a callable speaking the same contract
        return _checked(fake(conversation_id, text))
    try:
        token = current_app.config.get("RASA_TOKEN")
        response = requests.post(f"{current_app.config['RASA_URL']}/webhooks/rest/webhook",
                                 params={"token": token} if token else None,
                                 json=_body(conversation_id, text),
                                 timeout=current_app.config.get("RASA_TIMEOUT", 30))
    except requests.RequestException as exc:
        raise BotUnavailable(str(exc)) from exc
    if response.status_code >= 400:  # 401: the hub and Rasa do not share the token
        raise BotUnavailable(f"Rasa answered {response.status_code}")
    try:
        return _checked(response.json())
    except ValueError as exc:
        raise BotUnavailable("Rasa's answer is not JSON") from exc


def _body(conversation_id: str, text: str) -> dict:
    """The REST body; with the page's chosen language (web/i18n.py keeps it in the session) as
    metadata, so the bot answers an English page in English from the first turn."""
    body: dict = {"sender": conversation_id, "message": text}
    language = session.get("lang") if has_request_context() else None
    if language in ("nl", "en"):
        body["metadata"] = {"language": language}
    return body


def _checked(messages: list[dict]) -> list[dict]:
    if not isinstance(messages, list) or not all(isinstance(m, dict) for m in messages):
        raise BotUnavailable("the bot's answer is not a list of messages")
    if not any("custom" in m and "state" in m.get("custom", {}) for m in messages):
        # Rasa answers [] when the action server is down: the turn did not happen.
        raise BotUnavailable("no state in the bot's answer")
    return messages
