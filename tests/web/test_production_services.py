"""Production mode: the app database on PostgreSQL and the Socket.IO fan-out through Redis.

Needs PostgreSQL and Redis on 127.0.0.1 (as on CI); each test skips with a reason when its service
is not reachable, and always cleans up its own database.
"""

from __future__ import annotations

import threading
import time
import uuid

import pytest
import sqlalchemy as sa

from tests.processes import reachable
from tests.web.intake import INTAKE_HEADERS, INTAKE_TOKEN, handover_record
from web import appdb, create_app

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
REDIS = "redis://127.0.0.1:6379/0"


@pytest.fixture
def postgres_url():
    if not reachable(5432):
        pytest.skip("PostgreSQL is not running on 127.0.0.1:5432")
    name = f"wegwijs_test_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT", future=True)
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def record(conversation_id: str, **extra) -> dict:
    return handover_record(conversation_id, **{
        "question": "Ik zoek hulp bij de boodschappen",
        **extra,
    })


@pytest.mark.postgres
def test_handover_life_on_postgresql(demo_map, postgres_url, login, csrf, monkeypatch, tmp_path, make_owner):
    app = create_app({"TESTING": True, "SOCIALMAP_DB": demo_map.path, "APP_DB_URL": postgres_url,
                      "SECRET_KEY": "test", "INTERNAL_TOKEN": INTAKE_TOKEN})
    app.extensions["socialmap"] = demo_map
    assert appdb.metadata.tables  # created on PostgreSQL by create_app
    monkeypatch.setitem(app.config, "RASA_CLIENT", lambda c, t: [{"text": "Ik ben er weer."},
                        {"custom": {"state": {"mode": "bot", "crisis": False, "services": []}}}])
    # the demo users, through the same fixture code as on SQLite
    from web import auth
    with app.app_context():
        for username, name, role, areas in auth.DEMO_USERS:
            auth.create_user(username, name, role, areas, auth.DEMO_PASSWORD)
    client = app.test_client()
    with app.app_context():  # the intake files handovers only for conversations the hub knows
        appdb.ensure_conversation("pg-gesprek-1")
        appdb.ensure_conversation("pg-gesprek-2")
    urgent = client.post("/api/v1/intern/handovers", json=record("pg-gesprek-2", urgency="spoed"), headers=INTAKE_HEADERS)
    normal = client.post("/api/v1/intern/handovers", json=record("pg-gesprek-1"), headers=INTAKE_HEADERS)
    assert urgent.status_code == normal.status_code == 201

    consultant = login(app.test_client(), "consulent")
    queue = consultant.get("/api/v1/handovers").get_json()["items"]
    assert [h["conversation_id"] for h in queue] == ["pg-gesprek-2", "pg-gesprek-1"]  # spoed first

    handover_id = urgent.get_json()["id"]
    # two consultants press "Oppakken" at the same moment: exactly one gets it
    results = []
    with app.app_context():
        barrier = threading.Barrier(2)

        def claim(username):
            with app.app_context():
                barrier.wait()
                results.append(appdb.update_handover(handover_id, expected_status="wacht", status="opgepakt",
                                                     claimed_by=username, claimed_at=appdb.now()))
        threads = [threading.Thread(target=claim, args=(u,)) for u in ("consulent", "beheerder")]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert sorted(results) == [False, True]

    resident = make_owner(app, app.test_client(), "pg-gesprek-1")
    resident.post("/api/v1/chat/pg-gesprek-1/berichten", json={"text": "Hallo?"})
    consultant.post(f"/werkplek/overdrachten/{normal.get_json()['id']}/oppakken",
                    data={"csrf_token": csrf(consultant, "/werkplek/")})
    consultant.post(f"/api/v1/handovers/{normal.get_json()['id']}/berichten", json={"text": "Goedemorgen!"},
                    headers={"X-CSRFToken": csrf(consultant, "/werkplek/")})
    texts = [m["text"] for m in resident.get("/api/v1/chat/pg-gesprek-1/berichten").get_json()["messages"]]
    assert "Hallo?" in texts and "Goedemorgen!" in texts
    consultant.post(f"/werkplek/overdrachten/{normal.get_json()['id']}/afsluiten",
                    data={"csrf_token": csrf(consultant, "/werkplek/"), "uitkomst": "opgelost-algemeen"})
    with app.app_context():
        assert appdb.get_handover(normal.get_json()["id"])["outcome"] == "opgelost-algemeen"
        appdb.engine().dispose()


@pytest.mark.postgres
def test_pushes_fan_out_through_redis(app, make_owner):
    """A push published by another web process (here: a write-only emitter) reaches a browser that is
    connected to this one: the real server over HTTP long-polling, a real Socket.IO client."""
    if not reachable(6379):
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    import socketio as socketio_client
    from flask_socketio import SocketIO
    from werkzeug.serving import make_server

    from web import realtime

    channel = f"wegwijs-test-{uuid.uuid4().hex[:8]}"
    queued = create_app({"TESTING": True, "SOCIALMAP_DB": app.config["SOCIALMAP_DB"],
                         "APP_DB": app.config["APP_DB"], "SECRET_KEY": "test",
                         "SOCKETIO_MESSAGE_QUEUE": REDIS, "SOCKETIO_CHANNEL": channel})
    server = make_server("127.0.0.1", 0, queued, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    browser = socketio_client.Client(reconnection=False)
    received: list[dict] = []
    browser.on("bericht", received.append)
    try:
        browser.connect(f"http://127.0.0.1:{server.server_port}", transports=["polling"], wait_timeout=5)
        secret = make_owner(queued, queued.test_client(), "gesprek-redis-01").environ_base["HTTP_X_WEGWIJS_SLEUTEL"]
        assert browser.call("volg_gesprek", {"gesprek": "gesprek-redis-01", "sleutel": secret},
                            timeout=5) == {"ok": True}
        other_process = SocketIO(message_queue=REDIS, channel=channel)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not received:
            # Redis pub/sub does not keep messages: repeat until the server's listener has subscribed.
            other_process.emit("bericht", {"text": "via Redis"}, to=realtime.conversation_room("gesprek-redis-01"))
            time.sleep(0.25)
        assert received and received[0] == {"text": "via Redis"}
    finally:
        browser.disconnect()
        server.shutdown()
