"""The consultant workspace: who sees which handover, and the whole life of one.

Handovers arrive through the bot's intake API; a fake Rasa speaks the REST contract.
"""

import pytest
from ownership import as_resident, own_conversation  # noqa: F401

from tests.web.intake import INTAKE_HEADERS, handover_record
from web import appdb, auth


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
    record = handover_record(conversation_id, **{
        "question": "Mijn moeder kan niet meer koken",
        "for_whom": "ander",
        "relation": "moeder",
        "topic": "maaltijden",
        "ladder": {"zelf": "Zoon kookt twee keer per week.", "omgeving": "Buren niet gevraagd.",
                   "algemeen": "Tafeltje-dekje: te duur.", "maatwerk": "Niet besproken."},
        "contact": {"preference": "telefoon", "value": "06 12345678"},
        **extra,
    })
    # the intake files handovers only for known conversations; `client` becomes the resident's browser
    own_conversation(client.application, client, conversation_id)
    answer = client.post("/api/v1/intern/handovers", json=record, headers=INTAKE_HEADERS)
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


def test_a_consulent_sees_only_their_municipalities_and_spoed(app, login, three):
    normal_helmond = handover(app.test_client(), "gesprek-helmond-09", municipality="Helmond")
    deurne = signed_in(app, login, "consulent")
    ids = [h["id"] for h in deurne.get("/api/v1/handovers").get_json()["items"]]
    assert ids == [three["helmond"], three["deurne"]]  # spoed of the whole region on top
    assert deurne.get(f"/api/v1/handovers/{normal_helmond}").status_code == 404
    assert deurne.get(f"/werkplek/overdrachten/{normal_helmond}").status_code == 404
    helmond = signed_in(app, login, "consulent-helmond")
    assert [h["id"] for h in helmond.get("/api/v1/handovers").get_json()["items"]] == [
        three["helmond"], normal_helmond]


def test_a_luisteraar_sees_only_anonymous_handovers_and_never_contact_data(app, login, three):
    client = signed_in(app, login, "luisteraar")
    items = client.get("/api/v1/handovers").get_json()["items"]
    assert [h["id"] for h in items] == [three["helmond"], three["anoniem"]]  # spoed goes to everyone on duty
    assert all("contact" not in h for h in items)
    detail = client.get(f"/api/v1/handovers/{three['anoniem']}").get_json()
    assert "contact" not in detail and "transcript_url" not in detail
    assert "06 99999999" not in client.get(f"/werkplek/overdrachten/{three['anoniem']}").get_data(as_text=True)
    assert client.get(f"/api/v1/handovers/{three['deurne']}").status_code == 404
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


def test_claim_chat_and_close(owned, app, login, three, csrf, rasa):
    """The consultant's whole journey, as the resident sees it too."""
    resident = owned("gesprek-deurne-01")
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


