"""An SQL tracker store that never writes personal data of anonymous conversations, nor a BSN or
IBAN of anyone.

Before a tracker is saved, if its `gesprek` slot says the conversation is anonymous, the text
and entities of every user event and the slot's free text are scrubbed (wegwijs_common.privacy).
So a name or phone number typed in anonymous mode never reaches the database. In every mode the
new events lose valid BSNs and IBANs on the way in (`_additional_events`).

Being the one module of ours that the Rasa server loads, it also keeps resident text out of the
server's log (`quiet_resident_text_in_logs`): Rasa logs the message text when a turn fails.
"""

from __future__ import annotations

import contextvars
import copy
import itertools
import json
import os
import sys
from pathlib import Path

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import text as sa_text
from sqlalchemy.orm import sessionmaker

sys.path.insert(0, str(Path(__file__).resolve().parent))
from privacy import scrub_identifiers, scrub_pii  # noqa: E402

STATE_SLOT = "gesprek"
# Entities that cannot identify anyone; a model may tag a name as a place, so places go too.
KEPT_ENTITIES = ("relatie", "crisis_type", "gemeentezaak")


def is_anonymous(tracker: DialogueStateTracker) -> bool:
    state = tracker.get_slot(STATE_SLOT)
    return bool(isinstance(state, dict) and state.get("anonymous"))


def scrub_state(state: dict) -> dict:
    state = copy.deepcopy(state)
    for key in ("question", "area"):
        if isinstance(state.get(key), str):
            state[key] = scrub_pii(state[key])
    # every list of the resident's own words: details, the crisis words kept for the summary,
    # and corrections typed in the summary dialogue
    for key in ("details", "crisis_words", "corrections"):
        state[key] = [scrub_pii(d) if isinstance(d, str) else d for d in state.get(key) or []]
    for key in ("postcode", "contact", "pending_contact", "age", "preferred_time"):
        state[key] = None
    return state


def scrub_event(event):
    """The event as it may be stored in an anonymous conversation: personal data removed."""
    if isinstance(event, UserUttered):
        data = copy.deepcopy(event.parse_data) if event.parse_data else {}
        text = scrub_pii(event.text)
        if data:
            data["text"] = text
            data["entities"] = [e for e in data.get("entities", []) if e.get("entity") in KEPT_ENTITIES]
        return UserUttered(text, event.intent, data.get("entities", []), data or None,
                           timestamp=event.timestamp, input_channel=event.input_channel,
                           message_id=event.message_id, metadata={})
    if isinstance(event, BotUttered):
        return BotUttered(scrub_pii(event.text), copy.deepcopy(event.data), {}, timestamp=event.timestamp)
    if isinstance(event, SlotSet) and event.key == STATE_SLOT and isinstance(event.value, dict):
        return SlotSet(event.key, scrub_state(event.value), timestamp=event.timestamp)
    return event


def scrub_tracker(tracker: DialogueStateTracker) -> DialogueStateTracker:
    """A copy of the tracker with personal data removed from all events."""
    events = [scrub_event(event) for event in tracker.events]
    return DialogueStateTracker.from_events(tracker.sender_id, events, list(tracker.slots.values()))


def anonymous_after(events, count: int) -> bool:
    """Was the conversation anonymous after its first `count` events (its state slot then)?"""
    for event in reversed(list(itertools.islice(events, count))):
        if isinstance(event, SlotSet) and event.key == STATE_SLOT:
            return bool(isinstance(event.value, dict) and event.value.get("anonymous"))
    return False


# Set while an anonymous conversation's new events are saved: _additional_events scrubs them.
_scrub_new_events: contextvars.ContextVar[bool] = contextvars.ContextVar("scrub_new_events", default=False)


def _deep(value, scrub):
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, dict):
        return {k: _deep(v, scrub) for k, v in value.items()}
    if isinstance(value, list):
        return [_deep(v, scrub) for v in value]
    return value


def scrub_event_identifiers(event):
    """The event as it may be stored in any mode: no valid BSN or IBAN in its texts."""
    if isinstance(event, UserUttered) and event.text and scrub_identifiers(event.text) != event.text:
        data = _deep(copy.deepcopy(event.parse_data) if event.parse_data else {}, scrub_identifiers)
        return UserUttered(scrub_identifiers(event.text), data.get("intent") or event.intent,
                           data.get("entities", []), data or None, timestamp=event.timestamp,
                           input_channel=event.input_channel, message_id=event.message_id,
                           metadata=_deep(event.metadata or {}, scrub_identifiers))
    if isinstance(event, BotUttered) and event.text and scrub_identifiers(event.text) != event.text:
        return BotUttered(scrub_identifiers(event.text), _deep(copy.deepcopy(event.data), scrub_identifiers),
                          event.metadata, timestamp=event.timestamp)
    if isinstance(event, SlotSet) and isinstance(event.value, (str, dict, list)):
        value = _deep(event.value, scrub_identifiers)
        if value != event.value:
            return SlotSet(event.key, value, timestamp=event.timestamp)
    return event


