"""Retention and the resident's rights, as a privacy officer would check them: the job deletes what is
past its period (and only that), reports keep their counts, the resident erases and downloads their
conversation, and every staff read of a transcript is logged for the beheerder."""

import datetime as dt
import sqlite3

import pytest

from tests.web.intake import INTAKE_HEADERS, handover_record
from web import appdb

NOW = dt.datetime.now(dt.timezone.utc)


def state(**values):
    base = {"topic": None, "crisis": False, "mode": "bot", "ladder_step": None, "services": [], "handover_id": None}
    return {"custom": {"state": {**base, **values}}}


@pytest.fixture
def tracker_db(app, tmp_path):
    """A tracker store as Rasa's SQLTrackerStore lays it out (table `events`)."""
    path = tmp_path / "rasa-tracker.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255) NOT NULL, "
                   "type_name VARCHAR(255) NOT NULL, timestamp FLOAT, intent_name VARCHAR(255), "
                   "action_name VARCHAR(255), data TEXT)")
    app.config["TRACKER_DB_URL"] = f"sqlite:///{path}"

    def add(sender_id, days_ago):
        with sqlite3.connect(path) as db:
            db.execute("INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (?, 'user', ?, ?)",
                       (sender_id, (NOW - dt.timedelta(days=days_ago)).timestamp(), '{"text": "geheim"}'))

    def senders():
        with sqlite3.connect(path) as db:
            return sorted({row[0] for row in db.execute("SELECT sender_id FROM events")})
    return add, senders


@pytest.fixture
def bot(app):
    app.config["RASA_CLIENT"] = lambda c, t: [{"text": f"antwoord op {t}",
                                               "buttons": [{"title": "Ja", "payload": "/bevestigen"}]}, state()]


def ago(days):
    return (NOW - dt.timedelta(days=days)).isoformat(timespec="seconds")


def handover(client, conversation_id, **extra):
    record = handover_record(conversation_id, **{
        "municipality": "Asten",
        "topic": "eenzaamheid",
        **extra,
    })
    answer = client.post("/api/v1/intern/handovers", json=record, headers=INTAKE_HEADERS)
    assert answer.status_code == 201
    return answer.get_json()["id"]


def test_the_retention_job_deletes_what_is_past_its_period_and_keeps_the_counts(app, bot, owned, tracker_db, login):
    add_events, senders = tracker_db
    for conversation_id in ("oud-gesprek-01", "nieuw-gesprek-01", "oud-maar-open-01"):
        resident = owned(conversation_id)
        resident.post(f"/api/v1/chat/{conversation_id}/berichten", json={"text": "hallo, ik ben Jan"})
        resident.post(f"/api/v1/chat/{conversation_id}/feedback",
                      json={"kind": "eindvraag", "knows_where": "ja", "felt_helped": "ja", "comment": "Jan was blij"})
    closed = handover(app.test_client(), "oud-gesprek-01")
    waiting = handover(app.test_client(), "oud-maar-open-01")
    with app.app_context(), appdb.engine().begin() as conn:
        conn.execute(appdb.conversations.update().where(appdb.conversations.c.id != "nieuw-gesprek-01")
                     .values(last_activity_at=ago(40), created_at=ago(41)))
        conn.execute(appdb.handovers.update().where(appdb.handovers.c.id == closed)
                     .values(status="afgerond", outcome="doorverwezen", created_at=ago(200), closed_at=ago(190)))
        conn.execute(appdb.feedback.update().where(appdb.feedback.c.conversation_id != "nieuw-gesprek-01")
                     .values(created_at=ago(40)))
    add_events("oud-gesprek-01", 40)
    add_events("nieuw-gesprek-01", 1)
    add_events("oud-maar-open-01", 40)
    add_events("alleen-in-rasa-01", 60)  # a tracker without a web-side record (an abandoned first turn)
    boss = login(app.test_client(), "beheerder")
    before = boss.get("/beheer/rapportage.json").get_json()

    dry = app.test_cli_runner().invoke(args=["retention", "--dry-run"])
    assert dry.exit_code == 0 and "conversations=1" in dry.output and "handovers=1" in dry.output
    with app.app_context():
        assert appdb.get_conversation("oud-gesprek-01") is not None  # a dry run deletes nothing
    assert "oud-gesprek-01" in senders()

    run = app.test_cli_runner().invoke(args=["retention"])
    assert run.exit_code == 0, run.output
    with app.app_context():
        assert appdb.get_conversation("oud-gesprek-01") is None and appdb.list_messages("oud-gesprek-01") == []
        assert appdb.get_handover(closed) is None
        assert appdb.get_conversation("nieuw-gesprek-01") and appdb.list_messages("nieuw-gesprek-01")
        assert appdb.get_conversation("oud-maar-open-01") and appdb.get_handover(waiting)  # not ended yet
        feedback = appdb.list_feedback()
    assert senders() == ["nieuw-gesprek-01", "oud-maar-open-01"]
    assert len(feedback) == 3  # counts stay ...
    assert [f["comment"] for f in feedback if f["conversation_id"] is None] == [None, None]  # ... texts go
    after = boss.get("/beheer/rapportage.json").get_json()
    assert after["handovers"]["total"] == before["handovers"]["total"] == 2
    assert after["handovers"]["by_topic"] == before["handovers"]["by_topic"]
    assert after["feedback"] == before["feedback"]
    assert dict(after["handovers"]["outcomes"]) == {"Doorverwezen": 1}


