"""Two web hub processes together, as docs/deployment.md runs them at scale: two gunicorn processes
(`web.wsgi:app`, production mode) on two ports with one PostgreSQL app database, one Redis message
queue for Socket.IO and one Redis store for the rate limits.

A consultant connected to process A gets the push for a handover and for a resident message that
went through process B (and the resident on B gets the consultant's answer given on A); the login
rate limit and the login lockout count attempts on both processes together.

Needs PostgreSQL and Redis on 127.0.0.1 (skipped with the reason otherwise); everything made here
(database, Redis keys) is removed afterwards.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests

from tests.processes import free_port, reachable, stop, wait_for

REPO = Path(__file__).resolve().parents[2]
GUNICORN = REPO / ".venv" / "bin" / "gunicorn"
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


pytestmark = [
    pytest.mark.slow, pytest.mark.postgres,
    pytest.mark.skipif(not reachable(5432), reason="PostgreSQL is not running on 127.0.0.1:5432"),
    pytest.mark.skipif(not reachable(6379), reason="Redis is not running on 127.0.0.1:6379"),
]


class FakeRasa(BaseHTTPRequestHandler):
    """The bot's REST channel: answers every resident message with a question and its state."""

    def do_POST(self):  # noqa: N802 - http.server's naming
        self.rfile.read(int(self.headers["Content-Length"]))
        answer = json.dumps([{"text": "Waar zoekt u hulp bij?"},
                             {"custom": {"state": {"topic": None, "crisis": False, "mode": "bot",
                                                   "ladder_step": None, "services": [], "handover_id": None,
                                                   "language": "nl", "place": None}}}]).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def services():
    """A scratch app database, an empty Redis database for the rate limits, a channel of our own."""
    import redis
    import sqlalchemy as sa

    name = f"wegwijs_web_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT", future=True)
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    limits_db = next((n for n in range(14, 2, -1) if redis.Redis(db=n).dbsize() == 0), None)
    if limits_db is None:
        pytest.skip("no empty Redis database among 3-14 for the rate limits")
    tag = uuid.uuid4().hex[:8]
    try:
        yield {"db_url": f"postgresql://postgres@127.0.0.1:5432/{name}", "limits_db": limits_db,
               "limit_prefix": f"wegwijs-test-{tag}", "channel": f"wegwijs-test-{tag}"}
    finally:
        client = redis.Redis(db=limits_db)
        for key in client.scan_iter(f"wegwijs-test-{tag}*"):
            client.delete(key)
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="module")
def hub(services, demo_map, tmp_path_factory):
    rasa = ThreadingHTTPServer(("127.0.0.1", 0), FakeRasa)
    threading.Thread(target=rasa.serve_forever, daemon=True).start()
    internal_token = secrets.token_urlsafe(32)
    env = {**os.environ, "WEGWIJS_ENV": "production",
           "WEGWIJS_SECRET_KEY": secrets.token_urlsafe(32), "WEGWIJS_INTERNAL_TOKEN": internal_token,
           "WEGWIJS_RASA_TOKEN": secrets.token_urlsafe(32), "WEGWIJS_RASA_URL": f"http://127.0.0.1:{rasa.server_port}",
           "WEGWIJS_APP_DB_URL": services["db_url"], "WEGWIJS_SOCIALMAP_DB": demo_map.path,
           "WEGWIJS_SOCKETIO_MESSAGE_QUEUE": "redis://127.0.0.1:6379/0",
           "WEGWIJS_SOCKETIO_CHANNEL": services["channel"],
           "WEGWIJS_REDIS_URL": "redis://127.0.0.1:6379/0",  # the per-conversation turn lock
           "WEGWIJS_RATELIMIT_STORAGE_URI": f"redis://127.0.0.1:6379/{services['limits_db']}",
           "WEGWIJS_RATELIMIT_KEY_PREFIX": services["limit_prefix"], "WEGWIJS_RATELIMIT_LOGIN": "10/minute",
           "WEGWIJS_DEMO_USERS_ALLOWED": "false"}
    _create_staff(env)
    logs = tmp_path_factory.mktemp("web")
    ports = [free_port(), free_port()]
    processes = [subprocess.Popen(  # the command of docs/deployment.md (fewer threads for a test)
        [str(GUNICORN), "-w", "1", "--threads", "20", "--timeout", "60", "--keep-alive", "5",
         "-b", f"127.0.0.1:{port}", "web.wsgi:app"],
        cwd=REPO, env=env, stdout=open(logs / f"web-{port}.log", "wb"), stderr=subprocess.STDOUT)  # noqa: SIM115
        for port in ports]
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for url, process in zip(urls, processes, strict=True):
            wait_for(f"{url}/login", process)
        yield {"a": urls[0], "b": urls[1], "internal_token": internal_token, "channel": services["channel"]}
    finally:
        stop(processes)
        rasa.shutdown()


def _create_staff(env: dict) -> None:
    """The consultant and a second account, in the shared database (as `flask create-user` does)."""
    from web import auth, create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "x", "APP_DB_URL": env["WEGWIJS_APP_DB_URL"],
                      "SOCIALMAP_DB": env["WEGWIJS_SOCIALMAP_DB"]})
    with app.app_context():
        auth.create_user("consulent", "Sanne de Vries", "consulent", "Deurne|Asten", "het-juiste-wachtwoord")
        auth.create_user("luisteraar", "Joke van Dijk", "luisteraar", "Deurne", "het-juiste-wachtwoord")
        from web import appdb
        appdb.engine().dispose()


def csrf(session: requests.Session, url: str) -> str:
    return TOKEN.search(session.get(url, timeout=10).text).group(1)


