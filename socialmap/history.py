"""A service's change history as HSDS 3.0 `metadata`: who changed which field, when, from what to what.

Editors read the history on the edit page, so old and new values are written as readable text
("0492-123456, 06-12345678", "ma,di 09:00-17:00") rather than JSON; consumers of the HSDS API
get the same entries, and `last_modified` says when the record last changed.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid

UNTRACKED = ("metadata", "last_modified")
MAX_VALUE = 500  # characters of an old or new value kept in one entry


def now_utc() -> str:
    """'2026-12-04T10:30:45.123Z', the form HSDS's `last_modified` example uses."""
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _schedules(items) -> str:
    return "; ".join(f"{s.get('freq') or ''} {s.get('byday') or s.get('bymonthday') or ''} "
                     f"{s.get('opens_at') or ''}-{s.get('closes_at') or ''}".strip() for s in items or [])


def _location(sal: dict) -> str:
    location = sal.get("location") or {}
    parts = [location.get("name") or ""]
    for address in location.get("addresses") or []:
        parts.append(" ".join(filter(None, (address.get("address_1"), address.get("postal_code"),
                                            address.get("city")))))
    parts += [entry.get("description") or "" for entry in location.get("accessibility") or []]
    if location.get("latitude") is not None:
        parts.append(f"{location['latitude']:.4f},{location.get('longitude') or 0:.4f}")
    hours = _schedules((sal.get("schedules") or []) + (location.get("schedules") or []))
    if hours:
        parts.append(f"open: {hours}")
    return ", ".join(p for p in parts if p)


def describe(field: str, value) -> str:
    """A field's value as an editor reads it."""
    if value is None or value == [] or value == "":
        return ""
    if field == "phones":
        return ", ".join(p.get("number") or "" for p in value)
    if field == "schedules":
        return _schedules(value)
    if field == "attributes":
        return ", ".join(f"{(a.get('taxonomy_term') or {}).get('taxonomy')}: {(a.get('taxonomy_term') or {}).get('name')}"
                         for a in value)
    if field in ("service_areas", "languages"):
        return ", ".join(item.get("name") or item.get("code") or "" for item in value)
    if field == "cost_options":
        return "; ".join(f"{c.get('amount')} {c.get('currency') or ''} {c.get('option') or ''}".strip() for c in value)
    if field == "service_at_locations":
        return " | ".join(_location(sal) for sal in value)
    if field == "organization" and isinstance(value, dict):
        return value.get("name") or ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def changed_fields(old: dict, new: dict) -> list[tuple[str, str, str]]:
    """(field, previous, replacement) for every top-level field whose readable value changed."""
    changes = []
    for field in sorted(set(old) | set(new)):
        if field in UNTRACKED or old.get(field) == new.get(field):
            continue
        before, after = describe(field, old.get(field)), describe(field, new.get(field))
        if before != after:
            changes.append((field, before[:MAX_VALUE], after[:MAX_VALUE]))
    return changes


def record_changes(old: dict | None, new: dict, updated_by: str, when: str | None = None) -> bool:
    """Append metadata entries for what changed from `old` to `new` (in place); False when nothing did."""
    when = when or now_utc()
    service_id = str(new["id"])

    def entry(action: str, field: str, before: str, after: str) -> dict:
        return {"id": str(uuid.uuid4()), "resource_id": service_id, "resource_type": "service",
                "last_action_date": when, "last_action_type": action, "field_name": field,
                "previous_value": before, "replacement_value": after, "updated_by": updated_by}

    if old is None:
        entries = [entry("create", "", "", new.get("name") or "")]
    else:
        entries = [entry("update", field, before, after) for field, before, after in changed_fields(old, new)]
    if not entries:
        return False
    new["metadata"] = [*(new.get("metadata") or []), *entries]
    new["last_modified"] = when
    return True


def history(data: dict, limit: int = 100) -> list[dict]:
    """The metadata entries of a service, newest first."""
    entries = [m for m in data.get("metadata") or [] if isinstance(m, dict)]
    return sorted(entries, key=lambda m: str(m.get("last_action_date") or ""), reverse=True)[:limit]
