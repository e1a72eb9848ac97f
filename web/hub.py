"""The chat hub: who owns a conversation (the bot or a person) and how messages travel.

A conversation's ``mode`` follows DESIGN §6: ``bot``/``anoniem`` while Rasa answers,
``wacht-op-mens`` once a handover waits in a queue, ``mens`` while a staff member chats. In the two
last modes Rasa is not asked; a hand-back sends it ``/terug_naar_bot``.

Anonymous conversations keep nothing that identifies a person: no messages are stored while the bot
talks, and what is said to a luisteraar is kept only scrubbed and only until the conversation is
closed or handed back.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from bot.privacy import scrub_pii

from . import appdb, rasa_client, realtime, routing
from .auth import ROLE_LABELS
from .service_cards import card_for

OUTCOMES = {
    "opgelost-zelf": "Opgelost bij trede 1: zelf en naasten",
    "opgelost-omgeving": "Opgelost bij trede 2: de omgeving",
    "opgelost-algemeen": "Opgelost bij trede 3: algemene voorziening",
    "doorverwezen": "Doorverwezen",
    "melding-maatwerk": "Melding maatwerk gedaan",
}
FOLLOW_UPS = {
    "terugbelafspraak": "Terugbelafspraak",
    "melding-wmo": "Melding Wmo",
    "keukentafelgesprek": "Keukentafelgesprek",
}
HUMAN_MODES = ("wacht-op-mens", "mens")
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def local_now() -> dt.datetime:
    """Dutch local time for office hours and holidays. `FROZEN_NOW` (ISO 8601, local when it has no
    offset) fixes it, for tests and demos "out of hours"; presence and waiting times use real time."""
    frozen = current_app.config.get("FROZEN_NOW")
    if frozen:
        moment = dt.datetime.fromisoformat(str(frozen).replace("Z", "+00:00"))
        return moment.astimezone(AMSTERDAM) if moment.tzinfo else moment.replace(tzinfo=AMSTERDAM)
    return dt.datetime.now(AMSTERDAM)


class HubError(Exception):
    """A request the hub refuses; `status` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


# -- resident side --------------------------------------------------------------------------------

def resident_says(conversation_id: str, text: str) -> dict:
    """One resident message: to the bot, or kept for (and pushed to) the person handling it."""
    conversation = appdb.ensure_conversation(conversation_id)
    if conversation["mode"] in HUMAN_MODES:
        handover = appdb.open_handover_for(conversation_id)
        if handover is not None:
            return _to_person(conversation, handover, text)
        # No handover is open any more (closed while the bot was down): the bot takes over again.
        appdb.update_conversation(conversation_id, mode="bot")

    answer = rasa_client.send(conversation_id, text)  # raises BotUnavailable
    if _mode_of(answer) in HUMAN_MODES and appdb.open_handover_for(conversation_id) is None:
        # Rasa still waits for a person that no longer comes (it missed a hand-back): reset it once.
        rasa_client.send(conversation_id, "/terug_naar_bot")
        answer = rasa_client.send(conversation_id, text)
    state = next(m["custom"]["state"] for m in answer if "state" in (m.get("custom") or {}))
    texts = [{"text": m["text"], "buttons": m.get("buttons", [])} for m in answer if m.get("text")]
    cards = [c for c in (card_for(i, near=state.get("place")) for i in state.get("services") or []) if c]
    anonymous = state.get("mode") == "anoniem" or conversation["anonymous"]
    if anonymous and not conversation["anonymous"]:
        appdb.forget_messages(conversation_id)  # anonymous from now on: keep nothing
        appdb.unlink_feedback(conversation_id, scrub_pii)
    stored_id = None
    if not anonymous:
        if not text.startswith("/"):
            stored_id = appdb.add_message(conversation_id, "inwoner", text)
        split = len(texts) - 1 if cards else len(texts)  # cards go before the closing question
        for index, item in enumerate(texts):
            if index == split:
                appdb.add_message(conversation_id, "bot", "", {"cards": cards})
            item["id"] = appdb.add_message(conversation_id, "bot", item["text"],
                                           {"buttons": item["buttons"]} if item["buttons"] else None)
    mode = state.get("mode", "bot")
    appdb.update_conversation(conversation_id, mode=mode, anonymous=anonymous)
    result = {"messages": texts, "cards": cards, "state": state, "stored_id": stored_id}
    if mode == "wacht-op-mens":
        # the handover was filed during this turn (the intake told the workspace already)
        handover = appdb.open_handover_for(conversation_id)
        if handover is not None:
            result["availability"] = availability(handover)
    return result


def _mode_of(answer: list[dict]) -> str | None:
    return next((m["custom"]["state"].get("mode") for m in answer if "state" in (m.get("custom") or {})), None)


