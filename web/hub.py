"""The chat hub: who owns a conversation (the bot or a person) and how messages travel.

A conversation's ``mode`` follows design §6: ``bot``/``anoniem`` while Rasa answers,
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
from flask_babel import get_locale
from flask_babel import gettext as _

from wegwijs_common import municipalities
from wegwijs_common.privacy import scrub_pii

from . import appdb, rasa_client, realtime, routing
from .auth import ROLE_LABELS
from .service_cards import card_for
from .socialmap_access import SocialMapUnavailable, get_map

WMO_OUTCOMES = {
    "opgelost-zelf": "Opgelost bij trede 1: zelf en naasten",
    "opgelost-omgeving": "Opgelost bij trede 2: de omgeving",
    "opgelost-algemeen": "Opgelost bij trede 3: algemene voorziening",
    "doorverwezen": "Doorverwezen",
    "melding-maatwerk": "Melding maatwerk gedaan",
}
LISTENER_OUTCOMES = {  # what a luisteraar (or anyone answering a crisis) can end with
    "geluisterd": "Geluisterd",
    "doorverwezen-113": "Doorverwezen naar 113",
    "doorverwezen-112": "Doorverwezen naar 112",
    "doorverwezen-veilig-thuis": "Doorverwezen naar Veilig Thuis",
    "doorverwezen-huisarts": "Doorverwezen naar de huisarts",
    "doorverwezen-luisterlijn": "Doorverwezen naar De Luisterlijn",
    "doorverwezen-consulent": "Doorverwezen naar een Wmo-consulent",
}
OUTCOMES = {**WMO_OUTCOMES, **LISTENER_OUTCOMES}
FOLLOW_UPS = {
    "terugbelafspraak": "Terugbelafspraak",
    "melding-wmo": "Melding Wmo",
    "keukentafelgesprek": "Keukentafelgesprek",
}
HUMAN_MODES = ("wacht-op-mens", "mens")
COMMAND_TITLES = {"/mens_spreken": "Spreek een medewerker", "/anoniem": "Anoniem chatten"}  # chat page buttons
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
        if handover is not None and not handed_back(handover):
            return _to_person(conversation, handover, text)
        # No handover is open any more (closed while the bot was down): the bot takes over again.
        appdb.update_conversation(conversation_id, mode="bot")

    answer = rasa_client.send(conversation_id, text)  # raises BotUnavailable
    open_handover = appdb.open_handover_for(conversation_id)
    if _mode_of(answer) in HUMAN_MODES and (open_handover is None or handed_back(open_handover)):
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
        said = button_title(conversation_id, text) if text.startswith("/") else text
        if said:  # a button press is stored as what the resident chose, so staff read the answer
            stored_id = appdb.add_message(conversation_id, "inwoner", said,
                                          {"payload": text} if said != text else None)
        split = len(texts) - 1 if cards else len(texts)  # cards go before the closing question
        for index, item in enumerate(texts):
            if index == split:
                appdb.add_message(conversation_id, "bot", "", {"cards": cards})
            item["id"] = appdb.add_message(conversation_id, "bot", item["text"],
                                           {"buttons": item["buttons"]} if item["buttons"] else None)
    mode = state.get("mode", "bot")
    named = municipality_of_place(state.get("place"))
    appdb.update_conversation(conversation_id, mode=mode, anonymous=anonymous,
                              **({"municipality": named} if named else {}))
    result = {"messages": texts, "cards": cards, "state": state, "stored_id": stored_id}
    if named:  # from now on the page shows this municipality's number and hours, not the list
        result["contact"] = contact_for(named)
    if state.get("crisis"):
        # crisis first: is a person on duty who could chat now? (spoed goes to everyone on duty)
        result["crisis_help"] = {"available": bool(present_staff())}
    if mode == "wacht-op-mens":
        # the handover was filed during this turn (the intake told the workspace already)
        handover = appdb.open_handover_for(conversation_id)
        if handover is not None:
            result["availability"] = availability(handover)
    return result


def button_title(conversation_id: str, payload: str) -> str | None:
    """The title of the button the resident pressed: from the latest bot message offering it, or one
    of the chat page's own buttons; None for a payload nobody offered (typed by hand, or internal)."""
    for message in reversed(appdb.list_messages(conversation_id)[-20:]):
        for button in message.get("buttons") or []:
            if button.get("payload") == payload and button.get("title"):
                return str(button["title"])
    title = COMMAND_TITLES.get(payload)
    return _(title) if title else None


