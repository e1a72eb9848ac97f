"""Search quality on the judged query set: recall@5 and nDCG@10, ours beside a plain baseline.

    python -m socialmap.search.evaluate [--queries tests/socialmap/judged_queries.yaml] [-v]

The baseline is SQLite FTS5 with its default unicode61 tokenizer on name + description, the raw
query words OR-ed, the same explicit filters — no Dutch analysis, thesaurus, typos, places or
meaning. Both run on a fresh in-memory copy of the demo social map.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..facade import SocialMap
from ..resources import REPO_ROOT, demo_data_path
from .query import SearchQuery, parse_local_time
from .ranking import QueryPlan, passes

DEFAULT_QUERIES = REPO_ROOT / "tests" / "socialmap" / "judged_queries.yaml"
FILTERS = ("free", "age", "ladder", "open_at", "near", "radius_km")


@dataclass
class Scores:
    recall_at_5: float
    ndcg_at_10: float
    per_query: list[tuple[str, float, float]]


def load_queries(path: Path = DEFAULT_QUERIES) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["queries"]


def to_search_query(entry: dict, limit: int = 10) -> SearchQuery:
    query = SearchQuery(q=entry["q"], limit=limit)
    query.municipality = entry.get("municipality_filter")
    query.free = entry.get("free")
    query.age = entry.get("age")
    query.ladder = entry.get("ladder")
    query.near = entry.get("near")
    query.radius_km = entry.get("radius_km")
    if entry.get("open_at"):
        query.open_at = parse_local_time(entry["open_at"])
    return query


def judgments(entry: dict, social_map: SocialMap) -> dict[str, int]:
    """service id -> grade (2 main topic or named, 1 secondary topic) for one query."""
    backend = social_map.search_backend
    backend._refresh()
    plan = QueryPlan(query=to_search_query(entry, 10))
    plan.municipality = entry.get("municipality_filter")
    if entry.get("near"):
        plan.origin = social_map.places.point_of(entry["near"])
    grades: dict[str, int] = {}
    for document in backend._docs.values():
        distance = backend.distance_km(document, plan.origin) if plan.origin else None
        if not passes(document, plan, distance):
            continue
        where = entry.get("municipality")
        if where and not (document.national or where in document.municipalities):
            continue
        grade = 0
        for position, topic in enumerate(document.topics):
            if topic in entry.get("topics", []):
                grade = max(grade, 2 if position == 0 else 1)
        if any(document.name.startswith(p) for p in entry.get("name_prefix", [])):
            grade = 2
        if grade:
            grades[document.id] = grade
    return grades


def recall_at(ranked: list[str], grades: dict[str, int], k: int) -> float:
    if not grades:
        return 1.0
    return len([i for i in ranked[:k] if i in grades]) / min(k, len(grades))


def ndcg_at(ranked: list[str], grades: dict[str, int], k: int) -> float:
    dcg = sum((2 ** grades.get(i, 0) - 1) / math.log2(n + 2) for n, i in enumerate(ranked[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    idcg = sum((2 ** g - 1) / math.log2(n + 2) for n, g in enumerate(ideal))
    return dcg / idcg if idcg else 1.0


class Baseline:
    """Plain FTS5 (unicode61) over name and description, raw words OR-ed."""

    def __init__(self, social_map: SocialMap):
        self.social_map = social_map
        self.conn = sqlite3.connect(":memory:")
        self.conn.execute("CREATE VIRTUAL TABLE doc USING fts5(id UNINDEXED, name, description)")
        self.conn.executemany("INSERT INTO doc VALUES (?, ?, ?)", [
            (s.id, s.name, s.description or "") for s in social_map.list_services()])

    def search(self, entry: dict, limit: int = 10) -> list[str]:
        words = re.findall(r"\w+", entry["q"].lower())
        if not words:
            return []
        expression = " OR ".join(f'"{w}"' for w in words)
        rows = self.conn.execute(
            "SELECT id FROM doc WHERE doc MATCH ? ORDER BY bm25(doc) LIMIT 500", (expression,)).fetchall()
        backend = self.social_map.search_backend
        backend._refresh()
        by_id = {d.id: d for d in backend._docs.values()}
        plan = QueryPlan(query=to_search_query(entry, limit))
        plan.municipality = entry.get("municipality_filter")
        if entry.get("near"):
            plan.origin = self.social_map.places.point_of(entry["near"])
        ranked = []
        for (service_id,) in rows:
            document = by_id.get(service_id)
            distance = backend.distance_km(document, plan.origin) if document and plan.origin else None
            if document and passes(document, plan, distance):
                ranked.append(service_id)
        return ranked[:limit]


def evaluate(social_map: SocialMap, queries: list[dict]) -> tuple[Scores, Scores]:
    baseline = Baseline(social_map)
    ours_rows, base_rows = [], []
    for entry in queries:
        grades = judgments(entry, social_map)
        ranked = [hit.id for hit in social_map.search(to_search_query(entry, 10)).items]
        base = baseline.search(entry, 10)
        ours_rows.append((entry["q"], recall_at(ranked, grades, 5), ndcg_at(ranked, grades, 10)))
        base_rows.append((entry["q"], recall_at(base, grades, 5), ndcg_at(base, grades, 10)))

    def summary(rows):
        return Scores(sum(r[1] for r in rows) / len(rows), sum(r[2] for r in rows) / len(rows), rows)

    return summary(ours_rows), summary(base_rows)


def demo_map() -> SocialMap:
    social_map = SocialMap(":memory:")
    social_map.import_hsds(demo_data_path())
    return social_map


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m socialmap.search.evaluate")
    parser.add_argument("--queries", type=Path, default=DEFAULT_QUERIES)
    parser.add_argument("-v", "--verbose", action="store_true", help="list queries below 1.0 recall@5")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    queries = load_queries(args.queries)
    ours, base = evaluate(demo_map(), queries)
    if args.json:
        print(json.dumps({"queries": len(queries),
                          "wegwijs": {"recall@5": ours.recall_at_5, "ndcg@10": ours.ndcg_at_10},
                          "baseline_fts5": {"recall@5": base.recall_at_5, "ndcg@10": base.ndcg_at_10}}))
        return 0
    print(f"Judged queries: {len(queries)} on the demo social map")
    print(f"{'engine':<28}{'recall@5':>10}{'nDCG@10':>10}")
    print(f"{'wegwijs (Dutch analysis)':<28}{ours.recall_at_5:>10.3f}{ours.ndcg_at_10:>10.3f}")
    print(f"{'baseline FTS5 unicode61':<28}{base.recall_at_5:>10.3f}{base.ndcg_at_10:>10.3f}")
    if args.verbose:
        for (q, recall, ndcg), (_, b_recall, _) in zip(ours.per_query, base.per_query, strict=True):
            if recall < 1.0:
                print(f"  {recall:.2f} (baseline {b_recall:.2f}) nDCG {ndcg:.2f}  {q}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
