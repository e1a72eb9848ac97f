"""The real bot for browser journeys: the trained Rasa model and the action server, started the way
scripts/run_stack.py starts them (127.0.0.1, a token on every hop), talking to the hub under test.

One start per use (Rasa takes most of a minute to load its model), stopped again afterwards.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

from tests.processes import free_port, stop, wait_for

REPO = Path(__file__).resolve().parents[2]
BOT = REPO / "bot"
MODEL = Path(os.environ.get("WEGWIJS_RASA_MODEL", BOT / "models" / "wegwijs.tar.gz"))
VENV_BIN = REPO / ".venv" / "bin"
START_SECONDS = 300  # two cores shared with other work: loading the model can be slow


@contextlib.contextmanager
def real_bot(workdir: Path, hub_url: str, internal_token: str, socialmap_db: str) -> Iterator[dict]:
    """Rasa and the action server; yields {"url", "token"} for the hub's RASA_URL and RASA_TOKEN."""
    rasa_token, action_token = "rasa-" + uuid.uuid4().hex, "actions-" + uuid.uuid4().hex
    action_port, rasa_port = free_port(), free_port()
    endpoints = workdir / "endpoints.yml"
    endpoints.write_text(
        f'action_endpoint:\n  url: "http://127.0.0.1:{action_port}/webhook"\n  token: ${{WEGWIJS_ACTION_TOKEN}}\n'
        f'tracker_store:\n  type: tracker_store.ScrubbingSQLTrackerStore\n  dialect: "sqlite"\n'
        f'  db: "{workdir / "tracker.sqlite"}"\n')
    env = {"OMP_NUM_THREADS": "1", "TF_INTRA_OP_PARALLELISM_THREADS": "1", "TF_INTER_OP_PARALLELISM_THREADS": "1",
           **os.environ, "WEGWIJS_SOCIALMAP_DB": socialmap_db, "RASA_TELEMETRY_ENABLED": "false",
           "WEGWIJS_HUB_URL": hub_url, "WEGWIJS_INTERNAL_TOKEN": internal_token,
           "WEGWIJS_RASA_TOKEN": rasa_token, "WEGWIJS_ACTION_TOKEN": action_token,
           "TF_CPP_MIN_LOG_LEVEL": "3", "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}
    logs = {"actions": workdir / "actions.log", "rasa": workdir / "rasa.log"}
    handles = {name: open(path, "wb") for name, path in logs.items()}  # noqa: SIM115
    actions = subprocess.Popen([str(VENV_BIN / "python"), "action_server.py", "--host", "127.0.0.1",
                                "--port", str(action_port)],
                               cwd=BOT, env=env, stdout=handles["actions"], stderr=subprocess.STDOUT)
    rasa = subprocess.Popen([str(VENV_BIN / "rasa"), "run", "--enable-api", "--auth-token", rasa_token,
                             "-i", "127.0.0.1", "-p", str(rasa_port), "-m", str(MODEL),
                             "--endpoints", str(endpoints), "--credentials", "credentials.yml"],
                            cwd=BOT, env=env, stdout=handles["rasa"], stderr=subprocess.STDOUT)
    try:
        wait_for(f"http://127.0.0.1:{action_port}/health", actions, START_SECONDS, log=logs["actions"])
        wait_for(f"http://127.0.0.1:{rasa_port}/status?token={rasa_token}", rasa, START_SECONDS, log=logs["rasa"])
        yield {"url": f"http://127.0.0.1:{rasa_port}", "token": rasa_token, "logs": logs}
    finally:
        stop((rasa, actions))
        for handle in handles.values():
            handle.close()
