"""What a privacy officer would check in the stored data: an anonymous conversation keeps no names
(feedback, the luisteraar's closing note, the handover), a luisteraar's own introduction stays,
a BSN or IBAN is stored nowhere in any mode, and no resident text reaches the web process's log."""

import logging

import pytest
from ownership import as_resident, own_conversation  # noqa: F401

from tests.web.intake import INTAKE_HEADERS, handover_record
from web import appdb

BSN, IBAN = "123456782", "NL91ABNA0417164300"  # a valid 11-proef number and a valid (mod-97) IBAN
NAME = ("Gerrit", "Wolfsbergen")


def state(**values):
    base = {"topic": None, "crisis": False, "mode": "bot", "ladder_step": None, "services": [], "handover_id": None}
    return {"custom": {"state": {**base, **values}}}


@pytest.fixture
def bot(app):
    def rasa(_conversation_id, text):
        if text == "/anoniem":
            return [{"text": "U chat nu anoniem."}, state(mode="anoniem")]
        return [{"text": "Waar zoekt u hulp bij?"}, state()]
    app.config["RASA_CLIENT"] = rasa


def record(conversation_id, **extra):
    return handover_record(conversation_id, **{
        "question": "Ik heb hulp nodig",
        **extra,
    })


def intake(client, body):
    own_conversation(client.application, client, body["conversation_id"])  # `client` is the resident's browser
    answer = client.post("/api/v1/intern/handovers", json=body, headers=INTAKE_HEADERS)
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()["id"]


def everything_stored(app) -> str:
    """Every row of every table of the app database, as text (what a database dump shows)."""
    with app.app_context(), appdb.engine().connect() as conn:
        return "\n".join(str(tuple(row)) for table in appdb.metadata.sorted_tables
                         for row in conn.execute(table.select()))


def test_an_anonymous_name_is_kept_nowhere(app, bot, owned, login, csrf, staff):
    resident = owned("gesprek-anoniem-naam")
    resident.post("/api/v1/chat/gesprek-anoniem-naam/berichten", json={"button": "/anoniem"})
    resident.post("/api/v1/chat/gesprek-anoniem-naam/feedback", json={
        "kind": "antwoord", "useful": False, "comment": "Gerrit Wolfsbergen uit Mierlo-Hout vond dit niets"})
    resident.post("/api/v1/chat/gesprek-anoniem-naam/feedback", json={
        "kind": "eindvraag", "knows_where": "nee", "felt_helped": "nee", "comment": "groet, Gerrit Wolfsbergen"})
    handover_id = intake(app.test_client(), record(
        "gesprek-anoniem-naam", anonymous=True, municipality=None,
        question="Mijn buurman Gerrit Wolfsbergen in Beek en Donk is zo eenzaam",
        problem="Gerrit Wolfsbergen komt de deur niet meer uit", ladder={"zelf": "Dochter Truus belt soms"}))
    luisteraar = login(app.test_client(), "luisteraar")
    token = csrf(luisteraar, "/werkplek/")
    luisteraar.post(f"/werkplek/overdrachten/{handover_id}/oppakken", data={"csrf_token": token})
    luisteraar.post(f"/api/v1/handovers/{handover_id}/berichten", json={"text": "Hoi, ik ben Joke. Fijn dat u schrijft."},
                    headers={"X-CSRFToken": token})
    with app.app_context():
        live = [m["text"] for m in appdb.list_messages("gesprek-anoniem-naam")]
    assert "Hoi, ik ben Joke. Fijn dat u schrijft." in live  # the luisteraar's own introduction stays
    resident.post("/api/v1/chat/gesprek-anoniem-naam/berichten", json={"text": "Ik ben Gerrit Wolfsbergen"})
    luisteraar.post(f"/werkplek/overdrachten/{handover_id}/afsluiten", data={
        "csrf_token": token, "uitkomst": "geluisterd",  # a luisteraar's own outcome
        "notitie": "Gerrit Wolfsbergen belt zelf de huisarts. Dochter Truus helpt."})
    dump = everything_stored(app)
    assert not any(part in dump for part in (*NAME, "Truus")), dump
    with app.app_context():
        stored = appdb.get_handover(handover_id)
        feedback = appdb.list_feedback()
    assert "Beek en Donk" in stored["question"]  # places of the region stay for routing
    assert "Mierlo-Hout" in feedback[0]["comment"] and "[naam]" in stored["closing_note"]


