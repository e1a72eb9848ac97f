"""The consultant workspace (/werkplek) and the handover API (design §7).

Who sees what is decided in one place, ``routing.owns`` (through ``visible_handover``/
``visible_handovers``): spoed and crisis every on-duty consulent and luisteraar, a consulent the
handovers of their own municipalities and the regional queue ("gemeente onbekend"), a luisteraar the
anonymous ones and never contact data, a beheerder everything. Anything else is a 404, so ids of
other teams' handovers leak nothing.
"""

from __future__ import annotations

import datetime as dt

from flask import (
    Blueprint,
    Flask,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_datetime
from flask_babel import gettext as _

from . import appdb, hub, routing
from .auth import current_user, login_required, mark_seen, user_areas
from .errors import json_error, message_id_param
from .socialmap_access import get_map

bp = Blueprint("werkplek", __name__)

STAFF = ("consulent", "luisteraar")
STATUS_LABELS = {"wacht": "Wacht", "opgepakt": "Opgepakt", "afgerond": "Afgerond"}
MAX_LENGTH = 2000


def init_app(app: Flask) -> None:
    @app.template_filter("when")
    def when(value: str | None) -> str:
        """'23 nov. 2026 14:05' in Dutch time, from a stored UTC ISO timestamp."""
        if not value:
            return ""
        try:
            moment = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            return str(value)
        return format_datetime(moment, "d MMM y HH:mm")

    @app.template_filter("waited")
    def waited(value: str | None) -> str:
        """How long a handover has waited, '7 min' or '1 uur 5 min'."""
        try:
            since = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            return ""
        minutes = max(0, int((dt.datetime.now(dt.timezone.utc) - since).total_seconds() // 60))
        if minutes < 60:
            return _("%(n)d min", n=minutes)
        return _("%(h)d uur %(m)d min", h=minutes // 60, m=minutes % 60)

    app.jinja_env.tests["urgent"] = routing.is_urgent
    app.jinja_env.tests["without_municipality"] = lambda h: not routing.has_known_municipality(
        h, hub.known_municipalities())

    @app.context_processor
    def workspace_helpers() -> dict:
        return {"contact_label": contact_label, "follow_ups": hub.FOLLOW_UPS}

    @app.template_filter("safety_labels")
    def safety_labels(flags: list[str] | None) -> str:
        """The bot's safety flags (bot/crisis.py kinds) as staff read them."""
        names = {"suicide": _("zelfdoding"), "geweld": _("geweld"), "medisch": _("medisch noodgeval")}
        return ", ".join(names.get(flag, flag) for flag in flags or [])

    @app.template_filter("topic_label")
    def topic_label(slug: str | None) -> str:
        topic = get_map().taxonomy.topic(slug) if slug else None
        return topic.label if topic else _("Onderwerp nog niet bekend")


def contact_label(handover: dict) -> str:
    """How the resident wants to be reached, as the queue shows it (never the number itself)."""
    if handover.get("anonymous"):
        return _("anoniem, alleen in de chat")
    preference = (handover.get("contact") or {}).get("preference") or "chat"
    return {"chat": _("in de chat"), "telefoon": _("telefoon"), "email": _("e-mail")}.get(preference, preference)


def _may_see(handover: dict, user: dict) -> bool:
    return routing.owns(user, handover, hub.known_municipalities())


def _redacted(handover: dict, user: dict) -> dict:
    """A luisteraar never gets contact data or a transcript link, whatever the record holds."""
    if user["role"] == "luisteraar" or handover.get("anonymous"):
        handover = {k: v for k, v in handover.items() if k not in ("contact", "transcript_url", "callback")}
    return handover


def visible_handover(handover_id: str, user: dict) -> dict | None:
    handover = appdb.get_handover(handover_id)
    if handover is None or not _may_see(handover, user):
        return None
    return _redacted(handover, user)


def visible_handovers(user: dict, statuses: tuple[str, ...]) -> list[dict]:
    rows = appdb.list_handovers(statuses)
    return routing.queue_order([_redacted(h, user) for h in rows if _may_see(h, user)])


def _handover_or_404(handover_id: str) -> dict:
    handover = visible_handover(handover_id, current_user())
    if handover is None:
        abort(404)
    return handover


# -- pages ---------------------------------------------------------------------------------------

@bp.get("/werkplek/")
@login_required(*STAFF)
def index():
    user = current_user()
    return render_template("werkplek/index.html", **_queues(user), areas=user_areas(user))


@bp.get("/werkplek/wachtrij")
@login_required(*STAFF)
def queue_fragment():
    """The queue as HTML, fetched by the page when the hub says it changed."""
    return render_template("werkplek/_wachtrij.html", **_queues(current_user()))


def _queues(user: dict) -> dict:
    """What waits for this user, and what they are handling now; looking counts as being present."""
    mark_seen(user["username"])
    mine = [h for h in visible_handovers(user, ("opgepakt",)) if h["claimed_by"] == user["username"]]
    return {"queue": visible_handovers(user, ("wacht",)), "mine": mine, "present": hub.present_staff()}


@bp.get("/werkplek/overdrachten/<handover_id>")
@login_required(*STAFF)
def handover_page(handover_id: str):
    handover = _handover_or_404(handover_id)
    user = current_user()
    mark_seen(user["username"])
    messages = []
    if handover.get("conversation_id") and handover["status"] == "opgepakt" and not hub.handed_back(handover):
        # What was said since the handover; the conversation before it is in the summary and transcript.
        messages = [m for m in appdb.list_messages(handover["conversation_id"])
                    if m["created_at"] >= handover["created_at"]]
    return render_template("werkplek/overdracht.html", h=handover, messages=messages,
                           outcomes=hub.outcomes_for(user, handover), outcome_labels=hub.OUTCOMES,
                           handed_back=hub.handed_back(handover), follow_up_choices=hub.follow_ups_for(user, handover),
                           mine=handover.get("claimed_by") == user["username"])


def _form_action(handover_id: str, action, done: str, then: str):
    """Run a hub action from a workspace form: on success `done` is flashed and the user goes to the
    URL `then`; a refusal (409, 403, 400) is shown on the handover's page."""
    handover = _handover_or_404(handover_id)
    try:
        action(handover, current_user())
    except hub.HubError as exc:
        flash(exc.message, "fout")
        return redirect(url_for("werkplek.handover_page", handover_id=handover_id))
    flash(done)
    return redirect(then)


@bp.post("/werkplek/overdrachten/<handover_id>/oppakken")
@login_required(*STAFF)
def claim(handover_id: str):
    return _form_action(handover_id, hub.claim, _("U heeft het gesprek opgepakt. De inwoner ziet dat u er bent."),
                        url_for("werkplek.handover_page", handover_id=handover_id))


@bp.post("/werkplek/overdrachten/<handover_id>/terug-naar-bot")
@login_required(*STAFF)
def hand_back(handover_id: str):
    """Back to the chatbot: with a follow-up it stays in 'Mijn gesprekken', else with an outcome."""
    follow_up = request.form.get("vervolg", "")
    outcome = request.form.get("uitkomst", "") if not follow_up else ""
    done = (_("Het gesprek is teruggegeven aan de chatbot. Het blijft bij u staan: %(follow_up)s.",
              follow_up=hub.FOLLOW_UPS.get(follow_up, follow_up)) if follow_up
            else _("Het gesprek is teruggegeven aan de chatbot en afgesloten."))
    return _form_action(handover_id, lambda h, u: hub.hand_back(
        h, u, follow_up=follow_up, at=request.form.get("moment", ""),
        note=request.form.get("notitie", ""), outcome=outcome), done, url_for("werkplek.index"))


@bp.post("/werkplek/overdrachten/<handover_id>/afsluiten")
@login_required(*STAFF)
def close(handover_id: str):
    outcome = request.form.get("uitkomst", "")
    note = request.form.get("notitie", "").strip()[:2000]
    return _form_action(handover_id, lambda h, u: hub.close(h, u, outcome, note),
                        _("Het gesprek is afgesloten: %(outcome)s.", outcome=hub.OUTCOMES.get(outcome, outcome)),
                        url_for("werkplek.index"))


@bp.get("/werkplek/gesprekken/<conversation_id>")
@login_required("consulent")
def transcript(conversation_id: str):
    """The whole conversation for the consultant who may see its handover; never for anonymous ones."""
    user = current_user()
    conversation = appdb.get_conversation(conversation_id)
    handovers = appdb.list_handovers(conversation_id=conversation_id)
    if (conversation is None or conversation["anonymous"] or not handovers
            or any(h.get("anonymous") for h in handovers)
            or not any(_may_see(h, user) for h in handovers)):
        abort(404)
    appdb.log_transcript_read(user["username"], conversation_id)  # staff access is logged (AVG)
    return render_template("werkplek/gesprek.html", conversation=conversation,
                           messages=appdb.list_messages(conversation_id), handovers=handovers)


# -- API -----------------------------------------------------------------------------------------

@bp.get("/api/v1/handovers")
@login_required(*STAFF)
def api_list():
    wanted = tuple(s for s in request.args.get("status", "wacht,opgepakt").split(",") if s)
    if not wanted or any(s not in STATUS_LABELS for s in wanted):
        return json_error(400, _("status moet wacht, opgepakt of afgerond zijn."), parameter="status")
    return jsonify({"items": visible_handovers(current_user(), wanted)})


@bp.get("/api/v1/handovers/<handover_id>")
@login_required(*STAFF)
def api_detail(handover_id: str):
    handover = visible_handover(handover_id, current_user())
    if handover is None:
        return json_error(404, _("Deze overdracht bestaat niet of is niet voor u."))
    return jsonify(handover)


@bp.get("/api/v1/handovers/<handover_id>/berichten")
@login_required(*STAFF)
def api_messages(handover_id: str):
    handover = _handover_or_404(handover_id)
    after = message_id_param(request.args.get("na", "0"))
    if after is None:
        return json_error(400, _("'na' moet een heel getal zijn."), parameter="na")
    mark_seen(current_user()["username"])
    if handover["status"] != "opgepakt" or not handover.get("conversation_id") or hub.handed_back(handover):
        return jsonify({"messages": [], "status": handover["status"]})  # the chat is not (or no longer) live
    return jsonify({"messages": appdb.list_messages(handover["conversation_id"], after),
                    "status": handover["status"]})


@bp.post("/api/v1/handovers/<handover_id>/berichten")
@login_required(*STAFF)
def api_send(handover_id: str):
    handover = _handover_or_404(handover_id)
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return json_error(400, _("Stuur de gegevens als JSON-object."))
    text = str(body.get("text") or "").strip()
    service_id = body.get("service_id")
    if service_id is not None and not isinstance(service_id, str):
        return json_error(400, _("service_id moet tekst zijn."), fields=["service_id"])
    if not text and not service_id:
        return json_error(400, _("Typ eerst een bericht."), fields=["text"])
    if len(text) > MAX_LENGTH:
        return json_error(400, _("Het bericht is te lang (maximaal %(n)d tekens).", n=MAX_LENGTH),
                          fields=["text"])
    try:
        return jsonify(hub.staff_says(handover, current_user(), text, service_id)), 201
    except hub.HubError as exc:
        return json_error(exc.status, exc.message)
