"""The resident chat relay and the handover intake, with a fake Rasa speaking the REST contract."""

import pytest

CONV = "gesprek-test-0001"


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


def post(client, text, conv=CONV):
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
    assert history["overview_url"].startswith("/chat/overzicht/")


def test_crisis_state_reaches_the_widget(client, fake_rasa):
    assert post(client, "ik wil dood").get_json()["state"]["crisis"] is True


def test_anonymous_conversation_keeps_no_messages(client, fake_rasa):
    post(client, "hallo ik ben Jan")
    post(client, "/anoniem")
    post(client, "mijn nummer is 0612345678")
    assert client.get(f"/api/v1/chat/{CONV}/berichten").get_json()["messages"] == []


def test_bot_down_gives_the_phone_number(client, fake_rasa):
    response = post(client, "kapot")
    assert response.status_code == 503 and "14 0492" in response.get_json()["error"]


@pytest.mark.parametrize("body, conv", [({"text": ""}, CONV), ({"text": "x" * 1001}, CONV),
                                        ({"text": "hoi"}, "a/b"), ({"text": "hoi"}, "kort")])
def test_bad_chat_input_is_4xx(client, fake_rasa, body, conv):
    assert client.post(f"/api/v1/chat/{conv}/berichten", json=body).status_code in (400, 404)


def record(**extra):
    return {"conversation_id": CONV, "question": "ik kan niet meer naar de winkel", "for_whom": "zelf",
            "ladder": {"zelf": "Aangeboden: x. Reactie: helpt niet."}, "urgency": "normaal",
            "anonymous": False, "consent": {"given": True, "at": "2026-11-23T10:00:00+00:00", "text": "Mag ik?"},
            "contact": {"preference": "telefoon", "value": "06 12345678"}, "municipality": "Deurne", **extra}


def test_handover_intake_stores_and_pauses_the_bot(app, client, fake_rasa):
    response = client.post("/api/v1/intern/handovers", json=record(),
                           headers={"X-Wegwijs-Token": "dev-internal-token"})
    assert response.status_code == 201
    stored = response.get_json()
    assert stored["status"] == "wacht" and stored["transcript_url"].endswith(CONV)
    calls_before = len(fake_rasa)
    body = post(client, "hallo, is er al iemand?").get_json()
    assert body["state"]["mode"] == "wacht-op-mens" and len(fake_rasa) == calls_before  # Rasa is paused


def test_anonymous_handover_has_no_contact_and_no_transcript(client):
    response = client.post("/api/v1/intern/handovers", json=record(anonymous=True),
                           headers={"X-Wegwijs-Token": "dev-internal-token"})
    stored = response.get_json()
    assert stored["contact"] is None and "transcript_url" not in stored


@pytest.mark.parametrize("headers, body, status", [
    ({}, record(), 403),
    ({"X-Wegwijs-Token": "dev-internal-token"}, record(consent={"given": False}), 400),
    ({"X-Wegwijs-Token": "dev-internal-token"}, {"question": "x"}, 400),
    ({"X-Wegwijs-Token": "dev-internal-token"}, record(urgency="heel erg"), 400),
])
def test_handover_intake_rejects_bad_requests(client, headers, body, status):
    assert client.post("/api/v1/intern/handovers", json=body, headers=headers).status_code == status


def test_chat_page_is_dutch_and_has_a_strict_csp(client):
    response = client.get("/chat")
    html = response.get_data(as_text=True)
    assert 'lang="nl"' in html and "Spreek een medewerker" in html and "Anoniem chatten" in html
    assert 'aria-live="polite"' in html and "<script>" not in html
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
