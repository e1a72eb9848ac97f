"""The app database engine. On SQLite (the embedded default) many web threads write at once
(gunicorn serves with 100): WAL lets readers go on while one writes, and a busy timeout makes a
writer wait its turn instead of failing with "database is locked" (seen as 500s under load).

Connections to a SQLite file are kept in a pool. SQLAlchemy 1.4 opens a new SQLite connection for
every `engine.connect()` by default and closes it afterwards; a chat turn does ~10 of them, and
each open ran the pragmas again while each close of the last connection copied the write-ahead
log into the database (a checkpoint). In the hub's profile under bench load (scripts/bench_stack.py)
connecting, committing and closing were ~35 % of the samples of the web process. The pool is
SQLAlchemy 2.0's default for SQLite files; one connection is only ever used by one thread at a time.
"""

from __future__ import annotations

import sqlalchemy as sa

BUSY_TIMEOUT_S = 30
POOL_SIZE = 10  # kept open; more threads at once get a connection that is closed after use
MAX_OVERFLOW = 100  # gunicorn's threads; a thread beyond this waits (pool_timeout) for one


def create_engine(url: str) -> sa.engine.Engine:
    if not url.startswith("sqlite"):
        return sa.create_engine(url, future=True, pool_pre_ping=True)
    memory = ":memory:" in url or url.rstrip("/") in ("sqlite:", "sqlite:/")
    pool = {} if memory else {"poolclass": sa.pool.QueuePool, "pool_size": POOL_SIZE,
                              "max_overflow": MAX_OVERFLOW, "pool_timeout": BUSY_TIMEOUT_S}
    threads = {} if memory else {"check_same_thread": False}  # the pool hands a connection to one thread at a time
    engine = sa.create_engine(url, future=True, **pool, connect_args={"timeout": BUSY_TIMEOUT_S, **threads})

    @sa.event.listens_for(engine, "connect")
    def _pragmas(connection, _record) -> None:
        cursor = connection.cursor()
        if not memory:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return engine