def test_hand_back_to_the_bot_needs_a_follow_up_or_an_outcome(owned, app, login, three, csrf, rasa):
    consultant = signed_in(app, login, "consulent")
    form(consultant, csrf, f"/werkplek/overdrachten/{three['deurne']}/oppakken")
    refused = form(consultant, csrf, f"/werkplek/overdrachten/{three['deurne']}/terug-naar-bot")
    assert "Kies een vervolgafspraak" in consultant.get(refused.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert appdb.get_handover(three["deurne"])["status"] == "opgepakt"
    assert form(consultant, csrf, f"/werkplek/overdrachten/{three['deurne']}/terug-naar-bot",
                uitkomst="opgelost-algemeen").status_code == 302
    assert rasa[-1] == ("gesprek-deurne-01", "/terug_naar_bot")
    resident = owned("gesprek-deurne-01")
    history = resident.get("/api/v1/chat/gesprek-deurne-01/berichten").get_json()
    assert history["mode"] == "bot"
    assert history["messages"][-1]["text"].startswith("Ik ben er weer")
    with app.app_context():
        done = appdb.get_handover(three["deurne"])
    assert done["status"] == "afgerond" and done["outcome"] == "opgelost-algemeen"


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


def test_transcript_for_the_consulent_of_that_area_only(owned, app, login, three, rasa):
    resident = owned("gesprek-helmond-05")
    handover(resident, "gesprek-helmond-05", municipality="Helmond")  # not spoed: Helmond's team only
    resident.post("/api/v1/chat/gesprek-helmond-05/berichten", json={"text": "Ik wil graag hulp"})
    assert signed_in(app, login, "consulent").get("/werkplek/gesprekken/gesprek-helmond-05").status_code == 404
    page = signed_in(app, login, "consulent-helmond").get("/werkplek/gesprekken/gesprek-helmond-05")
    assert page.status_code == 200 and "Ik wil graag hulp" in page.get_data(as_text=True)
    anonymous = signed_in(app, login, "beheerder").get("/werkplek/gesprekken/gesprek-anoniem-01")
    assert anonymous.status_code == 404


def test_anonymous_live_chat_is_scrubbed_and_forgotten(owned, app, login, three, csrf):
    resident = owned("gesprek-anoniem-01")
    with app.app_context():
        appdb.update_conversation("gesprek-anoniem-01", anonymous=True)
    luisteraar = signed_in(app, login, "luisteraar")
    form(luisteraar, csrf, f"/werkplek/overdrachten/{three['anoniem']}/oppakken")
    resident.post("/api/v1/chat/gesprek-anoniem-01/berichten", json={"text": "bel me op 0612345678"})
    page = luisteraar.get(f"/werkplek/overdrachten/{three['anoniem']}").get_data(as_text=True)
    assert "0612345678" not in page and "bel me op" in page
    form(luisteraar, csrf, f"/werkplek/overdrachten/{three['anoniem']}/afsluiten", uitkomst="geluisterd")
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


@pytest.mark.parametrize("action, data", [("terug-naar-bot", {"uitkomst": "doorverwezen"}),
                                          ("terug-naar-bot", {"vervolg": "melding-wmo"}),
                                          ("afsluiten", {"uitkomst": "doorverwezen"})])
def test_rasa_down_while_the_consultant_finishes_does_not_strand_the_resident(owned,
        app, login, three, csrf, waiting_rasa, action, data):
    waiting_rasa["waiting"].add("gesprek-deurne-01")
    consultant = signed_in(app, login, "consulent")
    form(consultant, csrf, f"/werkplek/overdrachten/{three['deurne']}/oppakken")
    waiting_rasa["down"] = True
    form(consultant, csrf, f"/werkplek/overdrachten/{three['deurne']}/{action}", **data)
    waiting_rasa["down"] = False
    resident = owned("gesprek-deurne-01")
    answer = resident.post("/api/v1/chat/gesprek-deurne-01/berichten", json={"text": "Hallo?"}).get_json()
    assert answer["state"]["mode"] == "bot" and answer["messages"][0]["text"] == "Waar zoekt u hulp bij?"
    assert "/terug_naar_bot" in waiting_rasa["calls"][-2:]  # Rasa was reset before it answered


def test_message_ids_are_never_reused_after_forgetting(app, three):
    with app.app_context():
        first = appdb.add_message("gesprek-anoniem-01", "inwoner", "een")
        appdb.forget_messages("gesprek-anoniem-01")
        assert appdb.add_message("gesprek-anoniem-01", "inwoner", "twee") > first


def test_buttons_while_waiting_are_not_stored_and_are_answered(owned, app, three, rasa):
    resident = owned("gesprek-deurne-01")
    answer = resident.post("/api/v1/chat/gesprek-deurne-01/berichten", json={"button": "/anoniem"}).get_json()
    assert answer["stored_id"] is None and "medewerker" in answer["messages"][0]["text"]
    with app.app_context():
        assert [m["text"] for m in appdb.list_messages("gesprek-deurne-01")] == []
    assert rasa == []  # Rasa stays paused


def test_anonymous_closing_note_is_scrubbed(app, login, three, csrf):
    luisteraar = signed_in(app, login, "luisteraar")
    form(luisteraar, csrf, f"/werkplek/overdrachten/{three['anoniem']}/oppakken")
    form(luisteraar, csrf, f"/werkplek/overdrachten/{three['anoniem']}/afsluiten", uitkomst="geluisterd",
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


def test_huge_message_id_in_feedback_and_workspace_poll_is_400(owned, app, login, three, rasa):
    resident = owned("gesprek-deurne-01")
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
    assert client.post("/api/v1/intern/handovers", json=record, headers=INTAKE_HEADERS).status_code == 400


def test_intake_accepts_a_z_timestamp_and_the_page_shows_it(app, login, staff):
    handover_id = handover(app.test_client(), "gesprek-zulu-01",
                           consent={"given": True, "at": "2026-11-23T10:00:00Z", "text": "Mag ik?"})
    page = signed_in(app, login, "consulent").get(f"/werkplek/overdrachten/{handover_id}")
    assert page.status_code == 200 and "23 nov 2026 11:00" in page.get_data(as_text=True)


# -- issue 13: every handover has an owner ---------------------------------------------------------

def queue_ids(client):
    return [h["id"] for h in client.get("/api/v1/handovers").get_json()["items"]]


@pytest.fixture
def ownerless(app, staff, rasa):
    """What used to reach only the beheerder: urgent and plain handovers without a municipality."""
    client = app.test_client()
    return {
        "geweld": handover(client, "gesprek-geweld-01", municipality=None, urgency="spoed",
                           safety_flags=["geweld"], question="Mijn man heeft me net geslagen", topic=None),
        "mens": handover(client, "gesprek-mens-01", municipality=None, question="ik wil een mens spreken. nu.",
                         topic=None),
        "anoniem-spoed": handover(client, "gesprek-anoniem-spoed", anonymous=True, municipality=None,
                                  urgency="spoed", safety_flags=["suicide"], question="ik wil er niet meer zijn"),
    }


@pytest.mark.parametrize("username", ["consulent", "consulent-helmond", "luisteraar", "beheerder"])
def test_spoed_without_municipality_reaches_every_queue_on_top(app, login, ownerless, username):
    ids = queue_ids(signed_in(app, login, username))
    assert set(ids[:2]) == {ownerless["geweld"], ownerless["anoniem-spoed"]}


@pytest.mark.parametrize("username, sees", [("consulent", True), ("consulent-helmond", True),
                                            ("luisteraar", False), ("beheerder", True)])
def test_a_handover_without_municipality_goes_to_the_regional_queue(app, login, ownerless, username, sees):
    client = signed_in(app, login, username)
    assert (ownerless["mens"] in queue_ids(client)) is sees
    if sees:
        html = client.get("/werkplek/").get_data(as_text=True)
        assert "Gemeente onbekend" in html and "ik wil een mens spreken. nu." in html


def test_the_queue_page_rings_the_spoed_alert_and_shows_who_is_present(app, login, ownerless):
    signed_in(app, login, "luisteraar").get("/werkplek/")  # Joke is at work
    html = signed_in(app, login, "consulent").get("/werkplek/").get_data(as_text=True)
    assert 'class="alarm" role="alert"' in html and "Spoed: 2 gesprekken wachten op iemand." in html
    assert ownerless["geweld"] in html.split('data-spoed="')[1].split('"')[0]
    assert "Nu aan het werk" in html and "Joke (luisteraar)" in html and "Sanne (wmo-consulent)" in html
    assert "Geluid bij spoed: aan" in html  # the mute switch
    assert "wacht 0 min" in html and "Contact: telefoon" in html


def test_a_spoed_intake_is_pushed_as_spoed(app, login, staff):
    from web.realtime import socketio_of

    sock = socketio_of(app).test_client(app, flask_test_client=signed_in(app, login, "luisteraar"))
    sock.emit("volg_werkplek", {}, callback=True)
    handover(app.test_client(), "gesprek-push-01", urgency="spoed", safety_flags=["geweld"], municipality=None)
    handover(app.test_client(), "gesprek-push-02")
    pushed = [e["args"][0] for e in sock.get_received() if e["name"] == "wachtrij"]
    assert pushed == [{"spoed": True}, {"spoed": False}]


def seen(app, username):
    with app.app_context():
        auth.mark_seen(username)


def resident_availability(app, conversation_id):
    return as_resident(app, conversation_id).get(f"/api/v1/chat/{conversation_id}/berichten").get_json()["availability"]


OFFICE = {"FROZEN_NOW": "2026-12-03T10:00:00+01:00"}  # a Thursday morning
EVENING = {"FROZEN_NOW": "2026-12-03T17:30:00+01:00"}  # the same Thursday after closing time


def test_nobody_is_promised_when_no_owner_is_present(app, ownerless):
    app.config.update(OFFICE)
    for key in ownerless:
        assert resident_availability(app, f"gesprek-{key}-01" if key != "anoniem-spoed"
                                     else "gesprek-anoniem-spoed")["available"] is False


def test_someone_is_coming_only_when_an_owner_of_that_queue_is_present(app, ownerless, three):
    app.config.update(OFFICE)
    seen(app, "consulent-helmond")  # works for Helmond only
    assert resident_availability(app, "gesprek-deurne-01")["available"] is False
    assert resident_availability(app, "gesprek-mens-01")["available"] is True  # regional queue
    assert resident_availability(app, "gesprek-anoniem-01")["available"] is False  # luisteraars only
    seen(app, "luisteraar")
    assert resident_availability(app, "gesprek-anoniem-01")["available"] is True


def test_out_of_hours_only_spoed_and_anonymous_count_on_who_is_present(app, ownerless, three):
    app.config.update(EVENING)
    seen(app, "luisteraar")
    seen(app, "consulent")
    plain = resident_availability(app, "gesprek-mens-01")
    assert plain["available"] is False and plain["reason"] == "buiten-kantoortijd"
    urgent = resident_availability(app, "gesprek-geweld-01")
    assert urgent["available"] is True and urgent["crisis"] is True and urgent["callback"] is False
    assert resident_availability(app, "gesprek-anoniem-01")["available"] is True


# -- issue 13: crisis first -------------------------------------------------------------------------

def test_a_crisis_turn_tells_whether_a_person_is_on_duty(app, staff):
    app.config["RASA_CLIENT"] = lambda cid, text: [{"text": "Bel 112 bij direct gevaar."}, state(crisis=True)]
    resident = as_resident(app, "gesprek-crisis-01")
    answer = resident.post("/api/v1/chat/gesprek-crisis-01/berichten", json={"text": "hij slaat me"}).get_json()
    assert answer["crisis_help"] == {"available": False}
    seen(app, "luisteraar")
    answer = resident.post("/api/v1/chat/gesprek-crisis-01/berichten", json={"text": "nu"}).get_json()
    assert answer["crisis_help"] == {"available": True}
    other = as_resident(app, "gesprek-crisis-02")
    plain = other.post("/api/v1/chat/gesprek-crisis-02/berichten", json={"text": "x"})
    app.config["RASA_CLIENT"] = lambda cid, text: [{"text": "Waar zoekt u hulp bij?"}, state()]
    assert "crisis_help" not in other.post("/api/v1/chat/gesprek-crisis-02/berichten",
                                              json={"text": "x"}).get_json()
    assert plain.status_code == 200


def test_closing_a_crisis_conversation_leaves_the_helplines(app, login, csrf, ownerless):
    luisteraar = signed_in(app, login, "luisteraar")
    form(luisteraar, csrf, f"/werkplek/overdrachten/{ownerless['geweld']}/oppakken")
    form(luisteraar, csrf, f"/werkplek/overdrachten/{ownerless['geweld']}/afsluiten", uitkomst="geluisterd")
    last = as_resident(app, "gesprek-geweld-01").get("/api/v1/chat/gesprek-geweld-01/berichten").get_json()["messages"][-1]
    assert "112" in last["text"] and "0800-2000" in last["text"] and "0800-0113" in last["text"]


# -- issue 13: the consultant's work ---------------------------------------------------------------

def test_hand_back_with_a_call_back_keeps_the_handover_open_for_its_consultant(app, login, three, csrf, rasa):
    app.config["FROZEN_NOW"] = "2026-12-03T16:00:00+01:00"
    consultant = signed_in(app, login, "consulent")
    page = f"/werkplek/overdrachten/{three['deurne']}"
    form(consultant, csrf, f"{page}/oppakken")
    past = form(consultant, csrf, f"{page}/terug-naar-bot", vervolg="terugbelafspraak", moment="2026-12-01T10:00")
    assert "in het verleden" in consultant.get(past.headers["Location"]).get_data(as_text=True)
    missing = form(consultant, csrf, f"{page}/terug-naar-bot", vervolg="terugbelafspraak")
    assert "Vul de datum en tijd" in consultant.get(missing.headers["Location"]).get_data(as_text=True)
    form(consultant, csrf, f"{page}/terug-naar-bot", vervolg="terugbelafspraak", moment="2026-12-04T10:30",
         notitie="Bellen over maaltijdservice met korting")
    with app.app_context():
        kept = appdb.get_handover(three["deurne"])
    assert kept["status"] == "opgepakt" and kept["claimed_by"] == "consulent"
    assert kept["follow_up"]["kind"] == "terugbelafspraak" and kept["follow_up"]["at"] == "2026-12-04T10:30+01:00"
    resident = as_resident(app, "gesprek-deurne-01").get("/api/v1/chat/gesprek-deurne-01/berichten").get_json()
    assert resident["mode"] == "bot"
    told = [m["text"] for m in resident["messages"]]
    assert "Sanne belt u terug op vrijdag 4 december om 10.30 uur." in told
    assert told[-1].startswith("Ik ben er weer")
    queue = consultant.get("/werkplek/").get_data(as_text=True)
    mine = queue.split('id="mijn-kop"')[1].split('id="wachtrij-kop"')[0]
    assert "Vervolg: Terugbelafspraak 4 dec 2026 10:30" in mine
    detail = consultant.get(page).get_data(as_text=True)
    assert "teruggegeven aan de chatbot" in detail and 'id="bericht"' not in detail  # no live chat any more
    sent = consultant.post(f"/api/v1/handovers/{three['deurne']}/berichten", json={"text": "hoi"},
                           headers={"X-CSRFToken": csrf(consultant, "/werkplek/")})
    assert sent.status_code == 409
    # the resident goes on with the bot; later the consultant closes it after the call
    as_resident(app, "gesprek-deurne-01").post("/api/v1/chat/gesprek-deurne-01/berichten", json={"text": "nog een vraag"})
    assert rasa[-1] == ("gesprek-deurne-01", "nog een vraag")
    form(consultant, csrf, f"{page}/afsluiten", uitkomst="melding-maatwerk")
    with app.app_context():
        assert appdb.get_handover(three["deurne"])["outcome"] == "melding-maatwerk"
    after = as_resident(app, "gesprek-deurne-01").get("/api/v1/chat/gesprek-deurne-01/berichten").get_json()
    assert after["mode"] == "bot"  # closing a handed-back handover does not disturb the bot's chat


@pytest.mark.parametrize("kind, words", [("melding-wmo", "melding Wmo"), ("keukentafelgesprek", "keukentafelgesprek")])
def test_other_follow_ups_are_told_to_the_resident(app, login, three, csrf, rasa, kind, words):
    consultant = signed_in(app, login, "consulent")
    form(consultant, csrf, f"/werkplek/overdrachten/{three['deurne']}/oppakken")
    form(consultant, csrf, f"/werkplek/overdrachten/{three['deurne']}/terug-naar-bot", vervolg=kind)
    told = [m["text"] for m in as_resident(app, "gesprek-deurne-01").get("/api/v1/chat/gesprek-deurne-01/berichten").get_json()["messages"]]
    assert any(words in t and t.startswith("Sanne") for t in told)


def test_cards_the_consultant_sends_join_services_offered(app, login, three, csrf):
    consultant = signed_in(app, login, "consulent")
    form(consultant, csrf, f"/werkplek/overdrachten/{three['deurne']}/oppakken")
    service = app.extensions["socialmap"].list_services(status="active", limit=1)[0]
    for _twice in range(2):
        consultant.post(f"/api/v1/handovers/{three['deurne']}/berichten", json={"service_id": service.id},
                        headers={"X-CSRFToken": csrf(consultant, "/werkplek/")})
    with app.app_context():
        offered = appdb.get_handover(three["deurne"])["services_offered"]
    assert [(o["id"], o["name"]) for o in offered] == [(service.id, service.name)]  # once, not twice
    page = consultant.get(f"/werkplek/overdrachten/{three['deurne']}").get_data(as_text=True)
    assert "Aangeboden diensten" in page.split("Voor u als medewerker")[1] and service.name in page


def test_luisteraars_have_outcomes_of_their_own(app, login, three, csrf):
    luisteraar = signed_in(app, login, "luisteraar")
    form(luisteraar, csrf, f"/werkplek/overdrachten/{three['anoniem']}/oppakken")
    page = luisteraar.get(f"/werkplek/overdrachten/{three['anoniem']}").get_data(as_text=True)
    assert "Geluisterd" in page and "Doorverwezen naar 113" in page and "Doorverwezen naar de huisarts" in page
    assert "Opgelost bij trede 1" not in page and "Terugbelafspraak" not in page
    form(luisteraar, csrf, f"/werkplek/overdrachten/{three['anoniem']}/afsluiten", uitkomst="melding-maatwerk")
    with app.app_context():
        assert appdb.get_handover(three["anoniem"])["status"] == "opgepakt"  # not a luisteraar's outcome
    form(luisteraar, csrf, f"/werkplek/overdrachten/{three['anoniem']}/afsluiten", uitkomst="doorverwezen-113")
    with app.app_context():
        assert appdb.get_handover(three["anoniem"])["outcome"] == "doorverwezen-113"


def test_a_button_press_is_in_the_transcript_as_the_residents_answer(app, login, three):
    def fake(conversation_id, text):
        if text == "/ontkennen":
            return [{"text": "Fijn dat u niet in gevaar bent."}, state()]
        return [{"text": "Bent u nu in gevaar?", "buttons": [{"title": "Ja", "payload": "/bevestigen"},
                                                           {"title": "Nee, ik ben veilig", "payload": "/ontkennen"}]},
                state()]

    app.config["RASA_CLIENT"] = fake
    resident = as_resident(app, "gesprek-helmond-01")
    with app.app_context():
        appdb.update_conversation("gesprek-helmond-01", mode="bot")
    resident.post("/api/v1/chat/gesprek-helmond-01/berichten", json={"text": "hij was boos"})
    answer = resident.post("/api/v1/chat/gesprek-helmond-01/berichten", json={"button": "/ontkennen"}).get_json()
    assert answer["stored_id"]
    resident.post("/api/v1/chat/gesprek-helmond-01/berichten", json={"text": "/iets_intern"})
    page = signed_in(app, login, "consulent-helmond").get("/werkplek/gesprekken/gesprek-helmond-01")
    text = page.get_data(as_text=True)
    order = [text.index(t) for t in ("Bent u nu in gevaar?", "Nee, ik ben veilig", "Fijn dat u niet in gevaar")]
    assert order == sorted(order) and "/iets_intern" not in text and "/ontkennen" not in text


def test_staff_see_as_approved_only_what_the_resident_saw(app, login, staff):
    record_id = handover(app.test_client(), "gesprek-samen-01",
                         ladder={"zelf": "Zoon kookt twee keer per week.", "omgeving": "Niet besproken.",
                                 "algemeen": "Niet besproken.", "maatwerk": "Niet besproken."},
                         proposed_solutions="Gesprek met een medewerker.", problem="Ze valt vaak.")
    page = signed_in(app, login, "consulent").get(f"/werkplek/overdrachten/{record_id}").get_data(as_text=True)
    approved, rest = page.split("Samenvatting (goedgekeurd door de inwoner)")[1].split("Voor u als medewerker")
    assert "Zoon kookt twee keer per week." in approved and "Mijn moeder kan niet meer koken" in approved
    assert "Niet besproken." not in approved and "Gesprek met een medewerker." not in approved
    assert "Ze valt vaak." not in approved and "Ze valt vaak." in rest
    exact = handover(app.test_client(), "gesprek-samen-02", summary=[  # the lines as the bot showed them
        {"field": "question", "text": "Mijn moeder kan niet meer koken"}, {"field": "for_whom", "text": "uw moeder"}])
    page = signed_in(app, login, "consulent").get(f"/werkplek/overdrachten/{exact}").get_data(as_text=True)
    approved = page.split("Samenvatting (goedgekeurd door de inwoner)")[1].split("Voor u als medewerker")[0]
    assert "uw moeder" in approved and "Zoon kookt" not in approved


def test_a_municipality_outside_the_region_goes_to_the_regional_queue(app, login, staff):
    elsewhere = handover(app.test_client(), "gesprek-elders-01", municipality="Eindhoven")
    for username in ("consulent", "consulent-helmond"):
        assert elsewhere in queue_ids(signed_in(app, login, username))
    assert elsewhere not in queue_ids(signed_in(app, login, "luisteraar"))


def test_no_follow_up_without_a_person_to_call(app, login, three, csrf):
    luisteraar = signed_in(app, login, "luisteraar")
    form(luisteraar, csrf, f"/werkplek/overdrachten/{three['anoniem']}/oppakken")
    refused = form(luisteraar, csrf, f"/werkplek/overdrachten/{three['anoniem']}/terug-naar-bot",
                   vervolg="keukentafelgesprek")
    assert "geen vervolgafspraak" in luisteraar.get(refused.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert "follow_up" not in appdb.get_handover(three["anoniem"])
    form(luisteraar, csrf, f"/werkplek/overdrachten/{three['anoniem']}/terug-naar-bot", uitkomst="geluisterd")
    with app.app_context():
        assert appdb.get_handover(three["anoniem"])["outcome"] == "geluisterd"
