"""Boundaries: one contract for the handover record, pages that survive any stored record, size
limits and odd unicode that never give a 500."""

from __future__ import annotations

import json

import pytest

from tests.web.intake import INTAKE_HEADERS, handover_record
from web import appdb
from wegwijs_common.contract import ContractError, HandoverRecord, parse, readable, validate

CONV = "gesprek-grens-01"


def record(**extra):
    return handover_record(CONV, **{
        "question": "Ik kan niet meer koken",
        "ladder": {"zelf": "Zoon kookt."},
        "services_offered": [{"id": "s1", "name": "Tafeltje-dekje", "reaction": "te duur"}],
        "contact": {"preference": "telefoon", "value": "06 12345678"},
        **extra,
    })


# -- the contract ----------------------------------------------------------------------------------

def test_a_full_record_parses_into_the_typed_structure():
    parsed = parse(record(preferred_time="na 14.00 uur", safe_to_contact=True, corrections=["niet mijn buurvrouw"],
                          language="en", kind="zorgmelding"))
    assert isinstance(parsed, HandoverRecord) and parsed.kind == "zorgmelding" and parsed.language == "en"
    assert parsed.services_offered[0].name == "Tafeltje-dekje" and parsed.contact.preference == "telefoon"
    assert parsed.to_dict()["consent"]["given"] is True
    assert parse(record(anonymous=True, contact=None)).kind == "luisteren"  # default per mode
    assert "stiekem" not in parse(record(stiekem="x" * 100)).to_dict()       # unknown fields are dropped


@pytest.mark.parametrize("extra, field", [
    ({"question": None}, "question"),             # the poison record of issue 9
    ({"question": ""}, "question"),
    ({"question": 5}, "question"),
    ({"question": "x" * 2001}, "question"),
    ({"question": "hallo \ud800"}, "question"),   # a lone surrogate
    ({"question": "nul\x00byte"}, "question"),
    ({"urgency": "heel erg"}, "urgency"),
    ({"for_whom": None}, "for_whom"),
    ({"kind": "klacht"}, "kind"),
    ({"language": "de"}, "language"),
    ({"anonymous": "nee"}, "anonymous"),
    ({"safe_to_contact": "ja"}, "safe_to_contact"),
    ({"municipality": ["Deurne"]}, "municipality"),
    ({"ladder": "alles"}, "ladder"),
    ({"ladder": {"hemel": "x"}}, "ladder.hemel"),
    ({"ladder": {"zelf": 3}}, "ladder.zelf"),
    ({"other_topics": "eenzaamheid"}, "other_topics"),
    ({"safety_flags": [None]}, "safety_flags[0]"),
    ({"services_offered": [{"id": "s1"}]}, "services_offered[0].name"),
    ({"services_offered": ["s1"]}, "services_offered[0]"),
    ({"contact": "06"}, "contact"),
    ({"contact": {"preference": "duif", "value": "x"}}, "contact.preference"),
    ({"consent": {"given": False}}, "consent"),
    ({"consent": "ja"}, "consent"),
    ({"conversation_id": "../../etc"}, "conversation_id"),
    ({"corrections": [1]}, "corrections[0]"),
])
def test_the_contract_names_the_field(extra, field):
    assert field in [name for name, _ in validate(record(**extra))]
    with pytest.raises(ContractError) as caught:
        parse(record(**extra))
    assert field in caught.value.fields


def test_missing_required_fields_are_each_named():
    assert {name for name, _ in validate({})} >= {"question", "for_whom", "ladder", "urgency", "anonymous", "consent"}
    assert validate([1, 2]) == [("(record)", "stuur de overdracht als JSON-object")]


@pytest.fixture
def started(app):
    with app.app_context():
        appdb.ensure_conversation(CONV)


@pytest.mark.parametrize("extra, field", [({"question": None}, "question"), ({"urgency": 7}, "urgency"),
                                          ({"ladder": {"zelf": {"a": 1}}}, "ladder.zelf")])
def test_intake_answers_400_naming_the_field(client, started, extra, field):
    answer = client.post("/api/v1/intern/handovers", json=record(**extra), headers=INTAKE_HEADERS)
    assert answer.status_code == 400 and field in answer.get_json()["fields"]
    assert field in answer.get_json()["error"]


def test_intake_stores_the_new_fields(client, started):
    answer = client.post("/api/v1/intern/handovers", json=record(preferred_time="ochtend", safe_to_contact=False),
                         headers=INTAKE_HEADERS)
    assert answer.status_code == 201
    stored = answer.get_json()
    assert stored["preferred_time"] == "ochtend" and stored["safe_to_contact"] is False and stored["kind"] == "wmo"


# -- pages survive any stored record -----------------------------------------------------------------

POISON = [
    {"question": None, "municipality": "Deurne", "urgency": "normaal"},
    {"question": ["a", "b"], "topic": ["x"], "ladder": "alles", "services_offered": "veel", "contact": "06",
     "consent": True, "relation": 7, "safety_flags": None, "municipality": "Deurne"},
    {"question": "ok", "services_offered": [None, {"id": None, "name": 5}], "ladder": {"zelf": None},
     "contact": {"preference": None, "value": ["x"]}, "callback": "ja", "created_at": 12, "municipality": "Deurne"},
]