def test_the_resident_erases_the_conversation(app, bot, owned, tracker_db, login, csrf):
    add_events, senders = tracker_db
    resident = owned("wis-gesprek-01")
    resident.post("/api/v1/chat/wis-gesprek-01/berichten", json={"text": "mijn man slaat mij"})
    resident.post("/api/v1/chat/wis-gesprek-01/feedback", json={"kind": "antwoord", "useful": True, "comment": "dank"})
    handover_id = handover(app.test_client(), "wis-gesprek-01")
    add_events("wis-gesprek-01", 0)
    add_events("ander-gesprek-01", 0)
    assert app.test_client().delete("/api/v1/chat/wis-gesprek-01").status_code == 404  # the id alone: no
    answer = resident.delete("/api/v1/chat/wis-gesprek-01")
    assert answer.status_code == 200 and answer.get_json()["erased"]["messages"] == 2
    with app.app_context():
        assert appdb.get_conversation("wis-gesprek-01") is None and appdb.list_messages("wis-gesprek-01") == []
        assert appdb.list_feedback() == [] and appdb.get_handover(handover_id) is None
        assert len(appdb.list_handover_counts()) == 1  # the report still counts that there was one
    assert senders() == ["ander-gesprek-01"]  # the Rasa tracker of this conversation is gone too
    assert resident.get("/api/v1/chat/wis-gesprek-01/berichten").status_code == 404
    dump = ""
    with app.app_context(), appdb.engine().connect() as conn:
        dump = "\n".join(str(tuple(r)) for t in appdb.metadata.sorted_tables for r in conn.execute(t.select()))
    assert "slaat" not in dump and "wis-gesprek-01" not in dump


def test_the_resident_downloads_the_conversation(app, bot, owned, staff, login, csrf):
    resident = owned("download-gesprek-01")
    resident.post("/api/v1/chat/download-gesprek-01/berichten", json={"text": "Ik zoek een maaltijdservice"})
    handover_id = handover(app.test_client(), "download-gesprek-01", municipality="Deurne")
    consultant = login(app.test_client(), "consulent")
    consultant.post(f"/werkplek/overdrachten/{handover_id}/oppakken", data={"csrf_token": csrf(consultant, "/werkplek/")})
    consultant.post(f"/api/v1/handovers/{handover_id}/berichten", json={"text": "Ik bel u morgen."},
                    headers={"X-CSRFToken": csrf(consultant, "/werkplek/")})
    answer = resident.get("/api/v1/chat/download-gesprek-01/download")
    text = answer.get_data(as_text=True)
    assert answer.status_code == 200 and answer.mimetype == "text/plain"
    assert "attachment" in answer.headers["Content-Disposition"] and answer.headers["Cache-Control"] == "private, no-store"
    assert "U: Ik zoek een maaltijdservice" in text and "Wegwijs: antwoord op Ik zoek een maaltijdservice" in text
    assert "Sanne (medewerker): Ik bel u morgen." in text and "keuzes: Ja" in text
    assert app.test_client().get("/api/v1/chat/download-gesprek-01/download").status_code == 404


def test_staff_reading_a_transcript_is_logged_for_the_beheerder(app, bot, owned, staff, login):
    owned("inzage-gesprek-01").post("/api/v1/chat/inzage-gesprek-01/berichten", json={"text": "hallo"})
    handover(app.test_client(), "inzage-gesprek-01", municipality="Deurne")
    consultant = login(app.test_client(), "consulent")
    assert consultant.get("/werkplek/gesprekken/inzage-gesprek-01").status_code == 200
    with app.app_context():
        reads = appdb.engine().connect().execute(appdb.transcript_reads.select()).mappings().all()
    assert [(r["username"], r["conversation_id"]) for r in reads] == [("consulent", "inzage-gesprek-01")]
    page = login(app.test_client(), "beheerder").get("/beheer/privacy")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Sanne de Vries (consulent)" in html and "inzage-g" in html
    assert "30 dagen" in html and "180 dagen" in html
    assert login(app.test_client(), "consulent").get("/beheer/privacy").status_code == 403
