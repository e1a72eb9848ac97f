"""Editors keep the social map right (/beheer): find services (also inactive), edit the main
fields, set status, mark as checked, import HSDS JSON or the CSV template with a report.

Access: roles redacteur and beheerder (``web.auth``); others get a 403, visitors the login page.
"""

from __future__ import annotations

import datetime as dt
import io

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from socialmap import ValidationError

from .auth import login_required
from .kaart import dutch_date
from .socialmap_access import get_map

bp = Blueprint("beheer", __name__, url_prefix="/beheer")

EDITOR_ROLES = ("redacteur", "beheerder")
STATUSES = ("active", "inactive", "defunct", "temporarily closed")
TEXT_FIELDS = ("name", "description", "eligibility_description", "application_process", "fees_description",
               "url", "email")


def status_labels() -> dict[str, str]:
    """Status names in the UI language (labels are translated per request, so plain gettext finds them)."""
    return {"active": _("actief"), "inactive": _("niet actief"), "defunct": _("opgeheven"),
            "temporarily closed": _("tijdelijk gesloten")}


def field_labels() -> tuple[tuple[str, str], ...]:
    """The editable text fields with their labels, in TEXT_FIELDS order."""
    labels = {"name": _("Naam"), "description": _("Wat biedt het?"), "eligibility_description": _("Voor wie?"),
              "application_process": _("Hoe meldt iemand zich aan?"), "fees_description": _("Kosten (tekst)"),
              "url": _("Website"), "email": _("E-mailadres")}
    return tuple((field, labels[field]) for field in TEXT_FIELDS)
PAGE_SIZE = 50


editor_required = login_required("redacteur")  # a beheerder may do everything a redacteur may


def service_list_data(args) -> dict:
    """Services for editors: every status, optional text filter and 'only stale'."""
    social_map = get_map()
    q = args.get("q", "").strip().lower()
    only_stale = bool(args.get("verouderd"))
    services = social_map.stale_services() if only_stale else social_map.list_services(limit=100_000)
    if q:
        services = [s for s in services if q in s.name.lower()
                    or q in ((s.organization.name if s.organization else "") or "").lower()]
    labels = status_labels()
    return {
        "q": args.get("q", ""), "verouderd": only_stale, "total": len(services),
        "services": [{"id": s.id, "name": s.name, "status": s.status,
                      "status_label": labels.get(s.status, s.status),
                      "organization": s.organization.name if s.organization else None,
                      "assured_date": s.assured_date.isoformat() if s.assured_date else None,
                      "assured_date_text": dutch_date(s.assured_date),
                      "stale": s.is_stale()} for s in services[:PAGE_SIZE]],
    }


@bp.get("/")
@editor_required
def index():
    return render_template("beheer/index.html", data=service_list_data(request.args))


def _apply_form(data: dict, form) -> None:
    """Copy the edited main fields onto the stored HSDS dict (other fields stay as they are)."""
    for field in TEXT_FIELDS:
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
            raise _form_error(data, field, _("vul een heel getal in")) from None
    status = form.get("status", data.get("status"))
    if status not in STATUSES:
        raise _form_error(data, "status", _("kies een status uit de lijst"))
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
                flash(_("De dienst is gemarkeerd als gecontroleerd."))
            else:
                _apply_form(data, request.form)
                social_map.upsert_service(data)
                flash(_("De wijzigingen zijn opgeslagen."))
            return redirect(url_for("beheer.edit", service_id=service_id))
        except ValidationError as exc:
            errors = exc.errors
    checked = data.get("assured_date")
    return render_template("beheer/edit.html", service=data, errors=errors, fields=field_labels(),
                           statuses=status_labels(),
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


def new_service_record(form, taxonomy) -> dict:
    """A minimal but complete HSDS 3.0 service from the 'nieuwe dienst' form (ids are new UUIDs)."""
    import uuid

    def new_id() -> str:
        return str(uuid.uuid4())

    service_id = new_id()
    data: dict = {"id": service_id, "status": "active"}
    _apply_form(data, form)
    if not data.get("name"):
        raise _form_error(data, "name", _("vul een naam in"))
    if not data.get("description"):
        raise _form_error(data, "description", _("beschrijf in een paar zinnen wat de dienst biedt"))
    organization = form.get("organisatie", "").strip()
    if not organization:
        raise _form_error(data, "organization", _("vul de naam van de organisatie in"))
    data["organization"] = {"id": new_id(), "name": organization, "description": organization}
    attributes = []
    for taxonomy_name, slug in (("onderwerp", form.get("onderwerp", "")), ("ladder", form.get("trede", ""))):
        if not slug:
            continue
        term = taxonomy.topic(slug) if taxonomy_name == "onderwerp" else taxonomy.step(slug)
        if term is None:
            raise _form_error(data, taxonomy_name, _("kies een waarde uit de lijst"))
        label = term.label
        attributes.append({"id": new_id(), "link_id": service_id, "link_type": "service",
                           "link_entity": "service", "taxonomy_term_id": f"{taxonomy_name}-{slug}",
                           "taxonomy_term": {"id": f"{taxonomy_name}-{slug}", "code": slug, "name": label,
                                             "taxonomy": taxonomy_name, "description": label}})
    if not any(a["taxonomy_term"]["taxonomy"] == "onderwerp" for a in attributes):
        raise _form_error(data, "onderwerp", _("kies een onderwerp"))
    if not any(a["taxonomy_term"]["taxonomy"] == "ladder" for a in attributes):
        raise _form_error(data, "trede", _("kies de trede van de kanteling"))
    data["attributes"] = attributes
    area = form.get("gemeente", "").strip()
    if not area:
        raise _form_error(data, "service_areas",
                          _("kies een gemeente, of 'Nederland' voor een landelijke dienst"))
    data["service_areas"] = [{"id": new_id(), "service_id": service_id, "name": area,
                              "description": "Heel Nederland" if area == "Nederland" else f"Gemeente {area}"}]
    phone = form.get("telefoon", "").strip()
    if phone:
        data["phones"] = [{"id": new_id(), "number": phone, "type": "voice", "languages": []}]
    if form.get("gratis"):
        data["cost_options"] = [{"id": new_id(), "service_id": service_id, "amount": 0, "currency": "EUR",
                                 "option": "gratis", "amount_description": "gratis"}]
    days = [d for d in ("MO", "TU", "WE", "TH", "FR", "SA", "SU") if form.get(f"dag_{d}")]
    opens, closes = form.get("open_van", "").strip(), form.get("open_tot", "").strip()
    if days and opens and closes:
        data["schedules"] = [{"id": new_id(), "service_id": service_id, "freq": "WEEKLY",
                              "byday": ",".join(days), "opens_at": opens, "closes_at": closes}]
    return data


@bp.route("/nieuw", methods=["GET", "POST"])
@editor_required
def create():
    social_map = get_map()
    errors = []
    if request.method == "POST":
        try:
            service = social_map.upsert_service(new_service_record(request.form, social_map.taxonomy))
            flash(_("De nieuwe dienst staat op de sociale kaart."))
            return redirect(url_for("beheer.edit", service_id=service.id))
        except ValidationError as exc:
            errors = exc.errors
    return render_template("beheer/nieuw.html", form=request.form, errors=errors, fields=field_labels(),
                           taxonomy=social_map.taxonomy,
                           municipalities=social_map.places.municipality_names()), (400 if errors else 200)
