"""The hub's internal intake secret as the test apps are configured with it, and the header the
bot's action server sends it in: one place, so no test invents its own (issue 10). Not the old
shipped default: production mode refuses that one (tests/web/test_security_secrets.py)."""

INTAKE_TOKEN = "test-intake-token"
INTAKE_HEADERS = {"X-Wegwijs-Token": INTAKE_TOKEN}
