"""The action server's social map after a restore: while the file is missing or broken the bot says
the search does not work now and gives the phone number; once the file is back it searches again,
in the same process (no restart). The real client (bot/actions/socialmap_client.py) on a real file."""

from __future__ import annotations

import sqlite3

import pytest
from actions import action_wegwijs, config, socialmap_client
from bot_chat_fakes import Chat

QUESTION = "ik kan niet meer naar de supermarkt, ik woon in Deurne"


class RealServices:
    """The action server's own services; only the hub is left out (no handover in these turns)."""

    def services(self):
        return action_wegwijs.default_services()


def copy_map(source: str, target) -> None:
    """A restore as sqlite3's backup makes it (the demo map's WAL included)."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    dst.close()


@pytest.fixture
def map_file(demo_map, tmp_path, monkeypatch):
    path = tmp_path / "socialmap.sqlite"
    copy_map(demo_map.path, path)
    monkeypatch.setattr(config, "SOCIALMAP_DB", str(path))
    socialmap_client.forget_map()
    yield path
    socialmap_client.forget_map()


def ask() -> Chat:
    chat = Chat(RealServices())
    chat.send("vraag_boodschappen", QUESTION)
    return chat


def assert_search_down(chat: Chat) -> None:
    assert "werkt even niet" in chat.text and "0493 38 76 00" in chat.text  # Deurne's own number
    assert chat.turn.services == [] and chat.state["stage"] == "search_failed"
    assert "/bevestigen" in chat.payloads  # a person is still offered


def test_the_bot_searches_again_once_the_file_is_restored(map_file, demo_map, tmp_path):
    found = ask()
    assert found.turn.services, found.text  # the demo map has shopping help in Deurne

    map_file.rename(tmp_path / "weg.sqlite")  # deleted or moved away
    assert_search_down(ask())
    assert not map_file.exists()  # no empty map was made in its place

    map_file.write_bytes(b"dit is geen database" * 100)  # a broken restore
    assert_search_down(ask())

    map_file.unlink()
    copy_map(demo_map.path, map_file)  # restored: a new file
    again = ask()
    assert again.turn.services == found.turn.services and "werkt even niet" not in again.text


def test_a_file_damaged_under_the_open_map_recovers(map_file, demo_map):
    assert ask().turn.services
    with open(map_file, "r+b") as handle:  # the pages behind the header overwritten in place
        handle.seek(100)
        handle.write(b"\xff" * (map_file.stat().st_size - 100))
    assert_search_down(ask())
    map_file.unlink()
    copy_map(demo_map.path, map_file)
    assert ask().turn.services


def test_places_are_understood_while_the_map_is_away(map_file, tmp_path):
    map_file.rename(tmp_path / "weg.sqlite")
    chat = Chat(RealServices())
    chat.send("vraag_boodschappen", "ik kan niet meer naar de supermarkt")
    chat.send("nlu_fallback", "Deurne")
    assert chat.state["municipality"] == "Deurne"  # the place was understood; only the search is down
    assert_search_down(chat)
