"""Two Rasa servers behind the hub, as docs/deployment.md sets them up at scale: one PostgreSQL
tracker store and one Redis lock store (bot/endpoints.production.yml), one action server, and the
hub's client (web/rasa_client.py) sending turns round robin. Every turn is answered, in order, on
whichever server takes it; when one server dies no turn is lost.

Real processes on a scratch PostgreSQL database and Redis database made (and removed) here;
skipped when PostgreSQL or Redis is not running on 127.0.0.1, or without a trained model.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import threading
import uuid
from pathlib import Path

import pytest
import requests

from tests.processes import free_port, reachable, stop, wait_for

REPO = Path(__file__).resolve().parents[2]
BOT = REPO / "bot"
MODEL = Path(os.environ.get("WEGWIJS_RASA_MODEL", BOT / "models" / "wegwijs.tar.gz"))
RASA, PYTHON = REPO / ".venv" / "bin" / "rasa", REPO / ".venv" / "bin" / "python"
RASA_TOKEN, ACTION_TOKEN = "scale-rasa-" + uuid.uuid4().hex, "scale-actions-" + uuid.uuid4().hex
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


pytestmark = [
    pytest.mark.slow, pytest.mark.postgres,
    pytest.mark.skipif(not MODEL.exists(), reason=f"no trained model at {MODEL} (make model trains it)"),
    pytest.mark.skipif(not reachable(5432), reason="PostgreSQL is not running on 127.0.0.1:5432"),
    pytest.mark.skipif(not reachable(6379), reason="Redis is not running on 127.0.0.1:6379"),
]


@pytest.fixture(scope="module")
def scratch_services():
    """A PostgreSQL database for the tracker store and an empty Redis database for the locks."""
    import redis
    import sqlalchemy as sa

    name = f"wegwijs_tracker_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT", future=True)
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    redis_db = next((n for n in range(15, 2, -1) if redis.Redis(db=n).dbsize() == 0), None)
    if redis_db is None:
        pytest.skip("no empty Redis database among 3-15 for the lock store")
    prefix = "wegwijstest" + uuid.uuid4().hex[:8]
    try:
        yield {"pg_db": name, "engine": sa.create_engine(f"postgresql://postgres@127.0.0.1:5432/{name}", future=True),
               "redis_db": redis_db, "lock_prefix": prefix}
    finally:
        client = redis.Redis(db=redis_db)
        for key in client.scan_iter(f"{prefix}*"):
            client.delete(key)
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def production_endpoints(path: Path, redis_db: int, prefix: str) -> None:
    """bot/endpoints.production.yml as it is, on the scratch Redis database with a key prefix."""
    text = (BOT / "endpoints.production.yml").read_text(encoding="utf-8")
    assert "  db: 1\n" in text, "the lock store's Redis database moved: update this test"
    path.write_text(text.replace("  db: 1\n", f"  db: {redis_db}\n  key_prefix: {prefix}\n"), encoding="utf-8")


@pytest.fixture(scope="module")
def stack(tmp_path_factory, demo_map, scratch_services):
    tmp = tmp_path_factory.mktemp("scale")
    map_file = tmp / "socialmap.sqlite"
    copy_map(demo_map.path, map_file)
    endpoints = tmp / "endpoints.production.yml"
    production_endpoints(endpoints, scratch_services["redis_db"], scratch_services["lock_prefix"])
    action_port, rasa_ports = free_port(), [free_port(), free_port()]
    env = {"OMP_NUM_THREADS": "1", "TF_INTRA_OP_PARALLELISM_THREADS": "1", "TF_INTER_OP_PARALLELISM_THREADS": "1",
           **os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "3",
           "SQLALCHEMY_SILENCE_UBER_WARNING": "1", "WEGWIJS_SOCIALMAP_DB": str(map_file),
           "WEGWIJS_HUB_URL": f"http://127.0.0.1:{free_port()}", "WEGWIJS_INTERNAL_TOKEN": "not-used-here",
           "WEGWIJS_RASA_TOKEN": RASA_TOKEN, "WEGWIJS_ACTION_TOKEN": ACTION_TOKEN,
           "WEGWIJS_ACTIONS_URL": f"http://127.0.0.1:{action_port}/webhook",
           "WEGWIJS_PG_HOST": "127.0.0.1", "WEGWIJS_PG_PORT": "5432", "WEGWIJS_PG_DB": scratch_services["pg_db"],
           "WEGWIJS_PG_USER": "postgres", "WEGWIJS_PG_PASSWORD": "",
           "WEGWIJS_REDIS_HOST": "127.0.0.1", "WEGWIJS_REDIS_PORT": "6379"}
    logs = [open(tmp / name, "wb") for name in ("actions.log", "rasa-1.log", "rasa-2.log")]  # noqa: SIM115
    processes = [subprocess.Popen([str(PYTHON), "action_server.py", "--host", "127.0.0.1", "--port", str(action_port)],
                                  cwd=BOT, env=env, stdout=logs[0], stderr=subprocess.STDOUT)]
    for port, log in zip(rasa_ports, logs[1:], strict=True):  # the command of docs/deployment.md
        processes.append(subprocess.Popen(
            [str(RASA), "run", "--enable-api", "--auth-token", RASA_TOKEN, "-i", "127.0.0.1", "-p", str(port),
             "-m", str(MODEL), "--endpoints", str(endpoints), "--credentials", "credentials.yml"],
            cwd=BOT, env=env, stdout=log, stderr=subprocess.STDOUT))
    try:
        wait_for(f"http://127.0.0.1:{action_port}/health", processes[0])
        for port, process in zip(rasa_ports, processes[1:], strict=True):
            wait_for(f"http://127.0.0.1:{port}/status?token={RASA_TOKEN}", process)
        yield {"urls": [f"http://127.0.0.1:{p}" for p in rasa_ports], "rasa": processes[1:], "map_file": map_file,
               "demo_map": demo_map.path, "engine": scratch_services["engine"]}
    finally:
        stop(processes)
        scratch_services["engine"].dispose()
        for log in logs:
            log.close()


def copy_map(source: str, target: Path) -> None:
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    dst.close()


@pytest.fixture(scope="module")
def hub(stack, tmp_path_factory):
    """The web hub's Rasa client on both servers, recording which server took each turn."""
    from web import create_app, rasa_client

    app = create_app({"TESTING": True, "APP_DB": str(tmp_path_factory.mktemp("hub") / "app.sqlite"),
                      "SECRET_KEY": "test", "RASA_URL": ",".join(stack["urls"]), "RASA_TOKEN": RASA_TOKEN,
                      "RASA_TIMEOUT": 120})
    served: dict[tuple[str, str], str] = {}  # (conversation, message) -> server
    real_post = requests.post

    def recording_post(url, json=None, **kwargs):
        response = real_post(url, json=json, **kwargs)
        served[(json["sender"], json["message"])] = url.split("/webhooks")[0]
        return response

    rasa_client.requests.post = recording_post
    try:
        yield {"app": app, "served": served, "send": rasa_client.send}
    finally:
        rasa_client.requests.post = real_post


