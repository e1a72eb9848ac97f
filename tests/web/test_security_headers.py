"""Headers: nothing private stays in a cache; HTTPS gets HSTS and Secure cookies, also behind a proxy."""

from __future__ import annotations

import pytest

from tests.web.intake import INTAKE_HEADERS, INTAKE_TOKEN
from web import create_app

PROXY = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.5", "X-Forwarded-Host": "wegwijs.example.nl"}


@pytest.mark.parametrize("path", ["/werkplek/", "/werkplek/wachtrij", "/api/v1/handovers", "/beheer/",
                                  "/beheer/rapportage.json", "/login"])
def test_workspace_pages_and_staff_apis_are_not_stored(app, login, path):
    consultant = login(app.test_client(), "beheerder")
    answer = consultant.get(path)
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store", path


def test_refusals_are_not_stored_either(client):
    assert client.get("/api/v1/handovers").headers["Cache-Control"] == "no-store"  # 401
    assert client.get("/api/v1/chat/gesprek-00000001/berichten").headers["Cache-Control"] == "no-store"


def test_public_pages_may_be_cached(client):
    assert "no-store" not in client.get("/widget.js").headers.get("Cache-Control", "")
    assert "Strict-Transport-Security" not in client.get("/kaart/").headers  # plain HTTP: no HSTS


def test_https_gets_hsts_and_secure_cookies(app, staff, csrf):
    client = app.test_client()
    token = csrf(client)
    answer = client.post("/login", base_url="https://localhost", headers={"Referer": "https://localhost/login"},
                         data={"gebruikersnaam": "consulent", "wachtwoord": "wegwijs-demo", "csrf_token": token})
    assert answer.status_code == 302
    assert answer.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    cookies = answer.headers.getlist("Set-Cookie")
    assert cookies and all("; Secure" in c for c in cookies) and all("HttpOnly" in c for c in cookies)


def test_behind_a_trusted_proxy_https_is_recognised(demo_map, tmp_path, staff):
    proxied = create_app({"TESTING": True, "SOCIALMAP_DB": demo_map.path, "APP_DB": str(tmp_path / "p.sqlite"),
                          "SECRET_KEY": "test", "PROXY_FIX": 1})
    proxied.extensions["socialmap"] = demo_map
    answer = proxied.test_client().get("/login", headers=PROXY)
    assert answer.headers["Strict-Transport-Security"] and all("; Secure" in c for c in
                                                               answer.headers.getlist("Set-Cookie"))
    # without PROXY_FIX the same forwarded header is not believed (anyone can send it)
    assert "Strict-Transport-Security" not in staff.test_client().get("/login", headers=PROXY).headers


def test_a_forwarded_request_never_reaches_the_intake_even_with_proxy_fix(demo_map, tmp_path):
    proxied = create_app({"TESTING": True, "SOCIALMAP_DB": demo_map.path, "APP_DB": str(tmp_path / "p.sqlite"),
                          "SECRET_KEY": "test", "INTERNAL_TOKEN": INTAKE_TOKEN, "PROXY_FIX": 1})
    answer = proxied.test_client().post("/api/v1/intern/handovers", json={}, headers={
        **PROXY, "X-Forwarded-For": "127.0.0.1", **INTAKE_HEADERS})
    assert answer.status_code == 404
