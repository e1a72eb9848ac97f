"""The app database: conversations, their messages and handovers (DESIGN §7).

SQLAlchemy Core (1.4, as Rasa pins it) so the same code runs on SQLite in the embedded default
and on PostgreSQL at scale (config `APP_DB_URL`). Anonymous conversations keep no messages.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from typing import Any

import sqlalchemy as sa
from flask import Flask, current_app

from wegwijs_common.contract import readable

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


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def init_app(app: Flask) -> None:
    url = app.config.get("APP_DB_URL") or f"sqlite:///{app.config['APP_DB']}"
    if url.startswith("sqlite:///"):
        from pathlib import Path

        Path(url[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
    engine = dbengine.create_engine(url)  # WAL + busy timeout on SQLite
    metadata.create_all(engine)
    app.extensions["appdb"] = engine


def engine() -> sa.engine.Engine:
    return current_app.extensions["appdb"]


def get_conversation(conversation_id: str) -> dict | None:
    with engine().connect() as conn:
        row = conn.execute(sa.select(conversations).where(conversations.c.id == conversation_id)).mappings().first()
    return dict(row) if row else None


def ensure_conversation(conversation_id: str) -> dict:
    existing = get_conversation(conversation_id)
    if existing:
        return existing
    row = {"id": conversation_id, "created_at": now(), "mode": "bot", "anonymous": False,
           "municipality": None, "overview_token": secrets.token_urlsafe(16)}
    with engine().begin() as conn:
        conn.execute(conversations.insert().values(**row))
    return row


def update_conversation(conversation_id: str, **values: Any) -> None:
    with engine().begin() as conn:
        conn.execute(conversations.update().where(conversations.c.id == conversation_id).values(**values))


def add_message(conversation_id: str, role: str, text: str, data: dict | None = None,
                author: str | None = None) -> int:
    """Store one message and return its id (the widget and the workspace poll 'after' it)."""
    payload = {**(data or {}), **({"author": author} if author else {})}
    with engine().begin() as conn:
        result = conn.execute(messages.insert().values(
            conversation_id=conversation_id, role=role, text=text,
            data=json.dumps(payload, ensure_ascii=False) if payload else None, created_at=now()))
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


def create_handover(record: dict) -> dict:
    handover_id = secrets.token_hex(8)
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
    """Handovers, urgent first and then oldest first (DESIGN §7).

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
        record = {**json.loads(row[0]), **fields}
        conn.execute(handovers.update().where(handovers.c.id == handover_id)
                     .values(record=json.dumps(record, ensure_ascii=False)))


def add_feedback(**values: Any) -> int:
    with engine().begin() as conn:
        result = conn.execute(feedback.insert().values(created_at=now(), **values))
        return int(result.inserted_primary_key[0])


def list_feedback() -> list[dict]:
    with engine().connect() as conn:
        return [dict(r) for r in conn.execute(sa.select(feedback).order_by(feedback.c.id)).mappings()]
