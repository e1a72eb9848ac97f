"""Pushes from the hub to browsers over Socket.IO (WebSocket, with long-polling as fallback).

Only notifications travel here; everything that changes state goes through the HTTP routes, so a
browser without a socket still works by polling. Rooms: ``gesprek-<id>`` for a resident's tabs,
``overdracht-<id>`` for staff looking at one handover, ``werkplek`` for every signed-in staff
member (the queue changed: fetch it again, with your own authorisation). With
``SOCKETIO_MESSAGE_QUEUE`` (redis://…) several web processes share one fan-out.
"""

from __future__ import annotations

import contextlib

from flask import Flask, current_app, request
from flask_socketio import SocketIO
from flask_socketio import join_room as _join_room

STAFF_ROOM = "werkplek"


def init_app(app: Flask) -> None:
    """One Socket.IO server per app (apps made by the factory must not share a message queue)."""
    # Only pages of this site may open a socket (the default same-origin check stays on).
    socketio = SocketIO(app, async_mode="threading", message_queue=app.config.get("SOCKETIO_MESSAGE_QUEUE"),
                        channel=app.config.get("SOCKETIO_CHANNEL", "wegwijs"), manage_session=False)
    socketio.on_event("volg_gesprek", follow_conversation)
    socketio.on_event("volg_werkplek", follow_workspace)
    socketio.on_event("disconnect", forget_socket)
    app.extensions["wegwijs_staff_sockets"] = {}  # username -> socket ids of their open workspace tabs


def disconnect_user(username: str) -> None:
    """Signed out (or all sessions ended): their sockets leave every room at once."""
    socketio = socketio_of(current_app)
    for sid in current_app.extensions["wegwijs_staff_sockets"].pop(username, set()):
        with contextlib.suppress(KeyError, ValueError):
            socketio.server.disconnect(sid, namespace="/")


def forget_socket(*_args) -> None:
    for sids in current_app.extensions["wegwijs_staff_sockets"].values():
        sids.discard(request.sid)


def socketio_of(app: Flask) -> SocketIO:
    return app.extensions["socketio"]


def emit(event: str, payload: dict, room: str) -> None:
    socketio_of(current_app).emit(event, payload, to=room)


def conversation_room(conversation_id: str) -> str:
    return f"gesprek-{conversation_id}"


def handover_room(handover_id: str) -> str:
    return f"overdracht-{handover_id}"


def join_room(room: str) -> None:
    """Join, unless the tab went away between connecting and asking (then there is nothing to join)."""
    with contextlib.suppress(ValueError):  # "sid is not connected to requested namespace"
        _join_room(room)


def follow_conversation(data):
    """A resident's tab: only with the conversation's ownership secret (the id alone is not enough)."""
    from .chat import owns

    data = data if isinstance(data, dict) else {}
    conversation_id = str(data.get("gesprek") or "")
    if owns(conversation_id, str(data.get("sleutel") or "")):
        join_room(conversation_room(conversation_id))
        return {"ok": True}
    return {"ok": False}


def follow_workspace(data):
    """Staff only; a handover room only when this user may see that handover."""
    from . import auth, werkplek

    user = auth.current_user()
    if user is None:
        return {"ok": False}
    auth.mark_seen(user["username"])
    current_app.extensions["wegwijs_staff_sockets"].setdefault(user["username"], set()).add(request.sid)
    join_room(STAFF_ROOM)
    handover_id = str((data or {}).get("overdracht") or "")
    if handover_id:
        if werkplek.visible_handover(handover_id, user) is None:
            return {"ok": False}
        join_room(handover_room(handover_id))
    return {"ok": True, "sid": request.sid}
