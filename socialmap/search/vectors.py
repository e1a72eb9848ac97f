"""Meaning for the ranking: one vector per service and per query, in one of two ways.

- "static" (default): word vectors distilled from e5 (static_vectors.py); a query costs
  microseconds, and copies of a text (the same service in six municipalities) share one vector.
- "e5": the full model for services and queries (~11 ms a short query on one core, 25+ ms a
  long message; every distinct service text embedded at import).
WEGWIJS_SEARCH_VECTORS=static|e5|off chooses; FtsBackend(embed_services=False) turns it off.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import numpy as np

from .static_vectors import StaticEncoder, embed_words, words_of

MODES = ("static", "e5", "off")


def vector_mode() -> str:
    mode = os.environ.get("WEGWIJS_SEARCH_VECTORS", "static").strip().lower() or "static"
    if mode not in MODES:
        raise ValueError(f"WEGWIJS_SEARCH_VECTORS={mode!r}: choose one of {', '.join(MODES)}")
    return mode


class ServiceVectors:
    """Unique text vectors plus, per document position, the row of its text."""

    def __init__(self, unique: np.ndarray, rows: np.ndarray, encode_query):
        self.unique = unique
        self.rows = rows
        self.encode_query = encode_query

    def similarity(self, text: str) -> np.ndarray:
        return cosines(self.unique, self.encode_query(text))[self.rows]

    def __len__(self) -> int:
        return len(self.rows)


def cosines(matrix: np.ndarray, vector: np.ndarray) -> np.ndarray:
    """matrix @ vector; without BLAS for small matrices: on a loaded machine waking BLAS's second
    thread cost ~5 ms a call, more than the product itself (30 us for 300 x 384)."""
    if len(matrix) <= 20_000:
        return np.einsum("ij,j->i", matrix, vector)
    return matrix @ vector


def static_vectors(texts: Sequence[str], encoder: StaticEncoder) -> ServiceVectors:
    keys: dict[tuple[str, ...], int] = {}
    rows = np.empty(len(texts), dtype=np.int64)
    for i, text in enumerate(texts):
        rows[i] = keys.setdefault(tuple(words_of(text)), len(keys))
    unique = np.zeros((len(keys), 384), dtype=np.float32)
    for words, row in keys.items():
        unique[row] = encoder.encode(" ".join(words))
    return ServiceVectors(unique, rows, encoder.encode_query)


def document_frequencies(texts: Sequence[str]) -> tuple[dict[str, int], int]:
    """Per word, in how many distinct texts it occurs (idf for the static mean)."""
    df: dict[str, int] = {}
    distinct = set(texts)
    for text in distinct:
        for word in set(words_of(text)):
            df[word] = df.get(word, 0) + 1
    return df, len(distinct)


__all__ = ["MODES", "ServiceVectors", "StaticEncoder", "document_frequencies", "embed_words",
           "static_vectors", "vector_mode", "words_of"]
