"""Trust between the services: the action server and Rasa's REST channel refuse callers without
the shared token, and the intake API files handovers only from inside, for real conversations."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.web.intake import INTAKE_HEADERS, handover_record

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bot_modules():
    sys.path.insert(0, str(REPO / "bot"))
    try:
        import action_server
        import rest_channel
        yield SimpleNamespace(action_server=action_server, rest_channel=rest_channel)
    finally:
        sys.path.remove(str(REPO / "bot"))


def stub_request(path: str, args: dict | None = None, headers: dict | None = None):
    return SimpleNamespace(path=path, args=args or {}, headers=headers or {})


def status_of(middleware, request) -> int | None:
    """What the middleware answers (None: the request goes through to the action)."""
    answer = asyncio.run(middleware(request))
    return None if answer is None else answer.status


@pytest.fixture(scope="module")
def action_guard(bot_modules):
    from sanic import Sanic

    app = Sanic("wegwijs_test_action_guard")
    bot_modules.action_server.require_token(app, "het-gedeelde-geheim")
    return app.request_middleware[0]


@pytest.mark.parametrize("args, headers, expected", [
    ({}, {}, 401),                                               # a crafted POST /webhook, no token
    ({"token": "fout"}, {}, 401),
    ({"token": ""}, {}, 401),
    ({"token": "het-gedeelde-geheim\udcff"}, {}, 401),           # odd unicode is just wrong
    ({"token": "gedeelde-geheim-é"}, {}, 401),                   # non-ASCII: no TypeError, just 401
    ({}, {"Authorization": "Bearer fout"}, 401),
    ({"token": "het-gedeelde-geheim"}, {}, None),                # what Rasa's action_endpoint.token sends
    ({}, {"Authorization": "Bearer het-gedeelde-geheim"}, None),
])
def test_action_server_needs_the_shared_token(action_guard, args, headers, expected):
    assert status_of(action_guard, stub_request("/webhook", args, headers)) == expected


def test_action_server_health_needs_no_token(action_guard):
    assert status_of(action_guard, stub_request("/health")) is None
    assert status_of(action_guard, stub_request("/actions")) == 401


def test_action_server_does_not_start_without_a_token(bot_modules, monkeypatch, capsys):
    monkeypatch.delenv("WEGWIJS_ACTION_TOKEN", raising=False)
    assert bot_modules.action_server.main(["--port", "1"]) == 2
    assert "WEGWIJS_ACTION_TOKEN" in capsys.readouterr().err


def test_rest_channel_needs_the_hub_token(bot_modules):
    channel = bot_modules.rest_channel.TokenRestInput.from_credentials({"token": "hub-geheim"})

    async def on_new_message(message):
        return None

    guard = channel.blueprint(on_new_message)._future_middleware[0].middleware
    assert status_of(guard, stub_request("/webhooks/rest/webhook")) == 401
    assert status_of(guard, stub_request("/webhooks/rest/webhook", {"token": "fout"})) == 401
    assert status_of(guard, stub_request("/webhooks/rest/webhook", {"token": "hub-geheim"})) is None
    assert status_of(guard, stub_request("/webhooks/rest/")) is None  # the channel's health check
    with pytest.raises(ValueError, match="WEGWIJS_RASA_TOKEN"):
        bot_modules.rest_channel.TokenRestInput.from_credentials({"token": ""})


def test_hub_sends_the_rasa_token(app, monkeypatch):
    from web import rasa_client

    sent = {}

    class Answer:
        status_code = 200

        @staticmethod
        def json():
            return [{"custom": {"state": {"mode": "bot"}}}]

    def fake_post(url, params=None, json=None, timeout=None):
        sent.update(url=url, params=params)
        return Answer()

    monkeypatch.setattr(rasa_client.requests, "post", fake_post)
    app.config["RASA_TOKEN"] = "rasa-geheim"
    with app.app_context():
        rasa_client.send("gesprek-1", "hallo")
    assert sent["params"] == {"token": "rasa-geheim"} and sent["url"].endswith("/webhooks/rest/webhook")


def test_hub_treats_a_refused_token_as_bot_down(app, monkeypatch):
    from web import rasa_client

    monkeypatch.setattr(rasa_client.requests, "post",
                        lambda *a, **k: SimpleNamespace(status_code=401, json=lambda: {"error": "unauthorized"}))
    with app.app_context(), pytest.raises(rasa_client.BotUnavailable):
        rasa_client.send("gesprek-1", "hallo")


# -- the intake API ------------------------------------------------------------------------------

def record(conversation_id="gesprek-echt-01", **extra):
    return handover_record(conversation_id, **{
        "question": "Hulp bij het douchen",
        **extra,
    })


def started(app, conversation_id="gesprek-echt-01"):
    from web import appdb

    with app.app_context():
        appdb.ensure_conversation(conversation_id)


def test_intake_for_a_conversation_that_does_not_exist_is_refused(app, client):
    answer = client.post("/api/v1/intern/handovers", json=record("verzonnen-gesprek"), headers=INTAKE_HEADERS)
    assert answer.status_code == 404 and answer.get_json()["fields"] == ["conversation_id"]
    with app.app_context():
        from web import appdb

        assert appdb.list_handovers() == [] and appdb.get_conversation("verzonnen-gesprek") is None


def test_intake_needs_a_conversation_id(client):
    body = record()
    del body["conversation_id"]
    assert client.post("/api/v1/intern/handovers", json=body, headers=INTAKE_HEADERS).status_code == 400


def test_intake_refuses_a_second_handover_while_one_is_open(app, client):
    started(app)
    assert client.post("/api/v1/intern/handovers", json=record(), headers=INTAKE_HEADERS).status_code == 201
    second = client.post("/api/v1/intern/handovers", json=record(question="Nog een"), headers=INTAKE_HEADERS)
    assert second.status_code == 409


@pytest.mark.parametrize("headers", [{"X-Forwarded-For": "203.0.113.9"}, {"Forwarded": "for=203.0.113.9"},
                                     {"X-Real-IP": "203.0.113.9"}])
def test_intake_is_not_on_the_public_site(app, client, headers):
    """Through the reverse proxy (even one on 127.0.0.1) the intake does not exist."""
    started(app)
    answer = client.post("/api/v1/intern/handovers", json=record(), headers={**INTAKE_HEADERS, **headers})
    assert answer.status_code == 404


def test_intake_only_from_internal_networks(app, client):
    started(app)
    outside = {"REMOTE_ADDR": "198.51.100.7"}
    assert client.post("/api/v1/intern/handovers", json=record(), headers=INTAKE_HEADERS,
                       environ_base=outside).status_code == 404
    app.config["INTERNAL_NETWORKS"] = ["198.51.100.0/24"]  # an action server on the internal network
    assert client.post("/api/v1/intern/handovers", json=record(), headers=INTAKE_HEADERS,
                       environ_base=outside).status_code == 201