def test_a_bsn_and_iban_in_a_named_conversation_are_stored_nowhere(app, bot, owned, login, csrf, staff):
    resident = owned("gesprek-bsn-01")
    resident.post("/api/v1/chat/gesprek-bsn-01/berichten",
                  json={"text": f"Mijn BSN is {BSN} en mijn rekening {IBAN}"})
    resident.post("/api/v1/chat/gesprek-bsn-01/berichten", json={"text": "bsn 1234.56.782, iban NL91 ABNA 0417 1643 00"})
    resident.post("/api/v1/chat/gesprek-bsn-01/feedback", json={"kind": "antwoord", "useful": True,
                                                               "comment": f"mijn bsn {BSN}"})
    handover_id = intake(app.test_client(), record(
        "gesprek-bsn-01", question=f"Toeslag stopgezet, BSN {BSN}", problem=f"Geld komt niet op {IBAN}",
        ladder={"zelf": f"Zelf gebeld met BSN {BSN}"}))
    consultant = login(app.test_client(), "consulent")
    consultant.post(f"/werkplek/overdrachten/{handover_id}/oppakken", data={"csrf_token": csrf(consultant, "/werkplek/")})
    resident.post("/api/v1/chat/gesprek-bsn-01/berichten", json={"text": f"nogmaals: {BSN}"})
    dump = everything_stored(app)
    for secret in (BSN, IBAN, "1234.56.782", "NL91 ABNA 0417 1643 00", "0417164300"):
        assert secret not in dump
    with app.app_context():
        texts = [m["text"] for m in appdb.list_messages("gesprek-bsn-01")]
    assert texts[0] == "Mijn BSN is [bsn] en mijn rekening [iban]"  # the rest of the message is kept
    # an ordinary number (not 11-proef) in named mode stays: a consultant may need an order number
    resident.post("/api/v1/chat/gesprek-bsn-01/berichten", json={"text": "ordernummer 123456789"})
    assert "ordernummer 123456789" in everything_stored(app)


def test_no_resident_text_in_the_web_log(app, bot, owned, caplog):
    """A conversation through a real server (access log on), one turn failing: the log holds request
    lines and nothing the resident wrote."""
    import threading

    import requests
    from werkzeug.serving import make_server

    caplog.set_level(logging.DEBUG)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        issued = requests.post(f"{base}/api/v1/chat/gesprekken", json={}).json()
        headers = {"X-Wegwijs-Sleutel": issued["secret"]}
        url = f"{base}/api/v1/chat/{issued['id']}"
        requests.post(f"{url}/berichten", json={"text": f"Geheim verhaal van Gerrit, {BSN}"}, headers=headers)
        app.config["RASA_CLIENT"] = lambda c, t: []  # the bot fails: the error path logs nothing of the text
        assert requests.post(f"{url}/berichten", json={"text": "Nog een geheim verhaal"},
                             headers=headers).status_code == 503
        requests.post(f"{url}/feedback", json={"kind": "antwoord", "useful": False, "comment": "geheim commentaar"},
                      headers=headers)
    finally:
        server.shutdown()
    # what the server side logged (urllib3's lines are this test's own client)
    server_log = "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith("urllib3"))
    assert "/berichten" in server_log  # the access log is there ...
    lowered = server_log.lower()
    assert "geheim" not in lowered and BSN not in lowered and issued["id"] not in server_log
