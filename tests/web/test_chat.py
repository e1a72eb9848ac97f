"""The resident chat relay and the handover intake, with a fake Rasa speaking the REST contract."""

import datetime as dt

import pytest

from tests.web.intake import INTAKE_HEADERS, handover_record
from web import appdb, hub

CONV, CONV2, CONV3 = "gesprek-test-0001", "gesprek-test-0002", "gesprek-test-0003"


def state(**values):
    base = {"topic": None, "crisis": False, "mode": "bot", "ladder_step": None, "services": [], "handover_id": None}
    return {"custom": {"state": {**base, **values}}}


@pytest.fixture
def fake_rasa(app, demo_records):
    calls = []
    service_id = next(r["id"] for r in demo_records if r["name"] == "Mantelzorgcafé Asten")

    def rasa(conversation_id, text):
        calls.append(text)
        if text == "boodschappen":
            return [{"text": "Dit kunnen mensen in uw buurt doen:", "buttons": [{"title": "Ja", "payload": "/bevestigen"}]},
                    state(topic="mantelzorg", ladder_step="omgeving", services=[service_id])]
        if text == "ik wil dood":
            return [{"text": "Bel 113"}, state(crisis=True)]
        if text == "/anoniem":
            return [{"text": "U chat nu anoniem."}, state(mode="anoniem")]
        if text == "kapot":
            return []  # what Rasa answers when the action server is down
        return [{"text": "<b>Hallo</b>"}, state()]

    app.config["RASA_CLIENT"] = rasa
    return calls


@pytest.fixture
def client(app, owned):
    """The resident's browser, owning the conversation CONV."""
    return owned(CONV)


def post(client, text, conv=CONV):
    if text.startswith("/"):  # what the widget sends for a button press
        return client.post(f"/api/v1/chat/{conv}/berichten", json={"button": text})
    return client.post(f"/api/v1/chat/{conv}/berichten", json={"text": text})


def test_bot_answer_with_service_cards_and_history(client, fake_rasa):
    body = post(client, "boodschappen").get_json()
    assert body["state"]["ladder_step"] == "omgeving"
    assert body["messages"][0]["buttons"][0]["payload"] == "/bevestigen"
    card = body["cards"][0]
    assert card["name"] == "Mantelzorgcafé Asten" and card["cost"] == "Gratis" and card["hours"]
    assert card["detail_url"] == f"/kaart/dienst/{card['id']}" and card["open_now"] in (True, False)
    history = client.get(f"/api/v1/chat/{CONV}/berichten").get_json()
    # After a reload the widget shows the same turn again: the question, the cards, the bot's text.
    assert [m["role"] for m in history["messages"]] == ["inwoner", "bot", "bot"]
    assert history["messages"][1]["cards"][0]["name"] == "Mantelzorgcafé Asten"
    assert history["messages"][2]["buttons"][0]["payload"] == "/bevestigen"
    assert history["overview_url"] == "/chat/overzicht"  # posted with the secret, never a token in the URL
    assert card["addresses"]  # 'Mijn overzicht' has the addresses a resident needs on paper
    overview = client.post(history["overview_url"], data={"gesprek": CONV}).get_data(as_text=True)
    assert card["addresses"][0] in overview


def test_cards_tell_the_distance_from_where_the_resident_looks(client, fake_rasa, app, demo_records, owned):
    service_id = next(r["id"] for r in demo_records if r["name"] == "Mantelzorgcafé Asten")
    app.config["RASA_CLIENT"] = lambda c, t: [{"text": "Kijk eens:"}, state(services=[service_id], place="5721 AB")]
    near = post(client, "mantelzorg").get_json()["cards"][0]
    app.config["RASA_CLIENT"] = lambda c, t: [{"text": "Kijk eens:"}, state(services=[service_id], place="Helmond")]
    far = post(owned(CONV2), "mantelzorg", conv=CONV2).get_json()["cards"][0]
    assert near["where"] == "Asten" and 0 <= near["distance_km"] < far["distance_km"] < 30
    app.config["RASA_CLIENT"] = lambda c, t: [{"text": "Kijk eens:"}, state(services=[service_id])]
    assert post(owned(CONV3), "mantelzorg", conv=CONV3).get_json()["cards"][0]["distance_km"] is None


def test_crisis_state_reaches_the_widget(client, fake_rasa):
    assert post(client, "ik wil dood").get_json()["state"]["crisis"] is True


def test_anonymous_conversation_keeps_no_messages(client, fake_rasa):
    post(client, "hallo ik ben Jan")
    post(client, "/anoniem")
    post(client, "mijn nummer is 0612345678")
    assert client.get(f"/api/v1/chat/{CONV}/berichten").get_json()["messages"] == []


