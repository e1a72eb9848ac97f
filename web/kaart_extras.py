"""What residents want to know before they go, added to /kaart cards and detail pages:
when a stale service was last checked, wheelchair access, languages spoken, whether a referral
or indication is needed, the address, and the coordinates the map view plots.
"""

from __future__ import annotations

from flask_babel import format_date
from flask_babel import gettext as _

from socialmap.access_facts import access_code, wheelchair_access
from socialmap.models import Service

from .socialmap_access import get_map


def access_labels() -> dict[str, str]:
    return {"vrij-toegankelijk": _("U kunt zonder verwijzing terecht."),
            "verwijzing-nodig": _("U heeft een verwijzing nodig, bijvoorbeeld van de huisarts."),
            "indicatie-nodig": _("U heeft een indicatie of beschikking nodig, bijvoorbeeld van de gemeente (Wmo).")}


def resident_facts(service: Service) -> dict:
    """The extra card/detail fields of one service (JSON-safe, the .json routes return them too)."""
    wheelchair, details = wheelchair_access(service.raw)
    code = access_code(service.raw)
    stale = service.is_stale()
    points, addresses = [], []
    for location in service.locations:
        address = location.addresses[0] if location.addresses else None
        text = ", ".join(p for p in ((address.address_1 if address else None),
                                      " ".join(filter(None, ((address.postal_code if address else None),
                                                             (address.city if address else None)))))
                         if p)
        if text:
            addresses.append(text)
        if location.latitude is not None and location.longitude is not None:
            points.append({"lat": location.latitude, "lon": location.longitude,
                           "name": location.name or service.name, "address": text or None})
    return {
        "stale": stale,
        "stale_text": (_("Let op: laatst gecontroleerd op %(date)s. Bel of mail even of het nog klopt.",
                         date=format_date(service.assured_date, "d MMMM y")) if service.assured_date
                       else _("Let op: deze gegevens zijn nog niet gecontroleerd. Bel of mail even of het klopt."))
        if stale else None,
        "wheelchair": wheelchair,
        "wheelchair_text": ({True: _("Rolstoeltoegankelijk"), False: _("Niet rolstoeltoegankelijk")}[wheelchair]
                            + (f" ({details})" if details else "")) if wheelchair is not None else None,
        "languages": [lang.name for lang in service.languages if lang.name],
        "access": code,
        "access_text": access_labels().get(code) if code else None,
        "addresses": addresses,
        "points": points,
    }


def enrich_items(items: list[dict]) -> None:
    """Add resident_facts to search hits (dicts from Hit.to_dict) in place."""
    social_map = get_map()
    for item in items:
        service = social_map.get_service(item["id"])
        if service is not None:
            item.update(resident_facts(service))
