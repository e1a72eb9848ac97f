"""Editors keep the social map right (/beheer): find services (also inactive), edit the main
fields, set status, mark as checked, import HSDS JSON or the CSV template with a report.

Access: roles redacteur and beheerder (``web.auth``); others get a 403, visitors the login page.
"""

from __future__ import annotations

import datetime as dt
import io

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _

from socialmap import ValidationError
from socialmap.history import history
from socialmap.models import Service

from . import beheer_form
from .auth import current_user, login_required
from .kaart import AMSTERDAM, dutch_date
from .opening_hours import DAY_CODES, day_labels, other_rules, short_lines, week_table
from .socialmap_access import get_map

bp = Blueprint("beheer", __name__, url_prefix="/beheer")

EDITOR_ROLES = ("redacteur", "beheerder")


def status_labels() -> dict[str, str]:
    """Status names in the UI language (labels are translated per request, so plain gettext finds them)."""
    return {"active": _("actief"), "inactive": _("niet actief"), "defunct": _("opgeheven"),
            "temporarily closed": _("tijdelijk gesloten")}


PAGE_SIZE = 50


editor_required = login_required("redacteur")  # a beheerder may do everything a redacteur may


def _places_of(service: Service) -> list[str]:
    return sorted({a.city for location in service.locations for a in location.addresses if a.city})


def _municipalities_of(service: Service, places) -> list[str]:
    """Municipalities a service serves (its areas) or lies in (its location's town)."""
    names = {a.name for a in service.service_areas if a.name}
    names |= {m for m in (places.municipality_of(city) for city in _places_of(service)) if m}
    return sorted(names)


