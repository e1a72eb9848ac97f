"""Real processes in tests (Rasa servers, action servers, gunicorn): a free port, waiting until one
answers, and stopping them again. One place, so every test that starts the stack does it alike."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import time
from collections.abc import Iterable
from pathlib import Path

import requests


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def reachable(port: int) -> bool:
    """Is a service (PostgreSQL, Redis ...) listening on this port of 127.0.0.1?"""
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def wait_for(url: str, process: subprocess.Popen, seconds: float = 300, log: Path | None = None) -> None:
    """Until `url` answers below 500; an error naming the process (and the end of its log) when it
    stops first, a TimeoutError when it takes longer than `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = f"; see {log}:\n" + log.read_text(errors="replace")[-2000:] if log else ""
            raise RuntimeError(f"{process.args[:3]} stopped with {process.returncode}{tail}")
        with contextlib.suppress(requests.RequestException):
            if requests.get(url, timeout=2).status_code < 500:
                return
        time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer within {seconds:.0f} s" + (f"; see {log}" if log else ""))


def stop(processes: Iterable[subprocess.Popen], seconds: float = 20) -> None:
    """Terminate them all, then wait for each; kill what does not stop in time."""
    processes = list(processes)
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            process.kill()
