"""Settings of the action server, read once from the environment."""

from __future__ import annotations

import os

SOCIALMAP_DB = os.environ.get("WEGWIJS_SOCIALMAP_DB") or os.environ.get("WEGWIJS_DB") or None
HUB_URL = os.environ.get("WEGWIJS_HUB_URL", "http://127.0.0.1:8000").rstrip("/")
INTERNAL_TOKEN = os.environ.get("WEGWIJS_INTERNAL_TOKEN", "")  # var/secrets.env via make run; no default
HUB_TIMEOUT_S = float(os.environ.get("WEGWIJS_HUB_TIMEOUT", "5"))
# The municipal numbers and hours the bot gives come from data/municipalities.yaml (actions/contact.py).