def service_list_data(args) -> dict:
    """Services for editors: every status; filters on name, topic, municipality, status and staleness."""
    social_map = get_map()
    q = args.get("q", "").strip().lower()
    topic, municipality, status = args.get("onderwerp", ""), args.get("gemeente", ""), args.get("status", "")
    only_stale = bool(args.get("verouderd"))
    services = social_map.list_services(limit=100_000)
    rows = []
    labels = status_labels()
    for s in services:
        organization = (s.organization.name if s.organization else "") or ""
        municipalities = _municipalities_of(s, social_map.places)
        if q and q not in s.name.lower() and q not in organization.lower():
            continue
        if (topic and topic not in s.topics) or (status and s.status != status) or (only_stale and not s.is_stale()):
            continue
        if municipality and municipality not in municipalities:
            continue
        rows.append({"id": s.id, "name": s.name, "status": s.status, "status_label": labels.get(s.status, s.status),
                     "organization": organization or None, "places": _places_of(s),
                     "municipalities": municipalities,
                     "topics": [social_map.taxonomy.topic(t).label for t in s.topics if social_map.taxonomy.topic(t)],
                     "assured_date": s.assured_date.isoformat() if s.assured_date else None,
                     "assured_date_text": dutch_date(s.assured_date), "stale": s.is_stale()})
    rows.sort(key=lambda r: (r["name"].lower(), r["places"], r["municipalities"]))
    pages = max(1, (len(rows) + PAGE_SIZE - 1) // PAGE_SIZE)
    page = min(pages, max(1, int(args.get("pagina", "1")) if str(args.get("pagina", "1")).isdigit() else 1))
    return {
        "q": args.get("q", ""), "verouderd": only_stale, "onderwerp": topic, "gemeente": municipality,
        "status": status, "total": len(rows), "services": rows[(page - 1) * PAGE_SIZE:page * PAGE_SIZE],
        "page": page, "pages": pages,
        "statuses": labels, "domains": social_map.taxonomy.domains,
        "municipalities": [*social_map.places.municipality_names(), beheer_form.NATIONAL],
    }


@bp.get("/")
@editor_required
def index():
    return render_template("beheer/index.html", data=service_list_data(request.args))


def editor_name() -> str:
    """Who is editing, as the change history names them: the user name they sign in with."""
    user = current_user()
    return user["username"] if user else "wegwijs"


def history_rows(data: dict) -> list[dict]:
    """The service's HSDS metadata as the edit page shows it: when, who, which field, old -> new."""
    labels = {**beheer_form.field_labels(), "phones": _("Telefoonnummers"), "schedules": _("Openingstijden"),
              "service_at_locations": _("Adres, plek en openingstijden"), "attributes": _("Onderwerpen en trede"),
              "service_areas": _("Gemeenten (werkgebied)"), "cost_options": _("Kosten"), "languages": _("Talen"),
              "assured_date": _("Laatst gecontroleerd"), "organization": _("Organisatie")}
    rows = []
    for entry in history(data):
        when = str(entry.get("last_action_date") or "")
        try:
            moment = dt.datetime.fromisoformat(when.replace("Z", "+00:00")).astimezone(AMSTERDAM)
            when_text = format_datetime(moment.replace(tzinfo=None), "d MMMM y, HH:mm")
        except ValueError:
            when_text = when
        field = entry.get("field_name") or ""
        rows.append({"when": when_text, "who": entry.get("updated_by") or "",
                     "field": labels.get(field, field) if field else _("nieuwe dienst"),
                     "old": entry.get("previous_value") or "", "new": entry.get("replacement_value") or ""})
    return rows


def _form_context(social_map, values: dict, service: dict | None) -> dict:
    """What the service form template needs besides the values."""
    from socialmap.access_facts import ACCESS_LABELS

    return {"v": values, "labels": beheer_form.field_labels(), "statuses": status_labels(),
            "taxonomy": social_map.taxonomy, "municipalities": social_map.places.municipality_names(),
            "spoken_languages": beheer_form.LANGUAGES, "access_labels": ACCESS_LABELS,
            "days": [(code, day_labels()[code]) for code in DAY_CODES],
            "spans": range(1, beheer_form.SPANS_PER_DAY + 1),
            "preview": hours_preview(values), "service": service,
            "history": history_rows(service) if service else [],
            "other_hours": other_rules(Service.from_hsds(service).all_schedules) if service else []}


def hours_preview(form) -> dict:
    """How residents will read the hours typed in the form (web.opening_hours, as on /kaart)."""
    from socialmap.models import Schedule

    schedules = [Schedule.from_hsds(s) for s in
                 beheer_form.weekly_schedules(beheer_form.posted_hours(form), "voorbeeld")]
    return {"table": week_table(schedules), "lines": short_lines(schedules)}


@bp.post("/voorbeeld-openingstijden")
@editor_required
def preview_hours():
    """The live preview: the edit page's script posts the hours fields and shows this fragment."""
    return render_template("beheer/_openingstijden_voorbeeld.html", preview=hours_preview(request.form))


@bp.route("/dienst/<service_id>", methods=["GET", "POST"])
@editor_required
def edit(service_id: str):
    social_map = get_map()
    data = social_map.get_service_hsds(service_id)
    if data is None:
        abort(404)
    errors = []
    values = beheer_form.form_values(data)
    if request.method == "POST":
        action = request.form.get("actie", "opslaan")
        try:
            if action == "gecontroleerd":
                social_map.verify(service_id, updated_by=editor_name())
                flash(_("De dienst is gemarkeerd als gecontroleerd."))
                return redirect(url_for("beheer.edit", service_id=service_id))
            values = {**values, **beheer_form.posted_values(request.form)}
            beheer_form.apply_form(data, request.form, social_map.places, social_map.taxonomy)
            if action != "voorbeeld":
                social_map.upsert_service(data, updated_by=editor_name())
                flash(_("De wijzigingen zijn opgeslagen."))
                return redirect(url_for("beheer.edit", service_id=service_id))
        except ValidationError as exc:
            errors = exc.errors
    checked = data.get("assured_date")
    return render_template("beheer/edit.html", errors=errors, **_form_context(social_map, values, data),
                           assured_date_text=dutch_date(dt.date.fromisoformat(checked[:10])) if checked else None,
                           ), (400 if errors else 200)


@bp.route("/import", methods=["GET", "POST"])
@editor_required
def import_file():
    report = None
    error = None
    if request.method == "POST":
        upload = request.files.get("bestand")
        if upload is None or not upload.filename:
            error = _("Kies eerst een bestand.")
        else:
            raw = upload.read().decode("utf-8-sig", errors="replace")
            social_map = get_map()
            if upload.filename.lower().endswith(".csv"):
                report = social_map.import_csv(io.StringIO(raw))
            else:
                report = social_map.import_hsds(io.StringIO(raw))
    status = 400 if error or (report is not None and not report.ok) else 200
    return render_template("beheer/import.html", report=report, error=error), status


@bp.get("/sjabloon.csv")
@editor_required
def csv_template():
    """The editors' CSV template, with its example row (marked VOORBEELD, never imported)."""
    from socialmap.resources import data_dir

    return send_file(data_dir() / "templates" / "sociale-kaart-sjabloon.csv", mimetype="text/csv",
                     as_attachment=True, download_name="sociale-kaart-sjabloon.csv")


def new_service_record(form, social_map) -> dict:
    """A complete HSDS 3.0 service from the 'nieuwe dienst' form (ids are new UUIDs)."""
    from socialmap.hsds import RecordError

    data: dict = {"id": beheer_form.new_id(), "status": "active"}
    organization = form.get("organisatie", "").strip()
    problems = []
    try:
        beheer_form.apply_form(data, form, social_map.places, social_map.taxonomy)
    except ValidationError as exc:
        problems = exc.errors
    if not data.get("description"):
        problems.append(RecordError(None, None, _("Wat biedt het?"),
                                    _("beschrijf in een paar zinnen wat de dienst biedt")))
    if not organization:
        problems.append(RecordError(None, None, _("Organisatie"), _("vul de naam van de organisatie in")))
    if problems:
        raise ValidationError(problems)
    data["organization"] = {"id": beheer_form.new_id(), "name": organization, "description": organization}
    return data


@bp.route("/nieuw", methods=["GET", "POST"])
@editor_required
def create():
    social_map = get_map()
    errors = []
    values = {"status": "active", "onderwerpen": [], "gemeenten": [], "talen": []}
    if request.method == "POST":
        values = beheer_form.posted_values(request.form)
        try:
            service = social_map.upsert_service(new_service_record(request.form, social_map),
                                                updated_by=editor_name())
            flash(_("De nieuwe dienst staat op de sociale kaart."))
            return redirect(url_for("beheer.edit", service_id=service.id))
        except ValidationError as exc:
            errors = exc.errors
    return render_template("beheer/nieuw.html", errors=errors, **_form_context(social_map, values, None)), \
        (400 if errors else 200)
