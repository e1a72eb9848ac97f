"""Editors keep the social map right (/beheer): find services (also inactive), edit the main
fields, set status, mark as checked, import HSDS JSON or the CSV template with a report.

Access: roles redacteur and beheerder, via HUB's ``web.auth`` once it exists; until then the
guard fails closed (403), so nothing is ever open to anonymous visitors.
"""

from __future__ import annotations

import functools
import io

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from socialmap import ValidationError

from .socialmap_access import get_map

bp = Blueprint("beheer", __name__, url_prefix="/beheer")

EDITOR_ROLES = ("redacteur", "beheerder")
STATUSES = ("active", "inactive", "defunct", "temporarily closed")
STATUS_LABELS = {"active": "actief", "inactive": "niet actief", "defunct": "opgeheven",
                 "temporarily closed": "tijdelijk gesloten"}
TEXT_FIELDS = (("name", "Naam"), ("description", "Wat biedt het?"), ("eligibility_description", "Voor wie?"),
               ("application_process", "Hoe meldt iemand zich aan?"), ("fees_description", "Kosten (tekst)"),
               ("url", "Website"), ("email", "E-mailadres"))
PAGE_SIZE = 50


def current_role() -> str | None:
    """The signed-in user's role from HUB's auth module; None when nobody (or no auth) is there."""
    try:
        from .auth import current_user
    except ImportError:
        return None
    user = current_user()
    if user is None:
        return None
    return user.get("role") if isinstance(user, dict) else getattr(user, "role", None)


def editor_required(view):
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if current_role() not in EDITOR_ROLES:
            abort(403)
        return view(*args, **kwargs)
    return wrapped


def service_list_data(args) -> dict:
    """Services for editors: every status, optional text filter and 'only stale'."""
    social_map = get_map()
    q = args.get("q", "").strip().lower()
    only_stale = bool(args.get("verouderd"))
    services = social_map.stale_services() if only_stale else social_map.list_services(limit=100_000)
    if q:
        services = [s for s in services if q in s.name.lower()
                    or q in ((s.organization.name if s.organization else "") or "").lower()]
    return {
        "q": args.get("q", ""), "verouderd": only_stale, "total": len(services),
        "services": [{"id": s.id, "name": s.name, "status": s.status,
                      "status_label": STATUS_LABELS.get(s.status, s.status),
                      "organization": s.organization.name if s.organization else None,
                      "assured_date": s.assured_date.isoformat() if s.assured_date else None,
                      "stale": s.is_stale()} for s in services[:PAGE_SIZE]],
    }


@bp.get("/")
@editor_required
def index():
    return render_template("beheer/index.html", data=service_list_data(request.args))


def _apply_form(data: dict, form) -> None:
    """Copy the edited main fields onto the stored HSDS dict (other fields stay as they are)."""
    for field, _label in TEXT_FIELDS:
        value = form.get(field, "").strip()
        if value:
            data[field] = value
        else:
            data.pop(field, None)
    for field in ("minimum_age", "maximum_age"):
        value = form.get(field, "").strip()
        if not value:
            data.pop(field, None)
            continue
        try:
            data[field] = int(value)
        except ValueError:
            raise _form_error(data, field, "vul een heel getal in") from None
    status = form.get("status", data.get("status"))
    if status not in STATUSES:
        raise _form_error(data, "status", "kies een status uit de lijst")
    data["status"] = status


def _form_error(data: dict, field: str, message: str) -> ValidationError:
    from socialmap.hsds import RecordError
    return ValidationError([RecordError(None, data.get("id"), field, message)])


@bp.route("/dienst/<service_id>", methods=["GET", "POST"])
@editor_required
def edit(service_id: str):
    social_map = get_map()
    data = social_map.get_service_hsds(service_id)
    if data is None:
        abort(404)
    errors = []
    if request.method == "POST":
        action = request.form.get("actie", "opslaan")
        try:
            if action == "gecontroleerd":
                social_map.verify(service_id)
                flash("De dienst is gemarkeerd als gecontroleerd.")
            else:
                _apply_form(data, request.form)
                social_map.upsert_service(data)
                flash("De wijzigingen zijn opgeslagen.")
            return redirect(url_for("beheer.edit", service_id=service_id))
        except ValidationError as exc:
            errors = exc.errors
    return render_template("beheer/edit.html", service=data, errors=errors, fields=TEXT_FIELDS,
                           statuses=STATUS_LABELS), (400 if errors else 200)


@bp.route("/import", methods=["GET", "POST"])
@editor_required
def import_file():
    report = None
    error = None
    if request.method == "POST":
        upload = request.files.get("bestand")
        if upload is None or not upload.filename:
            error = "Kies eerst een bestand."
        else:
            raw = upload.read().decode("utf-8-sig", errors="replace")
            social_map = get_map()
            if upload.filename.lower().endswith(".csv"):
                report = social_map.import_csv(io.StringIO(raw))
            else:
                report = social_map.import_hsds(io.StringIO(raw))
    status = 400 if error or (report is not None and not report.ok) else 200
    return render_template("beheer/import.html", report=report, error=error), status
