"""The app database engine. On SQLite (the embedded default) many web threads write at once
(gunicorn serves with 100): WAL lets readers go on while one writes, and a busy timeout makes a
writer wait its turn instead of failing with "database is locked" (seen as 500s under load)."""

from __future__ import annotations

import sqlalchemy as sa

BUSY_TIMEOUT_S = 30


def create_engine(url: str) -> sa.engine.Engine:
    if not url.startswith("sqlite"):
        return sa.create_engine(url, future=True, pool_pre_ping=True)
    engine = sa.create_engine(url, future=True, connect_args={"timeout": BUSY_TIMEOUT_S})

    @sa.event.listens_for(engine, "connect")
    def _pragmas(connection, _record) -> None:
        cursor = connection.cursor()
        if ":memory:" not in url:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return engine
