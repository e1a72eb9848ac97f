"""Shared browser-test fixtures: the web app served on a free loopback port, and Debian's
Chromium driven by Playwright (no browser download)."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.web.intake import INTAKE_TOKEN
from web import create_app

SHOTS = Path(__file__).resolve().parent / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture
def shots() -> Path:
    """Where screenshots go (git-ignored); look at them."""
    SHOTS.mkdir(exist_ok=True)
    return SHOTS


@pytest.fixture
def serve(demo_map, tmp_path):
    """serve(**config) -> base URL of the app with the demo social map and a fresh app db."""
    servers = []

    def start(**config):
        app = create_app({"TESTING": True, "SOCIALMAP_DB": demo_map.path,
                          "APP_DB": str(tmp_path / "app.sqlite"),
                          "INTERNAL_TOKEN": INTAKE_TOKEN, **config})
        app.extensions["socialmap"] = demo_map
        http = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=http.serve_forever, daemon=True).start()
        servers.append(http)
        return f"http://127.0.0.1:{http.server_port}"

    yield start
    for http in servers:
        http.shutdown()


@pytest.fixture
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (make test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield chromium
        chromium.close()
