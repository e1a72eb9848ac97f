"""The per-turn CPU savings change no behaviour: action answers are validated as strictly as by
Rasa itself, button payloads keep their intent, cached embeddings equal fresh ones."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import numpy as np
import pytest


def test_cached_action_result_validation_accepts_and_rejects_like_rasa():
    import components  # noqa: F401 - installs the speed-ups
    from components import speedups
    from jsonschema import ValidationError, validate
    from rasa.core.actions.action import RemoteAction

    assert RemoteAction._validate_action_result is speedups._validate_action_result
    action = RemoteAction("action_wegwijs", None)
    good = {"events": [{"event": "slot", "name": "gesprek", "value": {"mode": "bot"}}],
            "responses": [{"text": "Hallo", "custom": {"state": {"topic": None}}}]}
    assert action._validate_action_result(good)
    for bad in ({"events": "geen lijst"}, {"events": [{"geen": "event"}]}, {"responses": "x"}):
        with pytest.raises(ValidationError) as caught:
            validate(bad, RemoteAction.action_response_format_spec())  # what Rasa would say
        with pytest.raises(ValidationError, match="Failed to validate Action server response") as ours:
            action._validate_action_result(bad)
        assert ours.value.validator == caught.value.validator


def test_button_payloads_are_recognised_without_embedding():
    from components.e5_intent_classifier import _payload_intent

    assert _payload_intent("/voor_mijzelf") == "voor_mijzelf"
    assert _payload_intent('/geef_plaats{"plaats": "Deurne"}') == "geef_plaats"
    assert _payload_intent("ik wil hulp") is None and _payload_intent("/") is None


def test_short_message_embeddings_are_cached_and_equal(monkeypatch):
    from components import e5_intent_classifier as e5

    calls: list[list[str]] = []

    def fake_embed(texts):
        calls.append(list(texts))
        return np.array([[float(len(t)), 1.0] for t in texts])

    monkeypatch.setattr(e5, "_embed", fake_embed)
    monkeypatch.setattr(e5, "_cache", type(e5._cache)())
    long = "mijn moeder kan niet meer zelf koken en woont alleen"
    first = e5._embed_cached(["ja", long, "Deurne"])
    again = e5._embed_cached(["Deurne", long, "ja"])
    assert calls == [["ja", long, "Deurne"], [long]]  # the long message is never cached
    assert np.array_equal(first[[2, 1, 0]], again)
    assert all(isinstance(k, bytes) for k in e5._cache)  # hashes, not the texts


def test_sqlite_tracker_store_uses_the_write_ahead_log(tmp_path):
    from rasa.shared.core.events import UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker
    from tracker_store import ScrubbingSQLTrackerStore

    db = tmp_path / "tracker.sqlite"
    store = ScrubbingSQLTrackerStore(db=str(db))
    asyncio.run(store.save(DialogueStateTracker.from_events("abc", [UserUttered("hallo")])))
    assert sqlite3.connect(db).execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert [e.text for e in asyncio.run(store.retrieve("abc")).events if isinstance(e, UserUttered)] == ["hallo"]


def test_the_tracker_log_is_checkpointed_in_the_background_not_by_a_turn(tmp_path):
    import shutil
    import time

    from rasa.shared.core.events import UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker
    from tracker_store import ScrubbingSQLTrackerStore

    db = tmp_path / "tracker.sqlite"
    store = ScrubbingSQLTrackerStore(db=str(db))
    with store.engine.connect() as connection:  # no commit copies the log into the database
        assert connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 0
    for number in range(50):
        asyncio.run(store.save(DialogueStateTracker.from_events(f"c{number}", [UserUttered("hallo")])))

    def senders_in_the_database_file() -> int:  # a copy without its log: only checkpointed pages
        shutil.copyfile(db, tmp_path / "copy.sqlite")
        return sqlite3.connect(tmp_path / "copy.sqlite").execute(
            "SELECT COUNT(DISTINCT sender_id) FROM events").fetchone()[0]

    deadline = time.monotonic() + 15
    while senders_in_the_database_file() < 50 and time.monotonic() < deadline:
        time.sleep(0.5)
    assert senders_in_the_database_file() == 50


def test_a_conversation_reuses_its_tracker_store_connection(tmp_path):
    """Every turn reads and saves the tracker: on an open connection, not a new one per session,
    and a conversation read back has every turn (also after many turns)."""
    from rasa.shared.core.events import ActionExecuted, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker
    from sqlalchemy import event
    from tracker_store import ScrubbingSQLTrackerStore

    store = ScrubbingSQLTrackerStore(db=str(tmp_path / "tracker.sqlite"))
    opened: list[object] = []
    event.listen(store.engine, "connect", lambda connection, _record: opened.append(connection))
    tracker = DialogueStateTracker.from_events("abc", [])
    for turn in range(20):
        tracker.update(UserUttered(f"bericht {turn}"))
        tracker.update(ActionExecuted("action_listen"))
        asyncio.run(store.save(tracker))
        tracker = asyncio.run(store.retrieve("abc"))
    assert [e.text for e in tracker.events if isinstance(e, UserUttered)] == [f"bericht {n}" for n in range(20)]
    assert len(opened) <= 1  # 40 sessions: at most the first one opened a connection


def test_contiguous_coefficients_give_the_same_probabilities_bit_for_bit():
    from components import speedups
    from scipy.sparse import random as sparse_random
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(5)
    features = sparse_random(60, 400, density=0.05, format="csr", random_state=7)
    labels = rng.integers(0, 4, size=60)
    model = LogisticRegression(max_iter=500).fit(features, labels)
    before = model.predict_proba(features[:9])
    assert not model.coef_.flags.f_contiguous
    assert speedups.contiguous_coefficients(model) is model
    assert model.coef_.flags.f_contiguous and model.coef_.T.flags.c_contiguous  # scipy uses it without a copy
    assert np.array_equal(model.predict_proba(features[:9]), before)
    assert speedups.contiguous_coefficients(None) is None  # an untrained component stays untrained


def test_stored_events_come_back_as_the_same_classes():
    import components  # noqa: F401 - installs the speed-ups
    from components import speedups
    from rasa.shared.core.events import Event, SlotSet, UserUttered
    from rasa.shared.utils.common import all_subclasses

    assert Event.resolve_by_type is speedups._resolve_event_type
    for cls in all_subclasses(Event):
        assert Event.resolve_by_type(cls.type_name) is speedups._rasa_resolve_by_type(cls.type_name)
    assert Event.resolve_by_type("bestaat-niet", default=SlotSet) is SlotSet
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("bestaat-niet")
    event = Event.from_parameters({"event": "user", "text": "hallo", "parse_data": {}})
    assert isinstance(event, UserUttered) and event.text == "hallo"


def test_the_tracker_store_reads_what_rasas_own_queries_read(tmp_path):
    """Reading a conversation (its latest session, or all of them) and counting what is stored
    run on prepared statements: the same events as Rasa's ORM queries, in the same order."""
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, SessionStarted, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker
    from tracker_store import ScrubbingSQLTrackerStore

    store = ScrubbingSQLTrackerStore(domain=Domain.empty(), db=str(tmp_path / "tracker.sqlite"))
    tracker = DialogueStateTracker.from_events("abc", [ActionExecuted("action_session_start", timestamp=0.5),
                                                       SessionStarted(1.0), UserUttered("eerste gesprek", timestamp=2.0)])
    asyncio.run(store.save(tracker))
    for event in (ActionExecuted("action_session_start", timestamp=3.0), SessionStarted(4.0),
                  UserUttered("tweede gesprek", timestamp=5.0), UserUttered("nog iets", timestamp=6.0)):
        tracker = asyncio.run(store.retrieve("abc"))  # a turn as Rasa runs it: read the conversation, add, save
        tracker.update(event)
        asyncio.run(store.save(tracker))

    def texts(found):
        return [e.text for e in found.events if isinstance(e, UserUttered)]

    assert texts(asyncio.run(store.retrieve("abc"))) == ["tweede gesprek", "nog iets"]
    assert texts(asyncio.run(store.retrieve_full_tracker("abc"))) == ["eerste gesprek", "tweede gesprek", "nog iets"]
    for everything in (False, True):
        ours = asyncio.run(store._retrieve("abc", everything))
        rasas = asyncio.run(SQLTrackerStore._retrieve(store, "abc", everything))
        assert [e.as_dict() for e in ours.events] == [e.as_dict() for e in rasas.events]
    assert asyncio.run(store.retrieve("onbekend")) is None
    reference = DialogueStateTracker.from_events("ref", list(asyncio.run(store.retrieve("abc")).events))
    asyncio.run(SQLTrackerStore.save(store, reference))  # Rasa's own save of the same events

    def rows(sender: str) -> list[tuple]:
        with store.session_scope() as session:
            return [(e.type_name, e.timestamp, e.intent_name, e.action_name, e.data) for e in session.query(
                store.SQLEvent).filter(store.SQLEvent.sender_id == sender).order_by(store.SQLEvent.id)]

    assert rows("ref") == rows("abc")[-len(rows("ref")):]  # our save wrote the same rows
    tracker.update(UserUttered("nieuw", timestamp=7.0))
    with store.session_scope() as session:
        assert [e.text for e in store._additional_events(session, tracker)] == \
            [e.text for e in SQLTrackerStore._additional_events(store, session, tracker)] == ["nieuw"]