def _to_person(conversation: dict, handover: dict, text: str) -> dict:
    """While a person owns the conversation: words go to them; buttons meant for the bot do not."""
    state = {"mode": conversation["mode"]}
    if text.startswith("/"):
        note = (_("U praat nu met een medewerker. Wilt u dat er niets over u bewaard wordt? "
                  "Zeg het tegen de medewerker.") if text == "/anoniem" else
                _("Uw vraag staat klaar voor een medewerker. Die komt zo snel mogelijk bij u."))
        return {"messages": [{"text": note, "buttons": []}], "cards": [], "state": state, "stored_id": None}
    stored = _store(conversation, "inwoner", text)
    realtime.emit("bericht", stored, realtime.handover_room(handover["id"]))
    return {"messages": [], "cards": [], "state": state, "stored_id": stored["id"]}


def _store(conversation: dict, role: str, text: str, data: dict | None = None,
           author: str | None = None) -> dict | None:
    """Store a message of the human part of a conversation; scrubbed and temporary when anonymous."""
    if conversation["anonymous"]:
        text = scrub_pii(text) or ""
        data = {**(data or {}), "tijdelijk": True}
    message_id = appdb.add_message(conversation["id"], role, text, data, author=author)
    return {"id": message_id, "role": role, "text": text, "created_at": appdb.now(),
            **(data or {}), **({"author": author} if author else {})}


def known_municipalities() -> list[str] | None:
    """The region's municipalities (None: any name counts as known)."""
    return None


def present_staff(now: dt.datetime | None = None) -> list[dict]:
    """Active consulenten, luisteraars and beheerders whose workspace checked in recently (on duty)."""
    since = ((now or dt.datetime.now(dt.timezone.utc))
             - dt.timedelta(seconds=current_app.config["PRESENCE_SECONDS"])).isoformat(timespec="seconds")
    with appdb.engine().connect() as conn:
        rows = conn.execute(sa.select(appdb.users).where(
            appdb.users.c.active.is_(True), appdb.users.c.role.in_((*routing.STAFF_ROLES, "beheerder")),
            appdb.users.c.last_seen >= since).order_by(appdb.users.c.name)).mappings().all()
    return [{**dict(row), "role_label": ROLE_LABELS.get(row["role"], row["role"])} for row in rows]


def _office_open(local: dt.datetime) -> bool:
    config = current_app.config
    return (local.weekday() in config["OFFICE_DAYS"]
            and config["OFFICE_OPENS"] <= local.strftime("%H:%M") < config["OFFICE_CLOSES"])


def availability(handover: dict, at: dt.datetime | None = None) -> dict:
    """Is somebody who owns this handover there to pick it up now? Told honestly, with what the
    resident can do instead. Spoed and crisis count anyone on duty in the region, at any hour;
    luisteraars have no office hours; a consulent counts only within the office hours. `at` (tests)
    is the moment for both the hours and presence; by default presence is measured in real time."""
    config = current_app.config
    local = (at or local_now()).astimezone(AMSTERDAM)
    office_open = _office_open(local)
    anonymous = bool(handover.get("anonymous"))
    urgent = routing.is_urgent(handover)
    owners = [u for u in present_staff(at) if routing.owns(u, handover, known_municipalities())]
    if not (urgent or anonymous):
        owners = owners if office_open else []
    available = bool(owners)
    reason = None
    if not available:
        reason = "buiten-kantoortijd" if not office_open and not anonymous and not urgent else "niemand-vrij"
    return {"available": available, "reason": reason, "office_open": office_open, "crisis": urgent,
            "phone": config["KCC_PHONE"], "hours": config["KCC_HOURS"],
            "callback": not anonymous and not urgent}


def announce(handover: dict) -> None:
    """A new handover: every workspace fetches its queue again; spoed rings the alert."""
    realtime.emit("wachtrij", {"spoed": routing.is_urgent(handover)}, realtime.STAFF_ROOM)


def request_callback(conversation_id: str, phone: str, moment: str) -> dict:
    """The resident asks to be called back; the waiting handover gets the number and the moment."""
    conversation = appdb.get_conversation(conversation_id)
    handover = appdb.open_handover_for(conversation_id)
    if conversation is None or handover is None:
        raise HubError(409, _("Er is nog geen vraag doorgegeven aan een medewerker."))
    if conversation["anonymous"]:
        raise HubError(409, _("In een anoniem gesprek vragen we geen telefoonnummer."))
    appdb.update_handover_record(handover["id"], contact={"preference": "telefoon", "value": phone},
                                 callback={"requested_at": appdb.now(), "moment": moment})
    appdb.add_message(conversation_id, "bot", _("U wordt teruggebeld op %(phone)s (%(moment)s).",
                                                phone=phone, moment=moment or _("zo snel mogelijk")))
    realtime.emit("wachtrij", {}, realtime.STAFF_ROOM)
    return {"ok": True}


# -- staff side ------------------------------------------------------------------------------------

