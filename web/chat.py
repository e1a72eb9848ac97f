"""The resident's chat: the full page, the embeddable widget, the HTTP API behind both, and
"Mijn overzicht" (the services and next steps of a conversation, to print or keep as a link).

The widget sends over HTTP and hears pushes (a consultant joined, a consultant's message) over
Socket.IO; without a socket it polls the history, so it always works.
"""

from __future__ import annotations

import datetime as dt
import re

from flask import (
    Blueprint,
    abort,
    current_app,
    jsonify,
    make_response,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from wegwijs_common.privacy import scrub_pii

from . import (
    api_params,
    appdb,
    conversation_lock,
    hub,
    log_redaction,
    rasa_client,
    realtime,
    retention,
)
from .errors import MAX_ID, json_error, message_id_param
from .kaart import dutch_date

bp = Blueprint("chat", __name__)
MAX_LENGTH = 1000
MAX_COMMENT = 500
CONVERSATION_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
COMMAND_PREFIX = re.compile(r"^[\s/]+")  # leading slashes (and spaces) of typed text
WIDGET_COMMANDS = ("/mens_spreken", "/anoniem")  # the chat page's own buttons
SECRET_HEADER = "X-Wegwijs-Sleutel"  # the browser's proof that the conversation is its own
PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{8,17}$")
ANSWERS = ("ja", "deels", "nee")

# -- the OpenAPI description of the API below, built from the same constants the views check with
ID_SCHEMA = {"type": "string", "pattern": CONVERSATION_ID.pattern}
SLEUTEL = {"type": "string", "description": f"Het geheim, als het niet in header {SECRET_HEADER} staat."}
MESSAGES_SCHEMA = {"type": "array", "items": {"type": "object"}}
COMMON = {400: "Onjuist verzoek (de fout noemt het veld)", 404: "Dit gesprek bestaat niet of is niet van u"}


def _chat(summary: str, *, extra: dict[int, str] | None = None, **details):
    return api_params.describe(summary, responses={**COMMON, **(extra or {})}, path_schema=ID_SCHEMA, **details)


def init_app(app) -> None:
    app.config.setdefault("QUICK_EXIT_URL", "https://www.weeronline.nl/")  # "Snel weg" lands here
    log_redaction.install()
    retention.init_app(app)  # the retention job (CLI), erasure and the staff access log


def next_step(status: str) -> str:
    """What happens now, per handover status, for Mijn overzicht."""
    return {"wacht": _("Uw vraag ligt bij een medewerker van de gemeente. U hoort zo snel mogelijk van ons."),
            "opgepakt": _("Een medewerker van de gemeente helpt u verder."),
            "afgerond": _("Het gesprek met de medewerker is afgerond.")}[status]


def follow_up_step(plan: dict | None) -> str | None:
    """What the consultant agreed when handing the chat back to the bot (web/hub.py `hand_back`)."""
    kind = plan.get("kind") if isinstance(plan, dict) else None
    if kind == "terugbelafspraak" and plan.get("at"):
        return _("We bellen u terug op %(when)s.", when=hub.appointment_text(plan["at"]))
    if kind == "melding-wmo":
        return _("Uw vraag is doorgezet als melding Wmo. De gemeente laat u weten wat de volgende stap is.")
    if kind == "keukentafelgesprek":
        return _("Er komt een keukentafelgesprek: een gesprek bij u thuis over wat u nodig heeft. "
                 "De gemeente neemt contact met u op om een afspraak te maken.")
    return None


def outage_text(contact: dict) -> str:
    """What to do while the chat is down: the resident's own municipality, or (not known yet) their
    own municipality's number from the list on the page, never a neighbour's number."""
    if contact["known"]:
        return _("De chat werkt nu even niet. Bel %(name)s op %(phone)s (%(hours)s). "
                 "Dag en nacht kunt u De Luisterlijn bellen: 0800-0767.", **contact)
    return _("De chat werkt nu even niet. Bel uw eigen gemeente; de nummers staan onderaan deze pagina. "
             "Dag en nacht kunt u De Luisterlijn bellen: 0800-0767.")


def _contact(conversation_id: str | None = None) -> dict:
    """The resident's own municipality (known from the conversation), else the regional number."""
    conversation = appdb.get_conversation(conversation_id) if conversation_id else None
    return hub.contact_for((conversation or {}).get("municipality"))


@bp.get("/chat")
def page():
    embedded = request.args.get("ingebed") == "1"
    contact = _contact()  # a new page: the municipality is not known yet (chat.js fills it in)
    response = make_response(render_template("chat/chat.html", embedded=embedded, outage=outage_text(contact),
                                             exit_url=current_app.config["QUICK_EXIT_URL"], **contact))
    if embedded:  # the widget's iframe may sit on the municipality's own pages
        ancestors = " ".join(["'self'", *current_app.config["WIDGET_ORIGINS"]])
        response.headers["Content-Security-Policy"] = current_app.config["CSP"].replace(
            "frame-ancestors 'self'", f"frame-ancestors {ancestors}")
    return response


@bp.get("/widget.js")
def widget():
    """One script tag on any municipal page: <script src="https://…/widget.js" defer></script>."""
    response = make_response(render_template(
        "chat/widget.js", chat_url=url_for("chat.page", ingebed=1, _external=True),
        exit_url=current_app.config["QUICK_EXIT_URL"],
        css_url=url_for("static", filename="css/widget.css", _external=True)))
    response.mimetype = "text/javascript"
    response.headers["Cache-Control"] = "public, max-age=300"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.get("/voorbeeld-gemeente")
def example_site():
    """A municipal page with the widget embedded, as a municipality's web team would do it."""
    return render_template("chat/voorbeeld.html")


def _checked_id(conversation_id: str) -> None:
    if not CONVERSATION_ID.match(conversation_id):
        abort(json_error(400, _("Ongeldig gespreksnummer.")))


def _body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        abort(json_error(400, _("Stuur de gegevens als JSON-object.")))
    return body


def _given_secret() -> str:
    """The ownership secret from the header (the widget) or the body (a form, e.g. Mijn overzicht)."""
    secret = request.headers.get(SECRET_HEADER, "")
    if not secret:
        body = request.get_json(silent=True) if request.is_json else None
        source = body if isinstance(body, dict) else request.form
        secret = str(source.get("sleutel") or "")
    return secret


def _owned(conversation_id: str) -> dict:
    """The conversation, if this browser proves it is its own; a 404 for everyone else, so an id
    alone (guessed, stolen, from a log) neither reads nor writes anything."""
    _checked_id(conversation_id)
    conversation = appdb.owned_conversation(conversation_id, _given_secret())
    if conversation is None:
        abort(json_error(404, _("Dit gesprek bestaat niet of is niet van u.")))
    return conversation


def owns(conversation_id: str, secret: str) -> bool:
    """For the Socket.IO join: does `secret` prove this conversation?"""
    return bool(CONVERSATION_ID.match(conversation_id or "")
                and appdb.owned_conversation(conversation_id, secret or ""))


@bp.post("/api/v1/chat/gesprekken")
@api_params.describe(
    "Nieuw gesprek: het id en het geheim voor deze browser (eenmalig)",
    responses={201: "Gesprek aangemaakt", 400: "Onleesbare JSON in de body"}, secured=False,
    response_schemas={201: {"type": "object", "required": ["id", "secret", "header"],
                            "properties": {"id": ID_SCHEMA, "secret": {"type": "string"},
                                           "header": {"const": SECRET_HEADER}}}})
def start():
    """A new conversation: the server picks the id and gives this browser its secret, once."""
    conversation, secret = appdb.new_conversation()
    return jsonify({"id": conversation["id"], "secret": secret, "header": SECRET_HEADER}), 201


@bp.post("/api/v1/chat/<conversation_id>/berichten")
@_chat("Bericht of knop van de inwoner; het antwoord",
       extra={200: "Het antwoord van de bot (of: doorgegeven aan de medewerker)",
              429: "Het vorige bericht wordt nog beantwoord, of te veel verzoeken",
              503: "De chat werkt nu even niet (met het telefoonnummer van de gemeente)"},
       body={"anyOf": [  # both given: the button counts
           {"type": "object", "required": ["text"], "properties": {
               "text": {"type": "string", "maxLength": MAX_LENGTH, "pattern": "[^\\s/]",  # cf. COMMAND_PREFIX
                        "description": "Getypte tekst (altijd tekst, ook met een / ervoor)."},
               "sleutel": SLEUTEL}},
           {"type": "object", "required": ["button"], "properties": {
               "button": {"type": "string", "examples": list(WIDGET_COMMANDS),
                          "description": "Payload van een knop die dit gesprek aanbood, of een van "
                                         + ", ".join(WIDGET_COMMANDS) + "; een andere is een 400."},
               "sleutel": SLEUTEL}}]},
       response_schemas={200: {"type": "object", "required": ["messages"],
                               "properties": {"messages": MESSAGES_SCHEMA, "cards": MESSAGES_SCHEMA,
                                              "overview_url": {"type": ["string", "null"]},
                                              "contact": {"type": "object"}}}})
def send(conversation_id: str):
    _owned(conversation_id)
    body = _body()
    if body.get("button") is not None:  # a button press: its payload goes to Rasa as a command
        text = body["button"]
        if not isinstance(text, str) or text not in (*WIDGET_COMMANDS, *appdb.offered_buttons(conversation_id)):
            return json_error(400, _("Deze knop hoort niet bij dit gesprek."), fields=["button"])
    else:  # typed text is text, also when it starts with "/" (Rasa would read "/restart" as a command)
        text = COMMAND_PREFIX.sub("", str(body.get("text") or "")).strip()
    if not text:
        return json_error(400, _("Typ eerst een bericht."))
    if len(text) > MAX_LENGTH:
        return json_error(400, _("Uw bericht is te lang. Gebruik maximaal %(n)d tekens.", n=MAX_LENGTH))
    try:
        with conversation_lock.turn(conversation_id):  # one turn at a time, in order
            result = hub.resident_says(conversation_id, text)
            appdb.remember_buttons(conversation_id, [b["payload"] for m in result["messages"]
                                                     for b in m.get("buttons") or [] if b.get("payload")])
    except conversation_lock.Busy:
        return json_error(429, _("Even geduld: uw vorige bericht wordt nog beantwoord."))
    except rasa_client.BotUnavailable:
        contact = _contact(conversation_id)
        return json_error(503, outage_text(contact), phone=contact["phone"])
    conversation = appdb.get_conversation(conversation_id)
    result["overview_url"] = None if conversation["anonymous"] else url_for("chat.overview")
    return jsonify(result)


@bp.get("/api/v1/chat/<conversation_id>/berichten")
@_chat("De berichten van het gesprek (na een bericht-id)",
       extra={200: "De geschiedenis, de modus en de beschikbaarheid"},
       params=(api_params.Param("na", "integer", "Alleen berichten na dit id.", default=0, minimum=0,
                                maximum=MAX_ID),),
       response_schemas={200: {"type": "object",
                               "required": ["messages", "mode", "anonymous", "availability", "overview_url"],
                               "properties": {"messages": MESSAGES_SCHEMA, "mode": {"type": "string"},
                                              "anonymous": {"type": "boolean"},
                                              "availability": {"type": ["object", "null"]},
                                              "overview_url": {"type": ["string", "null"]},
                                              "contact": {"type": ["object", "null"]}}}})
def history(conversation_id: str):
    _checked_id(conversation_id)
    after = message_id_param(request.args.get("na", "0"))
    if after is None:
        return json_error(400, _("'na' moet een heel getal zijn."), parameter="na")
    conversation = _owned(conversation_id)
    handover = appdb.open_handover_for(conversation_id)
    return jsonify({
        "messages": appdb.list_messages(conversation_id, after), "mode": conversation["mode"],
        "anonymous": conversation["anonymous"],
        "availability": hub.availability(handover) if handover and handover["status"] == "wacht" else None,
        "overview_url": None if conversation["anonymous"] else url_for("chat.overview"),
        "contact": hub.contact_for(conversation["municipality"]) if conversation.get("municipality") else None,
    })


@bp.post("/api/v1/chat/<conversation_id>/terugbellen")
@_chat("Vraag om teruggebeld te worden",
       extra={200: "Doorgegeven aan de medewerker",
              409: "Geen openstaande vraag, een anoniem gesprek of spoed: er wordt niet teruggebeld"},
       body={"type": "object", "required": ["telefoon"], "properties": {
           "telefoon": {"type": "string", "pattern": PHONE.pattern}, "moment": {"type": "string"},
           "sleutel": SLEUTEL}},
       response_schemas={200: {"type": "object"}})
def callback(conversation_id: str):
    _owned(conversation_id)
    body = _body()
    phone = str(body.get("telefoon") or "").strip()
    moment = str(body.get("moment") or "").strip()[:100]
    if not PHONE.match(phone):
        return json_error(400, _("Vul een geldig telefoonnummer in, bijvoorbeeld 06 12345678."),
                          fields=["telefoon"])
    try:
        return jsonify(hub.request_callback(conversation_id, phone, moment))
    except hub.HubError as exc:
        return json_error(exc.status, exc.message)


@bp.post("/api/v1/chat/<conversation_id>/feedback")
@_chat("Duim op/neer bij een antwoord, of de twee eindvragen",
       extra={201: "Feedback bewaard"},
       body={"oneOf": [
           {"type": "object", "required": ["kind", "useful"], "properties": {
               "kind": {"const": "antwoord"}, "useful": {"type": "boolean"},
               "message_id": {"type": "integer", "minimum": 0, "maximum": MAX_ID},
               "comment": {"type": "string", "maxLength": MAX_COMMENT}, "sleutel": SLEUTEL}},
           {"type": "object", "required": ["kind", "knows_where", "felt_helped"], "properties": {
               "kind": {"const": "eindvraag"}, "knows_where": {"enum": list(ANSWERS)},
               "felt_helped": {"enum": list(ANSWERS)},
               "comment": {"type": "string", "maxLength": MAX_COMMENT}, "sleutel": SLEUTEL}}]},
       response_schemas={201: {"type": "object", "required": ["ok", "message"],
                               "properties": {"ok": {"const": True}, "message": {"type": "string"}}}})
def feedback(conversation_id: str):
    """Thumbs up/down on one answer, or the two end questions; anonymous feedback is not linked."""
    conversation = _owned(conversation_id)
    body = _body()
    comment = str(body.get("comment") or "").strip()
    if len(comment) > MAX_COMMENT:
        return json_error(400, _("Gebruik maximaal %(n)d tekens.", n=MAX_COMMENT), fields=["comment"])
    linked = None if conversation["anonymous"] else conversation_id
    if conversation["anonymous"] and comment:
        comment = scrub_pii(comment) or ""
    kind = body.get("kind")
    if kind == "antwoord":
        if not isinstance(body.get("useful"), bool):
            return json_error(400, _("Geef aan of het antwoord nuttig was."), fields=["useful"])
        message_id = body.get("message_id")
        if message_id is not None and (not isinstance(message_id, int) or message_id_param(message_id) is None):
            return json_error(400, _("message_id moet een getal zijn."), fields=["message_id"])
        appdb.add_feedback(conversation_id=linked, kind="antwoord", message_id=message_id,
                           useful=body["useful"], comment=comment or None)
    elif kind == "eindvraag":
        knows, helped = body.get("knows_where"), body.get("felt_helped")
        if knows not in ANSWERS or helped not in ANSWERS:
            return json_error(400, _("Kies bij beide vragen ja, een beetje of nee."),
                              fields=["knows_where", "felt_helped"])
        appdb.add_feedback(conversation_id=linked, kind="eindvraag", knows_where=knows, felt_helped=helped,
                           comment=comment or None)
    else:
        return json_error(400, _("Onbekend soort feedback."), fields=["kind"])
    return jsonify({"ok": True, "message": _("Dank u wel voor uw reactie.")}), 201


@bp.delete("/api/v1/chat/<conversation_id>")
@_chat("Wis dit gesprek (recht op vergetelheid)",
       extra={200: "Gewist", 429: "Het vorige bericht wordt nog beantwoord; probeer het zo opnieuw"},
       response_schemas={200: {"type": "object", "required": ["ok", "erased", "message"],
                               "properties": {"ok": {"const": True}, "message": {"type": "string"}}}})
def erase(conversation_id: str):
    """Wis dit gesprek: the resident's right to erasure, at once and for everything of this conversation."""
    _owned(conversation_id)
    try:
        with conversation_lock.turn(conversation_id):  # not in the middle of a turn
            handover = appdb.open_handover_for(conversation_id)
            erased = retention.erase_conversation(conversation_id)
    except conversation_lock.Busy:  # was a 500
        return json_error(429, _("Even geduld: uw vorige bericht wordt nog beantwoord."))
    if handover:
        realtime.emit("modus", {"mode": "gewist"}, realtime.handover_room(handover["id"]))
        realtime.emit("wachtrij", {}, realtime.STAFF_ROOM)
    return jsonify({"ok": True, "erased": erased, "message": _("Het gesprek is gewist.")})


@bp.get("/api/v1/chat/<conversation_id>/download")
@_chat("Het gesprek als tekstbestand (AVG art. 15)",
       extra={200: "Het verslag"}, content_type="text/plain", response_schemas={200: {"type": "string"}})
def download(conversation_id: str):
    """The conversation as a text file: what the resident and the other side said (AVG art. 15)."""
    conversation = _owned(conversation_id)
    labels = {"title": _("Uw gesprek met Wegwijs"), "date": _("Begonnen op"),
              "anonymous": _("Dit gesprek was anoniem. Daarom is er niets van bewaard."),
              "card": _("dienst:"), "choices": _("keuzes:"),
              "inwoner": _("U"), "bot": "Wegwijs", "medewerker": _("Medewerker"), "systeem": _("Melding")}
    response = make_response(retention.transcript_text(conversation, labels))
    response.mimetype = "text/plain"
    response.headers["Content-Disposition"] = 'attachment; filename="wegwijs-gesprek.txt"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def overview_data(row: dict) -> dict | None:
    """The cards shown in a conversation and what happens next; None for anonymous ones."""
    if row["anonymous"]:
        return None
    cards: dict[str, dict] = {}
    for message in appdb.list_messages(row["id"]):
        for card in message.get("cards") or []:
            cards.setdefault(card["id"], card)
    handover = appdb.open_handover_for(row["id"])
    steps = []
    if handover:
        agreed = follow_up_step(handover.get("follow_up"))
        steps.append(agreed or next_step(handover["status"]))
        contact = handover.get("contact") or {}
        if contact.get("preference") == "telefoon":
            steps.append(_("U wordt gebeld op %(phone)s.", phone=contact.get("value")))
    return {"services": list(cards.values()), "steps": steps,
            "date": dutch_date(dt.date.fromisoformat(row["created_at"][:10])),
            "handover_status": handover["status"] if handover else None}


@bp.post("/chat/overzicht")
def overview():
    """Mijn overzicht, posted by the chat with the conversation id and secret in the form body
    (never in the URL, so neither a history nor a log holds them)."""
    conversation_id = str(request.form.get("gesprek") or "")
    row = (appdb.owned_conversation(conversation_id, _given_secret())
           if CONVERSATION_ID.match(conversation_id) else None)
    data = overview_data(row) if row else None
    if data is None:
        abort(404)
    response = make_response(render_template("chat/overzicht.html", data=data, **_contact(conversation_id)))
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response
