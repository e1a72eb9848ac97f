"""The app database: conversations, their messages and handovers (design §7).

SQLAlchemy Core (1.4, as Rasa pins it) so the same code runs on SQLite in the embedded default
and on PostgreSQL at scale (config `APP_DB_URL`). Anonymous conversations keep no messages.

Everything written here passes the privacy scrubber on the way in: a BSN or IBAN is never stored
verbatim (any mode), and the text fields of an anonymous handover lose names and contact data.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import json
import secrets
from typing import Any

import sqlalchemy as sa
from flask import Flask, current_app

from wegwijs_common.contract import readable
from wegwijs_common.privacy import scrub_identifiers, scrub_pii

from . import dbengine

metadata = sa.MetaData()

conversations = sa.Table(
    "conversation", metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("created_at", sa.String(32), nullable=False),
    sa.Column("mode", sa.String(16), nullable=False, default="bot"),
    sa.Column("anonymous", sa.Boolean, nullable=False, default=False),
    sa.Column("municipality", sa.String(64)),
    sa.Column("overview_token", sa.String(64), unique=True),
    sa.Column("secret_hash", sa.String(64)),  # sha256 of the browser's ownership secret, never the secret
    sa.Column("last_activity_at", sa.String(32)),  # retention counts from here (the conversation ended)
    sa.Column("offered_buttons", sa.Text),  # JSON list of button payloads the bot offered here
)
messages = sa.Table(
    "message", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("conversation_id", sa.String(64), sa.ForeignKey("conversation.id"), index=True, nullable=False),
    sa.Column("role", sa.String(16), nullable=False),  # inwoner | bot | medewerker
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("data", sa.Text),  # buttons and service cards as JSON
    sa.Column("created_at", sa.String(32), nullable=False),
    sqlite_autoincrement=True,  # ids are never reused after forget_messages: browsers poll "after id"
)
handovers = sa.Table(
    "handover", metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("created_at", sa.String(32), nullable=False),
    sa.Column("status", sa.String(16), nullable=False, default="wacht"),
    sa.Column("conversation_id", sa.String(64), index=True),
    sa.Column("municipality", sa.String(64)),
    sa.Column("urgency", sa.String(16), nullable=False, default="normaal"),
    sa.Column("anonymous", sa.Boolean, nullable=False, default=False),
    sa.Column("record", sa.Text, nullable=False),
    sa.Column("claimed_by", sa.String(64)),
    sa.Column("claimed_at", sa.String(32)),
    sa.Column("closed_at", sa.String(32)),
    sa.Column("outcome", sa.String(32)),
)
users = sa.Table(
    "app_user", metadata,
    sa.Column("username", sa.String(64), primary_key=True),
    sa.Column("name", sa.String(120), nullable=False),
    sa.Column("role", sa.String(16), nullable=False),  # consulent | luisteraar | redacteur | beheerder
    sa.Column("areas", sa.Text, nullable=False, default=""),  # municipality names, "|"-separated; "*" = all
    sa.Column("password_hash", sa.String(256), nullable=False),
    sa.Column("session_version", sa.Integer, nullable=False, default=1),  # bumped to end all sessions
    sa.Column("active", sa.Boolean, nullable=False, default=True),
    sa.Column("last_seen", sa.String(32)),
)
feedback = sa.Table(
    "feedback", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("conversation_id", sa.String(64), index=True),  # NULL for anonymous conversations
    sa.Column("kind", sa.String(16), nullable=False),  # antwoord | eindvraag
    sa.Column("message_id", sa.Integer),
    sa.Column("useful", sa.Boolean),
    sa.Column("knows_where", sa.String(8)),  # ja | deels | nee (end check)
    sa.Column("felt_helped", sa.String(8)),
    sa.Column("comment", sa.Text),
    sa.Column("created_at", sa.String(32), nullable=False),
)


transcript_reads = sa.Table(
    "transcript_read", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("username", sa.String(64), nullable=False),
    sa.Column("conversation_id", sa.String(64), nullable=False, index=True),
    sa.Column("read_at", sa.String(32), nullable=False),
)
handover_counts = sa.Table(
    "handover_count", metadata,  # what reports still need of a handover the retention job deleted
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("created_at", sa.String(32), nullable=False),
    sa.Column("claimed_at", sa.String(32)),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("municipality", sa.String(64)),
    sa.Column("topic", sa.String(64)),
    sa.Column("urgency", sa.String(16)),
    sa.Column("anonymous", sa.Boolean),
    sa.Column("callback", sa.Boolean),
    sa.Column("outcome", sa.String(32)),
)


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def init_app(app: Flask) -> None:
    url = app.config.get("APP_DB_URL") or f"sqlite:///{app.config['APP_DB']}"
    if url.startswith("sqlite:///"):
        from pathlib import Path

        Path(url[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
    engine = dbengine.create_engine(url)  # WAL + busy timeout on SQLite
    metadata.create_all(engine)
    _add_missing_columns(engine)
    app.extensions["appdb"] = engine


def _add_missing_columns(engine: sa.engine.Engine) -> None:
    """Databases made by an older version get the new nullable columns (create_all only adds tables)."""
    inspector = sa.inspect(engine)
    with engine.begin() as conn:
        for table in metadata.sorted_tables:
            present = {c["name"] for c in inspector.get_columns(table.name)}
            for column in table.columns:
                if column.name not in present and column.nullable:
                    kind = column.type.compile(dialect=engine.dialect)
                    conn.execute(sa.text(f'ALTER TABLE {table.name} ADD COLUMN {column.name} {kind}'))


def engine() -> sa.engine.Engine:
    return current_app.extensions["appdb"]


def get_conversation(conversation_id: str) -> dict | None:
    with engine().connect() as conn:
        row = conn.execute(sa.select(conversations).where(conversations.c.id == conversation_id)).mappings().first()
    return dict(row) if row else None


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def _insert_if_absent(row: dict) -> None:
    """INSERT … ON CONFLICT DO NOTHING, on SQLite and PostgreSQL alike: two first messages, or the
    intake and a message, may create the same conversation at the same moment."""
    dialect = engine().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:  # pragma: no cover - other databases: plain insert, a duplicate is ignored
        with contextlib.suppress(sa.exc.IntegrityError), engine().begin() as conn:
            conn.execute(conversations.insert().values(**row))
        return
    with engine().begin() as conn:
        conn.execute(insert(conversations).values(**row).on_conflict_do_nothing(index_elements=["id"]))


def new_conversation() -> tuple[dict, str]:
    """A conversation with a server-chosen id (128 random bits) and the browser's ownership secret.

    Only the secret's hash is stored; the secret is returned once, to the browser that asked.
    """
    secret = secrets.token_urlsafe(32)
    row = {"id": secrets.token_urlsafe(16), "created_at": now(), "mode": "bot", "anonymous": False,
           "municipality": None, "overview_token": secrets.token_urlsafe(16),
           "secret_hash": secret_hash(secret), "last_activity_at": now()}
    _insert_if_absent(row)
    return row, secret


def owned_conversation(conversation_id: str, secret: str) -> dict | None:
    """The conversation, if `secret` is its ownership secret; None otherwise (unknown or not yours)."""
    conversation = get_conversation(conversation_id) if conversation_id else None
    if conversation is None or not conversation.get("secret_hash") or not secret:
        return None
    if not hmac.compare_digest(conversation["secret_hash"], secret_hash(secret)):
        return None
    return conversation


def ensure_conversation(conversation_id: str) -> dict:
    """The conversation with this id, created (without an owner) if the intake names it first."""
    existing = get_conversation(conversation_id)
    if existing:
        return existing
    _insert_if_absent({"id": conversation_id, "created_at": now(), "mode": "bot", "anonymous": False,
                       "municipality": None, "overview_token": secrets.token_urlsafe(16),
                       "last_activity_at": now()})
    return get_conversation(conversation_id)


def update_conversation(conversation_id: str, **values: Any) -> None:
    values.setdefault("last_activity_at", now())
    with engine().begin() as conn:
        conn.execute(conversations.update().where(conversations.c.id == conversation_id).values(**values))


MAX_REMEMBERED_BUTTONS = 50


def remember_buttons(conversation_id: str, payloads: list[str]) -> None:
    """The bot offered these buttons: a later press of one of them may reach Rasa as a command."""
    if not payloads:
        return
    known = offered_buttons(conversation_id)
    merged = [p for p in known if p not in payloads] + list(dict.fromkeys(payloads))
    update_conversation(conversation_id, offered_buttons=json.dumps(merged[-MAX_REMEMBERED_BUTTONS:]))


def offered_buttons(conversation_id: str) -> list[str]:
    with engine().connect() as conn:
        value = conn.execute(sa.select(conversations.c.offered_buttons)
                             .where(conversations.c.id == conversation_id)).scalar()
    return json.loads(value) if value else []


def add_message(conversation_id: str, role: str, text: str, data: dict | None = None,
                author: str | None = None) -> int:
    """Store one message and return its id (the widget and the workspace poll 'after' it)."""
    payload = {**(data or {}), **({"author": author} if author else {})}
    text = scrub_identifiers(text) or ""
    with engine().begin() as conn:
        result = conn.execute(messages.insert().values(
            conversation_id=conversation_id, role=role, text=text,
            data=json.dumps(payload, ensure_ascii=False) if payload else None, created_at=now()))
        conn.execute(conversations.update().where(conversations.c.id == conversation_id)
                     .values(last_activity_at=now()))
        return int(result.inserted_primary_key[0])


def list_messages(conversation_id: str, after: int = 0) -> list[dict]:
    query = (sa.select(messages).where(messages.c.conversation_id == conversation_id, messages.c.id > after)
             .order_by(messages.c.id))
    with engine().connect() as conn:
        rows = conn.execute(query).mappings().all()
    return [message_dict(r) for r in rows]


def message_dict(row: Any) -> dict:
    return {"id": row["id"], "role": row["role"], "text": row["text"], "created_at": row["created_at"],
            **(json.loads(row["data"]) if row["data"] else {})}


def forget_messages(conversation_id: str) -> None:
    with engine().begin() as conn:
        conn.execute(messages.delete().where(messages.c.conversation_id == conversation_id))


def unlink_feedback(conversation_id: str, scrub) -> None:
    """A conversation turned anonymous: its earlier feedback stays, but not linked and scrubbed."""
    with engine().begin() as conn:
        rows = conn.execute(sa.select(feedback.c.id, feedback.c.comment)
                            .where(feedback.c.conversation_id == conversation_id)).all()
        for row in rows:
            conn.execute(feedback.update().where(feedback.c.id == row.id)
                         .values(conversation_id=None, comment=scrub(row.comment) if row.comment else None))


# Fields of a handover record that are not the resident's words (kept as they are).
_NOT_FREE_TEXT = ("id", "conversation_id", "created_at", "status", "municipality", "topic", "other_topics",
                  "for_whom", "urgency", "safety_flags", "anonymous", "consent", "contact", "transcript_url",
                  "language", "services_offered_ids", "preferred_time", "safe_to_contact")


def scrub_record(record: dict, anonymous: bool) -> dict:
    """A handover record as it may be stored: identifiers out of every free text, and for an
    anonymous conversation names and contact data too (design §11)."""
    def clean(value, key=None):
        if isinstance(value, str):
            return scrub_pii(value) if anonymous else scrub_identifiers(value)
        if isinstance(value, dict):
            return {k: v if k in ("id", "url", "name") else clean(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [clean(v, key) for v in value]
        return value
    return {k: (v if k in _NOT_FREE_TEXT else clean(v, k)) for k, v in record.items()}


def create_handover(record: dict) -> dict:
    handover_id = secrets.token_hex(8)
    record = scrub_record(record, bool(record.get("anonymous")))
    stored = {**record, "id": handover_id, "created_at": now(), "status": "wacht"}
    with engine().begin() as conn:
        conn.execute(handovers.insert().values(
            id=handover_id, created_at=stored["created_at"], status="wacht",
            conversation_id=record.get("conversation_id"), municipality=record.get("municipality"),
            urgency=record.get("urgency") or "normaal", anonymous=bool(record.get("anonymous")),
            record=json.dumps(stored, ensure_ascii=False)))
    return stored


def _handover_dict(row: Any) -> dict:
    """The stored record, made readable (``contract.readable``: a poison row never breaks a page)."""
    try:
        stored = json.loads(row["record"])
    except (TypeError, ValueError):
        stored = {}
    record = readable(stored if isinstance(stored, dict) else {})
    for column in ("id", "created_at", "municipality", "urgency"):
        record[column] = record.get(column) or row[column]
    record["anonymous"] = record["anonymous"] or bool(row["anonymous"])  # the stricter of the two
    return {**record, "status": row["status"], "claimed_by": row["claimed_by"],
            "claimed_at": row["claimed_at"], "closed_at": row["closed_at"], "outcome": row["outcome"]}


def get_handover(handover_id: str) -> dict | None:
    with engine().connect() as conn:
        row = conn.execute(sa.select(handovers).where(handovers.c.id == handover_id)).mappings().first()
    return _handover_dict(row) if row else None


def open_handover_for(conversation_id: str) -> dict | None:
    """The conversation's handover that is still waiting or being handled, if any."""
    query = (sa.select(handovers).where(handovers.c.conversation_id == conversation_id,
                                        handovers.c.status != "afgerond")
             .order_by(handovers.c.created_at.desc()))
    with engine().connect() as conn:
        row = conn.execute(query).mappings().first()
    return _handover_dict(row) if row else None


