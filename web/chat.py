"""The resident's chat: the page, and the HTTP relay between the widget and the bot.

While the bot owns a conversation, messages go to Rasa; once it is waiting for a person the
hub keeps them for the consultant and Rasa is not asked. The bot's `custom.state` decides which.
Service cards are built here from the social map, so the browser only renders text.
"""

from __future__ import annotations

import re

from flask import Blueprint, current_app, jsonify, render_template, request

from . import appdb, rasa_client
from .errors import json_error
from .socialmap_access import get_map

bp = Blueprint("chat", __name__)
MAX_LENGTH = 1000
CONVERSATION_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
DAYS_NL = {"MO": "ma", "TU": "di", "WE": "wo", "TH": "do", "FR": "vr", "SA": "za", "SU": "zo"}


@bp.get("/chat")
def page():
    return render_template("chat/chat.html", phone=current_app.config["KCC_PHONE"],
                           hours=current_app.config["KCC_HOURS"])


def _card(service_id: str) -> dict | None:
    service = get_map().get_service(service_id)
    if service is None:
        return None
    hours = []
    for schedule in service.all_schedules[:4]:
        days = ", ".join(DAYS_NL.get(d, d) for d in schedule.byday)
        if schedule.opens_at == "00:00" and schedule.closes_at in ("23:59", "24:00") and len(schedule.byday) == 7:
            hours.append("dag en nacht")
        else:
            hours.append(f"{days} {schedule.opens_at}–{schedule.closes_at}")
    from socialmap.search.schedule import is_open, local_now, windows_of

    return {
        "id": service.id, "name": service.name, "description": service.description,
        "for_whom": service.eligibility_description, "cost": service.cost_summary(),
        "phones": [p.number for p in service.all_phones][:2], "hours": hours,
        "open_now": is_open(windows_of(service.all_schedules), local_now()), "url": service.url,
    }


def _bad_id(conversation_id: str):
    if not CONVERSATION_ID.match(conversation_id):
        return json_error(400, "Ongeldig gespreksnummer.")
    return None


@bp.post("/api/v1/chat/<conversation_id>/berichten")
def send(conversation_id: str):
    if (error := _bad_id(conversation_id)) is not None:
        return error
    body = request.get_json(silent=True) or {}
    text = str(body.get("text") or "").strip()
    if not text:
        return json_error(400, "Typ eerst een bericht.")
    if len(text) > MAX_LENGTH:
        return json_error(400, f"Uw bericht is te lang. Gebruik maximaal {MAX_LENGTH} tekens.")
    conversation = appdb.ensure_conversation(conversation_id)
    if conversation["mode"] in ("wacht-op-mens", "mens"):
        if not conversation["anonymous"]:
            appdb.add_message(conversation_id, "inwoner", text)
        return jsonify({"messages": [], "cards": [], "state": {"mode": conversation["mode"]}})
    try:
        answer = rasa_client.send(conversation_id, text)
    except rasa_client.BotUnavailable:
        return json_error(503, "De chat werkt nu even niet. Bel de gemeente op "
                          f"{current_app.config['KCC_PHONE']} ({current_app.config['KCC_HOURS']}). "
                          "Dag en nacht kunt u De Luisterlijn bellen: 0800-0767.",
                          phone=current_app.config["KCC_PHONE"])
    state = next(m["custom"]["state"] for m in answer if "state" in (m.get("custom") or {}))
    texts = [{"text": m["text"], "buttons": m.get("buttons", [])} for m in answer if m.get("text")]
    cards = [c for c in (_card(i) for i in state.get("services") or []) if c]
    anonymous = state.get("mode") == "anoniem" or conversation["anonymous"]
    if anonymous and not conversation["anonymous"]:
        appdb.forget_messages(conversation_id)  # anonymous from now on: keep nothing
    if not anonymous and not text.startswith("/"):
        appdb.add_message(conversation_id, "inwoner", text)
    if not anonymous:
        for item in texts:
            appdb.add_message(conversation_id, "bot", item["text"])
    appdb.update_conversation(conversation_id, mode=state.get("mode", "bot"), anonymous=anonymous)
    return jsonify({"messages": texts, "cards": cards, "state": state})


@bp.get("/api/v1/chat/<conversation_id>/berichten")
def history(conversation_id: str):
    if (error := _bad_id(conversation_id)) is not None:
        return error
    conversation = appdb.get_conversation(conversation_id)
    if conversation is None:
        return jsonify({"messages": [], "mode": "bot"})
    return jsonify({"messages": appdb.list_messages(conversation_id), "mode": conversation["mode"]})
