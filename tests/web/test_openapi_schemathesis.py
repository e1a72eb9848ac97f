"""schemathesis against the running read API, driven by the OpenAPI description the API serves.

Bounded (a fixed number of examples per operation, one worker) so it fits `make test`. It checks
that no answer is a server error and that every answer's status, content type and body match the
description — so the description and the code cannot drift apart. schemathesis lives in
`.venv-tools` (scripts/setup_test_tools.sh), as it cannot share Rasa's pinned virtualenv.
"""

from __future__ import annotations

import subprocess
import threading
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
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


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
    config.write_text("\n".join(lines), encoding="utf-8")
    run = subprocess.run(
        [str(SCHEMATHESIS), "--no-color", "--config-file", str(config), "run", f"{served}/hsds/openapi.json",
         "--checks", CHECKS, "--max-examples", "15", "--workers", "1", "--seed", "20261204",
         "--phases", "examples,coverage,fuzzing", "--report-dir", str(tmp_path / "report")],
        capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert "Tested: 12" in run.stdout or "12/12" in run.stdout, run.stdout[-3000:]