# Keys under which Rasa's structured log carries what the resident or the bot said.
RESIDENT_TEXT_KEYS = ("text", "response_text", "user_text", "slot_values", "parse_data_text",
                      "parse_data_entities", "prediction_events", "tracker_latest_message", "message",
                      "user_message", "json_message", "rasa_event", "rasa_events", "entity", "token_text",
                      "sender_id", "conversation_id")  # the ids are the key to a conversation: not logged either


def _drop_resident_text(_logger, _name, event_dict: dict) -> dict:
    for key in RESIDENT_TEXT_KEYS:
        if key in event_dict:
            event_dict[key] = "[weggelaten]"
    return event_dict


def quiet_resident_text_in_logs() -> None:
    """Put a processor first in Rasa's structlog chain that blanks resident text (idempotent).

    Rasa configures structlog before it builds the tracker store; the processor list is changed in
    place, so loggers that are already cached use it too.
    """
    import structlog

    processors = structlog.get_config()["processors"]
    if _drop_resident_text not in processors:
        processors.insert(0, _drop_resident_text)


def sqlite_fast_commits(engine) -> None:
    """Write-ahead log and synchronous=NORMAL for the embedded SQLite tracker store.

    Rasa's SQL tracker store commits synchronously inside the server's event loop, so every
    commit's fsync stalls all conversations. In WAL mode with synchronous=NORMAL a commit is an
    append without fsync (the log is synced at checkpoints): the database stays consistent, and a
    power cut can lose at most the last turns — acceptable for conversation state, and the
    production set-up uses PostgreSQL anyway (endpoints.production.yml).

    The log is copied into the database (a checkpoint, with an fsync) by a background thread every
    few seconds, not by whichever commit fills the log: at 10 turns a second that commit came every
    ~40 s and stalled every conversation for about a second (bot/evaluation/LATENCY.md).
    """
    from sqlalchemy import event

    @event.listens_for(engine, "connect")
    def _pragmas(connection, _record) -> None:
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA wal_autocheckpoint=0")
        cursor.close()

    engine.dispose()  # connections opened while creating the tables get the pragmas too
    if engine.url.database:
        _start_checkpointer(engine.url.database)


def pooled_sqlite_engine(engine):
    """The same SQLite file behind a pool of open connections (the old engine is disposed).

    Rasa's engine (SQLAlchemy 1.4 on a SQLite file) opened and closed a connection for every
    session, i.e. for reading and for saving the tracker in every turn, and ran the pragmas each
    time: ~9 % of the Rasa server's samples under bench load (py-spy). Sessions run one at a time
    on the event loop, so a small pool suffices; connections are handed to one thread at a time.
    """
    import sqlalchemy as sa

    pooled = sa.create_engine(engine.url, poolclass=sa.pool.QueuePool, pool_size=2, max_overflow=8,
                              connect_args={"check_same_thread": False})
    engine.dispose()
    return pooled


_checkpointers: set[str] = set()


def _start_checkpointer(path: str, every_s: float = 2.0) -> None:
    """A daemon thread that checkpoints the WAL of `path` (sqlite releases the GIL meanwhile)."""
    import contextlib
    import sqlite3
    import threading
    import time

    if path in _checkpointers:
        return
    _checkpointers.add(path)

    def run() -> None:
        connection = sqlite3.connect(path, check_same_thread=False)
        while True:
            time.sleep(every_s)
            with contextlib.suppress(sqlite3.Error):  # busy or gone: the next round tries again
                connection.execute("PRAGMA wal_checkpoint(PASSIVE)")

    threading.Thread(target=run, name="tracker-wal-checkpoint", daemon=True).start()


# Rasa's SQLTrackerStore builds the ORM query "events of this sender since its latest
# session_started" anew for every read and every save (the save counts what is stored already),
# and SQLAlchemy compiles it each time: ~2/3 of the store's CPU per turn (cProfile). The same SQL
# as Rasa's query (a cross join with the one-row aggregate), written once with bound parameters.
_SINCE_SESSION_START = (
    " FROM events, (SELECT max(events.timestamp) AS session_start FROM events"
    " WHERE events.sender_id = :sender AND events.type_name = :started) AS latest"
    " WHERE events.sender_id = :sender"
    " AND (events.timestamp >= latest.session_start OR latest.session_start IS NULL)")
