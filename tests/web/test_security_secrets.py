"""Secrets: none has a default, production refuses weak ones, make run makes them once."""

from __future__ import annotations

import importlib.util
import stat
import sys
from pathlib import Path

import pytest
from flask.sessions import SecureCookieSessionInterface

from tests.web.intake import INTAKE_HEADERS
from web import auth, create_app
from web.security import InsecureConfiguration
from wegwijs_common.settings import SECRET_NAMES, ensure_secrets, secret_problem

REPO = Path(__file__).resolve().parents[2]
STRONG = "x" * 20 + "k3y-" + "q" * 20


def forged_cookie(app, key: str, data: dict) -> str:
    """A session cookie for `data`, signed the way Flask signs them but with `key`."""
    original = app.secret_key
    app.secret_key = key
    try:
        return SecureCookieSessionInterface().get_signing_serializer(app).dumps(data)
    finally:
        app.secret_key = original


@pytest.fixture
def keyless_app(demo_map, tmp_path, demo_password_hash, monkeypatch):
    """An app started without SECRET_KEY / INTERNAL_TOKEN (as `make run` did before)."""
    app = create_app({"TESTING": True, "SOCIALMAP_DB": demo_map.path, "APP_DB": str(tmp_path / "a.sqlite")})
    app.extensions["socialmap"] = demo_map
    monkeypatch.setattr(auth, "generate_password_hash", lambda *_a, **_k: demo_password_hash)
    with app.app_context():
        auth.create_user("beheerder", "B", "beheerder", "*", auth.DEMO_PASSWORD)
    return app


def test_a_cookie_signed_with_dev_is_not_a_beheerder(keyless_app):
    assert keyless_app.secret_key and keyless_app.secret_key != "dev"
    client = keyless_app.test_client()
    client.set_cookie("session", forged_cookie(keyless_app, "dev", {"user": "beheerder", "v": 1}))
    assert client.get("/api/v1/handovers").status_code == 401
    # the same forgery with the app's real key works: the test would see a cookie accepted
    client.set_cookie("session", forged_cookie(keyless_app, keyless_app.secret_key, {"user": "beheerder", "v": 1}))
    assert client.get("/api/v1/handovers").status_code == 200


def test_the_default_intake_token_files_nothing(keyless_app):
    response = keyless_app.test_client().post("/api/v1/intern/handovers", json={"question": "x"},
                                              headers=INTAKE_HEADERS)
    assert response.status_code == 403


def test_two_apps_without_keys_do_not_share_one(tmp_path):
    config = {"TESTING": True, "APP_DB": str(tmp_path / "a.sqlite")}
    assert create_app(config).secret_key != create_app(config).secret_key


@pytest.mark.parametrize("secret_key", [None, "", "dev", "test", "kort-maar-geheim", "  DEV "])
def test_production_refuses_to_start_with_a_missing_short_or_known_key(secret_key):
    config = {"ENV": "production", "SECRET_KEY": secret_key, "INTERNAL_TOKEN": STRONG, "RASA_TOKEN": STRONG}
    with pytest.raises(InsecureConfiguration, match="WEGWIJS_SECRET_KEY"):
        create_app(config)


@pytest.mark.parametrize("missing", ["INTERNAL_TOKEN", "RASA_TOKEN"])
def test_production_needs_every_token(missing):
    config = {"ENV": "production", "SECRET_KEY": STRONG, "INTERNAL_TOKEN": STRONG, "RASA_TOKEN": STRONG}
    config[missing] = "dev-internal-token"
    with pytest.raises(InsecureConfiguration, match=f"WEGWIJS_{missing}"):
        create_app(config)


def test_production_starts_from_the_environment_with_strong_keys(monkeypatch, tmp_path, demo_map):
    monkeypatch.setenv("WEGWIJS_ENV", "production")
    monkeypatch.setenv("WEGWIJS_APP_DB", str(tmp_path / "a.sqlite"))
    monkeypatch.setenv("WEGWIJS_SOCIALMAP_DB", demo_map.path)
    for name in SECRET_NAMES:
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(InsecureConfiguration, match="scripts/make_secrets.py"):
        create_app()
    for name, value in ensure_secrets(tmp_path / "secrets.env").items():
        monkeypatch.setenv(name, value)
    app = create_app()
    assert app.secret_key == (tmp_path / "secrets.env").read_text().split("WEGWIJS_SECRET_KEY=")[1].split()[0]


def load_run_stack():
    spec = importlib.util.spec_from_file_location("run_stack", REPO / "scripts" / "run_stack.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("run_stack", module)  # its dataclass looks itself up there
    spec.loader.exec_module(module)
    return module


def test_run_stack_makes_the_secrets_once_and_reuses_them(tmp_path, monkeypatch):
    run_stack = load_run_stack()
    for name in SECRET_NAMES:
        monkeypatch.delenv(name, raising=False)
    path = tmp_path / "var" / "secrets.env"
    first = run_stack.environment(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert all(secret_problem(name, first[name]) is None for name in SECRET_NAMES)
    assert len({first[name] for name in SECRET_NAMES}) == len(SECRET_NAMES)  # four different keys
    second = run_stack.environment(path)
    assert all(first[name] == second[name] for name in SECRET_NAMES)
    monkeypatch.setenv("WEGWIJS_SECRET_KEY", STRONG)  # an operator's own key wins
    assert run_stack.environment(path)["WEGWIJS_SECRET_KEY"] == STRONG


def test_run_stack_binds_everything_to_localhost_with_tokens():
    run_stack = load_run_stack()
    rasa = run_stack.rasa_command("the-token")
    assert rasa[rasa.index("--auth-token") + 1] == "the-token" and rasa[rasa.index("-i") + 1] == "127.0.0.1"
    assert "--enable-api" in rasa and "credentials.yml" in rasa
    actions = run_stack.action_command()
    assert "action_server.py" in actions and actions[actions.index("--host") + 1] == "127.0.0.1"
    web = run_stack.web_command()
    assert Path(web[0]).name == "gunicorn" and web[web.index("-b") + 1] == "127.0.0.1:8000"
    assert "--timeout" in web and web[web.index("-w") + 1] == "1"


def test_run_stack_starts_the_rasa_servers_asked_for_and_the_hub_spreads_over_them(tmp_path, monkeypatch):
    run_stack = load_run_stack()
    monkeypatch.setenv("WEGWIJS_RASA_SERVERS", "2")
    monkeypatch.delenv("WEGWIJS_RASA_URL", raising=False)
    env = run_stack.environment(tmp_path / "secrets.env")
    assert env["WEGWIJS_RASA_URL"] == "http://127.0.0.1:5005,http://127.0.0.1:5006"
    started = run_stack.services(env)
    if len(started) > 1:  # with a trained model: the action server, both Rasa servers, the hub
        ports = [s.cmd[s.cmd.index("-p") + 1] for s in started if s.name.startswith("rasa")]
        assert ports == ["5005", "5006"]
    monkeypatch.setenv("WEGWIJS_RASA_SERVERS", "veel")
    with pytest.raises(SystemExit, match="WEGWIJS_RASA_SERVERS"):
        run_stack.environment(tmp_path / "secrets.env")


def test_no_shipped_default_secret_left():
    for folder in ("web", "bot", "scripts"):
        for path in (REPO / folder).rglob("*"):
            if path.suffix in (".py", ".yml", ".yaml", ".cfg") and "models" not in path.parts:
                text = path.read_text(encoding="utf-8", errors="replace")
                assert 'SECRET_KEY="dev"' not in text and "dev-internal-token" not in text, path