def test_bot_down_says_to_call_the_own_municipality(client, fake_rasa):
    response = post(client, "kapot")
    error = response.get_json()["error"]
    assert response.status_code == 503 and "Bel uw eigen gemeente" in error and "0800-0767" in error
    assert "14 0492" not in error  # not yet known: never Helmond's number for a resident of Deurne


@pytest.mark.parametrize("body, conv", [({"text": ""}, CONV), ({"text": "x" * 1001}, CONV),
                                        ({"text": "hoi"}, "a/b"), ({"text": "hoi"}, "kort")])
def test_bad_chat_input_is_4xx(client, fake_rasa, body, conv):
    assert client.post(f"/api/v1/chat/{conv}/berichten", json=body).status_code in (400, 404)


def started(client, conversation_id=CONV):
    """The hub knows the conversation (the intake files handovers only for existing ones)."""
    with client.application.app_context():
        appdb.ensure_conversation(conversation_id)


def record(**extra):
    return handover_record(CONV, **{
        "question": "ik kan niet meer naar de winkel",
        "ladder": {"zelf": "Aangeboden: x. Reactie: helpt niet."},
        "contact": {"preference": "telefoon", "value": "06 12345678"},
        **extra,
    })


def test_handover_intake_stores_and_pauses_the_bot(app, client, fake_rasa):
    started(client)
    response = client.post("/api/v1/intern/handovers", json=record(),
                           headers=INTAKE_HEADERS)
    assert response.status_code == 201
    stored = response.get_json()
    assert stored["status"] == "wacht" and stored["transcript_url"].endswith(CONV)
    calls_before = len(fake_rasa)
    body = post(client, "hallo, is er al iemand?").get_json()
    assert body["state"]["mode"] == "wacht-op-mens" and len(fake_rasa) == calls_before  # Rasa is paused


def test_anonymous_handover_has_no_contact_and_no_transcript(client):
    started(client)
    response = client.post("/api/v1/intern/handovers", json=record(anonymous=True),
                           headers=INTAKE_HEADERS)
    stored = response.get_json()
    assert stored["contact"] is None and "transcript_url" not in stored


@pytest.mark.parametrize("headers, body, status", [
    ({}, record(), 403),
    (INTAKE_HEADERS, record(consent={"given": False}), 400),
    (INTAKE_HEADERS, {"question": "x"}, 400),
    (INTAKE_HEADERS, record(urgency="heel erg"), 400),
])
def test_handover_intake_rejects_bad_requests(client, headers, body, status):
    started(client)
    assert client.post("/api/v1/intern/handovers", json=body, headers=headers).status_code == status


def test_chat_page_is_dutch_and_has_a_strict_csp(client):
    response = client.get("/chat")
    html = response.get_data(as_text=True)
    assert 'lang="nl"' in html and "Spreek een medewerker" in html and "Anoniem chatten" in html
    assert 'aria-live="polite"' in html and "<script>" not in html
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


# -- after the handover: availability, call-back, overview, feedback ---------------------------------


def handed_over(client, **extra):
    started(client)
    response = client.post("/api/v1/intern/handovers", json=record(**extra),
                           headers=INTAKE_HEADERS)
    assert response.status_code == 201
    return response.get_json()["id"]


MONDAY_11 = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.timezone.utc)   # 11:00 in Amsterdam
SUNDAY_23 = dt.datetime(2026, 11, 22, 22, 0, tzinfo=dt.timezone.utc)   # 23:00 in Amsterdam


DEURNE = {"municipality": "Deurne", "anonymous": False, "urgency": "normaal"}
HELMOND = {**DEURNE, "municipality": "Helmond"}
ANONYMOUS = {"municipality": None, "anonymous": True, "urgency": "normaal"}


def test_availability_is_told_honestly(app, staff):
    with app.test_request_context():
        assert hub.availability(DEURNE, at=MONDAY_11)["reason"] == "niemand-vrij"  # nobody signed in
        office = MONDAY_11
        evening = MONDAY_11.replace(hour=20)
        seen = office - dt.timedelta(minutes=2)  # her workspace checked in two minutes ago
        with appdb.engine().begin() as conn:
            conn.execute(appdb.users.update().where(appdb.users.c.username == "consulent")
                         .values(last_seen=seen.isoformat(timespec="seconds")))
        assert hub.availability(DEURNE, at=office)["available"] is True
        assert hub.availability(DEURNE, at=office + dt.timedelta(minutes=10))["available"] is False
        assert hub.availability(HELMOND, at=office)["available"] is False  # not her area
        late = hub.availability(DEURNE, at=evening)
        assert late["available"] is False and late["reason"] == "buiten-kantoortijd" and late["callback"]
        anonymous = hub.availability(ANONYMOUS, at=SUNDAY_23)
        assert anonymous["available"] is False and anonymous["callback"] is False


