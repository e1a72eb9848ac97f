"""Handovers from the bot to people: the internal intake API (design §7).

Only the action server may file a handover, and only for a conversation the hub knows and that
is not already waiting for (or talking with) a person. Three locks: the request must come straight from an internal address (not
through the public proxy, see ``internal_caller``), carry the intake token, and hold a record that
passes the shared contract (``wegwijs_common.contract``). Consultants read handovers through the
workspace API in ``werkplek``.
"""

from __future__ import annotations

import datetime as dt
import hmac
import ipaddress

from flask import Blueprint, abort, current_app, jsonify, request

from wegwijs_common.contract import ContractError, parse

from . import appdb, hub
from .errors import json_error

bp = Blueprint("handovers", __name__, url_prefix="/api/v1")

DEFAULT_INTERNAL_NETWORKS = ("127.0.0.1/32", "::1/128")
FORWARDING_HEADERS = ("X-Forwarded-For", "Forwarded", "X-Real-Ip", "X-Forwarded-Host")


def _timestamp(value: object) -> str:
    """The consent moment as stored ISO 8601 (a trailing Z is fine); the server's time if unusable."""
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).isoformat(timespec="seconds")
        except ValueError:
            pass
    return appdb.now()


def internal_caller() -> bool:
    """The request came directly from an internal address (``INTERNAL_NETWORKS``, default the
    loopback), not through a reverse proxy: the public site always arrives with forwarding headers,
    so the intake answers 404 there even when the proxy itself runs on 127.0.0.1."""
    if any(name in request.headers for name in FORWARDING_HEADERS):
        return False
    original = request.environ.get("werkzeug.proxy_fix.orig", {})
    peer = original.get("REMOTE_ADDR") or request.environ.get("REMOTE_ADDR") or ""
    try:
        address = ipaddress.ip_address(peer)
    except ValueError:
        return False
    networks = current_app.config.get("INTERNAL_NETWORKS") or DEFAULT_INTERNAL_NETWORKS
    return any(address in ipaddress.ip_network(network, strict=False) for network in networks)


def _token_ok() -> bool:
    provided = request.headers.get("X-Wegwijs-Token", "")
    expected = current_app.config.get("INTERNAL_TOKEN") or ""
    return bool(expected) and hmac.compare_digest(provided.encode("utf-8", "surrogateescape"),
                                                  expected.encode("utf-8"))


@bp.post("/intern/handovers")
def create():
    if not internal_caller():
        abort(404)
    if not _token_ok():
        return json_error(403, "Geen toegang.")
    try:
        record = parse(request.get_json(silent=True)).to_dict()
    except ContractError as exc:
        return json_error(400, f"De overdracht klopt niet: {exc}.", fields=exc.fields)
    conversation_id = record.get("conversation_id")
    if not conversation_id:
        return json_error(400, "De overdracht hoort bij een gesprek: conversation_id ontbreekt.",
                          fields=["conversation_id"])
    conversation = appdb.get_conversation(conversation_id)
    if conversation is None:
        return json_error(404, "Dit gesprek bestaat niet.", fields=["conversation_id"])
    if appdb.open_handover_for(conversation_id):  # already waiting for, or talking with, a person
        return json_error(409, "Dit gesprek wacht al op een medewerker of is met een medewerker in gesprek.",
                          fields=["conversation_id"])
    record["consent"]["at"] = _timestamp(record["consent"].get("at"))
    if record.get("anonymous"):
        record["contact"] = None
    else:
        record["transcript_url"] = f"/werkplek/gesprekken/{conversation_id}"  # consultant workspace
    stored = appdb.create_handover(record)
    appdb.update_conversation(conversation_id, mode="wacht-op-mens", municipality=record.get("municipality"))
    if record.get("anonymous"):
        appdb.update_conversation(conversation_id, anonymous=True)
        appdb.forget_messages(conversation_id)
    hub.announce(stored)  # spoed rings the workspace alert (web/routing.py decides who owns it)
    return jsonify(stored), 201
