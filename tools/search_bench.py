"""Search speed: the embedded engine beside PostgreSQL `dutch` FTS, same corpus, same queries.

    python -m tools.search_bench [--sizes 10000,100000] [--queries 400] [--import-only]

Synthetic corpora are copies of the demo social map (new ids, numbered names, jittered places),
so the text stays realistic Dutch. Every size runs in fresh processes: one imports (timed), one
searches (peak memory of a search process), so neither sees the other's garbage. The query stream
is distinct (no repeats, so no cache hides the cost of a query): the project's judged queries and
the bot's training messages, every fourth with a filter. PostgreSQL gets the same corpus (GIN
index over name, organisation and description, ts_rank_cd, query words OR-ed, the same municipality,
free and age filters as columns) and the same stream. Targets (issue 12): p95 <= 2x PostgreSQL,
import of 100,000 services <= 15 s, search process <= 600 MB.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import yaml

from socialmap.resources import REPO_ROOT, demo_data_path

PG_DSN = os.environ.get("WEGWIJS_BENCH_PG", "host=127.0.0.1 port=5432 user=postgres")
PG_DATABASE = "wegwijs_search_bench"
FILTERS = [{"municipality": "Helmond"}, {"free": True}, {"age": 70}, {"municipality": "Deurne", "free": True}]
TARGETS = {"ratio_p95": 2.0, "import_100k_s": 15.0, "search_rss_mb": 600}


def synthetic(records: list[dict], size: int) -> list[dict]:
    out = []
    for n in range(size):
        record = copy.deepcopy(records[n % len(records)])
        copy_number = n // len(records)
        if copy_number:
            record["id"] = str(uuid.uuid5(uuid.NAMESPACE_URL, f"bench/{n}"))
            record["name"] = f"{record['name']} {copy_number}"
            for sal in record.get("service_at_locations") or []:
                location = sal.get("location") or {}
                if location.get("latitude") is not None:
                    location["latitude"] += (n % 17 - 8) / 2000
                    location["longitude"] += (n % 13 - 6) / 2000
        out.append(record)
    return out


def query_stream(count: int) -> list[dict]:
    """Distinct queries: judged queries and bot training messages; every fourth filtered."""
    texts: list[str] = []
    for path in (REPO_ROOT / "tests" / "socialmap").glob("judged_queries*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        texts += [str(q["q"]) for q in data["queries"]]
    for path in sorted((REPO_ROOT / "bot" / "data" / "nlu").glob("*.yml")):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
            for line in str(block.get("examples", "")).splitlines():
                text = re.sub(r"\[([^\]]+)\]\([^)]+\)|\[([^\]]+)\]\{[^}]+\}", r"\1\2", line.lstrip("- ").strip())
                if text:
                    texts.append(text)
    unique = list(dict.fromkeys(t for t in texts if t.strip()))
    random.Random(12).shuffle(unique)
    return [{"q": q, **(FILTERS[i // 4 % len(FILTERS)] if i % 4 == 3 else {})}
            for i, q in enumerate(unique[:count])]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, int(round(share * len(ordered))) - 1))]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- the phases, each in its own process -------------------------------------------------------

def phase_corpus(size: int, out: Path) -> dict:
    records = json.loads(demo_data_path().read_text(encoding="utf-8"))
    out.write_text(json.dumps(synthetic(records, size), ensure_ascii=False), encoding="utf-8")
    return {"records": size}


def phase_import(corpus: Path, db: Path) -> dict:
    from socialmap.facade import SocialMap

    social_map = SocialMap(db)
    started, cpu = time.perf_counter(), time.process_time()
    report = social_map.import_hsds(corpus)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    assert report.ok, report.errors[:2]
    social_map.close()
    return {"import_s": round(seconds, 2), "import_cpu_s": round(cpu, 2), "import_rss_mb": round(peak_rss_mb())}


def phase_search(db: Path, count: int) -> dict:
    from socialmap.facade import SocialMap
    from socialmap.search import SearchQuery

    social_map = SocialMap(db)
    started = time.perf_counter()
    social_map.search(SearchQuery(q="warm up the index"))
    load_s = time.perf_counter() - started
    timings = []
    for entry in query_stream(count):
        query = SearchQuery(**entry)
        started = time.perf_counter()
        social_map.search(query)
        timings.append((time.perf_counter() - started) * 1000)
    return {"load_s": round(load_s, 2), "queries": len(timings),
            "p50_ms": round(statistics.median(timings), 2), "p95_ms": round(percentile(timings, 0.95), 2),
            "search_rss_mb": round(peak_rss_mb())}


def run_phase(*args: str) -> dict:
    output = subprocess.run([sys.executable, "-m", "tools.search_bench", "--phase", *args],
                            check=True, capture_output=True, text=True, cwd=REPO_ROOT,
                            env={**os.environ, "PYTHONPATH": str(REPO_ROOT)}).stdout
    return json.loads(output.strip().splitlines()[-1])


# -- PostgreSQL ----------------------------------------------------------------------------

def postgres(corpus: Path, count: int) -> dict:
    import psycopg2

    admin = psycopg2.connect(PG_DSN + " dbname=postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
        cursor.execute(f"CREATE DATABASE {PG_DATABASE}")
    conn = psycopg2.connect(PG_DSN + f" dbname={PG_DATABASE}")
    try:
        records = json.loads(corpus.read_text(encoding="utf-8"))
        rows = []
        for r in records:
            areas = [a.get("name") for a in r.get("service_areas") or []]
            free = any(c.get("amount") == 0 for c in r.get("cost_options") or [])
            rows.append((r["id"], r["name"], (r.get("organization") or {}).get("name") or "",
                         r.get("description") or "", areas, free, r.get("minimum_age"), r.get("maximum_age"),
                         r.get("status") == "active"))
        del records
        started = time.perf_counter()
        with conn, conn.cursor() as cursor:
            cursor.execute("CREATE TABLE svc (id text PRIMARY KEY, tsv tsvector, areas text[], free bool, "
                           "min_age real, max_age real, active bool)")
            from psycopg2.extras import execute_values

            execute_values(cursor, "INSERT INTO svc SELECT v.id, setweight(to_tsvector('dutch', v.n), 'A') || "
                           "setweight(to_tsvector('dutch', v.o), 'B') || to_tsvector('dutch', v.d), v.a, v.f, "
                           "v.lo, v.hi, v.act FROM (VALUES %s) AS v(id, n, o, d, a, f, lo, hi, act)", rows,
                           template="(%s, %s, %s, %s, %s::text[], %s, %s::real, %s::real, %s)", page_size=2000)
            cursor.execute("CREATE INDEX svc_tsv ON svc USING gin (tsv)")
            cursor.execute("ANALYZE svc")
        import_s = time.perf_counter() - started
        timings = []
        with conn.cursor() as cursor:
            for entry in query_stream(count):
                where, params = ["active"], [entry["q"]]
                if "municipality" in entry:
                    where.append("(%s = ANY(areas) OR 'Nederland' = ANY(areas))")
                    params.append(entry["municipality"])
                if entry.get("free"):
                    where.append("free")
                if "age" in entry:
                    where.append("(min_age IS NULL OR min_age <= %s) AND (max_age IS NULL OR max_age >= %s)")
                    params += [entry["age"], entry["age"]]
                sql = ("WITH q AS (SELECT to_tsquery('dutch', coalesce(nullif(replace("
                       "plainto_tsquery('dutch', %s)::text, '&', '|'), ''), 'x')) AS t) "
                       "SELECT id FROM svc, q WHERE tsv @@ q.t AND " + " AND ".join(where)
                       + " ORDER BY ts_rank_cd(tsv, q.t) DESC LIMIT 10")
                started = time.perf_counter()
                cursor.execute(sql, params)
                cursor.fetchall()
                timings.append((time.perf_counter() - started) * 1000)
        return {"import_s": round(import_s, 2), "p50_ms": round(statistics.median(timings), 2),
                "p95_ms": round(percentile(timings, 0.95), 2)}
    finally:
        conn.close()
        with admin.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
        admin.close()


def bench(size: int, count: int, import_only: bool = False) -> dict:
    with tempfile.TemporaryDirectory(prefix="wegwijs-bench-") as tmp:
        corpus, db = Path(tmp) / "corpus.json", Path(tmp) / "bench.sqlite"
        run_phase("corpus", str(size), str(corpus))
        row = {"services": size, **run_phase("import", str(corpus), str(db))}
        if not import_only:
            row.update(run_phase("search", str(db), str(count)))
        row["db_mb"] = round(sum(p.stat().st_size for p in Path(tmp).glob("bench.sqlite*")) / 1e6, 1)
        if import_only:
            return row
        try:
            pg = postgres(corpus, count)
            row.update(pg_import_s=pg["import_s"], pg_p50_ms=pg["p50_ms"], pg_p95_ms=pg["p95_ms"],
                       ratio_p95=round(row["p95_ms"] / max(pg["p95_ms"], 1e-3), 2))
        except Exception as exc:  # no server: measure the engine alone
            print(f"(PostgreSQL skipped: {exc.__class__.__name__}: {str(exc).strip()[:80]})", flush=True)
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.search_bench")
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--phase", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--import-only", action="store_true", help="time the import alone (no search, no PostgreSQL)")
    args = parser.parse_args(argv)
    if args.phase:
        name, *rest = args.phase
        result = {"corpus": lambda: phase_corpus(int(rest[0]), Path(rest[1])),
                  "import": lambda: phase_import(Path(rest[0]), Path(rest[1])),
                  "search": lambda: phase_search(Path(rest[0]), int(rest[1]))}[name]()
        print(json.dumps(result))
        return 0
    print(f"distinct queries per run: {len(query_stream(args.queries))}; vectors: "
          f"{os.environ.get('WEGWIJS_SEARCH_VECTORS', 'static')}")
    header = (f"{'services':>9} {'import s':>9} {'cpu s':>6} {'pg imp s':>9} {'p50 ms':>8} {'p95 ms':>8} {'pg p50':>8} "
              f"{'pg p95':>8} {'p95/pg':>7} {'RSS MB':>7} {'db MB':>7}")
    print(header)
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        row = bench(size, args.queries, import_only=args.import_only)
        results.append(row)
        print(f"{row['services']:>9} {row['import_s']:>9} {row['import_cpu_s']:>6} {row.get('pg_import_s', '-'):>9} "
              f"{row.get('p50_ms', '-'):>8} {row.get('p95_ms', '-'):>8} {row.get('pg_p50_ms', '-'):>8} "
              f"{row.get('pg_p95_ms', '-'):>8} {row.get('ratio_p95', '-'):>7} {row.get('search_rss_mb', '-'):>7} "
              f"{row['db_mb']:>7}", flush=True)
    print(f"targets: p95 <= {TARGETS['ratio_p95']}x PostgreSQL; import of 100,000 <= "
          f"{TARGETS['import_100k_s']:.0f} s; search process <= {TARGETS['search_rss_mb']} MB")
    if args.json:
        print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