def insert_raw(app, handover_id: str, stored: object, anonymous: bool = False) -> None:
    """A row as a bug, an old version or a hand edit may have left it (no validation on the way)."""
    with app.app_context(), appdb.engine().begin() as conn:
        conn.execute(appdb.handovers.insert().values(
            id=handover_id, created_at="2026-11-23T10:00:00+00:00", status="wacht", conversation_id=None,
            municipality="Deurne", urgency="normaal", anonymous=anonymous,
            record=stored if isinstance(stored, str) else json.dumps(stored)))


@pytest.mark.parametrize("stored", [*POISON, "niet eens json", "[1, 2]"])
def test_workspace_pages_survive_a_poison_row(app, login, stored):
    insert_raw(app, "gif0000000000001", stored)
    consultant = login(app.test_client(), "consulent")
    for path in ("/werkplek/", "/werkplek/wachtrij", "/api/v1/handovers", "/api/v1/handovers/gif0000000000001",
                 "/werkplek/overdrachten/gif0000000000001"):
        answer = consultant.get(path)
        assert answer.status_code == 200, (path, answer.status_code)
    beheerder = login(app.test_client(), "beheerder")
    for path in ("/beheer/rapportage", "/beheer/rapportage.json"):
        assert beheerder.get(path).status_code == 200, path


def test_readable_keeps_good_records_as_they_are():
    good = parse(record()).to_dict()
    assert readable(good) == {**good, "question": good["question"]}


# -- sizes and odd unicode -----------------------------------------------------------------------------

def test_a_huge_body_is_refused_before_it_is_parsed(client, started):
    answer = client.post("/api/v1/intern/handovers", data=b"{" + b" " * (9 * 1024 * 1024) + b"}",
                         content_type="application/json", headers=INTAKE_HEADERS)
    assert answer.status_code == 413 and "te groot" in answer.get_json()["error"]


def test_deeply_nested_json_is_400(client, started):
    deep = "[" * 50_000 + "]" * 50_000
    for path in ("/api/v1/intern/handovers", f"/api/v1/chat/{CONV}/berichten"):
        answer = client.post(path, data=deep, content_type="application/json", headers=INTAKE_HEADERS)
        assert answer.status_code == 400, path


@pytest.mark.parametrize("text", ["hallo \ud800", "\udfff", "nul\x00", "\U0001F600" * 10, "e\u0301\u200b\u202e",
                                  "\ufeff", "Z\u0351\u0352\u0353" * 50])
def test_odd_unicode_in_the_chat_is_never_a_500(client, app, text):
    app.config["RASA_CLIENT"] = lambda c, t: [{"text": "ok"}, {"custom": {"state": {"mode": "bot"}}}]
    answer = client.post(f"/api/v1/chat/{CONV}/berichten", json={"text": text})
    assert answer.status_code < 500
    if "\ud800" in text or "\udfff" in text or "\x00" in text:
        assert answer.status_code == 400


@pytest.mark.parametrize("token", ["dev-internal-tokén", "\u00ff" * 20, "x\udcff"])
def test_a_non_ascii_intake_token_is_403_not_500(client, started, token):
    raw = token.encode("utf-8", "surrogateescape").decode("latin-1")  # how a header arrives
    assert client.post("/api/v1/intern/handovers", json=record(), headers={"X-Wegwijs-Token": raw}).status_code == 403


def test_lone_surrogate_in_the_intake_is_400_not_500(client, started):
    body = json.dumps(record()).replace("Ik kan niet meer koken", "\\ud800")
    answer = client.post("/api/v1/intern/handovers", data=body, content_type="application/json", headers=INTAKE_HEADERS)
    assert answer.status_code == 400


@pytest.mark.parametrize("path", ["/api/v1/search?q=%ED%A0%80", "/api/v1/search?q=%00", "/kaart/zoeken?q=%F0%9F%98",
                                  "/hsds/services?search=%ED%A0%80", "/api/v1/search?q=" + "é" * 3000])
def test_odd_bytes_in_search_are_never_a_500(client, path):
    assert client.get(path).status_code < 500


def test_a_login_with_odd_unicode_is_never_a_500(client, staff, csrf):
    token = csrf(client)
    for name in ("be%00heerder", "%ED%A0%80", "%C3%A9" * 5000, "%FF%FE"):
        body = f"gebruikersnaam={name}&wachtwoord=x%ED%B3%BF&csrf_token={token}"
        answer = client.post("/login", data=body, content_type="application/x-www-form-urlencoded")
        assert answer.status_code < 500, name


def test_the_tests_record_builder_makes_a_record_the_contract_accepts():
    """Every web test files its handovers through tests/web/intake.py: it must stay a valid record."""
    assert validate(handover_record("gesprek-bouwer-1")) == []