def test_nobody_there_shows_in_the_resident_answer(client, fake_rasa, app):
    def waiting(conversation_id, text):
        handed_over(client)
        return [{"text": "Dank u. Uw vraag staat klaar."}, state(mode="wacht-op-mens", handover_id="x")]

    app.config["RASA_CLIENT"] = waiting
    body = post(client, "ja, geef het door").get_json()
    assert body["availability"]["available"] is False
    assert body["availability"]["phone"] == "0493 38 76 00"  # Deurne's own number (data/municipalities.yaml)
    assert client.get(f"/api/v1/chat/{CONV}/berichten").get_json()["availability"]["available"] is False


def test_callback_request_reaches_the_handover(client, app):
    handover_id = handed_over(client, contact=None)
    answer = client.post(f"/api/v1/chat/{CONV}/terugbellen", json={"telefoon": "06 12345678", "moment": "morgenochtend"})
    assert answer.status_code == 200
    with app.app_context():
        stored = appdb.get_handover(handover_id)
    assert stored["contact"] == {"preference": "telefoon", "value": "06 12345678"}
    assert stored["callback"]["moment"] == "morgenochtend"


@pytest.mark.parametrize("body, status", [({"telefoon": "bel me"}, 400), ({}, 400), ("tekst", 400)])
def test_bad_callback_requests(client, body, status):
    handed_over(client)
    assert client.post(f"/api/v1/chat/{CONV}/terugbellen", json=body).status_code == status


def test_no_callback_without_a_handover_or_when_anonymous(client, app):
    assert client.post(f"/api/v1/chat/{CONV}/terugbellen", json={"telefoon": "0612345678"}).status_code == 409
    handed_over(client, anonymous=True)
    assert client.post(f"/api/v1/chat/{CONV}/terugbellen", json={"telefoon": "0612345678"}).status_code == 409


def test_overview_lists_the_services_and_next_step(client, fake_rasa, app):
    post(client, "boodschappen")
    handed_over(client)
    url = client.get(f"/api/v1/chat/{CONV}/berichten").get_json()["overview_url"]
    secret = client.environ_base["HTTP_X_WEGWIJS_SLEUTEL"]
    page = app.test_client().post(url, data={"gesprek": CONV, "sleutel": secret})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Mantelzorgcafé Asten" in html
    assert "Uw vraag ligt bij een medewerker" in html and "06 12345678" in html
    assert page.headers["Cache-Control"] == "private, no-store" and page.headers["X-Robots-Tag"] == "noindex"
    assert app.test_client().post(url, data={"gesprek": CONV, "sleutel": "geraden"}).status_code == 404
    assert app.test_client().post(url, data={"gesprek": CONV}).status_code == 404  # the id alone is not enough


def test_anonymous_conversations_have_no_overview(client, fake_rasa):
    post(client, "/anoniem")
    assert client.get(f"/api/v1/chat/{CONV}/berichten").get_json()["overview_url"] is None


def test_feedback_on_an_answer_and_the_end_check(client, fake_rasa, app):
    post(client, "hallo")
    url = f"/api/v1/chat/{CONV}/feedback"
    assert client.post(url, json={"kind": "antwoord", "useful": False, "message_id": 2,
                                  "comment": "Ik zocht iets in Asten"}).status_code == 201
    assert client.post(url, json={"kind": "eindvraag", "knows_where": "ja", "felt_helped": "deels"}).status_code == 201
    with app.app_context():
        rows = appdb.list_feedback()
    assert [(r["kind"], r["useful"], r["knows_where"], r["felt_helped"]) for r in rows] == [
        ("antwoord", False, None, None), ("eindvraag", None, "ja", "deels")]
    assert rows[0]["conversation_id"] == CONV and rows[0]["comment"] == "Ik zocht iets in Asten"


def test_anonymous_feedback_is_not_linked_and_is_scrubbed(client, fake_rasa, app):
    post(client, "/anoniem")
    client.post(f"/api/v1/chat/{CONV}/feedback", json={"kind": "antwoord", "useful": True,
                                                       "comment": "Bel me op 0612345678"})
    with app.app_context():
        row = appdb.list_feedback()[0]
    assert row["conversation_id"] is None and "0612345678" not in row["comment"]


