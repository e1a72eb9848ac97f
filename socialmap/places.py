"""The region's gazetteer: municipalities, villages and neighbourhoods, PC4 postcodes, distances.

Answers "which municipality is Geemert in?" and "where is 5701?" offline, from
`data/places.yaml` and `data/postcodes_pc4.csv`.
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from .resources import data_dir
from .text import normalize_name

_POSTCODE = re.compile(r"^\s*(\d{4})\s*(?:[a-zA-Z]{2})?\s*$")
_LATLON = re.compile(r"^\s*(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$")


@dataclass(frozen=True)
class Place:
    name: str
    kind: str  # gemeente | kern | wijk
    municipality: str
    lat: float
    lon: float
    pc4: tuple[str, ...] = ()


@dataclass(frozen=True)
class Point:
    lat: float
    lon: float


def haversine_km(a: Point, b: Point) -> float:
    r = 6371.0088
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(h))


def parse_pc4(text: str) -> str | None:
    """'5701 AB', '5701AB' or '5701' -> '5701'; anything else -> None."""
    match = _POSTCODE.match(text or "")
    return match.group(1) if match else None


MUNICIPALITY_MEMO = 10_000


class Gazetteer:
    def __init__(self, places: list[Place], postcodes: dict[str, tuple[float, float, str]]):
        self.places = places
        self.postcodes = postcodes
        self.municipalities = [p for p in places if p.kind == "gemeente"]
        self._by_name: dict[str, Place] = {}
        for place in places:
            self._by_name.setdefault(normalize_name(place.name), place)
        self._aliases: dict[str, Place] = {}
        self._municipality_memo: dict[str, str | None] = {}

    def _add_alias(self, alias: str, place: Place) -> None:
        self._aliases.setdefault(normalize_name(alias), place)
        self._municipality_memo.clear()

    @property
    def names(self) -> dict[str, Place]:
        """Every known spelling (names and aliases, normalised) -> place."""
        return {**self._aliases, **self._by_name}

    def lookup(self, name: str) -> Place | None:
        key = normalize_name(name or "")
        return self._by_name.get(key) or self._aliases.get(key)

    def municipality_of(self, name: str) -> str | None:
        """The municipality a place name or alias lies in, or None if it is not in the region."""
        memo = self._municipality_memo  # an import asks this for every service
        if name not in memo:
            if len(memo) >= MUNICIPALITY_MEMO:
                memo.clear()  # bounded: residents' words come through here too
            place = self.lookup(name)
            memo[name] = place.municipality if place else None
        return memo[name]

    def municipality_names(self) -> list[str]:
        return [m.name for m in self.municipalities]

    def point_of(self, text: str) -> Point | None:
        """A postcode ('5701 AB'), 'lat,lon' or place name -> coordinates, or None."""
        pc4 = parse_pc4(text)
        if pc4:
            entry = self.postcodes.get(pc4)
            return Point(entry[0], entry[1]) if entry else None
        match = _LATLON.match(text or "")
        if match:
            lat, lon = float(match.group(1)), float(match.group(2))
            if -90 <= lat <= 90 and -180 <= lon <= 180:
                return Point(lat, lon)
            return None
        place = self.lookup(text)
        return Point(place.lat, place.lon) if place else None

    def municipality_of_postcode(self, text: str) -> str | None:
        pc4 = parse_pc4(text)
        entry = self.postcodes.get(pc4) if pc4 else None
        return entry[2] if entry else None


def build_gazetteer(places_data: dict, postcode_rows: list[dict]) -> Gazetteer:
    places: list[Place] = []
    aliases: list[tuple[str, Place]] = []
    for m in places_data["municipalities"]:
        muni = Place(m["name"], "gemeente", m["name"], float(m["lat"]), float(m["lon"]),
                     tuple(str(c) for c in m.get("pc4", [])))
        places.append(muni)
        aliases.extend((a, muni) for a in m.get("aliases", []))
        aliases.append((m["slug"], muni))
        for p in m.get("places", []):
            place = Place(p["name"], p["kind"], m["name"], float(p["lat"]), float(p["lon"]),
                          tuple(str(c) for c in p.get("pc4", [])))
            if normalize_name(place.name) == normalize_name(m["name"]):
                continue  # the main kern of a municipality has the municipality's name
            places.append(place)
            aliases.extend((a, place) for a in p.get("aliases", []))
    postcodes = {
        row["pc4"]: (float(row["lat"]), float(row["lon"]), row["municipality"]) for row in postcode_rows
    }
    gazetteer = Gazetteer(places, postcodes)
    for alias, place in aliases:
        gazetteer._add_alias(alias, place)
    return gazetteer


@lru_cache(maxsize=4)
def load_gazetteer(directory: Path | None = None) -> Gazetteer:
    directory = directory or data_dir()
    with open(directory / "places.yaml", encoding="utf-8") as handle:
        places_data = yaml.safe_load(handle)
    with open(directory / "postcodes_pc4.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return build_gazetteer(places_data, rows)