def claim(handover: dict, user: dict) -> dict:
    if not appdb.update_handover(handover["id"], expected_status="wacht", status="opgepakt",
                                 claimed_by=user["username"], claimed_at=appdb.now()):
        current = appdb.get_handover(handover["id"])
        if current and current["claimed_by"] == user["username"] and current["status"] == "opgepakt":
            return current
        raise HubError(409, _("Iemand anders heeft dit gesprek al opgepakt."))
    conversation_id = handover.get("conversation_id")
    if conversation_id:
        appdb.update_conversation(conversation_id, mode="mens")
        conversation = appdb.get_conversation(conversation_id)
        first_name = user["name"].split()[0]
        who = (_("%(name)s, luisteraar", name=first_name) if user["role"] == "luisteraar"
               else _("%(name)s, %(role)s", name=first_name, role=user["role_label"]))
        text = _("%(who)s is bij het gesprek gekomen.", who=who)
        stored = _store(conversation, "systeem", text)
        realtime.emit("modus", {"mode": "mens", "who": who, "message": stored},
                      realtime.conversation_room(conversation_id))
    realtime.emit("wachtrij", {}, realtime.STAFF_ROOM)
    return appdb.get_handover(handover["id"])


def staff_says(handover: dict, user: dict, text: str = "", service_id: str | None = None) -> dict:
    _require_owner(handover, user)
    conversation = appdb.get_conversation(handover["conversation_id"])
    data = None
    if service_id:
        card = card_for(service_id)
        if card is None:
            raise HubError(404, _("Deze dienst staat niet (meer) op de sociale kaart."))
        data = {"cards": [card]}
    stored = _store(conversation, "medewerker", text, data, author=user["name"].split()[0])
    realtime.emit("bericht", stored, realtime.conversation_room(conversation["id"]))
    realtime.emit("bericht", stored, realtime.handover_room(handover["id"]))
    return stored


def hand_back(handover: dict, user: dict) -> dict:
    """The bot takes over again; the handover is done with that as its outcome."""
    _require_owner(handover, user)
    conversation_id = handover["conversation_id"]
    _finish(handover, "terug-naar-bot")
    appdb.update_conversation(conversation_id, mode="bot")
    try:
        result = resident_says(conversation_id, "/terug_naar_bot")
    except rasa_client.BotUnavailable:
        result = {"messages": [{"text": _("De medewerker heeft het gesprek teruggegeven. "
                                          "De chatbot werkt nu even niet."), "buttons": []}],
                  "cards": [], "state": {"mode": "bot"}}
    realtime.emit("modus", {"mode": result["state"].get("mode", "bot"), "messages": result["messages"]},
                  realtime.conversation_room(conversation_id))
    return result


def close(handover: dict, user: dict, outcome: str, note: str = "") -> None:
    _require_owner(handover, user, needs_conversation=False)
    if outcome not in OUTCOMES:
        raise HubError(400, _("Kies een uitkomst uit de lijst."))
    _finish(handover, outcome, note)
    conversation_id = handover.get("conversation_id")
    if not conversation_id:  # e.g. a call-back handled by phone
        return
    appdb.update_conversation(conversation_id, mode="afgerond")
    text = _("De medewerker heeft het gesprek afgesloten. Wilt u nog twee korte vragen beantwoorden?")
    message_id = appdb.add_message(conversation_id, "systeem", text) if not handover.get("anonymous") else None
    realtime.emit("modus", {"mode": "afgerond", "message": {"id": message_id, "role": "systeem", "text": text}},
                  realtime.conversation_room(conversation_id))
    with contextlib.suppress(rasa_client.BotUnavailable):
        # Rasa still thinks it is waiting for a person; the next resident message goes to the bot.
        rasa_client.send(conversation_id, "/terug_naar_bot")


def _finish(handover: dict, outcome: str, note: str = "") -> None:
    if not appdb.update_handover(handover["id"], expected_status="opgepakt", status="afgerond",
                                 closed_at=appdb.now(), outcome=outcome):
        raise HubError(409, _("Dit gesprek is al afgesloten."))  # a second click, or a colleague
    if note:
        if handover.get("anonymous"):
            note = scrub_pii(note) or ""
        appdb.update_handover_record(handover["id"], closing_note=note)
    if handover.get("anonymous") and handover.get("conversation_id"):
        appdb.forget_messages(handover["conversation_id"])  # the scrubbed live messages go too
    realtime.emit("wachtrij", {}, realtime.STAFF_ROOM)


def _require_owner(handover: dict, user: dict, needs_conversation: bool = True) -> None:
    if handover["status"] != "opgepakt":
        raise HubError(409, _("Pak het gesprek eerst op."))
    if handover["claimed_by"] != user["username"] and user["role"] != "beheerder":
        raise HubError(403, _("Een collega heeft dit gesprek opgepakt."))
    if needs_conversation and not handover.get("conversation_id"):
        raise HubError(409, _("Bij deze overdracht hoort geen chatgesprek."))
