"""A bounded fuzz run over every HTTP endpoint of the hub: paths, query strings and bodies full of
odd values and odd unicode, anonymously and signed in. No answer may be a 500 or worse.

The endpoints come from ``app.url_map``, so a new one is fuzzed without anyone adding it here.
Runs on its own copy of the demo social map (beheer requests may change it).
"""

from __future__ import annotations

import json
import re
import sqlite3
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.web.intake import INTAKE_HEADERS, INTAKE_TOKEN
from web import appdb, auth, create_app

ARGUMENT = re.compile(r"<(?:([a-z]+):)?([a-z_]+)>")
PARAMS = ["q", "municipality", "topic", "ladder", "free", "age", "open_at", "near", "radius_km", "limit",
          "offset", "page", "per_page", "search", "status", "na", "ids", "ingebed", "volgende", "postcode",
          "proximity", "taxonomy_term_id", "organization_id", "modified_after", "lang", "taal", "format"]
FIELDS = ["text", "question", "kind", "useful", "comment", "telefoon", "moment", "message_id", "knows_where",
          "felt_helped", "service_id", "uitkomst", "gebruikersnaam", "wachtwoord", "name", "status",
          "conversation_id", "for_whom", "urgency", "anonymous", "consent", "ladder", "contact", "naam",
          "beschrijving", "actie"]
SKIP_SIGNED_IN = {"auth.logout"}  # would end the fuzzing session

odd_text = st.one_of(
    st.text(max_size=30),
    st.text(st.characters(categories=["Cs", "Cc", "Cf", "Mn", "So", "Zs"]), max_size=12),  # surrogates too
    st.sampled_from(["", " ", "0", "-1", "1e309", "nan", "true", "null", "../..", "%00", "a" * 3000,
                     "<script>alert(1)</script>", "' OR 1=1 --", "ðŸ˜€", "\ud800", "\x00", "Deurne",
                     "5751 AB", "51.4,5.7", "boodschappen", "2026-13-45T99:99", "wacht,opgepakt"]),
)
path_value = st.one_of(
    st.binary(min_size=1, max_size=20).map(lambda b: quote(b, safe="")),  # any bytes, even invalid UTF-8
    odd_text.filter(bool).map(lambda t: quote(t.encode("utf-8", "surrogatepass"), safe="")),
    st.just("KNOWN"),
)
json_value = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | odd_text,
                          lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
                              st.sampled_from(FIELDS) | odd_text, inner, max_size=4), max_leaves=12)
body = st.one_of(
    st.none(),
    st.tuples(st.just("json"), st.dictionaries(st.sampled_from(FIELDS), json_value, max_size=6)),
    st.tuples(st.just("json"), json_value),
    st.tuples(st.just("form"), st.dictionaries(st.sampled_from(FIELDS), odd_text, max_size=6)),
    st.tuples(st.just("raw"), st.binary(max_size=200)),
)
query = st.dictionaries(st.sampled_from(PARAMS) | odd_text.filter(bool), odd_text, max_size=4)


@pytest.fixture(scope="module")
def fuzz_app(demo_map, tmp_path_factory, demo_password_hash):
    folder = tmp_path_factory.mktemp("fuzz")
    with sqlite3.connect(demo_map.path) as source, sqlite3.connect(folder / "map.sqlite") as target:
        source.backup(target)
    app = create_app({"TESTING": True, "SOCIALMAP_DB": str(folder / "map.sqlite"),
                      "APP_DB": str(folder / "app.sqlite"), "SECRET_KEY": "fuzz",
                      "INTERNAL_TOKEN": INTAKE_TOKEN,
                      "RASA_CLIENT": lambda c, t: [{"text": "Waar zoekt u hulp bij?"},
                                                   {"custom": {"state": {"mode": "bot", "services": []}}}]})
    original = auth.generate_password_hash
    auth.generate_password_hash = lambda *_a, **_k: demo_password_hash
    try:
        with app.app_context():
            for username, name, role, areas in auth.DEMO_USERS:
                auth.create_user(username, name, role, areas, auth.DEMO_PASSWORD)
            appdb.ensure_conversation("gesprek-fuzz-0001")
    finally:
        auth.generate_password_hash = original
    client = app.test_client()
    record = {"conversation_id": "gesprek-fuzz-0001", "question": "Hulp", "for_whom": "zelf", "ladder": {},
              "urgency": "normaal", "anonymous": False, "municipality": "Deurne",
              "consent": {"given": True, "at": "2026-11-23T10:00:00+00:00", "text": "Mag ik?"}}
    handover = client.post("/api/v1/intern/handovers", json=record, headers=INTAKE_HEADERS)
    app.config["FUZZ_KNOWN"] = {"handover_id": handover.get_json()["id"], "conversation_id": "gesprek-fuzz-0001",
                                "service_id": demo_map.list_services(limit=1)[0].id, "organization_id": "x"}
    return app


