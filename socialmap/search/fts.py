"""The embedded search backend: SQLite FTS5 over Dutch-analysed terms, plus facets in memory.

Text is analysed in Python (socialmap.search.analyzer) and FTS5 stores the resulting terms, so
stemming, compounds and diacritics behave the same at index and query time. Filters and ranking
use a compact in-memory copy of every document's facets, reloaded when another process changes
the index (a generation counter in the database).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
import threading
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from .. import jsontext
from ..models import Service
from ..places import Gazetteer, Point, haversine_km
from ..taxonomy import Taxonomy
from .analyzer import Lexicon, analyze
from .crisis import CRISIS_TOPICS, CrisisSignal, crisis_signal, helpline_of
from .documents import NATIONAL, SearchDocument, build_document, document_from_hsds
from .facets import Facets
from .query import SearchQuery, SearchResult
from .ranking import RELAX_ORDER, QueryPlan, has_filters, hit_of, plan_query, rank, without_filters
from .schedule import local_now
from .semantic import VECTOR_DIM, from_blob, passage_text, text_hash, to_blob
from .vectors import (
    ServiceVectors,
    StaticEncoder,
    document_frequencies,
    embed_words,
    static_vectors,
    vector_mode,
    words_of,
)

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
CREATE TABLE IF NOT EXISTS search_vector (text_hash TEXT PRIMARY KEY, vector BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS search_word (word TEXT PRIMARY KEY, vector BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS search_change (seq INTEGER PRIMARY KEY AUTOINCREMENT, doc_rowid INTEGER NOT NULL);
"""
# Processes that hold the index in memory catch up on this many changed documents in place;
# beyond it (or after a new document, a removal or a rebuild) they reload everything.
PATCH_LIMIT = 2000
CHANGE_LOG_KEEP = 20_000
EMBED_BATCH = 32
COLUMNS = ("name", "body", "topics")
BM25_WEIGHTS = (4.0, 1.0, 2.0)  # name, body, topic labels
BM25_K1, BM25_B = 1.2, 0.75
# What the stored index was made with. Raise it whenever index-time analysis changes (stopwords,
# stemming, compounds, the document fields): an index of another format is rebuilt when the map
# is opened, so an upgraded installation never searches words analysed the old way.
INDEX_FORMAT = "2026-12-04"


