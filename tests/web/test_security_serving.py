"""Serving under load: the embedded SQLite app database takes many writing threads at once (as
gunicorn's 100 threads do) without "database is locked"."""

from __future__ import annotations

import threading

from web import appdb


def test_many_threads_write_the_app_database_at_once(app):
    with app.app_context():
        for index in range(40):
            appdb.ensure_conversation(f"gesprek-druk-{index:04d}")
    errors: list[BaseException] = []
    barrier = threading.Barrier(40)

    def write(index: int) -> None:
        with app.app_context():
            barrier.wait()
            try:
                for turn in range(10):
                    appdb.add_message(f"gesprek-druk-{index:04d}", "inwoner", f"bericht {turn}")
                    appdb.update_conversation(f"gesprek-druk-{index:04d}", municipality="Deurne")
            except BaseException as exc:  # noqa: BLE001 - collected for the assertion
                errors.append(exc)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with app.app_context():
        assert all(len(appdb.list_messages(f"gesprek-druk-{i:04d}")) == 10 for i in range(40))


def test_chat_turns_reuse_open_database_connections(app, client):
    """A turn's ~10 reads and writes of the app database run on pooled connections: opening one
    (with its pragmas) and closing the last one (a checkpoint) per query cost the hub a third of
    its time under load. What the resident sees stays the same."""
    from sqlalchemy import event

    state = {"topic": None, "crisis": False, "mode": "bot", "ladder_step": None, "services": [], "handover_id": None}
    app.config["RASA_CLIENT"] = lambda _id, _text: [{"text": "Waar woont u?"}, {"custom": {"state": state}}]
    with app.app_context():
        engine = appdb.engine()
    opened: list[object] = []
    event.listen(engine, "connect", lambda connection, _record: opened.append(connection))
    conversation = client.post("/api/v1/chat/gesprekken", json={}).get_json()
    headers = {conversation.get("header", "X-Wegwijs-Sleutel"): conversation["secret"]}
    for text in ("ik zoek hulp bij het schoonmaken", "voor mezelf", "Deurne"):
        answer = client.post(f"/api/v1/chat/{conversation['id']}/berichten", json={"text": text}, headers=headers)
        assert answer.status_code == 200 and answer.get_json()["messages"]
    history = client.get(f"/api/v1/chat/{conversation['id']}/berichten", headers=headers).get_json()
    assert [m["text"] for m in history["messages"] if m["role"] == "inwoner"] == [
        "ik zoek hulp bij het schoonmaken", "voor mezelf", "Deurne"]
    assert len(opened) <= 1  # dozens of queries, one thread: at most one new connection