class Chat:
    def __init__(self, hub, name: str):
        self.hub, self.sender, self.sent = hub, f"schaal-{name}-{uuid.uuid4().hex[:6]}", []

    def say(self, text: str) -> str:
        with self.hub["app"].app_context():
            messages = self.hub["send"](self.sender, text)
        self.sent.append(text)
        states = [m["custom"]["state"] for m in messages if "state" in m.get("custom", {})]
        assert len(states) == 1, messages  # the turn happened, once
        self.state = states[0]
        self.buttons = [b["payload"] for m in messages for b in m.get("buttons", [])]
        self.text = " ".join(m["text"] for m in messages if "text" in m)
        return self.text

    def servers(self) -> list[str]:
        return [self.hub["served"][(self.sender, text)] for text in self.sent]


def stored_turns(engine, sender: str) -> list[tuple[str, list[str]]]:
    """The conversation as the tracker store keeps it: each user text with the actions that answered it."""
    import sqlalchemy as sa

    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT type_name, action_name, data FROM events WHERE sender_id = :s "
                                    "ORDER BY id"), {"s": sender}).all()
    turns: list[tuple[str, list[str]]] = []
    for type_name, action_name, data in rows:
        if type_name == "user":
            turns.append((json.loads(data)["text"], []))
        elif type_name == "action" and turns:
            turns[-1][1].append(action_name)
    return turns


def assert_stored_in_order(engine, chat: Chat) -> None:
    turns = stored_turns(engine, chat.sender)
    assert [text for text, _ in turns] == chat.sent  # every turn, once, in the order it was sent
    for text, actions in turns:  # each answered before the next began: action_wegwijs, then listen
        assert actions == ["action_wegwijs", "action_listen"], (text, actions)


