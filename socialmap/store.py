"""SQLite storage of services: the full HSDS record plus the columns listing needs.

The only module with SQL for services (the search index keeps its own tables, see
`socialmap.search.fts`). One connection per Store; SQLite's WAL lets the web, the bot and the
CLI read the same file while one of them writes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from . import jsontext

BULK_CACHE_MB = 64

SCHEMA = """
CREATE TABLE IF NOT EXISTS service (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    status TEXT NOT NULL,
    organization_id TEXT,
    organization_name TEXT,
    assured_date TEXT,
    version TEXT NOT NULL DEFAULT '',
    content_hash TEXT NOT NULL,
    data TEXT NOT NULL,
    stored_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS service_status ON service(status);
CREATE INDEX IF NOT EXISTS service_org ON service(organization_id);
CREATE INDEX IF NOT EXISTS service_assured ON service(assured_date);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
"""


@dataclass(frozen=True)
class StoredRow:
    id: str
    version: str
    content_hash: str


class Store:
    """Services by id. `path` may be ':memory:'."""

    def __init__(self, path: str | Path):
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self.lock = threading.RLock()
        self.conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self.conn.row_factory = sqlite3.Row
        if self.path != ":memory:":
            self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute("PRAGMA busy_timeout=5000")
        self.conn.executescript(SCHEMA)

    def close(self) -> None:
        self.conn.close()

    # -- transactions ------------------------------------------------------------------------

    def transaction(self):
        return _Transaction(self)

    @contextlib.contextmanager
    def bulk_cache(self, megabytes: int = BULK_CACHE_MB) -> Iterator[None]:
        """A larger page cache while a bulk import writes: B-tree pages stay in memory instead of
        being spilled to the WAL and read back (a third less CPU for 100,000 rows)."""
        before = self.conn.execute("PRAGMA cache_size").fetchone()[0]
        self.conn.execute(f"PRAGMA cache_size = {-int(megabytes) * 1024}")
        try:
            yield
        finally:
            self.conn.execute(f"PRAGMA cache_size = {int(before)}")

    # -- reading -----------------------------------------------------------------------------

    def get_service_data(self, service_id: str) -> dict | None:
        row = self.conn.execute("SELECT data FROM service WHERE id = ?", (service_id,)).fetchone()
        return json.loads(row["data"]) if row else None

    def stored_rows(self, ids: Iterable[str]) -> dict[str, StoredRow]:
        ids = list(ids)
        found: dict[str, StoredRow] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(
                f"SELECT id, version, content_hash FROM service WHERE id IN ({marks})", chunk
            ):
                found[row["id"]] = StoredRow(row["id"], row["version"], row["content_hash"])
        return found

    def iter_service_data(self, status: str | None = None, batch: int = 2000) -> Iterator[dict]:
        query = "SELECT data FROM service"
        params: tuple = ()
        if status:
            query += " WHERE status = ?"
            params = (status,)
        query += " ORDER BY name, id"
        cursor = self.conn.execute(query, params)
        while rows := cursor.fetchmany(batch):
            for row in rows:
                yield json.loads(row["data"])

    def list_service_data(self, status: str | None = None, stale_before: dt.date | None = None,
                          organization_id: str | None = None, name_like: str | None = None,
                          limit: int | None = None, offset: int = 0) -> list[dict]:
        clauses, params = [], []
        if status:
            clauses.append("status = ?")
            params.append(status)
        if stale_before:
            clauses.append("(assured_date IS NULL OR assured_date < ?)")
            params.append(stale_before.isoformat())
        if organization_id:
            clauses.append("organization_id = ?")
            params.append(organization_id)
        if name_like:
            clauses.append("name LIKE ?")
            params.append(f"%{name_like}%")
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        page = f" LIMIT {int(limit)} OFFSET {int(offset)}" if limit is not None else ""
        rows = self.conn.execute(f"SELECT data FROM service{where} ORDER BY name, id{page}", params)
        return [json.loads(row["data"]) for row in rows]

    def count(self, status: str | None = None) -> int:
        if status:
            return self.conn.execute("SELECT COUNT(*) FROM service WHERE status = ?", (status,)).fetchone()[0]
        return self.conn.execute("SELECT COUNT(*) FROM service").fetchone()[0]

    def counts_by_status(self) -> dict[str, int]:
        return {row[0]: row[1] for row in self.conn.execute("SELECT status, COUNT(*) FROM service GROUP BY status")}

    def count_stale(self, before: dt.date) -> int:
        return self.conn.execute(
            "SELECT COUNT(*) FROM service WHERE assured_date IS NULL OR assured_date < ?",
            (before.isoformat(),),
        ).fetchone()[0]

    # -- writing -----------------------------------------------------------------------------

    def upsert_many(self, records: Iterable[tuple[dict, str, str]]) -> None:
        """Store (data, version, content_hash) triples; call inside a transaction."""
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        rows = []
        for data, version, digest in records:
            organization = data.get("organization") or {}
            rows.append((
                str(data["id"]), data.get("name") or "", data.get("status") or "active",
                organization.get("id"), organization.get("name"),
                str(data["assured_date"])[:10] if data.get("assured_date") else None,
                version, digest, jsontext.dumps(data), now,
            ))
        self.conn.executemany(
            "INSERT INTO service (id, name, status, organization_id, organization_name, assured_date,"
            " version, content_hash, data, stored_at) VALUES (?,?,?,?,?,?,?,?,?,?)"
            " ON CONFLICT(id) DO UPDATE SET name=excluded.name, status=excluded.status,"
            " organization_id=excluded.organization_id, organization_name=excluded.organization_name,"
            " assured_date=excluded.assured_date, version=excluded.version,"
            " content_hash=excluded.content_hash, data=excluded.data, stored_at=excluded.stored_at",
            rows,
        )

    def delete(self, ids: Iterable[str]) -> None:
        self.conn.executemany("DELETE FROM service WHERE id = ?", [(i,) for i in ids])

    def get_meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))


class _Transaction:
    def __init__(self, store: Store):
        self.store = store

    def __enter__(self) -> Store:
        self.store.lock.acquire()
        self.store.conn.execute("BEGIN IMMEDIATE")
        return self.store

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            self.store.conn.execute("ROLLBACK" if exc_type else "COMMIT")
        finally:
            self.store.lock.release()
