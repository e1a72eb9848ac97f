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
)


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def init_app(app: Flask) -> None:
    url = app.config.get("APP_DB_URL") or f"sqlite:///{app.config['APP_DB']}"
    if url.startswith("sqlite:///"):
        from pathlib import Path

        Path(url[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(url, future=True)
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


def add_message(conversation_id: str, role: str, text: str, data: dict | None = None) -> None:
    with engine().begin() as conn:
        conn.execute(messages.insert().values(conversation_id=conversation_id, role=role, text=text,
                                              data=json.dumps(data, ensure_ascii=False) if data else None,
                                              created_at=now()))


def list_messages(conversation_id: str) -> list[dict]:
    with engine().connect() as conn:
        rows = conn.execute(sa.select(messages).where(messages.c.conversation_id == conversation_id)
                            .order_by(messages.c.id)).mappings().all()
    return [{"role": r["role"], "text": r["text"], "created_at": r["created_at"],
             **(json.loads(r["data"]) if r["data"] else {})} for r in rows]


def forget_messages(conversation_id: str) -> None:
    with engine().begin() as conn:
        conn.execute(messages.delete().where(messages.c.conversation_id == conversation_id))


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


def get_handover(handover_id: str) -> dict | None:
    with engine().connect() as conn:
        row = conn.execute(sa.select(handovers).where(handovers.c.id == handover_id)).mappings().first()
    return {**json.loads(row["record"]), "status": row["status"]} if row else None


def list_handovers(status: str | None = None) -> list[dict]:
    query = sa.select(handovers)
    if status:
        query = query.where(handovers.c.status == status)
    # urgent first, then oldest first
    query = query.order_by(sa.case((handovers.c.urgency == "spoed", 0), else_=1), handovers.c.created_at)
    with engine().connect() as conn:
        rows = conn.execute(query).mappings().all()
    return [{**json.loads(r["record"]), "status": r["status"]} for r in rows]
