"""Retention and the resident's rights (AVG art. 5(1)(e), 15, 17), and the staff access log.

- ``apply_retention``: conversations, their messages and Rasa trackers go N days after the
  conversation's last activity (``RETENTION_CONVERSATION_DAYS``, default 30); feedback keeps only
  its counts (no text, no link); handovers go M days after they were closed, or created when never
  closed (``RETENTION_HANDOVER_DAYS``, default 180), leaving one row of counts for the report.
  ``flask --app web retention [--dry-run]``; ``make run`` runs it every few hours.
- ``erase_conversation``: "Wis dit gesprek" — everything of one conversation, trackers included.
- ``transcript_text``: what the resident and the other side said, as a file to download.
- ``/beheer/privacy``: the settings and who read which transcript when (beheerder only).

The Rasa tracker store is another database (``TRACKER_DB_URL``; by default the SQLite file that
``make run`` gives Rasa, ``WEGWIJS_TRACKER_DB`` or ``var/rasa-tracker.sqlite``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable
from pathlib import Path

import click
import sqlalchemy as sa
from flask import Blueprint, Flask, current_app, render_template
from flask.cli import with_appcontext

from . import appdb
from .auth import login_required

bp = Blueprint("privacy", __name__)

DEFAULTS = {"RETENTION_CONVERSATION_DAYS": 30, "RETENTION_HANDOVER_DAYS": 180, "RETENTION_AUDIT_DAYS": 365}
ROLE_LABELS = {"inwoner": "U", "bot": "Wegwijs", "medewerker": "Medewerker", "systeem": "Melding"}


def init_app(app: Flask) -> None:
    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    app.cli.add_command(retention_command)
    app.register_blueprint(bp)


def _days(key: str) -> int:
    return int(current_app.config.get(key, DEFAULTS[key]))


# -- the Rasa tracker store -------------------------------------------------------------------------

def _tracker_engine() -> sa.engine.Engine | None:
    """The tracker store's database, or None when there is none (no bot has run here)."""
    engines = current_app.extensions.setdefault("wegwijs_tracker_db", {})
    url = current_app.config.get("TRACKER_DB_URL")
    if not url:
        path = Path(os.environ.get("WEGWIJS_TRACKER_DB") or Path(current_app.root_path).parent / "var"
                    / "rasa-tracker.sqlite")
        if not path.exists():
            return None
        url = f"sqlite:///{path}"
    if url not in engines:
        engines[url] = sa.create_engine(url, future=True)
    engine = engines[url]
    return engine if sa.inspect(engine).has_table("events") else None


def _delete_trackers(sender_ids: Iterable[str]) -> int:
    ids = list(sender_ids)
    engine = _tracker_engine()
    if engine is None or not ids:
        return 0
    events = sa.table("events", sa.column("sender_id"))
    deleted = 0
    with engine.begin() as conn:
        for start in range(0, len(ids), 500):
            deleted += conn.execute(events.delete().where(events.c.sender_id.in_(ids[start:start + 500]))).rowcount
    return deleted


def _old_tracker_senders(cutoff: dt.datetime, keep: set[str]) -> list[str]:
    engine = _tracker_engine()
    if engine is None:
        return []
    events = sa.table("events", sa.column("sender_id"), sa.column("timestamp"))
    query = (sa.select(events.c.sender_id).group_by(events.c.sender_id)
             .having(sa.func.max(events.c.timestamp) < cutoff.timestamp()))
    with engine.connect() as conn:
        return [row[0] for row in conn.execute(query) if row[0] not in keep]


# -- handovers become counts -------------------------------------------------------------------------

def _archive_handovers(conn, rows: list) -> None:
    """What the report needs of each handover, and nothing else, before the handover goes."""
    for row in rows:
        record = json.loads(row.record)
        conn.execute(appdb.handover_counts.insert().values(
            created_at=row.created_at, claimed_at=row.claimed_at, status=row.status,
            municipality=row.municipality, topic=record.get("topic"), urgency=row.urgency,
            anonymous=row.anonymous, callback=bool(record.get("callback")), outcome=row.outcome))
        conn.execute(appdb.handovers.delete().where(appdb.handovers.c.id == row.id))


def _forget_feedback_text(conn, where) -> int:
    """Feedback keeps its counts (kind, useful, answers, date); text and link go."""
    return conn.execute(appdb.feedback.update().where(where).values(
        conversation_id=None, message_id=None, comment=None)).rowcount


# -- the retention job -----------------------------------------------------------------------------

