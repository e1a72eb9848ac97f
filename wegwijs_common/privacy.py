"""Scrub personal data from text (AVG): what the hub, the bot and the tracker store write.

Two strengths:

- ``scrub_identifiers`` in every mode: a BSN (passes the 11-proef) and an IBAN (passes mod-97)
  are never stored verbatim, whoever typed them and wherever they go.
- ``scrub_pii`` for anonymous conversations: also e-mail, phone, date of birth, postcode, address
  and names. Names come from two sources: the self-introduction patterns below ("ik heet …") and
  `deduce`'s Dutch name recogniser (first names, surnames, initials, titles; offline word lists).
  Place names of the region stay, because routing needs them (deduce would call "Mierlo-Hout" a
  person and every village a location), and so does a staff member's own name when given.

Each kind is replaced by a neutral marker so a luisteraar can still read the sentence.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import threading
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parent.parent
PLACES_FILE = REPO / "data" / "places.yaml"

# -- identifiers: BSN and IBAN, checked so ordinary numbers stay -------------------------------------

_BSN = re.compile(r"(?<![\d.-])(\d{4}[.\s-]?\d{2}[.\s-]?\d{3}|\d{3}[.\s-]?\d{3}[.\s-]?\d{3})(?![\d-])")
_IBAN = re.compile(r"\b([A-Z]{2}\d{2}(?:\s?[A-Z0-9]){10,30})\b", re.IGNORECASE)


def is_bsn(digits: str) -> bool:
    """The 11-proef: 9·d1 + 8·d2 + … + 2·d8 − d9 is a multiple of 11 (and not all zeros)."""
    if len(digits) != 9 or not digits.isdigit() or set(digits) == {"0"}:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - int(digits[8])
    return total % 11 == 0


def is_iban(text: str) -> bool:
    """ISO 13616: the country code and check digits moved to the end, read as a number, mod 97 is 1."""
    compact = re.sub(r"\s", "", text).upper()
    if not 15 <= len(compact) <= 34 or not compact[:2].isalpha() or not compact[2:4].isdigit():
        return False
    digits = "".join(str(int(c, 36)) for c in compact[4:] + compact[:4])
    return int(digits) % 97 == 1


def _iban_sub(match: re.Match) -> str:
    candidate = match.group(1)
    # The greedy match may run into the next word ("NL91ABNA0417164300 graag"): try shorter ends too.
    for end in range(len(candidate), 14, -1):
        if not candidate[end - 1].isspace() and is_iban(candidate[:end]):
            return "[iban]" + candidate[end:]
    return match.group(0)


def scrub_identifiers(text: str | None) -> str | None:
    """The text with every valid BSN and IBAN replaced by a marker (all modes)."""
    if not text:
        return text
    text = _IBAN.sub(_iban_sub, text)
    return _BSN.sub(lambda m: "[bsn]" if is_bsn(re.sub(r"\D", "", m.group(1))) else m.group(0), text)


# -- patterns for anonymous mode ---------------------------------------------------------------------

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
_MARKER = re.compile(r"\[[a-z-]+\]")


def scrub_pii(text: str | None, keep_names: Iterable[str] = ()) -> str | None:
    """The text with e-mail, IBAN, phone, date of birth, BSN, postcode+number, address and names
    replaced by markers. `keep_names`: names that may stay (a staff member's own first name)."""
    if not text:
        return text
    keep = {n.lower() for n in keep_names if n}
    text = _scrub_names_with_deduce(text, keep)
    for marker, pattern in _RULES:
        if marker == "[naam]":
            text = pattern.sub(lambda m: _introduced_name(m, keep), text)
        else:
            text = pattern.sub(marker, text)
    return text


def _introduced_name(match: re.Match, keep: set[str]) -> str:
    name = match.group(1)
    if name.lower() in keep or _is_region_place(name):
        return match.group(0)
    return match.group(0)[: match.start(1) - match.start(0)] + "[naam]"


# -- deduce: one instance per process, built on first use ---------------------------------------------

# Word lists deduce would load that this pass does not use: streets (the address pattern above
# covers "Kerkstraat 12") and care institutions. Without them deduce needs ~80 MB and 0.4 s to
# load instead of ~1.2 GB and 8 s. Place names stay: deduce then tags "Eindhoven" as a place,
# not as a person.
_UNUSED_LISTS = ("locations/lst_street", "institutions/lst_healthcare_institution",
                 "institutions/lst_hospital", "institutions/lst_hospital_abbr")
_UNUSED_ANNOTATORS = ("street_lookup", "hospital", "institution", "date_dmy_1", "date_dmy_2",
                      "date_ymd_1", "date_ymd_2", "age", "url", "email", "bsn", "identifier")
_LAYOUT = "w1"  # change when the lists above change: a new cache is built
_deduce = None
_deduce_failed = False
_deduce_lock = threading.Lock()


def _cache_dir() -> Path:
    configured = os.environ.get("WEGWIJS_DEDUCE_CACHE")
    return Path(configured) if configured else Path.home() / ".cache" / "wegwijs" / "deduce"


def _lookup_data(version: str) -> Path:
    """A copy of deduce's word lists without the unused ones (built once, shared by processes)."""
    import deduce

    source = Path(deduce.__file__).resolve().parent / "data" / "lookup" / "src"
    target = _cache_dir() / f"deduce-{version}-{_LAYOUT}"
    if (target / "src" / ".complete").exists():
        return target
    from deduce.data.lookup.src import all_lists

    building = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    shutil.rmtree(building, ignore_errors=True)
    for name in all_lists:
        destination = building / "src" / name
        if name in _UNUSED_LISTS:
            destination.mkdir(parents=True)
            (destination / "items.txt").write_text("", encoding="utf-8")
        else:
            shutil.copytree(source / name, destination)
    (building / "src" / ".complete").write_text(version, encoding="utf-8")
    try:
        building.rename(target)
    except OSError:  # another process was first: use its copy
        shutil.rmtree(building, ignore_errors=True)
    return target


def get_deduce():
    """The process's Deduce instance (None if deduce cannot be loaded: the patterns still run)."""
    global _deduce, _deduce_failed
    if _deduce is not None or _deduce_failed:
        return _deduce
    with _deduce_lock:
        if _deduce is None and not _deduce_failed:
            try:
                _deduce = _load_deduce()
            except Exception:  # pragma: no cover - a broken install must not stop the chat
                log.exception("deduce could not be loaded; names are scrubbed by patterns only")
                _deduce_failed = True
    return _deduce


def _load_deduce():
    import fcntl
    import json

    import deduce
    from deduce import deduce as deduce_module

    data = _lookup_data(deduce.__version__)
    config = json.loads(Path(deduce_module._BASE_CONFIG_FILE).read_text(encoding="utf-8"))
    config["annotators"] = {k: v for k, v in config["annotators"].items() if k not in _UNUSED_ANNOTATORS}
    with open(data / ".lock", "w") as lock:  # one process builds the cache, the others wait for it
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            return deduce.Deduce(load_base_config=False, config=config, lookup_data_path=data, cache_path=data)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


_NAME_TAGS = ("persoon", "patient")


def _scrub_names_with_deduce(text: str, keep: set[str]) -> str:
    instance = get_deduce()
    if instance is None:
        return text
    try:
        annotations = instance.deidentify(text).annotations
    except Exception:  # pragma: no cover - odd unicode must not stop the chat
        log.warning("deduce could not read a message; names are scrubbed by patterns only")
        return text
    places = [(m.start(), m.end()) for m in _place_pattern().finditer(text)]
    spans = []
    for annotation in annotations:
        tag = annotation.tag.split("+")[0]
        if tag not in _NAME_TAGS:
            continue
        start, end = annotation.start_char, annotation.end_char
        words = [w for w in re.split(r"[\s,]+", annotation.text) if w]
        if any(s < end and start < e for s, e in places) or _is_region_place(annotation.text) \
                or any(w.lower() in keep for w in words) or _MARKER.fullmatch(annotation.text):
            continue  # a place of the region ("Beek en Donk", "Mierlo-Hout"), or a name that may stay
        spans.append((start, end))
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + "[naam]" + text[end:]
    return text


# -- places of the region (kept: routing needs them) ------------------------------------------------

@lru_cache(maxsize=1)
def region_places() -> frozenset[str]:
    """Lowercased names and aliases of the region's municipalities, villages and neighbourhoods."""
    try:
        import yaml

        data = yaml.safe_load(PLACES_FILE.read_text(encoding="utf-8"))
    except (OSError, ImportError):  # pragma: no cover
        return frozenset()
    names: set[str] = set()
    for municipality in data.get("municipalities", []):
        for entry in [municipality, *municipality.get("places", [])]:
            for name in [entry.get("name", ""), *entry.get("aliases", [])]:
                if name:
                    names.add(str(name).lower())
    return frozenset(names)


@lru_cache(maxsize=1)
def _place_pattern() -> re.Pattern:
    """Every place name of the region as a whole word, longest first."""
    names = sorted(region_places(), key=len, reverse=True)
    if not names:
        return re.compile(r"(?!x)x")
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)", re.IGNORECASE)


_PLACE_GLUE = {"en", "de", "het", "in", "bij", "of"}


def _is_region_place(text: str) -> bool:
    """A place of the region, or a run of them ("Neerkant Liessel Helenaveen", "Beek en Donk")."""
    places = region_places()
    lowered = text.lower().strip()
    if lowered in places:
        return True
    words = [w for w in re.split(r"[\s,]+", lowered) if w]
    if not words:
        return False
    # greedy: cover the words with place names (up to three words each) and glue words
    i = 0
    while i < len(words):
        for size in (3, 2, 1):
            if " ".join(words[i:i + size]) in places:
                i += size
                break
        else:
            if words[i] in _PLACE_GLUE:
                i += 1
                continue
            return False
    return True
