"""Static word vectors distilled from e5 (the model2vec idea), so a query costs no model call.

Every word of the social map and the taxonomy gets the vector e5 gives it on its own (computed once
at index time, cached in the database and on disk). A text's vector is the idf-weighted mean of its
words' vectors; a word the table lacks is looked up by its stem and its compound parts. Measured
beside full e5 in `make eval` (WEGWIJS_SEARCH_VECTORS=e5): see the notes in tools/search_eval.py.
"""

from __future__ import annotations

import math
import os
import threading
from collections.abc import Iterable

import numpy as np

from .analyzer import Lexicon, stem, tokenize
from .wordlists import STOPWORDS_NL

VECTOR_DIM = 384
MIN_WORD = 2
SYNC_FILL_WORDS = 4  # a short query of unknown words waits for them; a long message does not


def words_of(text: str) -> list[str]:
    """The words that carry meaning: folded, no stopwords, no numbers."""
    return [t for t in tokenize(text) if len(t) >= MIN_WORD and t not in STOPWORDS_NL and not t.isdigit()]


def word_key(word: str) -> str:
    return "w:" + word


def embed_words(words: list[str]) -> np.ndarray:
    """e5 vectors of single words (query mode), through the on-disk cache of earlier runs."""
    from . import semantic

    cache = semantic._disk_cache()
    keys = [semantic.text_hash(word_key(w)) for w in words]
    known = cache.get(keys)
    missing = [(k, w) for k, w in zip(keys, words, strict=True) if k not in known]
    for start in range(0, len(missing), 64):
        chunk = missing[start:start + 64]
        vectors = np.atleast_2d(semantic.model().query([w for _k, w in chunk]))
        fresh = {k: v for (k, _w), v in zip(chunk, vectors, strict=True)}
        known.update(fresh)
        cache.put(fresh)
    return np.stack([known[k] for k in keys]).astype(np.float32) if words else np.zeros((0, VECTOR_DIM), np.float32)


class StaticEncoder:
    """Text -> vector from a word table; no model at query time."""

    def __init__(self, table: dict[str, np.ndarray], df: dict[str, int], documents: int,
                 lexicon: Lexicon | None = None, center: bool | None = None):
        if center is None:
            center = os.environ.get("WEGWIJS_STATIC_CENTER", "1") == "1"
        # e5's vectors share a large common direction (cosines crowd into 0.7-0.9); a mean of
        # word vectors is mostly that direction unless it is taken out first
        self.center = np.mean(np.stack(list(table.values())), axis=0) if center and len(table) > 50 else None
        self.table = table
        self.lexicon = lexicon
        self.documents = max(documents, 1)
        self.df = df
        self._resolved: dict[str, tuple[tuple[str, ...], float]] = {}
        self.fill_missing = True
        self._queue: list[str] = []
        self._queued: set[str] = set()
        self._queue_lock = threading.Lock()
        self._worker: threading.Thread | None = None

    def weight(self, word: str) -> float:
        return math.log(1.0 + self.documents / (1.0 + self.df.get(word, 0)))

    def _resolve(self, word: str) -> tuple[tuple[str, ...], float]:
        """The table words standing for `word` (itself, its stem, or its compound parts)."""
        found = self._resolved.get(word)
        if found is None:
            if word in self.table:
                keys: tuple[str, ...] = (word,)
            elif stem(word) in self.table:
                keys = (stem(word),)
            else:
                parts = self.lexicon.split(word) if self.lexicon is not None else []
                keys = tuple(p for p in parts if p in self.table)
            found = self._resolved[word] = (keys, self.weight(word))
        return found

    def encode_query(self, text: str) -> np.ndarray:
        """Like encode, and words the table lacks get their e5 vector, once: when the table
        knows none of the query's words, now (else the query has no meaning at all); otherwise
        in the background, so this query costs no model call and the next one has them."""
        words = words_of(text)
        missing = [w for w in dict.fromkeys(words) if not self._resolve(w)[0]]
        if missing and self.fill_missing:
            if len(missing) == len(set(words)) and len(missing) <= SYNC_FILL_WORDS:
                self._fill(missing)
            else:
                self._fill_later(missing)
        return self.encode(text)

    def _fill(self, words: list[str]) -> None:
        try:
            vectors = embed_words(words)
        except Exception:  # no model here: the known words must do
            return
        for word, vector in zip(words, vectors, strict=True):
            self.table[word] = vector
            self._resolved.pop(word, None)

    def _fill_later(self, words: list[str]) -> None:
        with self._queue_lock:
            fresh = [w for w in words if w not in self._queued]
            self._queued.update(fresh)
            if not fresh:
                return
            self._queue.extend(fresh)
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(target=self._drain, name="static-vectors", daemon=True)
                self._worker.start()

    def _drain(self) -> None:
        while True:
            with self._queue_lock:
                batch, self._queue = self._queue[:32], self._queue[32:]
                if not batch:
                    self._worker = None
                    return
            self._fill(batch)

    def wait(self) -> None:
        """Until the background fill is done (tests)."""
        worker = self._worker
        if worker is not None:
            worker.join()

    def encode(self, text: str) -> np.ndarray:
        vector = np.zeros(VECTOR_DIM, dtype=np.float32)
        for word in words_of(text):
            keys, weight = self._resolve(word)
            for key in keys:
                vector += (weight / len(keys)) * self.table[key]
        if self.center is not None and vector.any():
            vector = vector / (np.linalg.norm(vector) or 1.0) - self.center
        norm = float(np.linalg.norm(vector))
        return vector / norm if norm else vector

    def encode_many(self, texts: Iterable[str]) -> np.ndarray:
        texts = list(texts)
        out = np.zeros((len(texts), VECTOR_DIM), dtype=np.float32)
        for i, text in enumerate(texts):
            out[i] = self.encode(text)
        return out
