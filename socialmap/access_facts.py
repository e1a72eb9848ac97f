"""Two facts residents ask before they go: can I get in with a wheelchair, and do I need a referral?

Where they live in HSDS 3.0 (the profile's choice, documented in docs/interfaces.md):

- Wheelchair access is an `accessibility` entry on the service's location whose `description` is
  "Rolstoeltoegankelijk" or "Niet rolstoeltoegankelijk"; `details` holds the editor's explanation
  ("ingang aan de achterkant, lift naar de eerste verdieping"). No entry means unknown.
- Whether a referral or indication is needed is a service `attribute` in the taxonomy "toegang"
  with one of the codes below. An attribute (not `eligibility_description`) because it must be
  filterable and machine-readable; eligibility stays the free text "for whom".
"""

from __future__ import annotations

ACCESS_TAXONOMY = "toegang"
ACCESS_LABELS = {
    "vrij-toegankelijk": "U kunt zonder verwijzing terecht",
    "verwijzing-nodig": "U heeft een verwijzing nodig (bijvoorbeeld van de huisarts)",
    "indicatie-nodig": "U heeft een indicatie of beschikking nodig (bijvoorbeeld Wmo)",
}
WHEELCHAIR_YES = "Rolstoeltoegankelijk"
WHEELCHAIR_NO = "Niet rolstoeltoegankelijk"


def access_code(data: dict) -> str | None:
    """The 'toegang' code of an HSDS service dict, or None when unknown."""
    for attribute in data.get("attributes") or []:
        term = (attribute or {}).get("taxonomy_term") or {}
        if term.get("taxonomy") == ACCESS_TAXONOMY and term.get("code") in ACCESS_LABELS:
            return term["code"]
    return None


def wheelchair_entry(location: dict) -> dict | None:
    for entry in location.get("accessibility") or []:
        if (entry or {}).get("description") in (WHEELCHAIR_YES, WHEELCHAIR_NO):
            return entry
    return None


def wheelchair_access(data: dict) -> tuple[bool | None, str | None]:
    """(True/False/None, details) for the first location of an HSDS service dict that says so."""
    for sal in data.get("service_at_locations") or []:
        entry = wheelchair_entry((sal or {}).get("location") or {})
        if entry:
            return entry["description"] == WHEELCHAIR_YES, entry.get("details") or None
    return None, None


# Languages editors choose from (ISO 639 codes; NGT is "dse"); imports may carry others.
LANGUAGES = (("nl", "Nederlands"), ("en", "Engels"), ("de", "Duits"), ("pl", "Pools"), ("tr", "Turks"),
             ("ar", "Arabisch"), ("uk", "Oekraïens"), ("ti", "Tigrinya"), ("so", "Somalisch"),
             ("pap", "Papiaments"), ("dse", "Nederlandse Gebarentaal"))
