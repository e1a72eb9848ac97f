"""Benchmark: import time, search p50/p95, index size and peak memory at 1k/10k/100k services.

    python -m socialmap.search.bench [--sizes 1000,10000,100000] [--queries 300]

Synthetic corpora are built from the demo social map: every copy gets a new id, a numbered name
and its place jittered, so the text stays realistic Dutch. Targets from DESIGN §9 are printed
beside the numbers.
"""

from __future__ import annotations

import argparse
import copy
import json
import resource
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from ..facade import SocialMap
from ..resources import demo_data_path
from .query import SearchQuery

QUERIES = [
    "boodschappen", "mantelzorgcafe", "HbH", "boodschappen in Geemert", "eenzaamheit",
    "ik kan mijn post niet meer bijhouden", "scootmobiel Asten", "dagbesteding", "vervoer",
    "schulden", "mijn moeder wordt vergeetachtig", "klussendienst deurne", "groceries",
    "respijtzorg", "huiselijk geweld", "maaltijden", "traplift", "repair cafe", "", "voedselbank",
]
FILTERED = [
    {"topic": "maaltijden", "free": True}, {"municipality": "Helmond"}, {"age": 70},
    {"near": "5757", "radius_km": 10}, {"ladder": "omgeving"},
]
TARGETS = {10_000: 10.0, 100_000: 50.0}


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


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench(size: int, records: list[dict], repeats: int) -> dict:
    corpus = synthetic(records, size)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite"
        social_map = SocialMap(path)
        started = time.perf_counter()
        report = social_map.import_hsds(corpus)
        import_s = time.perf_counter() - started
        assert report.ok, report.errors[:2]
        social_map.search(SearchQuery(q="warm up the index and the model"))
        timings = []
        for i in range(repeats):
            params = FILTERED[i % len(FILTERED)] if i % 4 == 3 else {}
            query = SearchQuery(q=QUERIES[i % len(QUERIES)], **params)
            started = time.perf_counter()
            social_map.search(query)
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        social_map.close()
        size_mb = sum(p.stat().st_size for p in Path(tmp).iterdir()) / 1e6
    return {
        "services": size, "import_s": round(import_s, 2),
        "search_p50_ms": round(statistics.median(timings), 2),
        "search_p95_ms": round(timings[int(len(timings) * 0.95) - 1], 2),
        "db_mb": round(size_mb, 1), "peak_rss_mb": round(peak_rss_mb()),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m socialmap.search.bench")
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    records = json.loads(demo_data_path().read_text(encoding="utf-8"))
    print(f"{'services':>9} {'import s':>9} {'p50 ms':>8} {'p95 ms':>8} {'target p95':>11} {'db MB':>7} {'peak RSS MB':>12}")
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        row = bench(size, records, args.queries)
        results.append(row)
        target = f"< {TARGETS[size]:.0f} ms" if size in TARGETS else "-"
        print(f"{row['services']:>9} {row['import_s']:>9} {row['search_p50_ms']:>8} "
              f"{row['search_p95_ms']:>8} {target:>11} {row['db_mb']:>7} {row['peak_rss_mb']:>12}",
              flush=True)
    print("targets (DESIGN §9): import of 100,000 services < 60 s; whole embedded stack < 2 GB")
    if args.json:
        print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
