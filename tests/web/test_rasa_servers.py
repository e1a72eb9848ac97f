"""Several Rasa servers behind the hub: turns go round robin, and a server that is down never costs
a turn. Small real HTTP servers stand in for Rasa (the real thing: tests/bot/test_rasa_scale_out.py)."""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from web import create_app, rasa_client


def fake_rasa(name: str, seen: list[tuple[str, str]], status: int = 200):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's naming
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            seen.append((name, body["message"]))
            answer = json.dumps([{"text": f"{name}: {body['message']}"},
                                 {"custom": {"state": {"mode": "bot"}}}]).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nobody listens here once the socket is closed


@pytest.fixture
def servers():
    seen: list[tuple[str, str]] = []
    started = [fake_rasa("een", seen), fake_rasa("twee", seen)]
    yield seen, [f"http://127.0.0.1:{s.server_port}" for s in started]
    for server in started:
        server.shutdown()


def hub(tmp_path, rasa_url):
    return create_app({"TESTING": True, "APP_DB": str(tmp_path / "app.sqlite"), "SECRET_KEY": "test",
                       "RASA_URL": rasa_url})


def test_turns_alternate_between_the_servers(tmp_path, servers):
    seen, urls = servers
    app = hub(tmp_path, ",".join(urls))
    with app.app_context():
        answers = [rasa_client.send("gesprek-1", f"beurt {i}")[0]["text"] for i in range(4)]
    assert [name for name, _ in seen] == ["een", "twee", "een", "twee"]  # per turn, not sticky
    assert answers == ["een: beurt 0", "twee: beurt 1", "een: beurt 2", "twee: beurt 3"]


def test_a_server_that_is_down_costs_no_turn(tmp_path, servers):
    seen, urls = servers
    app = hub(tmp_path, f"http://127.0.0.1:{closed_port()}, {urls[1]}")
    with app.app_context():
        answers = [rasa_client.send("gesprek-1", f"beurt {i}")[0]["text"] for i in range(4)]
    assert answers == [f"twee: beurt {i}" for i in range(4)]
    assert seen == [("twee", f"beurt {i}") for i in range(4)]  # each turn reached Rasa once


def test_a_server_that_refuses_the_turn_passes_it_on(tmp_path):
    seen: list[tuple[str, str]] = []
    starting, ready = fake_rasa("start", seen, status=503), fake_rasa("klaar", seen)
    try:
        app = hub(tmp_path, [f"http://127.0.0.1:{starting.server_port}", f"http://127.0.0.1:{ready.server_port}"])
        with app.app_context():
            assert rasa_client.send("gesprek-1", "hallo")[0]["text"] == "klaar: hallo"
    finally:
        starting.shutdown()
        ready.shutdown()


def test_only_when_every_server_is_down_the_bot_is_unavailable(tmp_path):
    app = hub(tmp_path, f"http://127.0.0.1:{closed_port()},http://127.0.0.1:{closed_port()}")
    with app.app_context(), pytest.raises(rasa_client.BotUnavailable, match="no Rasa server took the turn"):
        rasa_client.send("gesprek-1", "hallo")


def test_one_url_works_as_before_and_a_wrong_one_stops_the_app(tmp_path, servers):
    seen, urls = servers
    app = hub(tmp_path, urls[0] + "/")
    with app.app_context():
        assert rasa_client.send("gesprek-1", "hallo")[0]["text"] == "een: hallo"
    with pytest.raises(ValueError, match="not an http"):
        hub(tmp_path, "127.0.0.1:5005")
    with pytest.raises(ValueError, match="names no Rasa server"):
        hub(tmp_path, " , ")
