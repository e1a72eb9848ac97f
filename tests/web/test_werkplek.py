"""The consultant workspace: who sees which handover, and the whole life of one.

Handovers arrive through the bot's intake API; a fake Rasa speaks the REST contract.
"""

import pytest

from web import appdb, auth

TOKEN = {"X-Wegwijs-Token": "dev-internal-token"}


def state(**values):
    base = {"topic": None, "crisis": False, "mode": "bot", "ladder_step": None, "services": [], "handover_id": None}
    return {"custom": {"state": {**base, **values}}}


@pytest.fixture
def rasa(app):
    calls = []

    def fake(conversation_id, text):
        calls.append((conversation_id, text))
        if text == "/terug_naar_bot":
            return [{"text": "Ik ben er weer. Kan ik u nog ergens mee helpen?"}, state()]
        return [{"text": "Waar zoekt u hulp bij?"}, state()]

    app.config["RASA_CLIENT"] = fake
    return calls


def handover(client, conversation_id, **extra):
    record = {"conversation_id": conversation_id, "question": "Mijn moeder kan niet meer koken",
              "for_whom": "ander", "relation": "moeder", "topic": "maaltijden", "municipality": "Deurne",
              "ladder": {"zelf": "Zoon kookt twee keer per week.", "omgeving": "Buren niet gevraagd.",
                         "algemeen": "Tafeltje-dekje: te duur.", "maatwerk": "Niet besproken."},
              "urgency": "normaal", "anonymous": False,
              "consent": {"given": True, "at": "2026-11-23T10:00:00+00:00", "text": "Mag ik dit doorgeven?"},
              "contact": {"preference": "telefoon", "value": "06 12345678"}, **extra}
    with client.application.app_context():
        appdb.ensure_conversation(conversation_id)  # the intake files handovers only for known conversations
    answer = client.post("/api/v1/intern/handovers", json=record, headers=TOKEN)
    assert answer.status_code == 201
    return answer.get_json()["id"]


@pytest.fixture
def three(app, staff, rasa):
    """A Deurne handover, an urgent Helmond one and an anonymous one (luisteraar)."""
    client = app.test_client()
    return {
        "deurne": handover(client, "gesprek-deurne-01"),
        "helmond": handover(client, "gesprek-helmond-01", municipality="Helmond", urgency="spoed"),
        "anoniem": handover(client, "gesprek-anoniem-01", anonymous=True, municipality=None,
                            contact={"preference": "telefoon", "value": "06 99999999"}),
    }


def signed_in(app, login, username):
    return login(app.test_client(), username)


def form(client, csrf, path, **data):
    return client.post(path, data={**data, "csrf_token": csrf(client, "/werkplek/")})


def test_workspace_needs_a_login(client):
    answer = client.get("/werkplek/")
    assert answer.status_code == 302 and "/login" in answer.headers["Location"]
    assert client.get("/api/v1/handovers").status_code == 401


def test_a_consulent_sees_only_their_municipalities(app, login, three):
    deurne = signed_in(app, login, "consulent")
    ids = [h["id"] for h in deurne.get("/api/v1/handovers").get_json()["items"]]
    assert ids == [three["deurne"]]
    assert deurne.get(f"/api/v1/handovers/{three['helmond']}").status_code == 404
    assert deurne.get(f"/werkplek/overdrachten/{three['helmond']}").status_code == 404
    helmond = signed_in(app, login, "consulent-helmond")
    assert [h["id"] for h in helmond.get("/api/v1/handovers").get_json()["items"]] == [three["helmond"]]


def test_a_luisteraar_sees_only_anonymous_handovers_and_never_contact_data(app, login, three):
    client = signed_in(app, login, "luisteraar")
    items = client.get("/api/v1/handovers").get_json()["items"]
    assert [h["id"] for h in items] == [three["anoniem"]]
    detail = client.get(f"/api/v1/handovers/{three['anoniem']}").get_json()
    assert "contact" not in detail and "transcript_url" not in detail
    assert "06 99999999" not in client.get(f"/werkplek/overdrachten/{three['anoniem']}").get_data(as_text=True)
    for other in ("deurne", "helmond"):
        assert client.get(f"/api/v1/handovers/{three[other]}").status_code == 404
    assert client.get("/werkplek/gesprekken/gesprek-deurne-01").status_code == 403


