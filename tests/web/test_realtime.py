"""Pushes over Socket.IO: the resident hears that a consultant joined and what they write; staff hear
that the queue changed; nobody joins a room they may not see."""

import pytest

from tests.web.intake import INTAKE_HEADERS, handover_record
from web.realtime import socketio_of

CONV = "gesprek-live-0001"


def record(**extra):
    return handover_record(CONV, **{
        "question": "Ik heb hulp nodig bij het douchen",
        **extra,
    })


def post_handover(app, body):
    """The intake API files handovers only for conversations the hub knows."""
    from web import appdb

    with app.app_context():
        appdb.ensure_conversation(body["conversation_id"])
    return app.test_client().post("/api/v1/intern/handovers", json=body, headers=INTAKE_HEADERS)


def events(socket_client, name):
    return [e["args"][0] for e in socket_client.get_received() if e["name"] == name]


@pytest.fixture
def handover_id(app, staff):
    answer = post_handover(app, record())
    return answer.get_json()["id"]


def test_resident_hears_the_consultant_join_and_write(app, login, csrf, handover_id, owned):
    secret = owned(CONV).environ_base["HTTP_X_WEGWIJS_SLEUTEL"]
    resident = socketio_of(app).test_client(app)
    assert resident.emit("volg_gesprek", {"gesprek": CONV, "sleutel": secret}, callback=True) == {"ok": True}
    consultant = login(app.test_client(), "consulent")
    consultant.post(f"/werkplek/overdrachten/{handover_id}/oppakken",
                    data={"csrf_token": csrf(consultant, "/werkplek/")})
    joined = events(resident, "modus")
    assert joined and joined[0]["mode"] == "mens" and joined[0]["who"].startswith("Sanne")
    consultant.post(f"/api/v1/handovers/{handover_id}/berichten", json={"text": "Hallo, ik ben Sanne."},
                    headers={"X-CSRFToken": csrf(consultant, "/werkplek/")})
    said = events(resident, "bericht")
    assert [m["text"] for m in said] == ["Hallo, ik ben Sanne."] and said[0]["role"] == "medewerker"


def test_staff_hear_the_queue_change_and_resident_messages(app, login, handover_id, owned):
    consultant = login(app.test_client(), "consulent")
    staff_socket = socketio_of(app).test_client(app, flask_test_client=consultant)
    assert staff_socket.emit("volg_werkplek", {"overdracht": handover_id}, callback=True)["ok"] is True
    post_handover(app, record(conversation_id="gesprek-live-0002"))
    assert events(staff_socket, "wachtrij")
    owned(CONV).post(f"/api/v1/chat/{CONV}/berichten", json={"text": "Is er al iemand?"})
    assert [m["text"] for m in events(staff_socket, "bericht")] == ["Is er al iemand?"]


def test_rooms_are_guarded(app, login, handover_id, owned):
    anonymous_visitor = socketio_of(app).test_client(app)
    assert anonymous_visitor.emit("volg_werkplek", {}, callback=True) == {"ok": False}
    assert anonymous_visitor.emit("volg_gesprek", {"gesprek": "../x"}, callback=True) == {"ok": False}
    luisteraar = socketio_of(app).test_client(app, flask_test_client=login(app.test_client(), "luisteraar"))
    assert luisteraar.emit("volg_werkplek", {"overdracht": handover_id}, callback=True) == {"ok": False}
    owned(CONV).post(f"/api/v1/chat/{CONV}/berichten", json={"text": "geheim"})
    assert events(luisteraar, "bericht") == []


def test_signing_out_closes_the_workspace_socket(app, login, csrf, handover_id):
    consultant = login(app.test_client(), "consulent")
    staff_socket = socketio_of(app).test_client(app, flask_test_client=consultant)
    assert staff_socket.emit("volg_werkplek", {"overdracht": handover_id}, callback=True)["ok"] is True
    consultant.post("/logout", data={"csrf_token": csrf(consultant, "/werkplek/")})
    assert not staff_socket.is_connected()  # it hears nothing more from the handover's room
