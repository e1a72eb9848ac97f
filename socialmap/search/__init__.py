"""Search over the social map: one interface, several backends (design §5).

The embedded backend is SQLite FTS5 with Dutch analysis (`fts.FtsBackend`). A backend for an
Elasticsearch cluster implements the same `SearchBackend` protocol and must pass the same
conformance tests (tests/socialmap/search_conformance.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from ..models import Service
from .query import Hit, ParameterError, SearchQuery, SearchResult


class SearchBackend(Protocol):
    name: str

    def index_services(self, services: Iterable[Service]) -> int:
        """Add or replace these services in the index."""

    def remove(self, service_ids: Iterable[str]) -> None:
        """Drop these services from the index."""

    def rebuild(self, services: Iterable[Service]) -> int:
        """Replace the whole index with these services."""

    def search(self, query: SearchQuery) -> SearchResult:
        """Active services matching the query, ordered as design §5 asks."""

    def close(self) -> None: ...


__all__ = ["Hit", "ParameterError", "SearchBackend", "SearchQuery", "SearchResult"]
