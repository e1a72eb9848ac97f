"""The social map as Open Referral publishes it: the shapes of the HSDS 3.0 read API.

Pure functions over stored HSDS dicts and the taxonomy, so the web layer only parses requests
and pages. Taxonomies and their terms get stable UUIDs derived from their slugs, and every
service's topic/ladder attributes are published with those same ids, so a consumer can join
`/taxonomy_terms` to `/services` whatever ids the source that fed a service used.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from .access_facts import ACCESS_LABELS, ACCESS_TAXONOMY
from .taxonomy import Taxonomy
from .text import normalize_name

# The namespace of every derived id (the demo data's ids use it too, so they already agree).
NAMESPACE = uuid.UUID("6f1c1f0e-2b7a-4c55-9a57-1f0b8a3c9d21")
TAXONOMIES = {
    "onderwerp": ("Onderwerpen (Wegwijs)", "Hulponderwerpen van de Wmo-toegang, in domeinen."),
    "ladder": ("Treden van de kanteling", "zelf, omgeving, algemeen, maatwerk: de vier vragen van de Wmo-toegang."),
    ACCESS_TAXONOMY: ("Toegang", "Of u zonder verwijzing terecht kunt, of een verwijzing of indicatie nodig heeft."),
}
TAXONOMY_VERSION = "1"

SERVICE_LIST_FIELDS = (
    "id", "organization_id", "program_id", "name", "alternate_name", "description", "url", "email",
    "status", "interpretation_services", "application_process", "fees_description", "wait_time",
    "fees", "accreditations", "eligibility_description", "minimum_age", "maximum_age",
    "assured_date", "assurer_email", "licenses", "alert", "last_modified")
ORGANIZATION_LIST_FIELDS = (
    "id", "name", "alternate_name", "description", "email", "website", "tax_status", "tax_id",
    "year_incorporated", "legal_status", "logo", "uri", "parent_organization_id")
LOCATION_LIST_FIELDS = (
    "id", "location_type", "url", "organization_id", "name", "alternate_name", "description",
    "transportation", "latitude", "longitude", "external_identifier", "external_identifier_type")


def taxonomy_id(name: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"taxonomy/{name}"))


def term_id(taxonomy: str, code: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"term/{taxonomy}/{code}"))


def taxonomies(profile_uri: str) -> list[dict]:
    return [{"id": taxonomy_id(name), "name": label, "description": description,
             "uri": f"{profile_uri}#taxonomie-{name}", "version": TAXONOMY_VERSION}
            for name, (label, description) in TAXONOMIES.items()]


def taxonomy_terms(taxonomy: Taxonomy, profile_uri: str) -> list[dict]:
    """Ladder steps; domains as top-level onderwerp terms with their topics as children."""
    def term(tax: str, code: str, name: str, description: str, parent: str | None) -> dict:
        item = {"id": term_id(tax, code), "code": code, "name": name,
                "description": description or name, "taxonomy": tax,
                "taxonomy_id": taxonomy_id(tax), "language": "nl",
                "term_uri": f"{profile_uri}#{tax}-{code}"}
        if parent:
            item["parent_id"] = parent
        return item

    terms = [term("ladder", s.slug, s.label, s.description, None) for s in taxonomy.ladder]
    terms += [term(ACCESS_TAXONOMY, code, label, label, None) for code, label in ACCESS_LABELS.items()]
    for domain in taxonomy.domains:
        domain_code = f"domein-{domain.slug}"
        terms.append(term("onderwerp", domain_code, domain.label, f"Domein {domain.label}", None))
        for topic in domain.topics:
            terms.append(term("onderwerp", topic.slug, topic.label, topic.description,
                              term_id("onderwerp", domain_code)))
    return terms


def resolve_taxonomy(value: str) -> str | None:
    """A taxonomy name from its UUID or its name."""
    return next((name for name in TAXONOMIES if value in (name, taxonomy_id(name))), None)


def with_canonical_terms(service: dict) -> dict:
    """A copy whose onderwerp/ladder attributes carry the published term and taxonomy ids."""
    attributes = []
    for attribute in service.get("attributes") or []:
        term = dict(attribute.get("taxonomy_term") or {})
        tax, code = term.get("taxonomy"), term.get("code")
        if tax in TAXONOMIES and code:
            term["id"] = term_id(tax, code)
            term["taxonomy_id"] = taxonomy_id(tax)
            attribute = {**attribute, "taxonomy_term_id": term["id"], "taxonomy_term": term}
        attributes.append(attribute)
    return {**service, "attributes": attributes} if "attributes" in service else dict(service)


def term_keys(service: dict) -> set[str]:
    """Every id a consumer may use for a term of this service: published UUID, source id, code."""
    keys: set[str] = set()
    for attribute in service.get("attributes") or []:
        term = attribute.get("taxonomy_term") or {}
        tax, code = term.get("taxonomy"), term.get("code")
        keys |= {str(k) for k in (term.get("id"), attribute.get("taxonomy_term_id")) if k}
        if tax and code:
            keys |= {term_id(tax, code), f"{tax}:{code}"}
    return keys


def taxonomy_names(service: dict) -> set[str]:
    return {str((a.get("taxonomy_term") or {}).get("taxonomy")) for a in service.get("attributes") or []}


def modified_date(service: dict) -> str:
    """When the record last changed: its metadata, `last_modified`, else its verification date."""
    dates = [str(m.get("last_action_date") or "") for m in service.get("metadata") or []
             if isinstance(m, dict)]
    return max([*dates, str(service.get("last_modified") or ""), str(service.get("assured_date") or "")])


def _pick(data: dict, names: Iterable[str]) -> dict:
    return {name: data[name] for name in names if data.get(name) is not None}


def service_list_item(service: dict) -> dict:
    item = _pick(service, SERVICE_LIST_FIELDS)
    organization = service.get("organization")
    if isinstance(organization, dict):
        item.setdefault("organization_id", organization.get("id"))
        item["organization"] = organization_list_item(organization)
    modified = modified_date(service)
    if modified and "last_modified" not in item and "T" in modified:
        item["last_modified"] = modified
    return item


def organization_list_item(organization: dict) -> dict:
    item = _pick(organization, ORGANIZATION_LIST_FIELDS)
    item.setdefault("description", organization.get("name") or "")
    return item


def service_at_location_item(service: dict, sal: dict, full: bool) -> dict:
    if full:
        return {**sal, "service": with_canonical_terms(service)}
    item = _pick(sal, ("id", "service_id", "location_id", "description"))
    item.setdefault("service_id", service.get("id"))
    location = sal.get("location")
    if isinstance(location, dict):
        item["location"] = _pick(location, LOCATION_LIST_FIELDS)
    item["service"] = service_list_item(service)
    return item


def text_matches(needle: str, *haystacks: str | None) -> bool:
    """Case- and accent-insensitive substring match, for the small lists (organisations, terms)."""
    folded = normalize_name(needle)
    return any(folded in normalize_name(h or "") for h in haystacks)