class FtsBackend:
    """SearchBackend on SQLite FTS5. Shares the social map's database file."""

    name = "fts"

    def __init__(self, path: str | Path, gazetteer: Gazetteer, taxonomy: Taxonomy,
                 conn: sqlite3.Connection | None = None, now=local_now, embed_services: bool = True):
        self.gazetteer = gazetteer
        self.embed_services = embed_services  # False: lexical + topics only (no model)
        self.vector_mode = vector_mode()
        self._vectors: ServiceVectors | None = None
        self._encoder: StaticEncoder | None = None
        self._topic_matcher = None
        self._lengths: np.ndarray | None = None  # (3, n) words per column, for BM25
        self.taxonomy = taxonomy
        self.now = now
        self.conn = conn or sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self.conn.executescript(SCHEMA)
        self._lock = threading.RLock()
        self._generation: str | None = None
        self._epoch: str | None = None  # changes when rowids appear or vanish: full reload
        self._seq = 0  # last change-log entry applied
        self._docs: dict[int, SearchDocument] = {}
        self._facets: Facets | None = None
        self._vocabulary: set[str] = set()
        self._df: dict[str, int] = {}
        self.lexicon = Lexicon(self._taxonomy_words())
        self._terms_memo: dict[str, str] = {}
        self._terms_size = -1
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
        return self._index_documents([build_document(s, self.gazetteer, self.taxonomy) for s in services])

    def index_hsds(self, records: Iterable[dict]) -> int:
        """`index_services` for validated HSDS records, without building `Service` objects: a
        bulk import hands over all its records at once (the store's transaction around it)."""
        return self._index_documents([document_from_hsds(r, self.gazetteer, self.taxonomy) for r in records])

    def _index_documents(self, documents: list[SearchDocument]) -> int:
        if not documents:
            return 0
        self._load_lexicon()
        self.lexicon.add(d.name for d in documents)  # every name first: the same split for all
        existing = self._rowids([d.id for d in documents])
        new = [d for d in documents if d.id not in existing]
        if existing:  # replace in place, keeping the rowid, so readers can patch their copy
            self.conn.executemany("DELETE FROM search_fts WHERE rowid = ?", [(r,) for r in existing.values()])
            self.conn.executemany("UPDATE search_doc SET doc = ? WHERE rowid = ?", [
                (jsontext.dumps(d.to_json()), existing[d.id]) for d in documents if d.id in existing])
        ids = dict(existing)
        if new:  # rowids as SQLite would give them (max + 1, ...), known without asking again
            first = self.conn.execute("SELECT coalesce(max(rowid), 0) + 1 FROM search_doc").fetchone()[0]
            ids.update((d.id, rowid) for rowid, d in enumerate(new, start=first))
            self.conn.executemany("INSERT INTO search_doc (rowid, service_id, doc) VALUES (?, ?, ?)",
                                  [(ids[d.id], d.id, jsontext.dumps(d.to_json())) for d in new])
            self._new_epoch()
        self.conn.executemany(
            "INSERT INTO search_fts (rowid, name, body, topics) VALUES (?, ?, ?, ?)",
            [(ids[d.id], " ".join(analyze(d.text_name, self.lexicon)), self._terms(d.text_body),
              self._terms(d.text_topics))
             for d in documents],
        )
        if not new:  # a new epoch makes every reader reload; only in-place changes are patched
            self.conn.executemany("INSERT INTO search_change (doc_rowid) VALUES (?)",
                                  [(ids[d.id],) for d in documents])
            self.conn.execute("DELETE FROM search_change WHERE seq <= (SELECT max(seq) FROM search_change) - ?",
                              (CHANGE_LOG_KEEP,))
        if self.embed_services and self.vector_mode == "e5":
            self._embed(documents)
        elif self.embed_services and self.vector_mode == "static":
            self._embed_words(documents)
        self._bump_generation()
        return len(documents)

    def _terms(self, text: str) -> str:
        """analyze() as index terms, remembered per text while the lexicon stays the same: many
        services share a description (one per municipality) and every topic shares its terms."""
        if self._terms_size != len(self.lexicon.words):
            self._terms_memo, self._terms_size = {}, len(self.lexicon.words)
        terms = self._terms_memo.get(text)
        if terms is None:
            terms = self._terms_memo[text] = " ".join(analyze(text, self.lexicon))
        return terms

    def _embed_words(self, documents: list[SearchDocument]) -> None:
        """Give every new word of these services (and of the taxonomy) its e5 vector, once."""
        words: set[str] = set()
        seen_parts: set[str] = set()
        for d in documents:  # the words of passage_text(), part by part: descriptions repeat, names do not
            shown = (d.name, d.organization, d.description) if d.organization and d.organization not in d.name \
                else (d.name, d.description)
            for part in shown:
                if part not in seen_parts:
                    seen_parts.add(part)
                    words.update(words_of(part))
        if not self._words_known():
            for text in self._taxonomy_texts():
                words.update(words_of(text))
        have = {w for (w,) in self.conn.execute("SELECT word FROM search_word")}
        missing = sorted(words - have)
        if missing:
            vectors = embed_words(missing)
            self.conn.executemany("INSERT OR REPLACE INTO search_word (word, vector) VALUES (?, ?)",
                                  [(w, to_blob(v)) for w, v in zip(missing, vectors, strict=True)])

    def _words_known(self) -> bool:
        return self.conn.execute("SELECT 1 FROM search_word LIMIT 1").fetchone() is not None

    def _taxonomy_texts(self) -> list[str]:
        from .semantic import topic_texts

        return [text for _owner, text in topic_texts(self.taxonomy)] + self._taxonomy_words()

    def _embed(self, documents: list[SearchDocument]) -> None:
        """Store a vector per distinct passage text not seen before (cached by text hash)."""
        from .semantic import embed_passages

        texts = {text_hash(t): t for t in (passage_text(d.name, d.organization, d.description) for d in documents)}
        hashes = list(texts)
        known: set[str] = set()
        for start in range(0, len(hashes), 900):
            chunk = hashes[start:start + 900]
            known.update(row[0] for row in self.conn.execute(
                f"SELECT text_hash FROM search_vector WHERE text_hash IN ({','.join('?' * len(chunk))})", chunk))
        missing = [h for h in hashes if h not in known]
        for start in range(0, len(missing), EMBED_BATCH):
            chunk = missing[start:start + EMBED_BATCH]
            vectors = embed_passages([texts[h] for h in chunk])
            self.conn.executemany("INSERT OR REPLACE INTO search_vector (text_hash, vector) VALUES (?, ?)",
                                  [(h, to_blob(v)) for h, v in zip(chunk, vectors, strict=True)])

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
        self._new_epoch()
        self._bump_generation()

    def rebuild(self, services: Iterable[Service]) -> int:
        self.conn.execute("DELETE FROM search_fts")
        self.conn.execute("DELETE FROM search_doc")
        self._new_epoch()
        count = 0
        batch: list[Service] = []
        for service in services:
            batch.append(service)
            if len(batch) >= 2000:
                count += self.index_services(batch)
                batch = []
        count += self.index_services(batch)
        self._bump_generation()
        self.conn.execute("INSERT OR REPLACE INTO search_meta (key, value) VALUES ('format', ?)", (INDEX_FORMAT,))
        return count

    def needs_rebuild(self) -> bool:
        """True when the stored index was made by another format (see INDEX_FORMAT); an empty
        index takes the current format with its first services."""
        if self._meta("format") == INDEX_FORMAT:
            return False
        if self.conn.execute("SELECT 1 FROM search_doc LIMIT 1").fetchone() is None:
            self.conn.execute("INSERT OR REPLACE INTO search_meta (key, value) VALUES ('format', ?)",
                              (INDEX_FORMAT,))
            return False
        return True

    def _bump_generation(self) -> None:
        value = dt.datetime.now().isoformat() + f"/{id(self)}/{len(self._docs)}"
        self.conn.execute("INSERT OR REPLACE INTO search_meta (key, value) VALUES ('generation', ?)", (value,))

    def _new_epoch(self) -> None:
        value = dt.datetime.now().isoformat() + f"/{id(self)}"
        self.conn.execute("INSERT OR REPLACE INTO search_meta (key, value) VALUES ('epoch', ?)", (value,))

    def _meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM search_meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

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
            if not self._patch():
                self._reload()
            self._df = dict(self.conn.execute("SELECT term, doc FROM search_vocab").fetchall())
            self._vocabulary = set(self._df)
            self._vectors = self._load_vectors() if self.embed_services else None
            self._topic_matcher = None
            self._generation = generation
            self._load_lexicon()

    def _reload(self) -> None:
        """Read every document and build the facets anew (seconds at 100,000 services)."""
        epoch, seq = self._meta("epoch"), self._last_change()
        docs: dict[int, SearchDocument] = {}
        for rowid, raw in self.conn.execute("SELECT rowid, doc FROM search_doc"):
            docs[rowid] = SearchDocument.from_json(json.loads(raw))
        self._facets = Facets(docs, self.taxonomy, self.gazetteer.municipality_names(), self.now().date())
        self._docs = docs
        self._lengths = np.array([
            [len(d.text_name.split()) for d in self._facets.docs],
            [len(d.text_body.split()) for d in self._facets.docs],
            [len(d.text_topics.split()) for d in self._facets.docs],
        ], dtype=np.float32).reshape(3, len(self._facets.docs))
        self._epoch, self._seq = epoch, seq

    def _patch(self) -> bool:
        """Apply documents changed in place since the last refresh; False when a reload is due."""
        if not self._docs or self._facets is None or self._meta("epoch") != self._epoch:
            return False
        if self._facets.today != self.now().date():
            return False
        oldest = self.conn.execute("SELECT min(seq) FROM search_change").fetchone()[0]
        if oldest is not None and oldest > self._seq + 1:
            return False  # the log was trimmed past what we applied
        changed = [r for (r,) in self.conn.execute(
            "SELECT DISTINCT doc_rowid FROM search_change WHERE seq > ? LIMIT ?", (self._seq, PATCH_LIMIT + 1))]
        if len(changed) > PATCH_LIMIT or any(r not in self._docs for r in changed):
            return False
        seq = self._last_change()
        docs: dict[int, SearchDocument] = {}
        for start in range(0, len(changed), 900):
            chunk = changed[start:start + 900]
            for rowid, raw in self.conn.execute(
                    f"SELECT rowid, doc FROM search_doc WHERE rowid IN ({','.join('?' * len(chunk))})", chunk):
                docs[rowid] = SearchDocument.from_json(json.loads(raw))
        if len(docs) != len(changed):
            return False
        self._docs.update(docs)
        self._facets.patch(docs, self.taxonomy, self.gazetteer.municipality_names())
        for memo in ("_name_keys", "_helplines"):  # per-document memos of the ranking
            self._facets.__dict__.pop(memo, None)
        assert self._lengths is not None
        for rowid, d in docs.items():
            position = self._facets.position[rowid]
            self._lengths[:, position] = (len(d.text_name.split()), len(d.text_body.split()),
                                          len(d.text_topics.split()))
        self.lexicon.add(d.name for d in docs.values())
        self._seq = seq
        return True

    def _last_change(self) -> int:
        return self.conn.execute("SELECT coalesce(max(seq), 0) FROM search_change").fetchone()[0]

    def _load_vectors(self) -> ServiceVectors | None:
        """Vectors aligned with the facets' documents (static: built from the word table)."""
        assert self._facets is not None
        texts = [passage_text(d.name, d.organization, d.description) for d in self._facets.docs]
        if self.vector_mode == "static":
            table = {w: from_blob(b) for w, b in self.conn.execute("SELECT word, vector FROM search_word")}
            if not table:
                return None
            df, distinct = document_frequencies(texts)
            self._encoder = StaticEncoder(table, df, distinct, self.lexicon)
            return static_vectors(texts, self._encoder)
        if self.vector_mode != "e5":
            return None
        stored = dict(self.conn.execute("SELECT text_hash, vector FROM search_vector"))
        if not stored:
            return None
        matrix = np.zeros((len(self._facets), VECTOR_DIM), dtype=np.float32)
        for i, text in enumerate(texts):
            blob = stored.get(text_hash(text))
            if blob is not None:
                matrix[i] = from_blob(blob)
        from .semantic import embed_query

        return ServiceVectors(matrix, np.arange(len(texts)), embed_query)

    def topic_matcher(self):
        """Topics by meaning, with the same kind of vectors as the services."""
        if self._topic_matcher is None:
            from .semantic import TopicMatcher

            if self.vector_mode == "static" and self._encoder is not None:
                self._topic_matcher = TopicMatcher(self.taxonomy, self._encoder.encode_query,
                                                   self._encoder.encode_many)
            elif self.vector_mode == "e5" or self.vector_mode == "static":
                self._topic_matcher = TopicMatcher(self.taxonomy)
            else:
                self._topic_matcher = TopicMatcher(self.taxonomy)
        return self._topic_matcher

    # -- searching ---------------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResult:
        self._refresh()
        plan = plan_query(query, self)
        if self._facets is None or self._facets.today != self.now().date():
            self._generation = None  # staleness is per day
            self._refresh()
        lexical = self._lexical(self._selective(plan.match_terms))
        signal = crisis_signal(query.q)
        if signal is not None:  # the need behind the crisis, as a topic signal for what follows
            topic = CRISIS_TOPICS.get(signal.kind.split("-")[0])
            if topic:
                plan.topic_weights[topic] = 1.0
        if signal is None:
            hits, total = rank(plan, lexical, self._facets, now=self.now(), vectors=self._vectors)
        else:
            hits, total = self._with_helplines(plan, lexical, signal)
        result = SearchResult(total=total, items=hits, detected_place=plan.detected_place,
                              detected_topics=list(plan.topic_weights), crisis=signal)
        if total == 0 and plan.has_text and has_filters(query):
            result.without_filters = self._relaxed(query)
        return result

    def _relaxed(self, query: SearchQuery) -> dict | None:
        """What the words find with one filter fewer (the first that helps, in RELAX_ORDER),
        else with none of them."""
        wide, dropped_all = without_filters(query)
        tries = [[name] for name in RELAX_ORDER if name in dropped_all and len(dropped_all) > 1]
        for dropped in [*tries, dropped_all]:
            if dropped == dropped_all:
                candidate = wide
            else:
                candidate = dataclasses.replace(query, offset=0, **{n: None for n in dropped})
                if "near" in dropped:
                    candidate.radius_km = None
            found = self.search(candidate)
            if found.total:
                return {"dropped": dropped if dropped != ["near"] else ["near", "radius_km"],
                        "total": found.total, "items": found.items, "query": candidate}
        return None

    CRISIS_WINDOW = 100

    def _with_helplines(self, plan: QueryPlan, lexical, signal: CrisisSignal) -> tuple[list, int]:
        """The helplines for this crisis first (whatever the filters), then the other results."""
        assert self._facets is not None
        query = plan.query
        cache = self._facets.__dict__.setdefault("_helplines", {})
        if "lines" not in cache:  # helpline positions, found once per loaded index
            found: dict[str, int] = {}
            for position, document in enumerate(self._facets.docs):
                key = helpline_of(document.phones) if document.active and document.national else None
                if key and key not in found:
                    found[key] = position
            cache["lines"] = found
        lines = cache["lines"]
        pinned = [lines[k] for k in signal.helplines if k in lines]
        # a wide window: only services of the crisis topic follow the helplines, so a page of them
        # must not run dry because other guessed topics took the first places
        wide = dataclasses.replace(query, offset=0, limit=max(self.CRISIS_WINDOW, query.offset + query.limit + len(pinned)))
        wide_plan = dataclasses.replace(plan, query=wide)
        hits, total = rank(wide_plan, lexical, self._facets, now=self.now(), vectors=self._vectors)
        pinned_ids = {self._facets.docs[p].id for p in pinned}
        top_score = max((h.score for h in hits), default=1.0)
        helpline_hits = [hit_of(self._facets.docs[p], top_score, self.now()) for p in pinned]
        topic = CRISIS_TOPICS.get(signal.kind.split("-")[0])
        rest = [h for h in hits if h.id not in pinned_ids and (topic is None or topic in h.topics)]
        # what can answer now comes next: national lines and chats before local walk-in services
        rest.sort(key=lambda h: NATIONAL not in h.municipalities)
        if len(rest) < len(hits) - len(pinned_ids & {h.id for h in hits}):
            total = len(rest) + len(pinned)  # only what answers the crisis follows the helplines
        ordered = helpline_hits + rest
        total += len(pinned_ids - {h.id for h in hits})
        return ordered[query.offset: query.offset + query.limit], total

    def _selective(self, terms: list[str]) -> list[str]:
        """Drop terms found in more than 5% of documents (e.g. 'zorg' split off 'respijtzorg'):
        they barely change the order but make BM25 score thousands of rows. The rarest term
        always stays."""
        if len(terms) <= 1:
            return terms
        limit = max(500, 0.05 * len(self._docs))
        kept = [t for t in terms if self._df.get(t, 0) <= limit]
        return kept or [min(terms, key=lambda t: self._df.get(t, 0))]

    def _lexical(self, terms: list[str]) -> np.ndarray | None:
        """BM25 relevance per document position (0 = no match), computed in numpy.

        FTS5 finds the matching rows per column (a few ms even for 10,000 matches); its own
        bm25() costs ~15x more at 100,000 services. Term frequency is taken as 1, which holds
        for short service texts; lengths and column weights are as in FTS5's bm25."""
        facets, lengths = self._facets, self._lengths
        if not terms or facets is None or lengths is None or not len(facets):
            return None
        n = len(facets)
        scores = np.zeros(n, dtype=np.float32)
        total = lengths.sum(axis=0)
        norm = BM25_K1 * (1.0 - BM25_B + BM25_B * total / (total.mean() + 1e-6))
        for term in terms:
            df = self._df.get(term, 0)
            if not df:
                continue
            idf = max(np.log((n - df + 0.5) / (df + 0.5)), 1e-6)  # as FTS5's bm25()
            weighted = np.zeros(n, dtype=np.float32)  # column-weighted frequency, tf taken as 1
            for name, weight in zip(COLUMNS, BM25_WEIGHTS, strict=True):
                try:
                    rows = self.conn.execute(
                        "SELECT rowid FROM search_fts WHERE search_fts MATCH ?", (f'{name} : "{term}"',)
                    ).fetchall()
                except sqlite3.OperationalError:
                    continue
                if rows:
                    weighted[np.searchsorted(facets.rowids, np.fromiter((r[0] for r in rows), np.int64, len(rows)))] += weight
            scores += idf * weighted * (BM25_K1 + 1.0) / (weighted + norm)
        return scores if scores.any() else None

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
