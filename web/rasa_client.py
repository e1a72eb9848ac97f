"""Talks to the Rasa servers over their REST channel (design §6), with the shared token
``?token=`` (the REST channel of bot/rest_channel.py and Rasa's ``--auth-token`` both read it).

``RASA_URL`` names one server or several (comma separated, or a JSON list in the environment).
Several servers share the tracker store (PostgreSQL) and the lock store (Redis), so any of them
can take any turn: the hub spreads turns round robin, per turn, and when a server cannot be
reached it sends the same turn to the next one. A turn is only given up (BotUnavailable) when
no server took it.
"""

from __future__ import annotations

import itertools
import threading
import time

import requests
from flask import Flask, current_app, has_request_context, session

CONNECT_TIMEOUT_S = 3.0
DOWN_FOR_S = 10.0  # a server that refused a turn is tried last for this long
# Answers that mean the turn did not run there (a proxy or a starting server; a token the server
# does not share): safe to send the same turn to another server.
NOT_PROCESSED = frozenset({401, 502, 503, 504})


class BotUnavailable(RuntimeError):
    pass


class _Servers:
    """The Rasa servers of one app, in round-robin order, remembering which one just failed."""

    def __init__(self, urls: list[str]):
        self.urls = urls
        self._turns = itertools.count()
        self._down_until: dict[str, float] = {}
        self._lock = threading.Lock()

    def order(self) -> list[str]:
        """All servers, starting at the next one in turn; servers that failed lately go last."""
        with self._lock:
            start = next(self._turns) % len(self.urls)
            now = time.monotonic()
            ring = self.urls[start:] + self.urls[:start]
            return ([u for u in ring if self._down_until.get(u, 0) <= now]
                    + [u for u in ring if self._down_until.get(u, 0) > now])

    def failed(self, url: str) -> None:
        with self._lock:
            self._down_until[url] = time.monotonic() + DOWN_FOR_S

    def answered(self, url: str) -> None:
        with self._lock:
            self._down_until.pop(url, None)


def rasa_urls(setting: object) -> list[str]:
    """The server URLs of the RASA_URL setting: one URL, comma separated URLs or a list."""
    items = setting.split(",") if isinstance(setting, str) else list(setting or [])
    urls = [str(u).strip().rstrip("/") for u in items if str(u).strip()]
    if not urls:
        raise ValueError("RASA_URL names no Rasa server (WEGWIJS_RASA_URL, comma separated)")
    for url in urls:
        if not url.startswith(("http://", "https://")):
            raise ValueError(f"RASA_URL: {url!r} is not an http(s) address")
    return urls


def init_app(app: Flask) -> None:
    """Read RASA_URL once, so a wrong setting stops the app at start and not at the first turn."""
    app.extensions["rasa_servers"] = _Servers(rasa_urls(app.config["RASA_URL"]))


def _servers() -> _Servers:
    servers = current_app.extensions.get("rasa_servers")
    if servers is None or servers.urls != rasa_urls(current_app.config["RASA_URL"]):
        servers = current_app.extensions["rasa_servers"] = _Servers(rasa_urls(current_app.config["RASA_URL"]))
    return servers


def send(conversation_id: str, text: str) -> list[dict]:
    """The bot's messages for one resident message; BotUnavailable when no Rasa server takes the
    turn, or when Rasa or its actions fail."""
    fake = current_app.config.get("RASA_CLIENT")
    if fake is not None:  # tests inject a callable speaking the same contract
        return _checked(fake(conversation_id, text))
    servers = _servers()
    token = current_app.config.get("RASA_TOKEN")
    body = _body(conversation_id, text)
    problems = []
    for url in servers.order():
        try:
            response = requests.post(f"{url}/webhooks/rest/webhook",
                                     params={"token": token} if token else None, json=body,
                                     timeout=(CONNECT_TIMEOUT_S, current_app.config.get("RASA_TIMEOUT", 30)))
        except requests.ConnectionError as exc:  # nothing reached the server: the next one takes the turn
            servers.failed(url)
            problems.append(f"{url}: {type(exc).__name__}")
            continue
        except requests.RequestException as exc:  # e.g. a read timeout: the turn may be running there
            raise BotUnavailable(f"{url}: {type(exc).__name__}") from exc
        if response.status_code in NOT_PROCESSED:  # 401: this server and the hub do not share the token
            servers.failed(url)
            problems.append(f"{url} answered {response.status_code}")
            continue
        if response.status_code >= 400:
            raise BotUnavailable(f"Rasa at {url} answered {response.status_code}")
        servers.answered(url)
        try:
            return _checked(response.json())
        except ValueError as exc:
            raise BotUnavailable("Rasa's answer is not JSON") from exc
    raise BotUnavailable("no Rasa server took the turn: " + "; ".join(problems))


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
