"""The embedded search backend: SQLite FTS5 over Dutch-analysed terms, plus facets in memory.

Text is analysed in Python (socialmap.search.analyzer) and FTS5 stores the resulting terms, so
stemming, compounds and diacritics behave the same at index and query time. Filters and ranking
use a compact in-memory copy of every document's facets, reloaded when another process changes
the index (a generation counter in the database).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from collections.abc import Iterable
from pathlib import Path

from ..models import Service
from ..places import Gazetteer, Point, haversine_km
from ..taxonomy import Taxonomy
from .analyzer import Lexicon, analyze
from .documents import SearchDocument, build_document
from .facets import Facets
from .query import SearchQuery, SearchResult
from .ranking import QueryPlan, plan_query, rank
from .schedule import local_now

SCHEMA = """
CREATE TABLE IF NOT EXISTS search_doc (
    rowid INTEGER PRIMARY KEY,
    service_id TEXT NOT NULL UNIQUE,
    doc TEXT NOT NULL
);
CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
    name, body, topics, tokenize = 'unicode61 remove_diacritics 2', detail = 'column'
);
CREATE VIRTUAL TABLE IF NOT EXISTS search_vocab USING fts5vocab(search_fts, 'row');
CREATE TABLE IF NOT EXISTS search_meta (key TEXT PRIMARY KEY, value TEXT);
"""
BM25_WEIGHTS = (4.0, 1.0, 2.0)  # name, body, topic labels
MAX_CANDIDATES = 3000


class FtsBackend:
    """SearchBackend on SQLite FTS5. Shares the social map's database file."""

    name = "fts"

    def __init__(self, path: str | Path, gazetteer: Gazetteer, taxonomy: Taxonomy,
                 conn: sqlite3.Connection | None = None, now=local_now):
        self.gazetteer = gazetteer
        self.taxonomy = taxonomy
        self.now = now
        self.conn = conn or sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self.conn.executescript(SCHEMA)
        self._lock = threading.RLock()
        self._generation: str | None = None
        self._docs: dict[int, SearchDocument] = {}
        self._facets: Facets | None = None
        self._vocabulary: set[str] = set()
        self._df: dict[str, int] = {}
        self.lexicon = Lexicon(self._taxonomy_words())
        self._lexicon_loaded = False

    # -- indexing ---------------------------------------------------------------------------

    def _taxonomy_words(self) -> list[str]:
        words = []
        for topic in self.taxonomy.topics:
            words.extend([topic.label, *topic.synonyms, *topic.phrases, *topic.english])
        for step in self.taxonomy.ladder:
            words.extend([step.label, *step.synonyms])
        return words

    def index_services(self, services: Iterable[Service]) -> int:
        """Add or replace services in the index; call inside the store's transaction."""
        documents = [build_document(s, self.gazetteer, self.taxonomy) for s in services]
        if not documents:
            return 0
        self._load_lexicon()
        for document in documents:
            self.lexicon.add([document.name])
        self._delete([d.id for d in documents])
        rows = self.conn.executemany(
            "INSERT INTO search_doc (service_id, doc) VALUES (?, ?)",
            [(d.id, json.dumps(d.to_json(), ensure_ascii=False)) for d in documents],
        )
        del rows
        ids = dict(self.conn.execute(
            f"SELECT service_id, rowid FROM search_doc WHERE service_id IN ({','.join('?' * len(documents))})",
            [d.id for d in documents],
        ).fetchall()) if len(documents) <= 900 else self._rowids([d.id for d in documents])
        self.conn.executemany(
            "INSERT INTO search_fts (rowid, name, body, topics) VALUES (?, ?, ?, ?)",
            [
                (ids[d.id], " ".join(analyze(d.text_name, self.lexicon)),
                 " ".join(analyze(d.text_body, self.lexicon)),
                 " ".join(analyze(d.text_topics, self.lexicon)))
                for d in documents
            ],
        )
        self._bump_generation()
        return len(documents)

    def _rowids(self, service_ids: list[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for start in range(0, len(service_ids), 900):
            chunk = service_ids[start:start + 900]
            found.update(self.conn.execute(
                f"SELECT service_id, rowid FROM search_doc WHERE service_id IN ({','.join('?' * len(chunk))})",
                chunk,
            ).fetchall())
        return found

    def _delete(self, service_ids: list[str]) -> None:
        rowids = list(self._rowids(service_ids).values())
        if rowids:
            self.conn.executemany("DELETE FROM search_fts WHERE rowid = ?", [(r,) for r in rowids])
            self.conn.executemany("DELETE FROM search_doc WHERE rowid = ?", [(r,) for r in rowids])

    def remove(self, service_ids: Iterable[str]) -> None:
        self._delete(list(service_ids))
        self._bump_generation()

    def rebuild(self, services: Iterable[Service]) -> int:
        self.conn.execute("DELETE FROM search_fts")
        self.conn.execute("DELETE FROM search_doc")
        count = 0
        batch: list[Service] = []
        for service in services:
            batch.append(service)
            if len(batch) >= 2000:
                count += self.index_services(batch)
                batch = []
        count += self.index_services(batch)
        self._bump_generation()
        return count

    def _bump_generation(self) -> None:
        value = dt.datetime.now().isoformat() + f"/{id(self)}/{len(self._docs)}"
        self.conn.execute("INSERT OR REPLACE INTO search_meta (key, value) VALUES ('generation', ?)", (value,))

    def _load_lexicon(self) -> None:
        if not self._lexicon_loaded:
            self.lexicon.add(row[0] for row in self.conn.execute("SELECT json_extract(doc, '$.name') FROM search_doc"))
            self._lexicon_loaded = True

    # -- loading facets ----------------------------------------------------------------------

    def _current_generation(self) -> str | None:
        row = self.conn.execute("SELECT value FROM search_meta WHERE key = 'generation'").fetchone()
        return row[0] if row else None

    def _refresh(self) -> None:
        generation = self._current_generation()
        if generation == self._generation and self._docs:
            return
        with self._lock:
            docs: dict[int, SearchDocument] = {}
            for rowid, raw in self.conn.execute("SELECT rowid, doc FROM search_doc"):
                document = SearchDocument.from_json(json.loads(raw))
                docs[rowid] = document
            self._facets = Facets(docs, self.taxonomy, self.gazetteer.municipality_names(),
                                  self.now().date())
            self._docs = docs
            self._df = dict(self.conn.execute("SELECT term, doc FROM search_vocab").fetchall())
            self._vocabulary = set(self._df)
            self._generation = generation
            self._load_lexicon()

    # -- searching ---------------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResult:
        self._refresh()
        plan = plan_query(query, self)
        if self._facets is None or self._facets.today != self.now().date():
            self._generation = None  # staleness is per day
            self._refresh()
        lexical = self._lexical(self._selective(plan.match_terms))
        hits, total = rank(plan, lexical, self._facets, now=self.now())
        return SearchResult(total=total, items=hits, detected_place=plan.detected_place,
                            detected_topics=list(plan.topic_weights))

    def _selective(self, terms: list[str]) -> list[str]:
        """Drop terms found in more than 5% of documents (e.g. 'zorg' split off 'respijtzorg'):
        they barely change the order but make BM25 score thousands of rows. The rarest term
        always stays."""
        if len(terms) <= 1:
            return terms
        limit = max(500, 0.05 * len(self._docs))
        kept = [t for t in terms if self._df.get(t, 0) <= limit]
        return kept or [min(terms, key=lambda t: self._df.get(t, 0))]

    def _lexical(self, terms: list[str]) -> dict[int, float]:
        """rowid -> BM25 relevance (higher is better) for any of the terms."""
        if not terms:
            return {}
        expression = " OR ".join(f'"{t}"' for t in terms)
        try:
            rows = self.conn.execute(
                "SELECT rowid, -bm25(search_fts, ?, ?, ?) FROM search_fts WHERE search_fts MATCH ?"
                " ORDER BY bm25(search_fts, ?, ?, ?) LIMIT ?",
                (*BM25_WEIGHTS, expression, *BM25_WEIGHTS, MAX_CANDIDATES),
            ).fetchall()
        except sqlite3.OperationalError:
            return {}
        return dict(rows)

    # -- what the planner asks ---------------------------------------------------------------

    def knows_term(self, term: str) -> bool:
        return term in self._vocabulary

    @property
    def vocabulary(self) -> set[str]:
        return self._vocabulary

    def distance_km(self, document: SearchDocument, origin: Point) -> float | None:
        if not document.points:
            return None
        return min(haversine_km(origin, Point(lat, lon)) for lat, lon in document.points)

    def stats(self) -> dict:
        self._refresh()
        return {"documents": len(self._docs), "terms": len(self._vocabulary)}

    def close(self) -> None:
        self.conn.close()


__all__ = ["FtsBackend", "QueryPlan"]