def _mode_of(answer: list[dict]) -> str | None:
    return next((m["custom"]["state"].get("mode") for m in answer if "state" in (m.get("custom") or {})), None)


def _to_person(conversation: dict, handover: dict, text: str) -> dict:
    """While a person owns the conversation: words go to them; buttons meant for the bot do not."""
    state = {"mode": conversation["mode"]}
    if text.startswith("/"):
        note = (_("U praat nu met een medewerker. Wilt u dat er niets over u bewaard wordt? "
                  "Zeg het tegen de medewerker.") if text == "/anoniem" else
                _("Uw vraag staat klaar voor een medewerker. Zodra er iemand is, komt die hier in de chat."))
        return {"messages": [{"text": note, "buttons": []}], "cards": [], "state": state, "stored_id": None}
    stored = _store(conversation, "inwoner", text)
    realtime.emit("bericht", stored, realtime.handover_room(handover["id"]))
    return {"messages": [], "cards": [], "state": state, "stored_id": stored["id"]}


def _store(conversation: dict, role: str, text: str, data: dict | None = None,
           author: str | None = None) -> dict | None:
    """Store a message of the human part of a conversation; scrubbed and temporary when anonymous."""
    if conversation["anonymous"] and role != "systeem":  # the hub's own notices name only staff
        text = scrub_pii(text, keep_names=[author] if author else []) or ""  # "ik ben Anja" stays
        data = {**(data or {}), "tijdelijk": True}
    message_id = appdb.add_message(conversation["id"], role, text, data, author=author)
    return {"id": message_id, "role": role, "text": text, "created_at": appdb.now(),
            **(data or {}), **({"author": author} if author else {})}


def municipality_of_place(place: str | None) -> str | None:
    """The region's municipality that the bot's `state.place` (a municipality, village or postcode)
    lies in; None when there is no place or it is outside the region."""
    if not place:
        return None
    if region().knows(place):
        return region().get(place).name
    try:
        places = get_map().places
        found = places.municipality_of_postcode(place) or places.municipality_of(place)
    except SocialMapUnavailable:
        return None
    return region().get(found).name if region().knows(found) else None


def region() -> municipalities.Region:
    return municipalities.load(current_app.config.get("MUNICIPALITIES_FILE"))


def known_municipalities() -> list[str]:
    """The region's municipalities; a handover naming none of these goes to the regional queue."""
    return region().names()


def ui_language() -> str:
    """The language the resident reads the page in (web/i18n.py), for hours and dates."""
    return "en" if str(get_locale() or "nl") == "en" else "nl"


def offices() -> list[dict]:
    """Every municipality's own number, for a resident whose municipality is not known yet."""
    return [{"name": m.name, "phone": m.phone, "phone_link": m.phone_link}
            for m in sorted(region().municipalities.values(), key=lambda m: m.name)]


def contact_for(municipality: str | None, at: dt.datetime | None = None) -> dict:
    """How the resident reaches their own municipality, and whether it is open now. `known` is False
    while the municipality is unknown: then the page says "bel uw eigen gemeente" with `offices`,
    never one municipality's number for everyone (the regional entry only lends its office hours)."""
    office = region().get(municipality)
    language = ui_language()
    local = at or local_now()
    is_open = office.is_open(local)
    opening = None if is_open else office.next_opening(local)
    today = office.hours_on(local.astimezone(AMSTERDAM).date())
    known = region().knows(municipality)
    return {"municipality": office.name if known else None, "known": known,
            "name": office.display_name_in(language), "phone": office.phone if known else None,
            "phone_link": office.phone_link if known else None, "hours": office.hours_text(language),
            "office_open": is_open, "offices": [] if known else offices(),
            "opens": municipalities.when_text(opening, local, language) if opening else None,
            "closes": _("vandaag, voor %(time)s uur", time=municipalities.local_time(today[1], language))
            if is_open else None}


def present_staff(now: dt.datetime | None = None) -> list[dict]:
    """Active consulenten, luisteraars and beheerders whose workspace checked in recently (on duty)."""
    since = ((now or dt.datetime.now(dt.timezone.utc))
             - dt.timedelta(seconds=current_app.config["PRESENCE_SECONDS"])).isoformat(timespec="seconds")
    with appdb.engine().connect() as conn:
        rows = conn.execute(sa.select(appdb.users).where(
            appdb.users.c.active.is_(True), appdb.users.c.role.in_((*routing.STAFF_ROLES, "beheerder")),
            appdb.users.c.last_seen >= since).order_by(appdb.users.c.name)).mappings().all()
    return [{**dict(row), "role_label": ROLE_LABELS.get(row["role"], row["role"])} for row in rows]


