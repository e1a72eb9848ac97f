"""Bot benchmark: training time (from the cache log), server start, turn latency with a social map
search at 1, 10 and 50 concurrent conversations, and memory of the Rasa + action processes.

    python bot/bench.py [--levels 1,10,50] [--rounds 3]

Starts its own Rasa server and action server on free loopback ports with the trained model and
the embedded social map; all traffic stays on 127.0.0.1 and every loop is bounded.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import requests

BOT = Path(__file__).resolve().parent
REPO = BOT.parent
RASA = REPO / ".venv" / "bin" / "rasa"
MODEL = BOT / "models" / "wegwijs.tar.gz"
TURNS = ["ik kan niet meer naar de supermarkt", "/voor_mijzelf", "Deurne"]  # the third searches


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    total = 0.0
    pids = [pid] + [int(p) for p in subprocess.run(["pgrep", "-P", str(pid)], capture_output=True,
                                                     text=True).stdout.split()]
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
        except FileNotFoundError:
            pass
    return total


def wait(url: str, seconds: float = 240) -> float:
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        try:
            if requests.get(url, timeout=2).status_code < 500:
                return time.monotonic() - started
        except requests.RequestException:
            time.sleep(0.2)
    raise TimeoutError(url)


def conversation(url: str) -> list[float]:
    sender = uuid.uuid4().hex
    timings = []
    for text in TURNS:
        started = time.perf_counter()
        response = requests.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text},
                                 timeout=60)
        response.raise_for_status()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--levels", default="1,10,50")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    if not MODEL.exists():
        print("no trained model: run `make model` first", file=sys.stderr)
        return 1
    tmp = Path(tempfile.mkdtemp())
    action_port, rasa_port = free_port(), free_port()
    endpoints = tmp / "endpoints.yml"
    endpoints.write_text(f'action_endpoint:\n  url: "http://127.0.0.1:{action_port}/webhook"\n'
                         f'tracker_store:\n  type: tracker_store.ScrubbingSQLTrackerStore\n'
                         f'  dialect: "sqlite"\n  db: "{tmp / "tracker.sqlite"}"\n')
    env = {"OMP_NUM_THREADS": "1", "TF_INTRA_OP_PARALLELISM_THREADS": "1", "TF_INTER_OP_PARALLELISM_THREADS": "1",
           **os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "3",
           "WEGWIJS_HUB_URL": "http://127.0.0.1:9"}
    started = time.monotonic()
    actions = subprocess.Popen([str(RASA), "run", "actions", "--actions", "actions", "-p", str(action_port)],
                               cwd=BOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    rasa = subprocess.Popen([str(RASA), "run", "--enable-api", "-i", "127.0.0.1", "-p", str(rasa_port), "-m",
                             str(MODEL), "--endpoints", str(endpoints)], cwd=BOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{rasa_port}"
    try:
        wait(f"http://127.0.0.1:{action_port}/health")
        wait(f"{url}/status")
        start_s = time.monotonic() - started
        conversation(url)  # warm up: first search loads the index and the embedding model
        print(f"server start (Rasa + actions ready): {start_s:.1f} s")
        print(f"{'concurrent':>10} {'turns':>6} {'p50 ms':>8} {'p95 ms':>8} {'search turn p95 ms':>19}  (target p95 < 150 ms at 50)")
        for level in (int(x) for x in args.levels.split(",")):
            timings: list[list[float]] = []
            with concurrent.futures.ThreadPoolExecutor(max_workers=level) as pool:
                for _ in range(args.rounds):
                    timings += list(pool.map(lambda _: conversation(url), range(level)))
            flat = sorted(t for conv in timings for t in conv)
            search = sorted(conv[2] for conv in timings)
            p95 = flat[max(0, int(len(flat) * 0.95) - 1)]
            s95 = search[max(0, int(len(search) * 0.95) - 1)]
            print(f"{level:>10} {len(flat):>6} {statistics.median(flat):>8.0f} {p95:>8.0f} {s95:>19.0f}")
        print(f"memory RSS: rasa {rss_mb(rasa.pid):.0f} MB, action server {rss_mb(actions.pid):.0f} MB")
    finally:
        for process in (rasa, actions):
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