def test_urgent_first_then_oldest(app, login, three, rasa):
    client = app.test_client()
    later = handover(client, "gesprek-helmond-02", municipality="Helmond")
    beheerder = signed_in(app, login, "beheerder")
    items = beheerder.get("/api/v1/handovers").get_json()["items"]
    assert items[0]["id"] == three["helmond"]  # spoed
    assert [h["id"] for h in items[1:]] == [three["deurne"], three["anoniem"], later]


def test_editors_have_no_workspace(app, login, three):
    client = signed_in(app, login, "redacteur")
    assert client.get("/werkplek/").status_code == 403
    assert client.get("/api/v1/handovers").status_code == 403


def test_queue_page_shows_the_summary_line(app, login, three):
    html = signed_in(app, login, "consulent").get("/werkplek/").get_data(as_text=True)
    assert "Mijn moeder kan niet meer koken" in html and "Deurne" in html
    assert "Sanne de Vries" in html  # who is signed in


def test_claim_chat_and_close(app, login, three, csrf, rasa):
    """The consultant's whole journey, as the resident sees it too."""
    resident = app.test_client()
    conversation = "gesprek-deurne-01"
    consultant = signed_in(app, login, "consulent")
    page = consultant.get(f"/werkplek/overdrachten/{three['deurne']}").get_data(as_text=True)
    assert "Zoon kookt twee keer per week." in page and "06 12345678" in page and "Oppakken" in page

    # the resident writes while waiting: kept for the consultant, Rasa is not asked
    calls = len(rasa)
    resident.post(f"/api/v1/chat/{conversation}/berichten", json={"text": "Is er al iemand?"})
    assert len(rasa) == calls

    assert form(consultant, csrf, f"/werkplek/overdrachten/{three['deurne']}/oppakken").status_code == 302
    with app.app_context():
        assert appdb.get_handover(three["deurne"])["status"] == "opgepakt"
    history = resident.get(f"/api/v1/chat/{conversation}/berichten").get_json()
    assert history["mode"] == "mens"
    assert any("Sanne" in m["text"] and m["role"] == "systeem" for m in history["messages"])

    page = consultant.get(f"/werkplek/overdrachten/{three['deurne']}").get_data(as_text=True)
    assert "Is er al iemand?" in page

    token = csrf(consultant, "/werkplek/")
    sent = consultant.post(f"/api/v1/handovers/{three['deurne']}/berichten",
                           json={"text": "Goedemiddag, ik ben Sanne. <b>Hoe</b> gaat het?"},
                           headers={"X-CSRFToken": token})
    assert sent.status_code == 201
    card = consultant.post(f"/api/v1/handovers/{three['deurne']}/berichten",
                           json={"service_id": app.extensions["socialmap"].list_services(status="active", limit=1)[0].id},
                           headers={"X-CSRFToken": token})
    assert card.status_code == 201 and card.get_json()["cards"][0]["name"]
    resident.post(f"/api/v1/chat/{conversation}/berichten", json={"text": "Goed, dank u"})
    after = resident.get(f"/api/v1/chat/{conversation}/berichten?na={sent.get_json()['id'] - 1}").get_json()
    assert [m["role"] for m in after["messages"]] == ["medewerker", "medewerker", "inwoner"]
    assert after["messages"][0]["text"].endswith("<b>Hoe</b> gaat het?")  # stored as text; rendered as text
    assert after["messages"][0]["author"] == "Sanne"
    polled = consultant.get(f"/api/v1/handovers/{three['deurne']}/berichten?na={card.get_json()['id']}").get_json()
    assert [m["text"] for m in polled["messages"]] == ["Goed, dank u"]

    answer = form(consultant, csrf, f"/werkplek/overdrachten/{three['deurne']}/afsluiten",
                  uitkomst="doorverwezen", notitie="Verwezen naar Tafeltje-dekje met korting.")
    assert answer.status_code == 302
    with app.app_context():
        done = appdb.get_handover(three["deurne"])
    assert done["status"] == "afgerond" and done["outcome"] == "doorverwezen"
    assert done["closing_note"].startswith("Verwezen")
    assert resident.get(f"/api/v1/chat/{conversation}/berichten").get_json()["mode"] == "afgerond"
    assert rasa[-1] == (conversation, "/terug_naar_bot")  # Rasa stops waiting for a person
    # the next resident message goes to the bot again
    resident.post(f"/api/v1/chat/{conversation}/berichten", json={"text": "Nog een vraag"})
    assert rasa[-1] == (conversation, "Nog een vraag")


