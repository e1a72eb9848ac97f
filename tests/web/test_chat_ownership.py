"""Conversations belong to the browser the server gave them to: ids are issued by the server, every
call proves ownership with a secret, nothing is read or written with the id alone, ids and secrets
stay out of the logs, and simultaneous first messages are all stored and answered in order."""

import logging
import threading
import time
import urllib.request

import pytest
import requests
from werkzeug.serving import make_server

from web import appdb
from web.realtime import socketio_of

SECRET = "X-Wegwijs-Sleutel"


def state(**values):
    base = {"topic": None, "crisis": False, "mode": "bot", "ladder_step": None, "services": [], "handover_id": None}
    return {"custom": {"state": {**base, **values}}}


@pytest.fixture
def bot(app):
    calls = []

    def rasa(conversation_id, text):
        calls.append((conversation_id, text))
        time.sleep(0.005)  # a turn takes a moment: overlapping turns would interleave
        return [{"text": f"antwoord op {text}"}, state()]

    app.config["RASA_CLIENT"] = rasa
    return calls


def start(client) -> tuple[str, dict]:
    answer = client.post("/api/v1/chat/gesprekken", json={})
    assert answer.status_code == 201
    body = answer.get_json()
    return body["id"], {SECRET: body["secret"]}


def test_the_server_issues_random_ids_and_keeps_only_a_hash_of_the_secret(app, client):
    ids = set()
    for _ in range(20):
        conversation_id, headers = start(client)
        ids.add(conversation_id)
        assert len(conversation_id) >= 22  # 16 random bytes, url-safe
        with app.app_context():
            row = appdb.get_conversation(conversation_id)
        assert headers[SECRET] not in str(row.values()) and row["secret_hash"] == appdb.secret_hash(headers[SECRET])
    assert len(ids) == 20


def test_a_client_chosen_id_is_refused_and_creates_nothing(app, client, bot):
    answer = client.post("/api/v1/chat/aaaaaaaa/berichten", json={"text": "hallo"})
    assert answer.status_code == 404 and bot == []
    with app.app_context():
        assert appdb.get_conversation("aaaaaaaa") is None


def test_a_stolen_id_reads_and_writes_nothing(app, client, bot):
    conversation_id, owner = start(client)
    client.post(f"/api/v1/chat/{conversation_id}/berichten", json={"text": "mijn adres is geheim"}, headers=owner)
    with app.app_context():
        before = appdb.list_messages(conversation_id)
    thief = app.test_client()
    url = f"/api/v1/chat/{conversation_id}"
    for headers in ({}, {SECRET: "geraden"}, {SECRET: owner[SECRET][:-1]}):
        assert thief.get(f"{url}/berichten", headers=headers).status_code == 404
        assert thief.post(f"{url}/berichten", json={"text": "ik ben de inwoner"}, headers=headers).status_code == 404
        assert thief.post(f"{url}/feedback", json={"kind": "antwoord", "useful": False, "comment": "x"},
                          headers=headers).status_code == 404
        assert thief.post(f"{url}/terugbellen", json={"telefoon": "0612345678"}, headers=headers).status_code == 404
        assert thief.post("/chat/overzicht", data={"gesprek": conversation_id, **(
            {"sleutel": headers[SECRET]} if headers else {})}).status_code == 404
        assert thief.get(f"{url}/download", headers=headers).status_code == 404
        assert thief.delete(url, headers=headers).status_code == 404
    # the secret in the URL is not accepted either
    assert thief.get(f"{url}/berichten?sleutel={owner[SECRET]}").status_code == 404
    with app.app_context():
        assert appdb.list_messages(conversation_id) == before and appdb.list_feedback() == []
    assert [t for _c, t in bot] == ["mijn adres is geheim"]
    history = client.get(f"{url}/berichten", headers=owner).get_json()
    assert [m["text"] for m in history["messages"]] == ["mijn adres is geheim", "antwoord op mijn adres is geheim"]