@pytest.mark.parametrize("body", [{"kind": "antwoord"}, {"kind": "antwoord", "useful": "ja"},
                                  {"kind": "eindvraag", "knows_where": "misschien", "felt_helped": "ja"},
                                  {"kind": "roddel"}, {"kind": "antwoord", "useful": True, "comment": "x" * 501},
                                  {"kind": "antwoord", "useful": True, "message_id": "een"}])
def test_bad_feedback_is_refused(client, fake_rasa, body):
    post(client, "hallo")
    assert client.post(f"/api/v1/chat/{CONV}/feedback", json=body).status_code == 400


def test_feedback_on_an_unknown_conversation_is_404(client):
    answer = client.post("/api/v1/chat/bestaat-niet-123/feedback", json={"kind": "antwoord", "useful": True})
    assert answer.status_code == 404
    answer = client.post("/api/v1/chat/bestaat-niet-123/berichten", json={"text": "hoi"})  # ids are not chosen
    assert answer.status_code == 404


def test_widget_script_embeds_the_chat_in_an_iframe(client):
    script = client.get("/widget.js")
    body = script.get_data(as_text=True)
    assert script.status_code == 200 and script.mimetype == "text/javascript"
    assert "http://localhost/chat?ingebed=1" in body and "iframe" in body and "aria-expanded" in body
    assert "innerHTML" not in body


def test_embedded_chat_may_be_framed_by_configured_sites_only(client, app):
    app.config["WIDGET_ORIGINS"] = ["https://www.deurne.example"]
    embedded = client.get("/chat?ingebed=1").headers["Content-Security-Policy"]
    assert "frame-ancestors 'self' https://www.deurne.example" in embedded
    assert "frame-ancestors 'self';" in client.get("/chat").headers["Content-Security-Policy"]
    assert client.get("/chat").headers["X-Frame-Options"] == "SAMEORIGIN"


def test_example_municipal_page_loads_the_widget_with_one_tag(client):
    html = client.get("/voorbeeld-gemeente").get_data(as_text=True)
    assert html.count('src="/widget.js"') == 1


def test_going_anonymous_unlinks_earlier_feedback(client, fake_rasa, app):
    post(client, "hallo")
    client.post(f"/api/v1/chat/{CONV}/feedback", json={"kind": "antwoord", "useful": False,
                                                       "comment": "Ik ben Jan, bel 0612345678"})
    post(client, "/anoniem")
    with app.app_context():
        row = appdb.list_feedback()[0]
    assert row["conversation_id"] is None and "0612345678" not in row["comment"]


@pytest.mark.parametrize("typed, heard", [("/restart", "restart"), ("  /session_start", "session_start"),
                                          ("//anoniem graag", "anoniem graag")])
def test_typed_commands_reach_rasa_as_text(client, fake_rasa, typed, heard):
    assert post(client, "hallo").status_code == 200  # the typed text goes as {"text"}, never as a command
    answer = client.post(f"/api/v1/chat/{CONV}/berichten", json={"text": typed})
    assert answer.status_code == 200 and fake_rasa[-1] == heard


def test_only_buttons_the_bot_offered_reach_rasa_as_commands(client, fake_rasa):
    url = f"/api/v1/chat/{CONV}/berichten"
    assert client.post(url, json={"button": "/restart"}).status_code == 400  # never offered
    assert client.post(url, json={"button": "/bevestigen"}).status_code == 400  # not offered yet
    assert fake_rasa == []
    post(client, "boodschappen")  # this turn offers "Ja" -> /bevestigen
    assert client.post(url, json={"button": "/bevestigen"}).status_code == 200 and fake_rasa[-1] == "/bevestigen"
    assert client.post(url, json={"button": "/anoniem"}).status_code == 200  # the page's own button
    assert client.post(url, json={"button": ["/x"]}).status_code == 400
    assert client.post(url, json={"text": "/"}).status_code == 400  # nothing left to say


def test_erasing_during_a_turn_is_a_429_not_a_500(client, monkeypatch):
    import contextlib

    from web import conversation_lock

    @contextlib.contextmanager
    def busy(conversation_id):
        raise conversation_lock.Busy(conversation_id)
        yield

    monkeypatch.setattr(conversation_lock, "turn", busy)
    answer = client.delete(f"/api/v1/chat/{CONV}")
    assert answer.status_code == 429 and "geduld" in answer.get_json()["error"]
    monkeypatch.undo()
    assert client.delete(f"/api/v1/chat/{CONV}").status_code == 200  # nothing was half-erased
