"""The hub's internal intake secret as the test apps are configured with it, and the header the
bot's action server sends it in: one place, so no test invents its own (issue 10). Not the old
shipped default: production mode refuses that one (tests/web/test_security_secrets.py)."""

INTAKE_TOKEN = "test-intake-token"
INTAKE_HEADERS = {"X-Wegwijs-Token": INTAKE_TOKEN}

CONSENT = {"given": True, "at": "2026-11-23T10:00:00+00:00", "text": "Mag ik dit doorgeven?"}


def handover_record(conversation_id: str, /, **fields) -> dict:
    """A handover record as the bot's action server files it (wegwijs_common.contract): the
    required fields with plain values, a consent, Deurne; `fields` add or replace any (also invalid
    ones, for the tests of what the intake refuses)."""
    return {"conversation_id": conversation_id, "question": "Ik zoek hulp", "for_whom": "zelf", "ladder": {},
            "urgency": "normaal", "anonymous": False, "municipality": "Deurne", "consent": dict(CONSENT),
            **fields}