def list_handovers(status: str | tuple[str, ...] | None = None, municipalities: list[str] | None = None,
                   anonymous: bool | None = None, conversation_id: str | None = None) -> list[dict]:
    """Handovers, urgent first and then oldest first (design §7).

    `municipalities` None means every area; anonymous handovers without a municipality are only
    listed when `anonymous` asks for them.
    """
    query = sa.select(handovers)
    if status:
        statuses = (status,) if isinstance(status, str) else status
        query = query.where(handovers.c.status.in_(statuses))
    if municipalities is not None:
        query = query.where(sa.func.lower(handovers.c.municipality).in_([m.lower() for m in municipalities]))
    if anonymous is not None:
        query = query.where(handovers.c.anonymous == anonymous)
    if conversation_id is not None:
        query = query.where(handovers.c.conversation_id == conversation_id)
    query = query.order_by(sa.case((handovers.c.urgency == "spoed", 0), else_=1), handovers.c.created_at)
    with engine().connect() as conn:
        rows = conn.execute(query).mappings().all()
    return [_handover_dict(r) for r in rows]


def list_handover_counts() -> list[dict]:
    """What is left of handovers the retention job deleted: only the fields reports count."""
    with engine().connect() as conn:
        rows = conn.execute(sa.select(handover_counts).order_by(handover_counts.c.id)).mappings().all()
    return [{**dict(r), "callback": bool(r["callback"]) or None} for r in rows]


