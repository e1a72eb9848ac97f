"""Faults: a missing or broken social map database gives a Dutch 503 with the municipal phone
number on every page and API that needs it, and everything recovers once the file is back."""

from __future__ import annotations

import os
import shutil
import sqlite3

import pytest
from ownership import as_resident

from tests.web.intake import INTAKE_TOKEN
from web import create_app

PATHS = ["/api/v1/search?q=boodschappen", "/hsds/services", "/hsds/taxonomy_terms",
         "/kaart/", "/kaart/?q=boodschappen", "/kaart/index.json", "/"]


@pytest.fixture
def own_map(demo_map, tmp_path):
    """A copy of the demo social map this test may break (the shared one stays whole)."""
    path = tmp_path / "socialmap.sqlite"
    with sqlite3.connect(demo_map.path) as source, sqlite3.connect(path) as target:
        source.backup(target)
    backup = tmp_path / "backup.sqlite"
    shutil.copy(path, backup)
    return path, backup


@pytest.fixture
def app(own_map, tmp_path):
    path, _ = own_map
    return create_app({"TESTING": True, "SOCIALMAP_DB": str(path), "APP_DB": str(tmp_path / "app.sqlite"),
                       "SECRET_KEY": "test", "INTERNAL_TOKEN": INTAKE_TOKEN})


def all_ok(client) -> None:
    for path in PATHS:
        assert client.get(path).status_code == 200, path


def all_unavailable(client) -> None:
    for path in PATHS:
        answer = client.get(path)
        assert answer.status_code == 503, (path, answer.status_code)
        text = answer.get_data(as_text=True)
        # each municipality's own number: a page does not know where its reader lives
        assert "niet beschikbaar" in text and "Bel uw eigen gemeente" in text, path
        assert "Helmond" in text and "14 0492" in text and "Deurne" in text and "0493 38 76 00" in text, path
        assert answer.headers["Retry-After"]
        if path.startswith(("/api/", "/hsds")):
            offices = {o["municipality"]: o["phone"] for o in answer.get_json()["offices"]}
            assert offices["Deurne"] == "0493 38 76 00" and len(offices) == 6


def remove_database(path) -> None:
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(f"{path}{suffix}"):
            os.remove(f"{path}{suffix}")


def test_damaged_file_gives_503_and_recovers_when_restored(client, own_map):
    path, backup = own_map
    all_ok(client)  # the map is open and its pages work
    remove_database(path)
    path.write_bytes(b"dit is geen database " * 500)  # garbage in its place
    all_unavailable(client)
    remove_database(path)
    shutil.copy(backup, path)  # the operator restores the backup; no restart
    all_ok(client)


def test_damaged_in_place_gives_503_and_recovers(client, own_map):
    path, backup = own_map
    all_ok(client)
    with open(path, "r+b") as handle:  # same file, same inode: its header is overwritten
        handle.write(b"\x00" * 4096)
    all_unavailable(client)
    with open(path, "r+b") as handle:
        handle.write(backup.read_bytes())
    all_ok(client)


def test_missing_file_gives_503_and_is_not_recreated_empty(client, own_map):
    path, backup = own_map
    all_ok(client)
    remove_database(path)
    all_unavailable(client)
    assert not path.exists()  # no empty social map took its place
    shutil.copy(backup, path)
    all_ok(client)


def test_the_503_page_is_english_for_english_readers(client, own_map):
    path, _ = own_map
    remove_database(path)
    answer = client.get("/kaart/?lang=en")  # the language switch of every page
    text = answer.get_data(as_text=True)
    assert answer.status_code == 503 and "Call your own municipality" in text and "0493 38 76 00" in text


def test_chat_still_answers_without_cards_when_the_map_is_down(app, client, own_map):
    path, _ = own_map
    app.config["RASA_CLIENT"] = lambda c, t: [{"text": "Dit kan helpen:"},
                                              {"custom": {"state": {"mode": "bot", "services": ["x1"]}}}]
    remove_database(path)
    answer = as_resident(app, "gesprek-kaart-weg").post("/api/v1/chat/gesprek-kaart-weg/berichten",
                                                        json={"text": "boodschappen"})
    assert answer.status_code == 200 and answer.get_json()["cards"] == []
