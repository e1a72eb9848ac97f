"""The municipality's report: counts of what residents ask and how they are helped, never texts."""

from tests.web.intake import INTAKE_HEADERS, handover_record


def handover(client, conversation_id, **extra):
    record = handover_record(conversation_id, **{
        "question": "Geheime vraag van mevrouw Jansen",
        "topic": "eenzaamheid",
        "municipality": "Asten",
        **extra,
    })
    from web import appdb

    with client.application.app_context():
        appdb.ensure_conversation(conversation_id)  # the intake files handovers only for known conversations
    return client.post("/api/v1/intern/handovers", json=record, headers=INTAKE_HEADERS).get_json()["id"]


def test_report_counts_without_personal_data(app, login, owned):
    client = app.test_client()
    handover(client, "rapport-gesprek-1")
    handover(client, "rapport-gesprek-2", urgency="spoed", topic="mantelzorg", municipality="Helmond")
    owned("rapport-gesprek-1").post("/api/v1/chat/rapport-gesprek-1/feedback", json={"kind": "eindvraag", "knows_where": "ja",
                                                                  "felt_helped": "deels"})
    boss = login(app.test_client(), "beheerder")
    data = boss.get("/beheer/rapportage.json").get_json()
    assert data["handovers"]["total"] == 2 and data["handovers"]["urgent"] == 1
    assert dict(data["handovers"]["by_topic"]) == {"Eenzaamheid en contact": 1, "Mantelzorg": 1}
    assert data["feedback"]["knows_where"] == {"ja": 1, "deels": 0, "nee": 0}
    assert isinstance(data["gaps"], list) and data["social_map"]["services"] > 0
    page = boss.get("/beheer/rapportage").get_data(as_text=True)
    assert "Per onderwerp" in page and "Geheime vraag" not in page and "Jansen" not in page


def test_report_filters_by_date_and_refuses_bad_dates(app, login):
    handover(app.test_client(), "rapport-gesprek-3")
    boss = login(app.test_client(), "beheerder")
    assert boss.get("/beheer/rapportage.json?vanaf=2999-01-01").get_json()["handovers"]["total"] == 0
    assert boss.get("/beheer/rapportage.json?vanaf=gisteren").status_code == 400
    assert boss.get("/beheer/rapportage?vanaf=gisteren").status_code == 400


def test_only_the_beheerder_sees_the_report(app, login):
    for username in ("consulent", "luisteraar", "redacteur"):
        assert login(app.test_client(), username).get("/beheer/rapportage").status_code == 403
    assert app.test_client().get("/beheer/rapportage").status_code == 302