def availability(handover: dict, at: dt.datetime | None = None) -> dict:
    """Is somebody who owns this handover there to pick it up now? Told honestly, with what the
    resident can do instead. Spoed and crisis count anyone on duty in the region, at any hour;
    luisteraars have no office hours; a consulent counts only within the office hours. `at` (tests)
    is the moment for both the hours and presence; by default presence is measured in real time."""
    municipality = handover.get("municipality")
    if not municipality and handover.get("conversation_id"):  # the bot named it, the record did not
        municipality = (appdb.get_conversation(handover["conversation_id"]) or {}).get("municipality")
    contact = contact_for(municipality, at)
    office_open = contact["office_open"]
    anonymous = bool(handover.get("anonymous"))
    urgent = routing.is_urgent(handover)
    owners = [u for u in present_staff(at) if routing.owns(u, handover, known_municipalities())]
    if not (urgent or anonymous):
        owners = owners if office_open else []
    available = bool(owners)
    reason = None
    if not available:
        reason = "buiten-kantoortijd" if not office_open and not anonymous and not urgent else "niemand-vrij"
    has_phone = (handover.get("contact") or {}).get("preference") == "telefoon" or bool(handover.get("callback"))
    callback_when = None
    if not available and not anonymous and not urgent:
        # a call-back comes within office hours: today before closing, or when it opens again
        callback_when = contact["closes"] if office_open else contact["opens"]
    return {"available": available, "reason": reason, "crisis": urgent, **contact,
            "callback": callback_when is not None and not has_phone,  # never ask for a number twice
            "callback_when": callback_when, "phone_known": has_phone}


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
    if routing.is_urgent(handover):
        raise HubError(409, _("Bij spoed bellen we niet later terug. Bel nu 112, 113 of Veilig Thuis."))
    moment = moment or availability(handover).get("callback_when") or _("zo snel mogelijk")
    appdb.update_handover_record(handover["id"], contact={"preference": "telefoon", "value": phone},
                                 callback={"requested_at": appdb.now(), "moment": moment})
    appdb.add_message(conversation_id, "bot", _("U wordt teruggebeld op %(phone)s (%(moment)s).",
                                                phone=phone, moment=moment))
    realtime.emit("wachtrij", {}, realtime.STAFF_ROOM)
    return {"ok": True}


# -- staff side ------------------------------------------------------------------------------------

def outcomes_for(user: dict, handover: dict) -> dict[str, str]:
    """A luisteraar ends with listening outcomes; a consulent with the Wmo ladder, plus those when the
    conversation was anonymous or a crisis; a beheerder may use all of them."""
    if user["role"] == "luisteraar":
        return LISTENER_OUTCOMES
    if user["role"] == "consulent" and not (handover.get("anonymous") or routing.is_urgent(handover)):
        return WMO_OUTCOMES
    return OUTCOMES


def follow_ups_for(user: dict, handover: dict) -> dict[str, str]:
    """Follow-ups need a person to call or visit: never for anonymous conversations or luisteraars."""
    if user["role"] == "luisteraar" or handover.get("anonymous"):
        return {}
    return FOLLOW_UPS


def handed_back(handover: dict) -> bool:
    """Given back to the chatbot with a follow-up: still the consultant's, but no live chat any more."""
    return bool(handover.get("handed_back_at"))


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
        offered = list(handover.get("services_offered") or [])
        if card["id"] not in [s.get("id") for s in offered]:  # the record's "aangeboden diensten"
            offered.append({"id": card["id"], "name": card["name"], "reaction": None,
                            "by": user["name"].split()[0]})
            appdb.update_handover_record(handover["id"], services_offered=offered)
    stored = _store(conversation, "medewerker", text, data, author=user["name"].split()[0])
    realtime.emit("bericht", stored, realtime.conversation_room(conversation["id"]))
    realtime.emit("bericht", stored, realtime.handover_room(handover["id"]))
    return stored


