"""Bot benchmark: training time, server start, turn latency with a social map search, CPU per
turn, memory.

    python bot/bench.py [--levels 1,10,50] [--rounds 2] [--open 50] [--think 2,8] [--duration 60]
                        [--no-training]

Two kinds of load, printed with their own labels:
- open loop (realistic, design §9's "50 concurrent conversations"): 50 residents chat at the same
  time, each typing for a random 2-8 s (seeded) before every message and before starting again
  with a new conversation; start times are spread over the first think time. Per-turn p50/p95.
- saturated closed loop (stress): 1, 10, 50 conversations fire their turns back to back with no
  pause at all; at 50 this measures queueing behind ~N x CPU-per-turn, not what a resident sees.
CPU per turn: CPU seconds the Rasa and action server processes used during a load, per turn.

Starts its own Rasa server and action server on free loopback ports with the trained model and
the embedded social map; all traffic stays on 127.0.0.1 and every loop is bounded.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import math
import os
import random
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
# A conversation: a help question, for whom (a button or typed), the place: the third turn searches
# the social map. Varied per conversation (seeded) so no cache sees the same text every time.
OPENERS = ["ik kan niet meer naar de supermarkt", "ik zoek hulp bij het schoonmaken van mijn huis",
           "ik voel me vaak alleen", "ik kan niet meer zelf koken", "wie helpt mij met mijn post en formulieren",
           "ik heb een rollator nodig", "ik kan de trap niet meer op in mijn huis", "ik heb schulden",
           "ik zoek vervoer naar het ziekenhuis", "ik heb hulp nodig bij klusjes in huis",
           "ik zoek iets voor overdag met begeleiding", "ik heb hulp nodig bij het douchen"]
FOR_WHOM = ["/voor_mijzelf", "/voor_mijzelf", "/voor_mijzelf", "voor mezelf", "het is voor mij"]
PLACES = ["Deurne", "Helmond", "Asten", "Someren", "Gemert", "Laarbeek", "deurne", "in helmond"]
TURNS = [OPENERS[0], FOR_WHOM[0], PLACES[0]]


def turns_for(rng: random.Random) -> list[str]:
    return [rng.choice(OPENERS), rng.choice(FOR_WHOM), rng.choice(PLACES)]


def training_seconds() -> float:
    """One `rasa train` of the project model into a scratch folder (the cached model is untouched)."""
    with tempfile.TemporaryDirectory() as out:
        started = time.monotonic()
        subprocess.run([str(RASA), "train", "--out", out, "--fixed-model-name", "bench", "--quiet"], cwd=BOT,
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       env={"OMP_NUM_THREADS": "1", **os.environ, "RASA_TELEMETRY_ENABLED": "false"})
        return time.monotonic() - started


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


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its children so far."""
    ticks = os.sysconf("SC_CLK_TCK")
    pids = [pid] + [int(p) for p in subprocess.run(["pgrep", "-P", str(pid)], capture_output=True,
                                                     text=True).stdout.split()]
    total = 0.0
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
        except (FileNotFoundError, IndexError):
            pass
    return total


# Throw-away tokens for this run: the REST channel and the action server refuse calls without them.
RASA_TOKEN, ACTION_TOKEN = f"bench-rasa-{uuid.uuid4().hex}", f"bench-actions-{uuid.uuid4().hex}"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(len(ordered) * q) - 1)] if ordered else float("nan")  # nearest rank


def send(url: str, sender: str, text: str, session=requests) -> tuple[float, bool]:
    """The turn's latency in ms, and whether the bot offered services from the social map."""
    started = time.perf_counter()
    response = session.post(f"{url}/webhooks/rest/webhook", params={"token": RASA_TOKEN},
                            json={"sender": sender, "message": text}, timeout=60)
    response.raise_for_status()
    latency = (time.perf_counter() - started) * 1000
    states = [m["custom"]["state"] for m in response.json() if isinstance(m.get("custom"), dict)]
    return latency, bool(states and states[-1].get("services"))


def conversation(url: str, turns: list[str] | None = None) -> list[float]:
    sender = uuid.uuid4().hex
    return [send(url, sender, text)[0] for text in turns or TURNS]


