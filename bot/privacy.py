"""Scrub personal data from text for anonymous conversations (AVG: keep nothing identifying).

Used by the tracker store before anything of an anonymous conversation is written, and by the
actions before text goes into a handover. Each kind is replaced by a neutral marker so the
meaning of the sentence stays readable for a luisteraar.
"""

from __future__ import annotations

import re

_RULES: list[tuple[str, re.Pattern]] = [
    ("[e-mail]", re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")),
    ("[iban]", re.compile(r"\b[A-Z]{2}\d{2}\s?(?:[A-Z0-9]{4}\s?){3,7}[A-Z0-9]{1,4}\b", re.IGNORECASE)),
    ("[telefoon]", re.compile(r"(?:\+31|0031|\b0)\s?(?:\(0\))?[\s-]?(?:\d[\s-]?){8,9}\b")),
    ("[geboortedatum]", re.compile(
        r"\b(?:0?[1-9]|[12]\d|3[01])[-/.](?:0?[1-9]|1[0-2])[-/.](?:19|20)\d{2}\b|"
        r"\b(?:0?[1-9]|[12]\d|3[01]) (?:januari|februari|maart|april|mei|juni|juli|augustus|"
        r"september|oktober|november|december) (?:19|20)\d{2}\b", re.IGNORECASE)),
    ("[bsn]", re.compile(r"\b\d{9}\b|\b\d{4}[.\s]\d{2}[.\s]\d{3}\b")),
    ("[postcode]", re.compile(r"\b[1-9]\d{3}\s?[A-Z]{2}(?:\s?\d{1,4}[a-z]?)?\b", re.IGNORECASE)),
    ("[adres]", re.compile(
        r"\b[A-Z][a-zà-ÿ]+(?:[ -][A-Za-zà-ÿ]+)*(?:straat|laan|weg|plein|dreef|singel|kade|hof|dijk|"
        r"pad|steeg|gracht|park|ring)\s\d{1,4}[a-zA-Z]?\b")),
    ("[naam]", re.compile(
        r"(?i:\b(?:ik heet|mijn naam is|ik ben|naam:|dit is)\s+)"
        r"((?:[A-Z][a-zà-ÿ'-]+)(?:\s+(?:van|de|der|den|het|ter|ten|[A-Z][a-zà-ÿ'-]+))*)")),
]


def scrub_pii(text: str | None) -> str | None:
    """The text with e-mail, IBAN, phone, date of birth, BSN, postcode+number, address and
    self-introduced names replaced by markers."""
    if not text:
        return text
    for marker, pattern in _RULES:
        if marker == "[naam]":
            text = pattern.sub(lambda m, marker=marker: m.group(0)[: m.start(1) - m.start(0)] + marker, text)
        else:
            text = pattern.sub(marker, text)
    return text
