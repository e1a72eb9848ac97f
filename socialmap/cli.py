"""Command line: `python -m socialmap import|export|search|stats|load-demo|reindex [--db PATH]`."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from .facade import SocialMap
from .hsds import dumps_ndjson
from .resources import default_db_path, demo_data_path
from .search import ParameterError, SearchQuery
from .tabular import TabularError


def _db_parent() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--db", type=Path, default=None,
                        help="SQLite database (default: $WEGWIJS_DB or var/socialmap.sqlite)")
    return parent


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m socialmap", description="Wegwijs social map")
    commands = parser.add_subparsers(dest="command", required=True)
    db = _db_parent()

    p = commands.add_parser("import", parents=[db],
                            help="import HSDS JSON/NDJSON, an HSDS tabular package (folder, its "
                                 "datapackage.json or a .zip) or the editors' CSV template")
    p.add_argument("files", nargs="+", type=Path)
    p.add_argument("--json", action="store_true", help="print the report as JSON")

    p = commands.add_parser("export", parents=[db], help="export all services as HSDS 3.0")
    p.add_argument("-o", "--output", type=Path)
    p.add_argument("--ndjson", action="store_true")
    p.add_argument("--tabular", type=Path, metavar="FOLDER",
                   help="write an HSDS tabular package (CSV tables + datapackage.json) into FOLDER")

    p = commands.add_parser("search", parents=[db], help="search like GET /api/v1/search")
    p.add_argument("q", nargs="?", default="")
    for flag in ("municipality", "topic", "ladder", "open-at", "near"):
        p.add_argument(f"--{flag}")
    p.add_argument("--free", action="store_true")
    p.add_argument("--age")
    p.add_argument("--radius-km")
    p.add_argument("--limit")
    p.add_argument("--offset")
    p.add_argument("--json", action="store_true")

    commands.add_parser("stats", parents=[db], help="counts of services, statuses and stale entries")
    commands.add_parser("load-demo", parents=[db], help="import the fictional demo social map")
    commands.add_parser("reindex", parents=[db], help="rebuild the search index from the store")
    return parser


def _open(args) -> SocialMap:
    # the same two settings as the web app (WEGWIJS_SEARCH_BACKEND, WEGWIJS_ELASTICSEARCH_URL)
    return SocialMap(args.db or default_db_path(), search_backend=os.environ.get("WEGWIJS_SEARCH_BACKEND") or "fts",
                     elasticsearch_url=os.environ.get("WEGWIJS_ELASTICSEARCH_URL"))


def _print_report(name: str, report, as_json: bool) -> None:
    if as_json:
        print(json.dumps({"file": name, **report.to_dict()}, ensure_ascii=False))
        return
    print(f"{name}: {report.summary()}")
    for error in report.errors:
        print(f"  - {error}", file=sys.stderr)


def cmd_import(args) -> int:
    social_map = _open(args)
    failed = False
    for path in args.files:
        if not path.exists():
            print(f"Bestand niet gevonden: {path}", file=sys.stderr)
            failed = True
            continue
        if path.is_dir() or path.name == "datapackage.json" or path.suffix.lower() == ".zip":
            try:
                report = social_map.import_tabular(path)
            except TabularError as exc:
                print(f"{path}: {exc}", file=sys.stderr)
                failed = True
                continue
        elif path.suffix.lower() == ".csv":
            report = social_map.import_csv(path)
        else:
            report = social_map.import_hsds(path)
        _print_report(str(path), report, args.json)
        failed = failed or not report.ok
    return 1 if failed else 0


def cmd_export(args) -> int:
    if args.tabular:
        files = _open(args).export_tabular(args.tabular)
        print(f"{len(files) - 1} tabellen en datapackage.json geschreven naar {args.tabular}", file=sys.stderr)
        return 0
    services = _open(args).export_hsds()
    text = dumps_ndjson(services) if args.ndjson else json.dumps(services, ensure_ascii=False, indent=1) + "\n"
    if args.output:
        args.output.write_text(text, encoding="utf-8")
        print(f"{len(services)} diensten geschreven naar {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def cmd_search(args) -> int:
    params = {"q": args.q, "municipality": args.municipality, "topic": args.topic,
              "ladder": args.ladder, "free": "true" if args.free else None, "age": args.age,
              "open_at": args.open_at, "near": args.near, "radius_km": args.radius_km,
              "limit": args.limit, "offset": args.offset}
    try:
        query = SearchQuery.from_params({k: v for k, v in params.items() if v is not None})
        result = _open(args).search(query)
    except ParameterError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=1))
        return 0
    place = f" (plaats: {result.detected_place})" if result.detected_place else ""
    print(f"{result.total} resultaten{place}")
    for number, hit in enumerate(result.items, start=1 + query.offset):
        where = ", ".join(hit.municipalities)
        print(f"{number:3}. {hit.name} [{hit.ladder}; {', '.join(hit.topics)}] — {where} — {hit.cost}")
    return 0


def cmd_stats(args) -> int:
    print(json.dumps(_open(args).stats(), ensure_ascii=False, indent=1))
    return 0


def cmd_load_demo(args) -> int:
    report = _open(args).import_hsds(demo_data_path())
    _print_report("demo", report, False)
    return 0 if report.ok else 1


def cmd_reindex(args) -> int:
    print(f"{_open(args).reindex()} diensten opnieuw geïndexeerd")
    return 0


COMMANDS = {"import": cmd_import, "export": cmd_export, "search": cmd_search, "stats": cmd_stats,
            "load-demo": cmd_load_demo, "reindex": cmd_reindex}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return COMMANDS[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