def test_hand_back_to_the_bot(app, login, three, csrf, rasa):
    consultant = signed_in(app, login, "consulent")
    form(consultant, csrf, f"/werkplek/overdrachten/{three['deurne']}/oppakken")
    assert form(consultant, csrf, f"/werkplek/overdrachten/{three['deurne']}/terug-naar-bot").status_code == 302
    assert rasa[-1] == ("gesprek-deurne-01", "/terug_naar_bot")
    resident = app.test_client()
    history = resident.get("/api/v1/chat/gesprek-deurne-01/berichten").get_json()
    assert history["mode"] == "bot"
    assert history["messages"][-1]["text"].startswith("Ik ben er weer")
    with app.app_context():
        assert appdb.get_handover(three["deurne"])["outcome"] == "terug-naar-bot"


def test_a_claimed_handover_is_not_claimed_twice(app, login, three, csrf):
    sanne = signed_in(app, login, "consulent")
    boss = signed_in(app, login, "beheerder")
    form(sanne, csrf, f"/werkplek/overdrachten/{three['deurne']}/oppakken")
    assert form(boss, csrf, f"/werkplek/overdrachten/{three['deurne']}/oppakken").status_code == 302
    with app.app_context():
        assert appdb.get_handover(three["deurne"])["claimed_by"] == "consulent"
    # a colleague who did not claim it cannot write in it
    with app.app_context():
        auth.create_user("consulent-2", "Kees Bakker", "consulent", "Deurne", auth.DEMO_PASSWORD)
    kees = signed_in(app, login, "consulent-2")
    answer = kees.post(f"/api/v1/handovers/{three['deurne']}/berichten", json={"text": "hoi"},
                       headers={"X-CSRFToken": csrf(kees, "/werkplek/")})
    assert answer.status_code == 403


def test_sending_before_claiming_and_bad_messages(app, login, three, csrf):
    client = signed_in(app, login, "consulent")
    headers = {"X-CSRFToken": csrf(client, "/werkplek/")}
    url = f"/api/v1/handovers/{three['deurne']}/berichten"
    assert client.post(url, json={"text": "hoi"}, headers=headers).status_code == 409
    form(client, csrf, f"/werkplek/overdrachten/{three['deurne']}/oppakken")
    assert client.post(url, json={"text": ""}, headers=headers).status_code == 400
    assert client.post(url, json={"text": "x" * 2001}, headers=headers).status_code == 400
    assert client.post(url, data="geen json", headers=headers).status_code == 400
    assert client.post(url, json={"service_id": "bestaat-niet"}, headers=headers).status_code == 404
    assert client.post(url, json={"text": "zonder token"}).status_code == 400  # CSRF
    assert client.get(f"{url}?na=veel").status_code == 400
    assert client.get("/api/v1/handovers?status=weg").status_code == 400


