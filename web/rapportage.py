"""Reports for the municipality (design §1, beleid): what residents ask, where they are helped,
how they rate the help, and what the social map is missing. Counts only: no question texts, no
names, so the page can be shared in a policy meeting.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from flask import Blueprint, jsonify, render_template, request

from . import appdb, hub
from .auth import login_required
from .socialmap_access import get_map

bp = Blueprint("rapportage", __name__)

ANSWERS = ("ja", "deels", "nee")


def _minutes_between(start: str | None, end: str | None) -> float | None:
    if not start or not end:
        return None
    return (dt.datetime.fromisoformat(end) - dt.datetime.fromisoformat(start)).total_seconds() / 60


def _median(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def report_data(since: dt.date | None = None) -> dict:
    """The figures of the report page; the same dict is served as JSON."""
    handovers = appdb.list_handovers() + appdb.list_handover_counts()  # counts outlive deleted handovers
    if since:
        handovers = [h for h in handovers if h["created_at"][:10] >= since.isoformat()]
    taxonomy = get_map().taxonomy

    def label(slug: str | None) -> str:
        topic = taxonomy.topic(slug) if slug else None
        return topic.label if topic else "onbekend"

    waits = [m for m in (_minutes_between(h["created_at"], h.get("claimed_at")) for h in handovers) if m is not None]
    feedback = [f for f in appdb.list_feedback() if not since or f["created_at"][:10] >= since.isoformat()]
    answers = [f for f in feedback if f["kind"] == "antwoord"]
    end_checks = [f for f in feedback if f["kind"] == "eindvraag"]
    return {
        "since": since.isoformat() if since else None,
        "handovers": {
            "total": len(handovers),
            "by_status": dict(Counter(h["status"] for h in handovers)),
            "by_topic": Counter(label(h.get("topic")) for h in handovers).most_common(),
            "by_municipality": Counter(h.get("municipality") or "onbekend" for h in handovers).most_common(),
            "urgent": sum(1 for h in handovers if h.get("urgency") == "spoed"),
            "anonymous": sum(1 for h in handovers if h.get("anonymous")),
            "callback_requests": sum(1 for h in handovers if h.get("callback")),
            "outcomes": [(hub.OUTCOMES.get(o, "teruggegeven aan de chatbot" if o == "terug-naar-bot" else o), n)
                         for o, n in Counter(h["outcome"] for h in handovers if h.get("outcome")).most_common()],
            "median_wait_minutes": _median(waits),
        },
        "feedback": {
            "answers": len(answers),
            "useful": sum(1 for f in answers if f["useful"]),
            "knows_where": {a: sum(1 for f in end_checks if f["knows_where"] == a) for a in ANSWERS},
            "felt_helped": {a: sum(1 for f in end_checks if f["felt_helped"] == a) for a in ANSWERS},
            "end_checks": len(end_checks),
        },
        "social_map": get_map().stats(),
        "gaps": gaps(),
    }


def gaps() -> list[dict]:
    """Per topic, the municipalities where no local (non-national) active service covers it."""
    social_map = get_map()
    municipalities = social_map.places.municipality_names()
    covered: set[tuple[str, str]] = set()
    for service in social_map.list_services(status="active", limit=1_000_000):
        if service.is_national:
            continue
        for topic in service.topics:
            for name in service.area_names:
                municipality = social_map.places.municipality_of(name)
                if municipality:
                    covered.add((topic, municipality))
    result = []
    for topic in social_map.taxonomy.topics:
        missing = [m for m in municipalities if (topic.slug, m) not in covered]
        if missing:
            result.append({"topic": topic.label, "municipalities": missing})
    return result


@bp.get("/beheer/rapportage")
@bp.get("/beheer/rapportage.json", endpoint="report_json")
@login_required("beheerder")
def report():
    since = None
    if request.args.get("vanaf"):
        try:
            since = dt.date.fromisoformat(request.args["vanaf"])
        except ValueError:
            error = "Vul de datum in als jjjj-mm-dd, bijvoorbeeld 2026-01-01."
            if request.path.endswith(".json"):
                return jsonify({"error": error, "parameter": "vanaf"}), 400
            return render_template("beheer/rapportage.html", data=report_data(), error=error), 400
    data = report_data(since)
    if request.path.endswith(".json"):
        return jsonify(data)
    return render_template("beheer/rapportage.html", data=data, error=None)
