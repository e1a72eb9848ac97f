"""Benchmark of the whole embedded stack (DESIGN §9): cold start of `make run` until the chat answers,
and the memory of all its processes together (web hub, Rasa server, action server).

    .venv/bin/python scripts/bench_stack.py

Needs the trained model and the demo data (`make model data`); uses ports 8000, 5005 and 5055.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

def chat_answers(conversation_id: str) -> bool:
    request = urllib.request.Request(
        f"http://127.0.0.1:8000/api/v1/chat/{conversation_id}/berichten",
        data=json.dumps({"text": "ik kan niet meer naar de supermarkt"}).encode(),
        headers={"Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return bool(json.load(response).get("messages"))
    except Exception:
        return False


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
    if not (REPO / "bot" / "models" / "wegwijs.tar.gz").exists():
        print("no trained model: run `make model` first", file=sys.stderr)
        return 1
    env = {**os.environ, "WEGWIJS_DB": str(REPO / "var" / "socialmap.sqlite")}
    started = time.monotonic()
    stack = subprocess.Popen([sys.executable, str(REPO / "scripts" / "run_stack.py")], cwd=REPO, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        conversation = f"bench-{uuid.uuid4().hex[:12]}"
        while not chat_answers(conversation):
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
        return 0
    finally:
        os.killpg(stack.pid, signal.SIGTERM)
        try:
            stack.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(stack.pid, signal.SIGKILL)


if __name__ == "__main__":
    sys.exit(main())