def test_an_anonymous_conversation_scrubs_each_message_once_and_stores_nothing_personal(tmp_path, monkeypatch):
    """What a resident typed before choosing anonymity is cleaned when they choose it; after that a
    turn scrubs only its own new messages (the cost no longer grows with the conversation), and
    the stored conversation is what a full scrubbed rewrite would store."""
    import tracker_store
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import (
        ActionExecuted,
        BotUttered,
        SessionStarted,
        SlotSet,
        UserUttered,
    )
    from rasa.shared.core.trackers import DialogueStateTracker
    from tracker_store import ScrubbingSQLTrackerStore, scrub_tracker

    domain = Domain.from_path(str(Path(tracker_store.__file__).parent / "domain.yml"))
    store = ScrubbingSQLTrackerStore(domain=domain, db=str(tmp_path / "tracker.sqlite"))
    scrubbed: list[str] = []
    real_scrub = tracker_store.scrub_pii
    monkeypatch.setattr(tracker_store, "scrub_pii", lambda text: scrubbed.append(text) or real_scrub(text))
    clock = iter(range(1, 1000))

    def turn(text: str, anonymous: bool) -> int:
        tracker = asyncio.run(store.retrieve("anon")) or DialogueStateTracker.from_events(
            "anon", [ActionExecuted("action_session_start", timestamp=next(clock)), SessionStarted(next(clock))],
            domain.slots)
        for event in (UserUttered(text, timestamp=next(clock)), ActionExecuted("action_wegwijs", timestamp=next(clock)),
                      SlotSet("gesprek", {"mode": "anoniem" if anonymous else "bot", "anonymous": anonymous,
                                          "question": text}, timestamp=next(clock)),
                      BotUttered(f"Dank u. U zei: {text}", timestamp=next(clock)),
                      ActionExecuted("action_listen", timestamp=next(clock))):
            tracker.update(event)
        scrubbed.clear()
        asyncio.run(store.save(tracker))
        return len(scrubbed)

    turn("Ik ben Jan de Vries en woon in Deurne", anonymous=False)
    calls = [turn("ik wil anoniem verder", anonymous=True)]  # the switch: everything said so far
    calls += [turn(f"mijn buurvrouw Anja de Vries komt soms ({n})", anonymous=True) for n in range(6)]
    assert calls[0] > calls[1] and len(set(calls[1:])) == 1  # then the same small number every turn
    stored = asyncio.run(store.retrieve("anon"))
    texts = " ".join(e.text or "" for e in stored.events if isinstance(e, (UserUttered, BotUttered)))
    assert "Jan" not in texts and "Anja" not in texts and texts.count("[naam]") >= 7
    rewritten = scrub_tracker(stored)  # a full rewrite now would store the same events
    assert [e.as_dict() for e in rewritten.events] == [e.as_dict() for e in stored.events]