def update_handover(handover_id: str, expected_status: str | None = None, **values: Any) -> bool:
    """Change a handover; with `expected_status` only if it still has that status (claiming is a race)."""
    query = handovers.update().where(handovers.c.id == handover_id)
    if expected_status:
        query = query.where(handovers.c.status == expected_status)
    with engine().begin() as conn:
        return conn.execute(query.values(**values)).rowcount == 1


def update_handover_record(handover_id: str, **fields: Any) -> None:
    """Merge fields into the stored record (a call-back request adds contact data, say)."""
    with engine().begin() as conn:
        row = conn.execute(sa.select(handovers.c.record).where(handovers.c.id == handover_id)).first()
        if row is None:
            return
        current = json.loads(row[0])
        record = {**current, **scrub_record(fields, bool(current.get("anonymous")))}
        conn.execute(handovers.update().where(handovers.c.id == handover_id)
                     .values(record=json.dumps(record, ensure_ascii=False)))


def log_transcript_read(username: str, conversation_id: str) -> None:
    """Who read which conversation's transcript, and when (shown to the beheerder, /beheer/privacy)."""
    with engine().begin() as conn:
        conn.execute(transcript_reads.insert().values(username=username, conversation_id=conversation_id,
                                                      read_at=now()))


def add_feedback(**values: Any) -> int:
    if values.get("comment"):
        values["comment"] = scrub_identifiers(values["comment"])
    with engine().begin() as conn:
        result = conn.execute(feedback.insert().values(created_at=now(), **values))
        return int(result.inserted_primary_key[0])


def list_feedback() -> list[dict]:
    with engine().connect() as conn:
        return [dict(r) for r in conn.execute(sa.select(feedback).order_by(feedback.c.id)).mappings()]
