"""Every document's filter and ranking facets as numpy columns, so a search over 100,000
services filters, counts and orders in vectorised steps instead of a Python loop."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping

import numpy as np

from ..places import Point
from ..taxonomy import Taxonomy
from .documents import NATIONAL, SearchDocument
from .schedule import DAYS, is_open

SLOT_MINUTES = 15
SLOTS = 7 * 24 * 60 // SLOT_MINUTES  # 672 quarter-hours in a week
EARTH_KM = 6371.0088


def _hours_bitmap(windows) -> np.ndarray:
    bits = np.zeros(SLOTS, dtype=bool)
    for day, opens, closes, _from, _to in windows:
        start = day * 24 * 60 // SLOT_MINUTES + opens // SLOT_MINUTES
        end = day * 24 * 60 // SLOT_MINUTES + math.ceil(closes / SLOT_MINUTES)
        bits[start:end] = True
    return np.packbits(bits)


class Facets:
    def __init__(self, docs: Mapping[int, SearchDocument], taxonomy: Taxonomy,
                 municipalities: list[str], today: dt.date):
        self.today = today
        self.rowids = np.array(sorted(docs), dtype=np.int64)
        self.docs = [docs[int(r)] for r in self.rowids]
        self.position = {int(r): i for i, r in enumerate(self.rowids)}
        self.topic_index = {slug: i for i, slug in enumerate(taxonomy.topic_slugs)}
        self.municipality_index = {name: i for i, name in enumerate(municipalities)}
        n = len(self.docs)
        self.active = np.fromiter((d.active for d in self.docs), bool, n)
        self.ladder = np.fromiter((taxonomy.ladder_rank(d.ladder) for d in self.docs), np.int8, n)
        self.national = np.fromiter((d.national for d in self.docs), bool, n)
        self.stale = np.fromiter((d.is_stale(today) for d in self.docs), bool, n)
        self.free = np.fromiter((d.free for d in self.docs), bool, n)
        self.min_age = np.fromiter((np.nan if d.min_age is None else d.min_age for d in self.docs), float, n)
        self.max_age = np.fromiter((np.nan if d.max_age is None else d.max_age for d in self.docs), float, n)
        self.municipality_bits = np.fromiter((self._municipality_bits(d) for d in self.docs), np.int64, n)
        self.topic_bits = np.fromiter((self._topic_bits(d.topics) for d in self.docs), np.int64, n)
        self.primary_topic = np.fromiter(
            (self.topic_index.get(d.topics[0], -1) if d.topics else -1 for d in self.docs), np.int16, n)
        self.lat = np.radians(np.fromiter((d.points[0][0] if d.points else np.nan for d in self.docs), float, n))
        self.lon = np.radians(np.fromiter((d.points[0][1] if d.points else np.nan for d in self.docs), float, n))
        self.extra_points = [i for i, d in enumerate(self.docs) if len(d.points) > 1]
        names = sorted(range(n), key=lambda i: (self.docs[i].name.lower(), self.docs[i].id))
        self.name_rank = np.empty(n, dtype=np.int32)
        self.name_rank[names] = np.arange(n, dtype=np.int32)
        self.has_hours = np.fromiter((bool(d.windows) for d in self.docs), bool, n)
        self.dated_hours = [i for i, d in enumerate(self.docs) if any(w[3] or w[4] for w in d.windows)]
        self.hours = (np.stack([_hours_bitmap(d.windows) for d in self.docs])
                      if n else np.zeros((0, SLOTS // 8), np.uint8))
        self.default_order = np.lexsort((self.name_rank, self.stale, self.national, self.ladder))

    _COLUMNS = ("active", "ladder", "national", "stale", "free", "min_age", "max_age",
                "municipality_bits", "topic_bits", "primary_topic", "lat", "lon", "has_hours", "hours")

    def patch(self, docs: Mapping[int, SearchDocument], taxonomy: Taxonomy, municipalities: list[str]) -> None:
        """Replace these (already present) documents' facets in place."""
        if not docs:
            return
        fresh = Facets(docs, taxonomy, municipalities, self.today)
        positions = np.array([self.position[int(r)] for r in fresh.rowids], dtype=np.int64)
        for name in self._COLUMNS:
            getattr(self, name)[positions] = getattr(fresh, name)
        for position, document in zip(positions, fresh.docs, strict=True):
            self.docs[position] = document
        touched = set(positions.tolist())
        self.extra_points = sorted({i for i in self.extra_points if i not in touched}
                                   | {int(positions[i]) for i in fresh.extra_points})
        self.dated_hours = sorted({i for i in self.dated_hours if i not in touched}
                                  | {int(positions[i]) for i in fresh.dated_hours})
        n = len(self.docs)
        names = sorted(range(n), key=lambda i: (self.docs[i].name.lower(), self.docs[i].id))
        self.name_rank[names] = np.arange(n, dtype=np.int32)
        self.default_order = np.lexsort((self.name_rank, self.stale, self.national, self.ladder))

    def _municipality_bits(self, document: SearchDocument) -> int:
        bits = 0
        for name in document.municipalities:
            if name != NATIONAL and name in self.municipality_index:
                bits |= 1 << self.municipality_index[name]
        return bits

    def _topic_bits(self, topics) -> int:
        bits = 0
        for topic in topics:
            if topic in self.topic_index:
                bits |= 1 << self.topic_index[topic]
        return bits

    def __len__(self) -> int:
        return len(self.docs)

    # -- vectorised questions ---------------------------------------------------------------

    def with_topics(self, topics) -> np.ndarray:
        return (self.topic_bits & self._topic_bits(topics)) != 0

    def in_municipality(self, name: str) -> np.ndarray:
        index = self.municipality_index.get(name)
        if index is None:
            return self.national.copy()
        return self.national | ((self.municipality_bits >> index) & 1).astype(bool)

    def open_at(self, when: dt.datetime) -> np.ndarray:
        slot = (when.weekday() * 24 * 60 + when.hour * 60 + when.minute) // SLOT_MINUTES
        result = ((self.hours[:, slot // 8] >> (7 - slot % 8)) & 1).astype(bool)
        for i in self.dated_hours:  # validity dates: check exactly
            result[i] = bool(is_open(self.docs[i].windows, when))
        return result

    def distance_km(self, origin: Point) -> np.ndarray:
        lat0, lon0 = math.radians(origin.lat), math.radians(origin.lon)
        h = (np.sin((self.lat - lat0) / 2) ** 2
             + math.cos(lat0) * np.cos(self.lat) * np.sin((self.lon - lon0) / 2) ** 2)
        distance = 2 * EARTH_KM * np.arcsin(np.sqrt(h))
        for i in self.extra_points:
            for lat, lon in self.docs[i].points[1:]:
                la, lo = math.radians(lat), math.radians(lon)
                hh = math.sin((la - lat0) / 2) ** 2 + math.cos(lat0) * math.cos(la) * math.sin((lo - lon0) / 2) ** 2
                distance[i] = min(distance[i], 2 * EARTH_KM * math.asin(math.sqrt(hh)))
        return distance  # NaN where a service has no location


__all__ = ["DAYS", "Facets"]