def log_in(session: requests.Session, url: str, username: str, password: str) -> requests.Response:
    return session.post(f"{url}/login", data={"gebruikersnaam": username, "wachtwoord": password,
                                              "csrf_token": csrf(session, f"{url}/login")},
                        allow_redirects=False, timeout=10)


def socket_to(url: str, session: requests.Session | None = None):
    import socketio

    client = socketio.Client(reconnection=False)
    received: list[tuple[str, dict]] = []
    for event in ("wachtrij", "bericht", "modus"):
        client.on(event, lambda data, event=event: received.append((event, data)))
    cookie = "; ".join(f"{c.name}={c.value}" for c in session.cookies) if session else None
    client.connect(url, headers={"Cookie": cookie} if cookie else {}, transports=["polling"], wait_timeout=10)
    return client, received


def wait_for_push(received: list, event: str, match, seconds: float = 10) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for name, data in list(received):
            if name == event and match(data):
                return data
        time.sleep(0.1)
    raise AssertionError(f"no {event!r} push arrived; got {received}")


def listening_processes(channel: str) -> int:
    import redis

    return dict(redis.Redis(db=0).pubsub_numsub(channel)).get(channel.encode(), 0)


def test_pushes_cross_from_one_process_to_the_other(hub):
    a, b = hub["a"], hub["b"]
    consultant = requests.Session()
    assert log_in(consultant, a, "consulent", "het-juiste-wachtwoord").status_code == 302
    staff_socket, staff_pushes = socket_to(a, consultant)
    resident = requests.Session()
    started = resident.post(f"{b}/api/v1/chat/gesprekken", json={}, timeout=10).json()
    conversation, key = started["id"], {started["header"]: started["secret"]}
    resident_socket, resident_pushes = socket_to(b)
    try:
        assert staff_socket.call("volg_werkplek", {}, timeout=10)["ok"] is True
        assert resident_socket.call("volg_gesprek", {"gesprek": conversation, "sleutel": started["secret"]},
                                    timeout=10) == {"ok": True}
        deadline = time.monotonic() + 10
        while listening_processes(hub["channel"]) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)  # each process subscribes to the queue when its first socket connects
        assert listening_processes(hub["channel"]) == 2

        answer = resident.post(f"{b}/api/v1/chat/{conversation}/berichten", json={"text": "Ik wil iemand spreken"},
                               headers=key, timeout=10)
        assert answer.status_code == 200, answer.text
        # the bot's action server files the handover at process B
        intake = requests.post(f"{b}/api/v1/intern/handovers", headers={"X-Wegwijs-Token": hub["internal_token"]},
                               json={"conversation_id": conversation, "question": "Ik zoek hulp bij de boodschappen",
                                     "for_whom": "zelf", "ladder": {}, "urgency": "normaal", "anonymous": False,
                                     "municipality": "Deurne", "consent": {"given": True,
                                     "at": "2026-11-23T10:00:00+00:00", "text": "Mag ik dit doorgeven?"}},
                               timeout=10)
        assert intake.status_code == 201, intake.text
        handover = intake.json()["id"]
        wait_for_push(staff_pushes, "wachtrij", lambda data: True)  # the queue on A changed

        # the consultant (on A) takes it and follows it; the resident writes through B
        claimed = consultant.post(f"{a}/werkplek/overdrachten/{handover}/oppakken",
                                  data={"csrf_token": csrf(consultant, f"{a}/werkplek/")}, timeout=10)
        assert claimed.status_code in (200, 302, 303), claimed.text
        assert staff_socket.call("volg_werkplek", {"overdracht": handover}, timeout=10)["ok"] is True
        sent = resident.post(f"{b}/api/v1/chat/{conversation}/berichten", json={"text": "Hallo, bent u daar?"},
                             headers=key, timeout=10)
        assert sent.status_code == 200, sent.text
        pushed = wait_for_push(staff_pushes, "bericht", lambda data: data.get("text") == "Hallo, bent u daar?")
        assert pushed["role"] == "inwoner"

        # and back: the consultant answers on A, the resident's tab on B gets it
        reply = consultant.post(f"{a}/api/v1/handovers/{handover}/berichten", json={"text": "Goedemorgen, ik ben Sanne."},
                                headers={"X-CSRFToken": csrf(consultant, f"{a}/werkplek/")}, timeout=10)
        assert reply.status_code in (200, 201), reply.text
        wait_for_push(resident_pushes, "bericht", lambda data: data.get("text") == "Goedemorgen, ik ben Sanne.")
    finally:
        staff_socket.disconnect()
        resident_socket.disconnect()


def test_login_lockout_and_rate_limit_count_both_processes(hub):
    a, b = hub["a"], hub["b"]
    browser = requests.Session()
    # five wrong passwords, spread over the two processes, lock the account on both
    for attempt in range(5):
        answer = log_in(browser, (a, b)[attempt % 2], "luisteraar", "fout")
        assert answer.status_code == 401
    for url in (a, b):
        locked = log_in(browser, url, "luisteraar", "het-juiste-wachtwoord")
        assert locked.status_code == 429 and "Te veel mislukte pogingen" in locked.text
    # 10 login posts a minute per address, over both processes (the consultant's login of the
    # other test may count too: at most one more)
    statuses = [log_in(browser, (a, b)[n % 2], "niemand", "fout").status_code for n in range(4)]
    assert 429 in statuses
    limited = next(n for n, s in enumerate(statuses) if s == 429)
    assert statuses[:limited] == [401] * limited
    refused = log_in(browser, (b, a)[limited % 2], "niemand", "fout")  # the other process refuses too
    assert refused.status_code == 429 and "Te veel pogingen" in refused.text
