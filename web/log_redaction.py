"""Keep conversation ids and secrets out of the web process's logs (access log included).

A conversation id is the one handle to a resident's conversation; with the secret it is the key.
Request lines such as ``POST /api/v1/chat/<id>/berichten`` are logged by Werkzeug and gunicorn;
this filter rewrites them to ``/api/v1/chat/[gesprek]/berichten`` before any handler sees them.
"""

from __future__ import annotations

import logging
import re

_PATTERNS = [
    (re.compile(r"(/api/v1/chat/)(?!gesprekken\b)[A-Za-z0-9_%.~-]+"), r"\1[gesprek]"),
    (re.compile(r"(/werkplek/gesprekken/)[^\s/?\"']+"), r"\1[gesprek]"),
    (re.compile(r"((?:sleutel|secret|gesprek)=)[^&\s\"']+", re.IGNORECASE), r"\1[weg]"),
]
LOGGERS = ("werkzeug", "gunicorn.access", "gunicorn.error", "engineio.server", "socketio.server")


def redact(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def _clean(value):
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return tuple(_clean(v) for v in value)
    return value


class RedactingFilter(logging.Filter):
    """Rewrites the message and its arguments; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if record.args:
            record.args = _clean(record.args)
        return True


_FILTER = RedactingFilter()


def install() -> None:
    """Attach the filter to the loggers that write request lines (idempotent)."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
