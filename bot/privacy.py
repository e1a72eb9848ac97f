"""Kept so the bot's modules (``from privacy import scrub_pii``) keep working: the scrubbing lives in
``wegwijs_common.privacy``, shared with the web hub."""

from wegwijs_common.privacy import is_bsn, is_iban, scrub_identifiers, scrub_pii  # noqa: F401