def test_the_socket_join_needs_the_secret(app, client, bot):
    conversation_id, owner = start(client)
    eavesdropper = socketio_of(app).test_client(app)
    assert eavesdropper.emit("volg_gesprek", {"gesprek": conversation_id}, callback=True) == {"ok": False}
    assert eavesdropper.emit("volg_gesprek", {"gesprek": conversation_id, "sleutel": "x" * 43},
                             callback=True) == {"ok": False}
    owner_socket = socketio_of(app).test_client(app)
    assert owner_socket.emit("volg_gesprek", {"gesprek": conversation_id, "sleutel": owner[SECRET]},
                             callback=True) == {"ok": True}
    with app.test_request_context():
        from web import realtime
        realtime.emit("bericht", {"text": "alleen voor de eigenaar"}, realtime.conversation_room(conversation_id))
    assert [e["args"][0]["text"] for e in owner_socket.get_received() if e["name"] == "bericht"] == [
        "alleen voor de eigenaar"]
    assert [e for e in eavesdropper.get_received() if e["name"] == "bericht"] == []


@pytest.fixture
def served(app, caplog):
    """The app on a real threaded server (one thread per request, as browsers hit it)."""
    caplog.set_level(logging.INFO, logger="werkzeug")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_eight_simultaneous_messages_in_ten_new_conversations_are_all_stored_and_answered(app, bot, served):
    session = requests.Session()
    conversations = []
    for _ in range(10):
        body = session.post(f"{served}/api/v1/chat/gesprekken", json={}).json()
        conversations.append((body["id"], {SECRET: body["secret"]}))
    barrier = threading.Barrier(80)
    results = []

    def first_message(conversation_id, headers, n):
        barrier.wait()
        answer = requests.post(f"{served}/api/v1/chat/{conversation_id}/berichten",
                               json={"text": f"bericht {n}"}, headers=headers, timeout=60)
        results.append((answer.status_code, answer.json()["messages"][0]["text"] if answer.ok else answer.text))

    threads = [threading.Thread(target=first_message, args=(c, h, n)) for c, h in conversations for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(code for code, _text in results) == [200] * 80
    assert all(text.startswith("antwoord op bericht") for _code, text in results)
    with app.app_context():
        for conversation_id, _headers in conversations:
            stored = [(m["role"], m["text"]) for m in appdb.list_messages(conversation_id)]
            said = [t for c, t in bot if c == conversation_id]
            assert sorted(said) == [f"bericht {n}" for n in range(8)]
            # in order: each question is followed by its own answer, in the order the bot heard them
            expected = [pair for text in said for pair in (("inwoner", text), ("bot", f"antwoord op {text}"))]
            assert stored == expected


def test_ids_and_secrets_stay_out_of_the_access_log(app, bot, served, caplog):
    body = requests.post(f"{served}/api/v1/chat/gesprekken", json={}).json()
    headers = {SECRET: body["secret"]}
    requests.post(f"{served}/api/v1/chat/{body['id']}/berichten", json={"text": "hallo"}, headers=headers)
    requests.get(f"{served}/api/v1/chat/{body['id']}/berichten?na=0", headers=headers)
    urllib.request.urlopen(f"{served}/chat").read()
    log = caplog.text
    assert "/api/v1/chat/[gesprek]/berichten" in log  # the request lines are there ...
    assert body["id"] not in log and body["secret"] not in log  # ... without the id or the secret


def test_gunicorn_style_access_records_are_redacted_too():
    """gunicorn logs its access line with a dict of atoms; the filter on its logger cleans those."""
    from web import log_redaction

    log_redaction.install()
    record = logging.LogRecord("gunicorn.access", logging.INFO, __file__, 1, '%(h)s "%(r)s" %(s)s',
                               ({"h": "127.0.0.1", "r": "POST /api/v1/chat/Xe3ylj-0PhC75waH7y-Ntw/berichten HTTP/1.1",
                                 "s": "200", "U": "/werkplek/gesprekken/Xe3ylj-0PhC75waH7y-Ntw"},), None)
    for log_filter in logging.getLogger("gunicorn.access").filters:
        log_filter.filter(record)
    line = record.getMessage()
    assert "Xe3ylj" not in line and '"POST /api/v1/chat/[gesprek]/berichten HTTP/1.1" 200' in line