def test_closing_needs_a_known_outcome(app, login, three, csrf):
    client = signed_in(app, login, "consulent")
    form(client, csrf, f"/werkplek/overdrachten/{three['deurne']}/oppakken")
    answer = form(client, csrf, f"/werkplek/overdrachten/{three['deurne']}/afsluiten", uitkomst="weg ermee")
    assert answer.status_code == 302  # back to the page with the error shown
    assert "Kies een uitkomst" in client.get(answer.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert appdb.get_handover(three["deurne"])["status"] == "opgepakt"


def test_transcript_for_the_consulent_of_that_area_only(app, login, three, rasa):
    resident = app.test_client()
    resident.post("/api/v1/chat/gesprek-helmond-01/berichten", json={"text": "Ik wil graag hulp"})
    assert signed_in(app, login, "consulent").get("/werkplek/gesprekken/gesprek-helmond-01").status_code == 404
    page = signed_in(app, login, "consulent-helmond").get("/werkplek/gesprekken/gesprek-helmond-01")
    assert page.status_code == 200 and "Ik wil graag hulp" in page.get_data(as_text=True)
    anonymous = signed_in(app, login, "beheerder").get("/werkplek/gesprekken/gesprek-anoniem-01")
    assert anonymous.status_code == 404


def test_anonymous_live_chat_is_scrubbed_and_forgotten(app, login, three, csrf):
    resident = app.test_client()
    with app.app_context():
        appdb.update_conversation("gesprek-anoniem-01", anonymous=True)
    luisteraar = signed_in(app, login, "luisteraar")
    form(luisteraar, csrf, f"/werkplek/overdrachten/{three['anoniem']}/oppakken")
    resident.post("/api/v1/chat/gesprek-anoniem-01/berichten", json={"text": "bel me op 0612345678"})
    page = luisteraar.get(f"/werkplek/overdrachten/{three['anoniem']}").get_data(as_text=True)
    assert "0612345678" not in page and "bel me op" in page
    form(luisteraar, csrf, f"/werkplek/overdrachten/{three['anoniem']}/afsluiten", uitkomst="opgelost-zelf")
    with app.app_context():
        assert appdb.list_messages("gesprek-anoniem-01") == []


# -- found in review: the hub must never strand a resident, leak, or 500 ------------------------------

@pytest.fixture
def waiting_rasa(app):
    """Rasa as the real dialogue behaves: once waiting, it says so until it hears /terug_naar_bot."""
    bot = {"down": False, "waiting": set(), "calls": []}

    def fake(conversation_id, text):
        from web import rasa_client

        bot["calls"].append(text)
        if bot["down"]:
            raise rasa_client.BotUnavailable("down")
        if text == "/terug_naar_bot":
            bot["waiting"].discard(conversation_id)
            return [{"text": "Ik ben er weer."}, state()]
        if conversation_id in bot["waiting"]:
            return [{"text": "U wacht op een medewerker."}, state(mode="wacht-op-mens")]
        return [{"text": "Waar zoekt u hulp bij?"}, state()]

    app.config["RASA_CLIENT"] = fake
    return bot


@pytest.mark.parametrize("action, data", [("terug-naar-bot", {}), ("afsluiten", {"uitkomst": "doorverwezen"})])
def test_rasa_down_while_the_consultant_finishes_does_not_strand_the_resident(
        app, login, three, csrf, waiting_rasa, action, data):
    waiting_rasa["waiting"].add("gesprek-deurne-01")
    consultant = signed_in(app, login, "consulent")
    form(consultant, csrf, f"/werkplek/overdrachten/{three['deurne']}/oppakken")
    waiting_rasa["down"] = True
    form(consultant, csrf, f"/werkplek/overdrachten/{three['deurne']}/{action}", **data)
    waiting_rasa["down"] = False
    resident = app.test_client()
    answer = resident.post("/api/v1/chat/gesprek-deurne-01/berichten", json={"text": "Hallo?"}).get_json()
    assert answer["state"]["mode"] == "bot" and answer["messages"][0]["text"] == "Waar zoekt u hulp bij?"
    assert "/terug_naar_bot" in waiting_rasa["calls"][-2:]  # Rasa was reset before it answered


def test_message_ids_are_never_reused_after_forgetting(app, three):
    with app.app_context():
        first = appdb.add_message("gesprek-anoniem-01", "inwoner", "een")
        appdb.forget_messages("gesprek-anoniem-01")
        assert appdb.add_message("gesprek-anoniem-01", "inwoner", "twee") > first


def test_buttons_while_waiting_are_not_stored_and_are_answered(app, three, rasa):
    resident = app.test_client()
    answer = resident.post("/api/v1/chat/gesprek-deurne-01/berichten", json={"text": "/anoniem"}).get_json()
    assert answer["stored_id"] is None and "medewerker" in answer["messages"][0]["text"]
    with app.app_context():
        assert [m["text"] for m in appdb.list_messages("gesprek-deurne-01")] == []
    assert rasa == []  # Rasa stays paused


def test_anonymous_closing_note_is_scrubbed(app, login, three, csrf):
    luisteraar = signed_in(app, login, "luisteraar")
    form(luisteraar, csrf, f"/werkplek/overdrachten/{three['anoniem']}/oppakken")
    form(luisteraar, csrf, f"/werkplek/overdrachten/{three['anoniem']}/afsluiten", uitkomst="opgelost-zelf",
         notitie="Jan belt zelf 06-12345678 terug, jan@example.nl")
    with app.app_context():
        note = appdb.get_handover(three["anoniem"])["closing_note"]
    assert "12345678" not in note and "jan@example.nl" not in note


def test_closing_twice_is_a_conflict_not_a_second_outcome(app, login, three, csrf):
    consultant = signed_in(app, login, "consulent")
    form(consultant, csrf, f"/werkplek/overdrachten/{three['deurne']}/oppakken")
    form(consultant, csrf, f"/werkplek/overdrachten/{three['deurne']}/afsluiten", uitkomst="doorverwezen")
    form(consultant, csrf, f"/werkplek/overdrachten/{three['deurne']}/afsluiten", uitkomst="melding-maatwerk")
    with app.app_context():
        assert appdb.get_handover(three["deurne"])["outcome"] == "doorverwezen"


def test_a_handover_without_a_chat_can_still_be_closed(app, login, csrf, staff):
    record = {"question": "Bel mij terug over de traplift", "for_whom": "zelf", "ladder": {}, "urgency": "normaal",
              "anonymous": False, "municipality": "Deurne",
              "consent": {"given": True, "at": "2026-11-23T10:00:00Z", "text": "Mag ik?"}}
    with app.app_context():  # the intake API needs a conversation; a call-back request has none
        handover_id = appdb.create_handover(record)["id"]
    consultant = signed_in(app, login, "consulent")
    form(consultant, csrf, f"/werkplek/overdrachten/{handover_id}/oppakken")
    form(consultant, csrf, f"/werkplek/overdrachten/{handover_id}/afsluiten", uitkomst="melding-maatwerk")
    with app.app_context():
        assert appdb.get_handover(handover_id)["status"] == "afgerond"


def test_consultants_do_not_get_anonymous_handovers_of_their_area(app, login, staff):
    client = app.test_client()
    anonymous_deurne = handover(client, "gesprek-anoniem-02", anonymous=True)
    consultant = signed_in(app, login, "consulent")
    assert consultant.get(f"/api/v1/handovers/{anonymous_deurne}").status_code == 404
    assert signed_in(app, login, "luisteraar").get(f"/api/v1/handovers/{anonymous_deurne}").status_code == 200


@pytest.mark.parametrize("path", ["/api/v1/chat/abcdefgh1234/berichten?na=99999999999999999999",
                                  "/api/v1/chat/abcdefgh1234/berichten?na=-1"])
def test_numbers_out_of_range_are_400(client, path):
    assert client.get(path).status_code == 400


def test_huge_message_id_in_feedback_and_workspace_poll_is_400(app, login, three, rasa):
    resident = app.test_client()
    resident.post("/api/v1/chat/gesprek-deurne-01/berichten", json={"text": "hallo"})
    answer = resident.post("/api/v1/chat/gesprek-deurne-01/feedback",
                           json={"kind": "antwoord", "useful": True, "message_id": 10**20})
    assert answer.status_code == 400
    consultant = signed_in(app, login, "consulent")
    assert consultant.get(f"/api/v1/handovers/{three['deurne']}/berichten?na={10**20}").status_code == 400


@pytest.mark.parametrize("extra", [{"question": 5}, {"municipality": ["Deurne"]}, {"consent": "ja"},
                                   {"ladder": "alles"}, {"contact": "06"}])
def test_intake_refuses_wrong_types(client, extra):
    record = {"conversation_id": "gesprek-typen-01", "question": "Hulp", "for_whom": "zelf", "ladder": {},
              "urgency": "normaal", "anonymous": False,
              "consent": {"given": True, "at": "2026-11-23T10:00:00+00:00", "text": "Mag ik?"}, **extra}
    assert client.post("/api/v1/intern/handovers", json=record, headers=TOKEN).status_code == 400


def test_intake_accepts_a_z_timestamp_and_the_page_shows_it(app, login, staff):
    handover_id = handover(app.test_client(), "gesprek-zulu-01",
                           consent={"given": True, "at": "2026-11-23T10:00:00Z", "text": "Mag ik?"})
    page = signed_in(app, login, "consulent").get(f"/werkplek/overdrachten/{handover_id}")
    assert page.status_code == 200 and "23 nov 2026 11:00" in page.get_data(as_text=True)