def test_turns_alternate_between_the_servers_and_the_dialogue_goes_on(stack, hub):
    moeder, mens, onbekend = Chat(hub, "moeder"), Chat(hub, "mens"), Chat(hub, "onbekend")
    # round by round, one turn of each conversation: with three conversations on two servers,
    # every conversation's next turn goes to the other server
    assert "gemeente" in moeder.say("mijn moeder van 87 kan niet meer naar de supermarkt")
    assert "gemeente" in mens.say("ik wil een mens spreken")
    onbekend.say("ik zoek hulp bij de boodschappen voor mezelf")

    moeder.say("Deurne")  # the question asked on one server, answered on the other
    assert moeder.state["topic"] == "boodschappen" and moeder.state["services"]
    assert moeder.state["ladder_step"] in ("zelf", "omgeving") and "/ontkennen" in moeder.buttons
    first_step = moeder.state["ladder_step"]
    text = mens.say("Helmond")
    assert "mag ik dit doorgeven" in text and "Gemeente: Helmond" in text
    assert "ken ik niet" in onbekend.say("ik woon in Groningen")

    moeder.say("/ontkennen")
    assert ["zelf", "omgeving", "algemeen", "maatwerk"].index(moeder.state["ladder_step"]) > \
        ["zelf", "omgeving", "algemeen", "maatwerk"].index(first_step)

    a, b = stack["urls"]
    assert moeder.servers() in ([a, b, a], [b, a, b])
    for chat in (mens, onbekend):
        assert set(chat.servers()) == {a, b}
    for chat in (moeder, mens, onbekend):
        assert_stored_in_order(stack["engine"], chat)


def test_concurrent_conversations_and_messages_lose_nothing(stack, hub):
    chats = [Chat(hub, f"tegelijk{i}") for i in range(4)]
    failures: list[BaseException] = []

    def converse(chat: Chat) -> None:
        try:
            assert "gemeente" in chat.say("ik kan niet meer naar de supermarkt")
            chat.say("/voor_mijzelf")
            chat.say("Deurne")
            assert chat.state["services"] and chat.state["ladder_step"] in ("zelf", "omgeving")
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            failures.append(exc)

    threads = [threading.Thread(target=converse, args=(chat,)) for chat in chats]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=240)
    assert not failures, failures
    for chat in chats:
        assert_stored_in_order(stack["engine"], chat)
    assert {server for chat in chats for server in chat.servers()} == set(stack["urls"])



def test_two_messages_at_once_on_two_servers_are_both_kept(stack, hub):
    """A resident sends two messages at the same moment and each lands on another server: the lock
    store makes one wait for the other, so both are answered and stored one after the other, never
    mixed (with Rasa's own "redis" lock store one of them could vanish from the tracker)."""
    pair = ("voor mijzelf", "ik woon in Deurne")
    quick = [Chat(hub, f"snel{i}") for i in range(12)]
    for chat in quick:
        chat.say("ik kan niet meer zelf koken")
    barrier = threading.Barrier(2 * len(quick))
    answers: list[tuple[str, str, int]] = []

    def send(url: str, sender: str, text: str) -> None:
        barrier.wait()
        response = requests.post(f"{url}/webhooks/rest/webhook", params={"token": RASA_TOKEN},
                                 json={"sender": sender, "message": text}, timeout=120)
        answers.append((sender, text, sum("state" in m.get("custom", {}) for m in response.json())))

    threads = [threading.Thread(target=send, args=(url, chat.sender, text))
               for chat in quick for url, text in zip(stack["urls"], pair, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert sorted(answers) == sorted((chat.sender, text, 1) for chat in quick for text in pair)
    for chat in quick:
        turns = stored_turns(stack["engine"], chat.sender)
        assert turns[0][0] == "ik kan niet meer zelf koken"
        assert sorted(text for text, _ in turns[1:]) == sorted(pair), turns  # both kept, once each
        assert all(actions == ["action_wegwijs", "action_listen"] for _, actions in turns), turns


def test_the_action_servers_map_can_be_restored_without_a_restart(stack, hub):
    map_file: Path = stack["map_file"]
    away = map_file.with_name("weg.sqlite")
    map_file.rename(away)
    try:
        down = Chat(hub, "kaart-weg")
        down.say("ik kan niet meer naar de supermarkt, ik woon in Deurne")
        assert "werkt even niet" in down.text and "0493 38 76 00" in down.text and not down.state["services"]
    finally:
        shutil.move(away, map_file)  # the restore
    back = Chat(hub, "kaart-terug")
    back.say("ik kan niet meer naar de supermarkt, ik woon in Deurne")
    assert back.state["services"] and "werkt even niet" not in back.text


def test_when_one_server_dies_no_turn_is_lost(stack, hub):
    chat = Chat(hub, "uitval")
    assert "gemeente" in chat.say("mijn vader kan niet meer naar de supermarkt")
    dead = stack["rasa"][1]
    dead.terminate()
    dead.wait(timeout=30)
    for text in ("Deurne", "/ontkennen", "/ontkennen"):
        chat.say(text)  # every turn answered by the server that is left
    assert set(chat.servers()[1:]) == {stack["urls"][0]}
    assert_stored_in_order(stack["engine"], chat)
