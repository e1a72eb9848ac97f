"""The service card a chat shows: the few facts a resident needs to pick up the phone or go there.

Built here from the social map (not by the bot), so the widget and the workspace only render text.
"""

from __future__ import annotations

import sqlite3

from flask import url_for

from socialmap.places import Point, haversine_km
from socialmap.search.schedule import is_open, local_now, windows_of

from .socialmap_access import SocialMapUnavailable, get_map

DAYS_NL = {"MO": "ma", "TU": "di", "WE": "wo", "TH": "do", "FR": "vr", "SA": "za", "SU": "zo"}


def card_for(service_id: str, near: str | None = None) -> dict | None:
    """The card for a public service; None when it is unknown or no longer active.

    `near` (a postcode or place name) adds the distance to the nearest location of the service.
    """
    try:
        social_map = get_map()
        service = social_map.get_service(service_id)
    except (SocialMapUnavailable, sqlite3.DatabaseError):
        return None  # the social map is down: the bot's words still reach the resident, without cards
    if service is None or not service.is_active:
        return None
    hours = []
    from .opening_hours import short_lines  # the one formatter, shared with /kaart
    hours.extend(short_lines(service.all_schedules)[:4])
    places = sorted({a.city for loc in service.locations for a in loc.addresses if a.city})
    return {
        "id": service.id, "name": service.name, "description": service.description,
        "organization": service.organization.name if service.organization else None,
        "for_whom": service.eligibility_description, "cost": service.cost_summary(),
        "phones": [p.number for p in service.all_phones][:2], "hours": hours,
        "open_now": is_open(windows_of(service.all_schedules), local_now()) if service.all_schedules else None,
        "where": ", ".join(places[:3]) or None,
        "addresses": _addresses(service)[:3],
        "distance_km": _distance_km(service, social_map.places.point_of(near) if near else None),
        "url": service.url, "detail_url": url_for("kaart.service", service_id=service.id),
    }


def _distance_km(service, origin: Point | None) -> float | None:
    if origin is None:
        return None
    distances = [haversine_km(origin, Point(loc.latitude, loc.longitude)) for loc in service.locations
                 if loc.latitude is not None and loc.longitude is not None]
    return round(min(distances), 1) if distances else None


def _addresses(service) -> list[str]:
    """'Kerkstraat 1, 5701 AB Helmond' per place (for 'Mijn overzicht', which residents print)."""
    lines = []
    for location in service.locations:
        for address in location.addresses[:1]:
            line = ", ".join(filter(None, (address.address_1, " ".join(filter(None, (address.postal_code,
                                                                                    address.city))))))
            if line and line not in lines:
                lines.append(line)
    return lines
