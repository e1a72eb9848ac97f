"""The installation's secrets: made once, kept out of git, checked before anything serves.

`make run` calls :func:`ensure_secrets` so every installation gets its own random keys in
``var/secrets.env`` (mode 0600); the web app, the Rasa server and the action server read them from
the environment. In production (``WEGWIJS_ENV=production``) a missing, short or published key
stops the process at start-up instead of serving with it.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

SECRET_NAMES = (
    "WEGWIJS_SECRET_KEY",      # Flask session cookies of the workspace
    "WEGWIJS_INTERNAL_TOKEN",  # action server -> hub intake API
    "WEGWIJS_RASA_TOKEN",      # hub -> Rasa HTTP API and REST channel
    "WEGWIJS_ACTION_TOKEN",    # Rasa -> action server
)
MIN_LENGTH = 32
# Keys that were ever shipped, documented or are typed by habit: never good enough for production.
KNOWN_KEYS = frozenset({
    "dev", "dev-internal-token", "test", "test-token", "secret", "changeme", "change-me", "wegwijs",
    "wegwijs-demo", "password", "default", "development",
})


def is_production(value: str | None = None) -> bool:
    """``WEGWIJS_ENV=production`` (or the given value) switches on the strict checks."""
    env = os.environ.get("WEGWIJS_ENV", "") if value is None else value
    return env.strip().lower() in ("production", "prod")


def secret_problem(name: str, value: object) -> str | None:
    """Why `value` cannot be used as secret `name` in production, or None when it can."""
    if not value:
        return f"{name} ontbreekt."
    if not isinstance(value, str):
        return f"{name} moet tekst zijn."
    if value.strip().lower() in KNOWN_KEYS:
        return f"{name} is een bekende (openbare) waarde."
    if len(value) < MIN_LENGTH:
        return f"{name} is te kort (minstens {MIN_LENGTH} tekens)."
    return None


def new_secret() -> str:
    return secrets.token_urlsafe(48)


def read_secrets(path: Path) -> dict[str, str]:
    """``KEY=value`` lines of a secrets file (comments and blank lines skipped)."""
    values: dict[str, str] = {}
    if not path.exists():
        return values
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


def ensure_secrets(path: Path) -> dict[str, str]:
    """The installation's secrets, creating the missing ones (once) in `path` with mode 0600."""
    values = read_secrets(path)
    missing = [name for name in SECRET_NAMES if secret_problem(name, values.get(name))]
    if missing:
        for name in missing:
            values[name] = new_secret()
        path.parent.mkdir(parents=True, exist_ok=True)
        text = "# Secrets of this Wegwijs installation (made by scripts/make_secrets.py). Never commit.\n"
        text += "".join(f"{key}={value}\n" for key, value in values.items())
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
    os.chmod(path, 0o600)
    return values