_COUNT_SINCE_SESSION_START = sa_text("SELECT count(*)" + _SINCE_SESSION_START)
_DATA_SINCE_SESSION_START = sa_text("SELECT events.data" + _SINCE_SESSION_START + " ORDER BY events.id")
_DATA_ALL_SESSIONS = sa_text("SELECT events.data FROM events WHERE events.sender_id = :sender ORDER BY events.id")


def _params(sender_id: str) -> dict:
    return {"sender": sender_id, "started": SessionStarted.type_name}


class ScrubbingSQLTrackerStore(SQLTrackerStore):
    def __init__(self, domain=None, dialect="sqlite", host=None, port=None, db="rasa.db",
                 username=None, password=None, event_broker=None, login_db=None, query=None,
                 **kwargs):
        if dialect == "sqlite" and (not db or db.startswith("${")):
            db = os.environ.get("WEGWIJS_TRACKER_DB") or str(
                Path(__file__).resolve().parent.parent / "var" / "rasa-tracker.sqlite")
        if dialect == "sqlite":
            Path(db).parent.mkdir(parents=True, exist_ok=True)
        super().__init__(domain, dialect, host, port, db, username, password, event_broker,
                         login_db, query, **kwargs)
        quiet_resident_text_in_logs()
        if self.engine.dialect.name == "sqlite":
            if self.engine.url.database:
                self.engine = pooled_sqlite_engine(self.engine)
                self.sessionmaker = sessionmaker(bind=self.engine)
            sqlite_fast_commits(self.engine)

    def _additional_events(self, session, tracker: DialogueStateTracker):
        """The events not stored yet, each without BSN or IBAN (any mode)."""
        stored = session.execute(_COUNT_SINCE_SESSION_START, _params(tracker.sender_id)).scalar()
        new = itertools.islice(tracker.events, stored, None)
        if _scrub_new_events.get():
            new = (scrub_event(e) for e in new)
        return (scrub_event_identifiers(e) for e in new)

    async def _retrieve(self, sender_id: str, fetch_events_from_all_sessions: bool):
        """Rasa's `_retrieve` with a prepared statement (see _SINCE_SESSION_START)."""
        statement = _DATA_ALL_SESSIONS if fetch_events_from_all_sessions else _DATA_SINCE_SESSION_START
        with self.session_scope() as session:
            events = [json.loads(data) for data in session.execute(statement, _params(sender_id)).scalars()]
        if self.domain and events:
            return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        return None

    async def _append(self, tracker: DialogueStateTracker) -> None:
        """Rasa's SQLTrackerStore.save, with one INSERT of all new rows instead of an ORM object
        per event (the same columns; the ORM's unit of work was half the cost of a save)."""
        await self.stream_events(tracker)
        with self.session_scope() as session:
            rows = []
            for event in self._additional_events(session, tracker):
                data = event.as_dict()
                rows.append({"sender_id": tracker.sender_id, "type_name": event.type_name,
                             "timestamp": data.get("timestamp"),
                             "intent_name": data.get("parse_data", {}).get("intent", {}).get("name"),
                             "action_name": data.get("name"), "data": json.dumps(data)})
            if rows:
                session.execute(self.SQLEvent.__table__.insert(), rows)
            session.commit()

    async def save(self, tracker: DialogueStateTracker) -> None:
        if not is_anonymous(tracker):
            await self._append(tracker)
            return
        with self.session_scope() as session:
            stored = session.execute(_COUNT_SINCE_SESSION_START, _params(tracker.sender_id)).scalar()
        if stored and anonymous_after(tracker.events, stored):
            # Anonymous already at the last save: what is stored was scrubbed then, so only the
            # new events are scrubbed and added (a full rewrite per turn grew with the
            # conversation: 6 ms CPU in the first turn, 21 ms in the twelfth).
            token = _scrub_new_events.set(True)
            try:
                await self._append(tracker)
            finally:
                _scrub_new_events.reset(token)
            return
        # Anonymous from this turn on: rewrite the whole conversation scrubbed, so what was typed
        # before the resident chose anonymity is cleaned too.
        with self.session_scope() as session:
            session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == tracker.sender_id).delete()
            session.commit()
        await self._append(scrub_tracker(tracker))
