"""Where the project's data files live (taxonomy, places, HSDS schemas, demo data)."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """The `data/` folder; `WEGWIJS_DATA_DIR` points elsewhere (e.g. a municipality's own data)."""
    override = os.environ.get("WEGWIJS_DATA_DIR")
    return Path(override) if override else REPO_ROOT / "data"


def default_db_path() -> Path:
    """The embedded database `make run` uses; `WEGWIJS_DB` overrides it."""
    override = os.environ.get("WEGWIJS_DB")
    return Path(override) if override else REPO_ROOT / "var" / "socialmap.sqlite"


def demo_data_path() -> Path:
    return data_dir() / "demo" / "sociale-kaart-peel.json"
