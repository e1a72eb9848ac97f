"""Benchmark of the whole embedded stack (design §9): cold start of `make run` until the chat answers,
the memory of all its processes together (web hub, Rasa server, action server), then the hub under
load: 200 residents at once with 2-8 s think time through the chat API (p95, nothing lost), and a
search timed while 400 idle connections are held open.

    .venv/bin/python scripts/bench_stack.py [--residents 200] [--idle 400]

Needs the trained model and the demo data (`make model data`); uses ports 8000, 5005 and 5055.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HUB = "http://127.0.0.1:8000"
TURNS = [("ik kan niet meer naar de supermarkt", "ik zoek hulp bij het schoonmaken", "ik voel me vaak alleen",
          "ik kan niet meer zelf koken", "wie helpt mij met mijn post"), ("/voor_mijzelf",),
         ("Deurne", "Helmond", "Asten", "Someren", "Gemert")]
SEARCHES = ["boodschappen", "eenzaam", "huishoudelijke hulp deurne", "rolstoel", "mantelzorg helmond"]


def post_json(url: str, body: dict, headers: dict | None = None, timeout: float = 30) -> tuple[int, dict]:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as exc:
        return exc.code, {}


class Resident:
    """One browser: asks the hub for a conversation (server-issued id and secret when the hub
    issues them, else its own random id) and sends its messages with the proof."""

    def __init__(self) -> None:
        status, body = post_json(f"{HUB}/api/v1/chat/gesprekken", {})
        if status == 201:
            self.id, self.headers = body["id"], {body.get("header", "X-Wegwijs-Sleutel"): body["secret"]}
        else:
            self.id, self.headers = f"bench-{uuid.uuid4().hex[:16]}", {}

    def say(self, text: str) -> tuple[float, bool]:
        started = time.perf_counter()
        status, body = post_json(f"{HUB}/api/v1/chat/{self.id}/berichten", {"text": text}, self.headers, timeout=60)
        return (time.perf_counter() - started) * 1000, status == 200 and bool(body.get("messages"))


def chat_answers() -> bool:
    try:
        return Resident().say(TURNS[0][0])[1]
    except Exception:
        return False


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(len(ordered) * q) - 1)] if ordered else float("nan")


def residents_with_think_time(count: int, seed: int = 9) -> dict:
    """`count` residents at once, each a three-turn conversation with 2-8 s between turns."""
    latencies: list[float] = []
    lost = [0]
    lock = threading.Lock()

    def one(index: int) -> None:
        rng = random.Random(seed * 1000 + index)
        time.sleep(rng.uniform(0, 8))  # arrivals spread like the think time, not one burst
        try:
            resident = Resident()
        except Exception:
            with lock:
                lost[0] += len(TURNS)
            return
        for options in TURNS:
            try:
                ms, answered = resident.say(rng.choice(options))
            except Exception:
                ms, answered = float("nan"), False
            with lock:
                if answered:
                    latencies.append(ms)
                else:
                    lost[0] += 1
            time.sleep(rng.uniform(2, 8))

    threads = [threading.Thread(target=one, args=(i,)) for i in range(count)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"turns": len(latencies), "lost": lost[0], "p50": percentile(latencies, 0.5),
            "p95": percentile(latencies, 0.95), "max": max(latencies, default=float("nan")),
            "seconds": time.monotonic() - started}


def search_ms(query: str) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(f"{HUB}/api/v1/search?q={urllib.request.quote(query)}", timeout=60) as response:
        response.read()
    return (time.perf_counter() - started) * 1000


def search_with_idle_connections(idle: int) -> dict:
    """Search latency alone, then with `idle` connections open that never send a request."""
    for query in SEARCHES:
        search_ms(query)  # warm
    alone = [search_ms(q) for q in SEARCHES * 4]
    sockets = []
    try:
        for _ in range(idle):
            sockets.append(socket.create_connection(("127.0.0.1", 8000), timeout=5))
        time.sleep(1)
        held = [search_ms(q) for q in SEARCHES * 4]
    finally:
        for sock in sockets:
            sock.close()
    return {"alone_p50": statistics.median(alone), "held_p50": statistics.median(held),
            "held_p95": percentile(held, 0.95), "opened": len(sockets)}


def tree_rss_mb(root: int) -> dict[str, float]:
    """RSS per process of the tree under `root`, from /proc (Linux)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    result: dict[str, float] = {}
    stack = [root]
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, []))
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()[:60]
        except OSError:
            continue
        rss = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
        result[f"{pid} {cmd}"] = rss / 1024
    return result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--residents", type=int, default=200)
    parser.add_argument("--idle", type=int, default=400)
    args = parser.parse_args()
    if not (REPO / "bot" / "models" / "wegwijs.tar.gz").exists():
        print("no trained model: run `make model` first", file=sys.stderr)
        return 1
    # one client address sends everything here: the per-address rate limits would measure themselves
    env = {**os.environ, "WEGWIJS_DB": str(REPO / "var" / "socialmap.sqlite"), "WEGWIJS_RATELIMIT_ENABLED": "false"}
    started = time.monotonic()
    stack = subprocess.Popen([sys.executable, str(REPO / "scripts" / "run_stack.py")], cwd=REPO, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        while not chat_answers():
            if stack.poll() is not None:
                print("the stack stopped during start-up; see var/*.log", file=sys.stderr)
                return 1
            if time.monotonic() - started > 300:
                print("no answer within 300 s", file=sys.stderr)
                return 1
            time.sleep(0.5)
        cold_start = time.monotonic() - started
        # the web process loads its search index on the first social map search: count that too
        urllib.request.urlopen("http://127.0.0.1:8000/api/v1/search?q=eenzaam", timeout=60).read()
        time.sleep(2)
        per_process = tree_rss_mb(stack.pid)
        print("Embedded stack (make run)")
        print(f"  cold start until the chat answers: {cold_start:.1f} s   (target < 45 s)")
        print(f"  memory of all processes:           {sum(per_process.values()):.0f} MB (target < 2048 MB)")
        for name, mb in sorted(per_process.items(), key=lambda item: -item[1]):
            if mb > 20:
                print(f"    {mb:7.0f} MB  {name}")
        sys.stdout.flush()
        load = residents_with_think_time(args.residents)
        print(f"Hub chat API, {args.residents} residents at once, 2-8 s think time, 3 turns each "
              f"({load['seconds']:.0f} s)")
        print(f"  turns answered: {load['turns']}, lost: {load['lost']}")
        print(f"  latency p50 {load['p50']:.0f} ms, p95 {load['p95']:.0f} ms (target < 300 ms), "
              f"max {load['max']:.0f} ms")
        sys.stdout.flush()
        idle = search_with_idle_connections(args.idle)
        print(f"Search with {idle['opened']} idle connections held open")
        print(f"  p50 alone {idle['alone_p50']:.1f} ms; with them p50 {idle['held_p50']:.1f} ms, "
              f"p95 {idle['held_p95']:.1f} ms (target < 50 ms)")
        return 0
    finally:
        os.killpg(stack.pid, signal.SIGTERM)
        try:
            stack.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(stack.pid, signal.SIGKILL)


if __name__ == "__main__":
    sys.exit(main())