def routes(app, signed_in: bool) -> list[tuple[str, str, str]]:
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or (signed_in and rule.endpoint in SKIP_SIGNED_IN):
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((rule.endpoint, method, rule.rule))
    return found


def signed_in_client(app, username: str):
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    answer = client.post("/login", data={"gebruikersnaam": username, "wachtwoord": auth.DEMO_PASSWORD,
                                         "csrf_token": token})
    assert answer.status_code == 302
    client.csrf = token
    return client


def fill(app, rule: str, values: list[str]) -> str:
    known = app.config["FUZZ_KNOWN"]
    parts = iter(values)

    def one(match: re.Match) -> str:
        value = next(parts, "x")
        return known.get(match.group(2), "x") if value == "KNOWN" else value
    return ARGUMENT.sub(one, rule)


def call(client, method: str, path: str, params: dict, payload) -> int:
    headers = {"X-CSRFToken": getattr(client, "csrf", "")}
    kwargs = {"query_string": {quote(k.encode("utf-8", "surrogatepass")): v.encode("utf-8", "surrogatepass")
                               for k, v in params.items()}, "headers": headers}
    if payload is not None:
        kind, data = payload
        if kind == "json":
            kwargs.update(data=json.dumps(data), content_type="application/json")
        elif kind == "form":
            kwargs.update(data="&".join(f"{quote(k)}={quote(v.encode('utf-8', 'surrogatepass'))}"
                                        for k, v in data.items()),
                          content_type="application/x-www-form-urlencoded")
        else:
            kwargs.update(data=data, content_type="application/octet-stream")
    return client.open(path, method=method, **kwargs).status_code


def fuzz(app, client, signed_in: bool, data) -> None:
    endpoint, method, rule = data.draw(st.sampled_from(routes(app, signed_in)), label="route")
    values = data.draw(st.lists(path_value, min_size=3, max_size=3), label="path values")
    path = fill(app, rule, values)
    params = data.draw(query, label="query")
    payload = data.draw(body, label="body") if method != "GET" else None
    status = call(client, method, path, params, payload)
    assert status < 500, (endpoint, method, path, params, payload, status)


FUZZ = settings(max_examples=100, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@FUZZ
@given(data=st.data())
def test_fuzz_anonymous(fuzz_app, data):
    fuzz(fuzz_app, fuzz_app.test_client(), False, data)


@FUZZ
@given(data=st.data())
def test_fuzz_as_consulent(fuzz_app, consulent_client, data):
    fuzz(fuzz_app, consulent_client, True, data)


@FUZZ
@given(data=st.data())
def test_fuzz_as_beheerder(fuzz_app, beheerder_client, data):
    fuzz(fuzz_app, beheerder_client, True, data)


@pytest.fixture(scope="module")
def consulent_client(fuzz_app):
    return signed_in_client(fuzz_app, "consulent")


@pytest.fixture(scope="module")
def beheerder_client(fuzz_app):
    return signed_in_client(fuzz_app, "beheerder")


@pytest.mark.parametrize("who", ["anoniem", "beheerder"])
def test_every_endpoint_once_with_odd_input(fuzz_app, beheerder_client, who):
    """A fixed sweep, so every route is hit even when the random draw misses one."""
    client = beheerder_client if who == "beheerder" else fuzz_app.test_client()
    for endpoint, method, rule in routes(fuzz_app, who != "anoniem"):
        for values in (["KNOWN"] * 3, ["%ED%A0%80"] * 3):
            path = fill(fuzz_app, rule, values)
            payloads = [None] if method == "GET" else [("json", {"text": "\ud800", "question": None, "x": [[[]]]}),
                                                        ("form", {"text": "x" * 5000, "uitkomst": "\U0001F600"})]
            for payload in payloads:
                status = call(client, method, path, {"q": "\udcff", "page": "-1"}, payload)
                assert status < 500, (endpoint, method, path, payload, status)

