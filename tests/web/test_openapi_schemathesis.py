"""schemathesis against the running public API (HSDS, search and the resident chat), driven by the OpenAPI description the API serves.

Bounded (a fixed number of examples per operation, one worker) so it fits `make test`. It checks
that no answer is a server error and that every answer's status, content type and body match the
description — so the description and the code cannot drift apart. The chat operations get a real
conversation (id and secret, the secret in header X-Wegwijs-Sleutel) and a fake bot instead of Rasa;
erasing gets a conversation of its own, so the other chat operations keep theirs. schemathesis lives in
`.venv-tools` (scripts/setup_test_tools.sh), as it cannot share Rasa's pinned virtualenv.
"""

from __future__ import annotations

import json
import subprocess
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from web import create_app

REPO = Path(__file__).resolve().parents[2]
SCHEMATHESIS = REPO / ".venv-tools" / "bin" / "schemathesis"
CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"


@pytest.fixture
def served(demo_map, tmp_path):
    app = create_app({"TESTING": True, "SOCIALMAP_DB": demo_map.path,
                      "APP_DB": str(tmp_path / "app.sqlite"), "SECRET_KEY": "schemathesis-" + "x" * 32})
    app.extensions["socialmap"] = demo_map
    app.config["RASA_CLIENT"] = fake_rasa  # chat POSTs reach a bot without Rasa
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


BOT_HEARD: list[str] = []


def fake_rasa(conversation_id, text):
    """Rasa's REST answer: one text and the state the hub reads."""
    BOT_HEARD.append(text)
    state = {"topic": None, "crisis": False, "mode": "bot", "ladder_step": None, "services": [], "handover_id": None}
    return [{"text": "Waar kan ik u mee helpen?"}, {"custom": {"state": state}}]


def new_conversation(base: str) -> dict:
    """A conversation as the widget starts one: id, secret and the header that carries the secret."""
    request = urllib.request.Request(f"{base}/api/v1/chat/gesprekken", method="POST", data=b"")
    with urllib.request.urlopen(request, timeout=10) as answer:
        assert answer.status == 201
        return json.loads(answer.read())


def chat_operations(base: str) -> tuple[list[str], dict]:
    """Config blocks giving the chat operations a real conversation; erasing gets its own one."""
    lines, erased = [], new_conversation(base)
    for method, regex in (("DELETE", None), (None, "^/api/v1/chat/\\\\{conversation_id\\\\}/")):
        talk = erased if method else new_conversation(base)
        lines += ["[[operations]]", f'include-method = "{method}"' if method else f'include-path-regex = "{regex}"',
                  f'parameters = {{ conversation_id = "{talk["id"]}" }}',
                  f'headers = {{ "{talk["header"]}" = "{talk["secret"]}" }}', ""]
    return lines, erased


def status_of(base: str, talk: dict) -> int:
    request = urllib.request.Request(f"{base}/api/v1/chat/{talk['id']}/berichten",
                                     headers={talk["header"]: talk["secret"]})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


def known_ids(demo_map) -> dict[str, str]:
    """Real ids, so the single-item operations are tested beyond 404."""
    service = demo_map.list_services(status="active")[0].raw
    term = next(a["taxonomy_term"] for a in service["attributes"])
    sal = next(s for s in (x.raw for x in demo_map.list_services(status="active")) if s.get("service_at_locations"))
    return {"service_id": service["id"], "organization_id": service["organization"]["id"],
            "term_id": term["id"], "sal_id": sal["service_at_locations"][0]["id"],
            "taxonomy_id": "onderwerp"}


def test_the_api_keeps_every_promise_of_its_openapi_description(served, demo_map, tmp_path):
    assert SCHEMATHESIS.exists(), "schemathesis missing: run `make test-setup` (scripts/setup_test_tools.sh)"
    config = tmp_path / "schemathesis.toml"
    lines = []
    for name, value in known_ids(demo_map).items():
        lines += ["[[operations]]", f'include-path-regex = "\\\\{{{name}\\\\}}"', f'parameters = {{ {name} = "{value}" }}', ""]
    chat_lines, erased = chat_operations(served)
    lines += chat_lines
    config.write_text("\n".join(lines), encoding="utf-8")
    run = subprocess.run(
        [str(SCHEMATHESIS), "--no-color", "--config-file", str(config), "run", f"{served}/hsds/openapi.json",
         "--checks", CHECKS, "--max-examples", "15", "--workers", "1", "--seed", "20261204",
         "--phases", "examples,coverage,fuzzing", "--report-dir", str(tmp_path / "report")],
        capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert "Tested: 19" in run.stdout or "19/19" in run.stdout, run.stdout[-3000:]
    assert BOT_HEARD, "no chat message got past the ownership check"
    assert status_of(served, erased) == 404, "DELETE never got past the ownership check"
