"""Handovers from the bot to people: the internal intake API (DESIGN §7).

Consultants read them through the workspace API in ``werkplek``."""

from __future__ import annotations

import datetime as dt
import hmac

from flask import Blueprint, current_app, jsonify, request

from . import appdb, hub
from .errors import json_error

bp = Blueprint("handovers", __name__, url_prefix="/api/v1")

REQUIRED = ("question", "for_whom", "ladder", "urgency", "anonymous", "consent")
FIELD_TYPES = {
    "question": str, "conversation_id": str, "municipality": str, "area": str, "topic": str,
    "relation": str, "problem": str, "limitations": str, "proposed_solutions": str, "mantelzorger": str,
    "household": str, "ladder": dict, "other_topics": list, "services_offered": list, "safety_flags": list,
    "contact": dict, "anonymous": bool,
}


def _timestamp(value: object) -> str:
    """The consent moment as stored ISO 8601 (a trailing Z is fine); the server's time if unusable."""
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).isoformat(timespec="seconds")
        except ValueError:
            pass
    return appdb.now()


@bp.post("/intern/handovers")
def create():
    token = request.headers.get("X-Wegwijs-Token", "")
    if not hmac.compare_digest(token, current_app.config["INTERNAL_TOKEN"]):
        return json_error(403, "Geen toegang.")
    record = request.get_json(silent=True)
    if not isinstance(record, dict):
        return json_error(400, "Stuur de overdracht als JSON-object.")
    missing = [field for field in REQUIRED if field not in record]
    if missing:
        return json_error(400, f"Deze velden ontbreken: {', '.join(missing)}.", fields=missing)
    if not isinstance(record.get("consent"), dict) or not record["consent"].get("given"):
        return json_error(400, "Zonder toestemming van de inwoner wordt niets doorgegeven.", fields=["consent"])
    if record["urgency"] not in ("normaal", "spoed") or record["for_whom"] not in ("zelf", "ander"):
        return json_error(400, "urgency of for_whom heeft een ongeldige waarde.", fields=["urgency", "for_whom"])
    wrong = [field for field, kinds in FIELD_TYPES.items()
             if field in record and record[field] is not None and not isinstance(record[field], kinds)]
    if wrong:
        return json_error(400, f"Deze velden hebben een verkeerd type: {', '.join(wrong)}.", fields=wrong)
    record["consent"]["at"] = _timestamp(record["consent"].get("at"))
    conversation_id = str(record.get("conversation_id") or "")
    if record.get("anonymous"):
        record["contact"] = None
    elif conversation_id:
        record["transcript_url"] = f"/werkplek/gesprekken/{conversation_id}"  # consultant workspace
    stored = appdb.create_handover(record)
    if conversation_id:
        appdb.ensure_conversation(conversation_id)
        appdb.update_conversation(conversation_id, mode="wacht-op-mens", municipality=record.get("municipality"))
        if record.get("anonymous"):
            appdb.update_conversation(conversation_id, anonymous=True)
            appdb.forget_messages(conversation_id)
    hub.announce(stored)  # spoed rings the workspace alert (web/routing.py decides who owns it)
    return jsonify(stored), 201