def apply_retention(now: dt.datetime | None = None, dry_run: bool = False) -> dict:
    """Delete what is older than the retention periods; the counts of what was (or would be) deleted."""
    now = now or dt.datetime.now(dt.timezone.utc)
    conversation_cutoff = now - dt.timedelta(days=_days("RETENTION_CONVERSATION_DAYS"))
    handover_cutoff = now - dt.timedelta(days=_days("RETENTION_HANDOVER_DAYS"))
    audit_cutoff = now - dt.timedelta(days=_days("RETENTION_AUDIT_DAYS"))
    c, h, f, m = appdb.conversations.c, appdb.handovers.c, appdb.feedback.c, appdb.messages.c
    with appdb.engine().begin() as conn:
        open_ids = {row[0] for row in conn.execute(
            sa.select(h.conversation_id).where(h.status != "afgerond", h.conversation_id.is_not(None)))}
        last = sa.func.coalesce(c.last_activity_at, c.created_at)
        old = [row[0] for row in conn.execute(sa.select(c.id).where(last < conversation_cutoff.isoformat()))
               if row[0] not in open_ids]  # a conversation with an open handover has not ended
        old_handovers = conn.execute(sa.select(appdb.handovers).where(
            sa.func.coalesce(h.closed_at, h.created_at) < handover_cutoff.isoformat())).all()
        counts = {
            "conversations": len(old),
            "messages": conn.execute(sa.select(sa.func.count()).select_from(appdb.messages)
                                     .where(m.conversation_id.in_(old))).scalar() if old else 0,
            "feedback_texts": conn.execute(sa.select(sa.func.count()).select_from(appdb.feedback).where(
                sa.or_(f.conversation_id.in_(old), sa.and_(f.created_at < conversation_cutoff.isoformat(),
                                                           sa.or_(f.comment.is_not(None),
                                                                  f.conversation_id.is_not(None)))))).scalar(),
            "handovers": len(old_handovers),
            "transcript_reads": conn.execute(sa.select(sa.func.count()).select_from(appdb.transcript_reads)
                                             .where(appdb.transcript_reads.c.read_at < audit_cutoff.isoformat()))
                                    .scalar(),
        }
        if not dry_run:
            for start in range(0, len(old), 500):
                chunk = old[start:start + 500]
                conn.execute(appdb.messages.delete().where(m.conversation_id.in_(chunk)))
                _forget_feedback_text(conn, f.conversation_id.in_(chunk))
                conn.execute(appdb.conversations.delete().where(c.id.in_(chunk)))
            _forget_feedback_text(conn, sa.and_(f.created_at < conversation_cutoff.isoformat(),
                                                sa.or_(f.comment.is_not(None), f.conversation_id.is_not(None))))
            _archive_handovers(conn, old_handovers)
            conn.execute(appdb.transcript_reads.delete()
                         .where(appdb.transcript_reads.c.read_at < audit_cutoff.isoformat()))
    stale_trackers = set(old) | set(_old_tracker_senders(conversation_cutoff, open_ids))
    counts["trackers"] = len(stale_trackers)
    if not dry_run:
        counts["tracker_events"] = _delete_trackers(stale_trackers)
    return counts


@click.command("retention")
@click.option("--dry-run", is_flag=True, help="Only count what would be deleted.")
@with_appcontext
def retention_command(dry_run: bool) -> None:
    """Delete conversations, messages, feedback texts, trackers and handovers past their retention."""
    counts = apply_retention(dry_run=dry_run)
    verb = "zou verwijderen" if dry_run else "verwijderd"
    click.echo(f"Bewaartermijnen ({verb}): " + ", ".join(f"{k}={v}" for k, v in counts.items()))


# -- the resident's rights -------------------------------------------------------------------------

def erase_conversation(conversation_id: str) -> dict:
    """Wis dit gesprek: its messages, feedback, handovers (counts stay), the record and the trackers."""
    h = appdb.handovers.c
    with appdb.engine().begin() as conn:
        handovers = conn.execute(sa.select(appdb.handovers).where(h.conversation_id == conversation_id)).all()
        messages = conn.execute(appdb.messages.delete()
                                .where(appdb.messages.c.conversation_id == conversation_id)).rowcount
        feedback = conn.execute(appdb.feedback.delete()
                                .where(appdb.feedback.c.conversation_id == conversation_id)).rowcount
        _archive_handovers(conn, handovers)
        conn.execute(appdb.conversations.delete().where(appdb.conversations.c.id == conversation_id))
    return {"messages": messages, "feedback": feedback, "handovers": len(handovers),
            "tracker_events": _delete_trackers([conversation_id])}


def transcript_text(conversation: dict, labels: dict[str, str]) -> str:
    """The conversation as plain text: when, who, what (buttons and cards by name)."""
    lines = [labels["title"], labels["date"] + " " + conversation["created_at"][:10], ""]
    messages = appdb.list_messages(conversation["id"])
    if conversation["anonymous"] and not messages:
        lines.append(labels["anonymous"])
    for message in messages:
        who = labels.get(message["role"], message["role"])
        if message.get("author"):
            who = f"{message['author']} ({who.lower()})"
        when = message["created_at"][:16].replace("T", " ")
        if message["text"]:
            lines.append(f"[{when}] {who}: {message['text']}")
        for card in message.get("cards") or []:
            phones = ", ".join(card.get("phones") or [])
            lines.append(f"[{when}] {who}: {labels['card']} {card.get('name')}" + (f" ({phones})" if phones else ""))
        buttons = [b.get("title") for b in message.get("buttons") or [] if b.get("title")]
        if buttons:
            lines.append(f"    {labels['choices']} {' | '.join(buttons)}")
    return "\n".join(lines) + "\n"


# -- staff access log ------------------------------------------------------------------------------

def list_transcript_reads(limit: int = 200) -> list[dict]:
    t = appdb.transcript_reads.c
    query = (sa.select(appdb.transcript_reads, appdb.users.c.name, appdb.users.c.role)
             .select_from(appdb.transcript_reads.outerjoin(appdb.users, appdb.users.c.username == t.username))
             .order_by(t.id.desc()).limit(limit))
    with appdb.engine().connect() as conn:
        return [dict(row) for row in conn.execute(query).mappings()]


@bp.get("/beheer/privacy")
@login_required("beheerder")
def overview():
    settings = {key: _days(key) for key in DEFAULTS}
    return render_template("beheer/privacy.html", settings=settings, reads=list_transcript_reads())
