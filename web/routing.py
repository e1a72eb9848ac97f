"""Who owns a handover: every one lands in a queue that someone watches (design §7).

One place decides it, for the queue, the detail pages, the socket rooms and the honest
"someone is coming" answer alike:

- spoed and crisis: every consulent and luisteraar of the region, on top of every queue;
- anonymous: the luisteraars (never a consulent, unless it is spoed);
- with a municipality: the consulenten of that municipality;
- without a (known) municipality: the regional queue that every consulent sees, marked
  "gemeente onbekend".

A beheerder sees everything. Staff of this installation all work for the region.
"""

from __future__ import annotations

from .auth import user_areas

STAFF_ROLES = ("consulent", "luisteraar")


def is_urgent(handover: dict) -> bool:
    """Spoed, or any safety signal (a crisis flag always comes with spoed, but be safe)."""
    return handover.get("urgency") == "spoed" or bool(handover.get("safety_flags"))


def has_known_municipality(handover: dict, known: list[str] | None = None) -> bool:
    """A municipality the region has a team for; an empty or unknown one goes to the regional queue."""
    municipality = (handover.get("municipality") or "").strip().lower()
    if not municipality:
        return False
    return known is None or municipality in [m.lower() for m in known]


def owns(user: dict, handover: dict, known: list[str] | None = None) -> bool:
    """Does this handover belong in this user's queue? `known`: the region's municipalities."""
    role = user.get("role")
    if role == "beheerder":
        return True
    if role not in STAFF_ROLES:
        return False
    if is_urgent(handover):
        return True
    if role == "luisteraar":
        return bool(handover.get("anonymous"))
    if handover.get("anonymous"):
        return False  # anonymous conversations go to luisteraars (design §7)
    if not has_known_municipality(handover, known):
        return True  # the regional queue
    areas = user_areas(user)
    return areas is None or handover["municipality"].strip().lower() in [a.lower() for a in areas]


def queue_order(handovers: list[dict]) -> list[dict]:
    """Urgent first, then whoever has waited longest."""
    return sorted(handovers, key=lambda h: (not is_urgent(h), h.get("created_at") or ""))
