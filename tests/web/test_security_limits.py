"""Rate limits on public endpoints and login, in memory or shared through Redis, and a login
lockout that survives a restart."""

from __future__ import annotations

import socket
import uuid

import pytest
from ownership import own_conversation

from web import auth, create_app

LIMITED = {"RATELIMIT_ENABLED": True, "RATELIMIT_CHAT": "3/minute", "RATELIMIT_SEARCH": "3/minute",
           "RATELIMIT_HSDS": "3/minute", "RATELIMIT_LOGIN": "3/minute"}


def make_app(demo_map, tmp_path, **config):
    app = create_app({"TESTING": True, "SOCIALMAP_DB": demo_map.path, "APP_DB": str(tmp_path / "app.sqlite"),
                      "SECRET_KEY": "test", "RASA_CLIENT": lambda c, t: [
                          {"text": "Waar zoekt u hulp bij?"}, {"custom": {"state": {"mode": "bot"}}}], **config})
    app.extensions["socialmap"] = demo_map
    return app


def test_limits_are_on_outside_tests(demo_map, tmp_path):
    app = create_app({"SOCIALMAP_DB": demo_map.path, "APP_DB": str(tmp_path / "a.sqlite"), "SECRET_KEY": "x"})
    assert app.config["RATELIMIT_ENABLED"] is True and app.config["RATELIMIT_STORAGE_URI"] == "memory://"


@pytest.mark.parametrize("method, path, body", [
    ("post", "/api/v1/chat/gesprek-limiet-01/berichten", {"text": "hallo"}),
    ("get", "/api/v1/search?q=boodschappen", None),
    ("get", "/kaart/?q=boodschappen", None),
    ("get", "/hsds/services", None),
])
def test_a_flood_from_one_address_gets_429_in_dutch(demo_map, tmp_path, method, path, body):
    app = make_app(demo_map, tmp_path, **LIMITED)
    client = app.test_client()
    if "/chat/" in path:
        own_conversation(app, client, path.split("/")[4])
    answers = [getattr(client, method)(path, json=body) for _ in range(4)]
    assert [a.status_code for a in answers[:3]] == [200, 200, 200]
    assert answers[3].status_code == 429 and answers[3].headers["Retry-After"]
    if path.startswith(("/api/", "/hsds")):
        assert "Te veel verzoeken" in answers[3].get_json()["error"]
    else:
        assert "Te veel pogingen" in answers[3].get_data(as_text=True)
    other = getattr(client, method)(path, json=body, environ_base={"REMOTE_ADDR": "198.51.100.20"})
    assert other.status_code == 200  # someone else is not slowed down


def test_login_posts_are_limited_but_the_page_is_not(demo_map, tmp_path, csrf):
    client = make_app(demo_map, tmp_path, **LIMITED).test_client()
    token = csrf(client)
    codes = [client.post("/login", data={"gebruikersnaam": f"naam{i}", "wachtwoord": "x", "csrf_token": token}
                         ).status_code for i in range(4)]
    assert codes == [401, 401, 401, 429]
    assert client.get("/login").status_code == 200


def redis_reachable() -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", 6379)) == 0


def test_limits_hold_across_processes_through_redis(demo_map, tmp_path):
    if not redis_reachable():
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    import redis

    prefix = f"wegwijs-sec-test-{uuid.uuid4().hex[:8]}"
    shared = {**LIMITED, "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0", "RATELIMIT_KEY_PREFIX": prefix}
    first = make_app(demo_map, tmp_path, **shared).test_client()   # two web processes,
    second = make_app(demo_map, tmp_path, **shared).test_client()  # one Redis
    try:
        codes = [c.get("/api/v1/search?q=hulp").status_code for c in (first, second, first, second)]
        assert codes == [200, 200, 200, 429]
        assert any(redis.Redis().scan_iter(f"*{prefix}*"))  # the counters are in Redis
    finally:
        client = redis.Redis()
        for key in client.scan_iter(f"*{prefix}*"):
            client.delete(key)


def test_the_login_lockout_survives_a_restart(demo_map, tmp_path, demo_password_hash, monkeypatch, csrf):
    monkeypatch.setattr(auth, "generate_password_hash", lambda *_a, **_k: demo_password_hash)
    before = make_app(demo_map, tmp_path)
    with before.app_context():
        auth.create_user("consulent", "Sanne", "consulent", "Deurne", auth.DEMO_PASSWORD)
    client = before.test_client()
    for _ in range(auth.MAX_FAILURES):
        client.post("/login", data={"gebruikersnaam": "consulent", "wachtwoord": "geraden",
                                    "csrf_token": csrf(client)})
    after = make_app(demo_map, tmp_path).test_client()  # a new process on the same database
    answer = after.post("/login", data={"gebruikersnaam": "consulent", "wachtwoord": auth.DEMO_PASSWORD,
                                        "csrf_token": csrf(after)})
    assert answer.status_code == 429