def hand_back(handover: dict, user: dict, follow_up: str = "", at: str = "", note: str = "",
              outcome: str = "") -> dict:
    """The bot takes over the chat again. With a follow-up (a call-back at a set time, a Wmo
    notification, a kitchen-table talk) the handover stays open for this consultant; without one
    the consultant gives its outcome and it is done."""
    _require_owner(handover, user)
    conversation_id = handover["conversation_id"]
    if follow_up:
        plan = _follow_up(handover, user, follow_up, at, note)
        appdb.update_handover_record(handover["id"], follow_up=plan, handed_back_at=appdb.now())
        realtime.emit("wachtrij", {}, realtime.STAFF_ROOM)
    elif outcome:
        if outcome not in outcomes_for(user, handover):
            raise HubError(400, _("Kies een uitkomst uit de lijst."))
        _finish(handover, outcome, note)
    else:
        raise HubError(400, _("Kies een vervolgafspraak, of sluit af met een uitkomst."))
    appdb.update_conversation(conversation_id, mode="bot")
    conversation = appdb.get_conversation(conversation_id)
    if follow_up:
        stored = _store(conversation, "systeem", _follow_up_text(handover, user, plan))
        realtime.emit("bericht", stored, realtime.conversation_room(conversation_id))
    try:
        result = resident_says(conversation_id, "/terug_naar_bot")
    except rasa_client.BotUnavailable:
        result = {"messages": [{"text": _("De medewerker heeft het gesprek teruggegeven. "
                                          "De chatbot werkt nu even niet."), "buttons": []}],
                  "cards": [], "state": {"mode": "bot"}}
    realtime.emit("modus", {"mode": result["state"].get("mode", "bot"), "messages": result["messages"]},
                  realtime.conversation_room(conversation_id))
    return result


def _follow_up(handover: dict, user: dict, kind: str, at: str, note: str) -> dict:
    if handover.get("anonymous") and kind in FOLLOW_UPS:
        raise HubError(400, _("In een anoniem gesprek maakt u geen vervolgafspraak. Kies een uitkomst."))
    if kind not in follow_ups_for(user, handover):
        raise HubError(400, _("Kies een vervolgafspraak uit de lijst."))
    moment = None
    if kind == "terugbelafspraak":
        try:
            moment = dt.datetime.fromisoformat(at).replace(tzinfo=AMSTERDAM) if at else None
        except ValueError:
            moment = None
        if moment is None:
            raise HubError(400, _("Vul de datum en tijd van de terugbelafspraak in."))
        if moment < local_now():
            raise HubError(400, _("De terugbelafspraak ligt in het verleden."))
    return {"kind": kind, "at": moment.isoformat(timespec="minutes") if moment else None, "note": note.strip()[:500],
            "by": user["username"], "set_at": appdb.now()}


def _follow_up_text(handover: dict, user: dict, plan: dict) -> str:
    """What the resident is told: who does what, and when."""
    name = user["name"].split()[0]
    if plan["kind"] == "terugbelafspraak":
        return _("%(name)s belt u terug op %(when)s.", name=name, when=appointment_text(plan["at"]))
    if plan["kind"] == "melding-wmo":
        return _("%(name)s zet uw vraag door als melding Wmo. U hoort van de gemeente wat de volgende stap is.",
                 name=name)
    return _("%(name)s neemt contact met u op voor een keukentafelgesprek: een gesprek bij u thuis over "
             "wat u nodig heeft.", name=name)


def appointment_text(at: str) -> str:
    """'vrijdag 4 december om 10.30 uur' / 'Friday 4 December at 10:30', in the UI's language."""
    moment = dt.datetime.fromisoformat(at)
    language = ui_language()
    return _("%(date)s om %(time)s uur", date=municipalities.date_text(moment.date(), language),
             time=municipalities.local_time(moment.time(), language))


def close(handover: dict, user: dict, outcome: str, note: str = "") -> None:
    _require_owner(handover, user, needs_conversation=False)
    if outcome not in outcomes_for(user, handover):
        raise HubError(400, _("Kies een uitkomst uit de lijst."))
    _finish(handover, outcome, note)
    conversation_id = handover.get("conversation_id")
    if not conversation_id or handed_back(handover):  # a call-back handled by phone; the bot has the chat
        return
    appdb.update_conversation(conversation_id, mode="afgerond")
    text = _("De medewerker heeft het gesprek afgesloten. Wilt u nog twee korte vragen beantwoorden?")
    if user["role"] == "luisteraar":
        text = _("De luisteraar heeft het gesprek afgesloten. Wilt u nog twee korte vragen beantwoorden?")
    if routing.is_urgent(handover):  # a crisis conversation never ends without the numbers that answer now
        text = _("De medewerker heeft het gesprek afgesloten. Wordt het weer onveilig of denkt u aan "
                 "zelfdoding? Bel 112 bij direct gevaar, 113 of gratis 0800-0113, of Veilig Thuis: "
                 "0800-2000. U kunt ook altijd opnieuw chatten.")
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
    if needs_conversation and handed_back(handover):
        raise HubError(409, _("U heeft het gesprek teruggegeven aan de chatbot. Sluit het af met een uitkomst."))