def open_loop(url: str, residents: int, think: tuple[float, float], duration: float,
              seed: int) -> tuple[list[float], list[float], int]:
    """Each resident thinks `think` seconds (uniform, seeded) before every message; when one
    conversation ends the resident starts a new one, until `duration` is over. Returns the
    latencies of all turns and of the third (search) turns, and how many of those searched."""
    deadline = time.monotonic() + duration

    def resident(index: int) -> tuple[list[float], list[float], int]:
        rng = random.Random(seed * 1000 + index)
        turns, searches, searched = [], [], 0
        with requests.Session() as session:  # the hub keeps its connection to Rasa open
            time.sleep(rng.uniform(0, think[1]))  # residents do not all arrive in the same second
            while time.monotonic() < deadline:
                sender = uuid.uuid4().hex
                for number, text in enumerate(turns_for(rng)):
                    if number:
                        time.sleep(rng.uniform(*think))
                    if time.monotonic() >= deadline:
                        break
                    latency, step = send(url, sender, text, session)
                    turns.append(latency)
                    if number == 2:
                        searches.append(latency)
                        searched += step
                time.sleep(rng.uniform(*think))
        return turns, searches, searched

    with concurrent.futures.ThreadPoolExecutor(max_workers=residents) as pool:
        results = list(pool.map(resident, range(residents)))
    return ([t for r in results for t in r[0]], [t for r in results for t in r[1]], sum(r[2] for r in results))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--levels", default="1,10,50")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--open", type=int, default=50, help="residents in the open loop (0: skip)")
    parser.add_argument("--think", default="2,8", help="think time range in seconds before each message")
    parser.add_argument("--duration", type=float, default=60, help="seconds of open-loop load")
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--no-training", action="store_true", help="skip timing a training run")
    args = parser.parse_args()
    think = tuple(float(x) for x in args.think.split(","))
    if not MODEL.exists():
        print("no trained model: run `make model` first", file=sys.stderr)
        return 1
    if not args.no_training:
        print(f"training of the project model (rasa train): {training_seconds():.0f} s   (target < 300 s)")
    tmp = Path(tempfile.mkdtemp())
    action_port, rasa_port = free_port(), free_port()
    endpoints = tmp / "endpoints.yml"
    endpoints.write_text(f'action_endpoint:\n  url: "http://127.0.0.1:{action_port}/webhook"\n'
                         f'  token: ${{WEGWIJS_ACTION_TOKEN}}\n'
                         f'tracker_store:\n  type: tracker_store.ScrubbingSQLTrackerStore\n'
                         f'  dialect: "sqlite"\n  db: "{tmp / "tracker.sqlite"}"\n')
    # its own copy of the demo social map: a search turn must search something (an empty map
    # answers "nothing found" at no cost and would flatter the figures)
    socialmap_db = tmp / "socialmap.sqlite"
    subprocess.run([sys.executable, "-m", "socialmap", "load-demo", "--db", str(socialmap_db)], cwd=REPO,
                   check=True, stdout=subprocess.DEVNULL)
    env = {"OMP_NUM_THREADS": "1", "TF_INTRA_OP_PARALLELISM_THREADS": "1", "TF_INTER_OP_PARALLELISM_THREADS": "1",
           **os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "3",
           "WEGWIJS_HUB_URL": "http://127.0.0.1:9", "WEGWIJS_SOCIALMAP_DB": str(socialmap_db),
           "WEGWIJS_RASA_TOKEN": RASA_TOKEN, "WEGWIJS_ACTION_TOKEN": ACTION_TOKEN}
    started = time.monotonic()
    actions = subprocess.Popen([str(REPO / ".venv" / "bin" / "python"), "action_server.py", "--host", "127.0.0.1",
                                "--port", str(action_port)],
                               cwd=BOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    rasa = subprocess.Popen([str(RASA), "run", "--enable-api", "--auth-token", RASA_TOKEN, "-i", "127.0.0.1",
                             "-p", str(rasa_port), "-m",
                             str(MODEL), "--endpoints", str(endpoints)], cwd=BOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{rasa_port}"
    try:
        wait(f"http://127.0.0.1:{action_port}/health")
        wait(f"{url}/status?token={RASA_TOKEN}")
        start_s = time.monotonic() - started
        conversation(url)  # warm up: first search loads the index and the embedding model
        print(f"server start (Rasa + actions ready): {start_s:.1f} s")
        print(f"load average before the load: {os.getloadavg()[0]:.2f} (other work on the machine skews figures)")
        servers = (rasa.pid, actions.pid)

        def cpu_ms_per_turn(before: tuple[float, float], turns: int) -> str:
            used = [(cpu_seconds(pid) - b) * 1000 / max(1, turns) for pid, b in zip(servers, before, strict=True)]
            return f"{sum(used):.0f} (rasa {used[0]:.0f} + actions {used[1]:.0f})"

        if args.open:
            before = tuple(cpu_seconds(pid) for pid in servers)
            turns, searches, searched = open_loop(url, args.open, think, args.duration, args.seed)
            print(f"\nOPEN LOOP (realistic): {args.open} concurrent conversations, think time "
                  f"{think[0]:g}-{think[1]:g} s before each message (seed {args.seed}), {args.duration:g} s")
            print(f"{'turns':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'search turns':>13} {'search p95 ms':>14}"
                  f"  CPU ms/turn   (target p95 < 150 ms)")
            print(f"{len(turns):>6} {statistics.median(turns):>8.0f} {percentile(turns, 0.95):>8.0f} "
                  f"{max(turns):>8.0f} {f'{searched}/{len(searches)}':>13} {percentile(searches, 0.95):>14.0f}  "
                  f"{cpu_ms_per_turn(before, len(turns))}")
            print("(search turns: third turns that offered services from the social map / all third turns)")
            if not searched:
                raise SystemExit("no turn offered services: the social map search did not run")
        print("\nSATURATED CLOSED LOOP (stress, no think time): N conversations send turns back to back")
        print(f"{'concurrent':>10} {'turns':>6} {'p50 ms':>8} {'p95 ms':>8} {'search turn p95 ms':>19}  CPU ms/turn")
        for level in (int(x) for x in args.levels.split(",") if x):
            timings: list[list[float]] = []
            before = tuple(cpu_seconds(pid) for pid in servers)
            rng = random.Random(args.seed)
            with concurrent.futures.ThreadPoolExecutor(max_workers=level) as pool:
                for _ in range(args.rounds):
                    scripts = [turns_for(rng) for _ in range(level)]
                    timings += list(pool.map(lambda turns: conversation(url, turns), scripts))
            flat = [t for conv in timings for t in conv]
            search = [conv[2] for conv in timings]
            print(f"{level:>10} {len(flat):>6} {statistics.median(flat):>8.0f} {percentile(flat, 0.95):>8.0f} "
                  f"{percentile(search, 0.95):>19.0f}  {cpu_ms_per_turn(before, len(flat))}")
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
