"""The handover record (design §7) as the bot sends it to the hub's intake API: one typed
structure and one validation, so that a record with a wrong type, an unknown value or an endless
text is refused at the door (400 naming the field) instead of breaking the workspace later.

The hub fills ``id``, ``created_at``, ``status`` and ``transcript_url``; everything else is here.
``kind`` says which queue the record belongs to: a Wmo question, a zorgmelding (a worry about
someone else), or an anonymous listening conversation.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Any, Literal

Kind = Literal["wmo", "zorgmelding", "luisteren"]
KINDS = ("wmo", "zorgmelding", "luisteren")
FOR_WHOM = ("zelf", "ander")
URGENCY = ("normaal", "spoed")
CONTACT_PREFERENCES = ("chat", "telefoon", "email")
LANGUAGES = ("nl", "en")
LADDER_STEPS = ("zelf", "omgeving", "algemeen", "maatwerk")
CONVERSATION_ID = re.compile(r"^[A-Za-z0-9_-]{1,128}$")
# Characters no stored text may hold: NUL (PostgreSQL refuses it) and lone UTF-16 surrogates
# (JSON may carry "\ud800"; no database can store it as UTF-8).
FORBIDDEN = re.compile(r"[\x00\ud800-\udfff]")

SHORT, MEDIUM, LONG = 120, 2000, 5000
MAX_ITEMS = 50


@dataclass
class OfferedService:
    id: str
    name: str
    reaction: str | None = None


@dataclass
class SummaryLine:
    """One line of the summary exactly as the resident saw and approved it."""

    field: str  # what the line is about: question, words, crisis, topic, for_whom, municipality, ...
    text: str


@dataclass
class Contact:
    preference: str
    value: str | None = None


@dataclass
class Consent:
    given: bool
    at: str | None = None
    text: str | None = None


@dataclass
class HandoverRecord:
    question: str
    for_whom: str
    urgency: str
    anonymous: bool
    consent: Consent
    conversation_id: str | None = None
    kind: str = "wmo"
    municipality: str | None = None
    area: str | None = None
    topic: str | None = None
    other_topics: list[str] = field(default_factory=list)
    relation: str | None = None
    problem: str | None = None
    limitations: str | None = None
    ladder: dict[str, str] = field(default_factory=dict)
    services_offered: list[OfferedService] = field(default_factory=list)
    proposed_solutions: str | None = None
    safety_flags: list[str] = field(default_factory=list)
    mantelzorger: str | None = None
    household: str | None = None
    contact: Contact | None = None
    preferred_time: str | None = None
    safe_to_contact: bool | None = None
    corrections: list[str] = field(default_factory=list)
    summary: list[SummaryLine] = field(default_factory=list)  # what staff see as approved
    language: str = "nl"

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


REQUIRED = ("question", "for_whom", "ladder", "urgency", "anonymous", "consent")
# field -> max length of the text (None: not a text field)
TEXTS = {"conversation_id": SHORT, "municipality": SHORT, "area": SHORT, "topic": SHORT, "relation": SHORT,
         "question": MEDIUM, "problem": LONG, "limitations": MEDIUM, "proposed_solutions": MEDIUM,
         "mantelzorger": MEDIUM, "household": MEDIUM, "preferred_time": SHORT}
ENUMS = {"for_whom": FOR_WHOM, "urgency": URGENCY, "kind": KINDS, "language": LANGUAGES}
KNOWN = {f.name for f in dataclasses.fields(HandoverRecord)} | {"ladder"}


class ContractError(ValueError):
    """A record that breaks the contract; ``problems`` lists (field, Dutch message)."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{name}: {message}" for name, message in problems))

    @property
    def fields(self) -> list[str]:
        return [name for name, _ in self.problems]


def _text(name: str, value: object, limit: int, problems: list, required: bool = False) -> None:
    if value is None and not required:
        return
    if not isinstance(value, str):
        problems.append((name, "moet tekst zijn"))
    elif required and not value.strip():
        problems.append((name, "mag niet leeg zijn"))
    elif len(value) > limit:
        problems.append((name, f"is te lang (hoogstens {limit} tekens)"))
    elif FORBIDDEN.search(value):
        problems.append((name, "bevat ongeldige tekens"))


def _text_list(name: str, value: object, problems: list) -> None:
    if value is None:
        return
    if not isinstance(value, list) or len(value) > MAX_ITEMS:
        problems.append((name, f"moet een lijst van hoogstens {MAX_ITEMS} teksten zijn"))
        return
    for index, item in enumerate(value):
        _text(f"{name}[{index}]", item, MEDIUM, problems, required=True)


def validate(record: object) -> list[tuple[str, str]]:
    """Every way `record` breaks the contract, as (field, message); empty when it is fine."""
    if not isinstance(record, dict):
        return [("(record)", "stuur de overdracht als JSON-object")]
    problems: list[tuple[str, str]] = [(name, "ontbreekt") for name in REQUIRED if name not in record]
    for name, limit in TEXTS.items():
        if name in record:
            _text(name, record[name], limit, problems, required=name == "question")
    for name, allowed in ENUMS.items():
        if name in record and record[name] not in allowed and not (name in ("kind", "language")
                                                                     and record[name] is None):
            problems.append((name, f"moet een van deze waarden zijn: {', '.join(allowed)}"))
    for name in ("anonymous", "safe_to_contact"):
        if name in record and not isinstance(record[name], bool) and not (
                name == "safe_to_contact" and record[name] is None):
            problems.append((name, "moet true of false zijn"))
    conversation_id = record.get("conversation_id")
    if isinstance(conversation_id, str) and not CONVERSATION_ID.match(conversation_id):
        problems.append(("conversation_id", "is geen geldige gespreks-id"))
    for name in ("other_topics", "safety_flags"):
        _text_list(name, record.get(name), problems)
    corrections = record.get("corrections")
    if isinstance(corrections, str):
        _text("corrections", corrections, LONG, problems)
    else:
        _text_list("corrections", corrections, problems)
    ladder = record.get("ladder")
    if "ladder" in record and ladder is not None:
        if not isinstance(ladder, dict):
            problems.append(("ladder", "moet een object zijn met zelf, omgeving, algemeen, maatwerk"))
        else:
            for step, text in ladder.items():
                if step not in LADDER_STEPS:
                    problems.append((f"ladder.{step}", "is geen stap van de ladder"))
                else:
                    _text(f"ladder.{step}", text, MEDIUM, problems)
    offered = record.get("services_offered")
    if offered is not None:
        if not isinstance(offered, list) or len(offered) > MAX_ITEMS:
            problems.append(("services_offered", f"moet een lijst van hoogstens {MAX_ITEMS} diensten zijn"))
        else:
            for index, item in enumerate(offered):
                where = f"services_offered[{index}]"
                if not isinstance(item, dict):
                    problems.append((where, "moet een object zijn met id, name en reaction"))
                    continue
                _text(f"{where}.id", item.get("id"), SHORT, problems, required=True)
                _text(f"{where}.name", item.get("name"), 300, problems, required=True)
                _text(f"{where}.reaction", item.get("reaction"), SHORT, problems)
    summary = record.get("summary")
    if summary is not None:
        if not isinstance(summary, list) or len(summary) > MAX_ITEMS:
            problems.append(("summary", f"moet een lijst van hoogstens {MAX_ITEMS} regels zijn"))
        else:
            for index, line in enumerate(summary):
                if not isinstance(line, dict):
                    problems.append((f"summary[{index}]", "moet een object zijn met field en text"))
                    continue
                _text(f"summary[{index}].field", line.get("field"), 40, problems, required=True)
                _text(f"summary[{index}].text", line.get("text"), LONG, problems, required=True)
    contact = record.get("contact")
    if contact is not None:
        if not isinstance(contact, dict):
            problems.append(("contact", "moet een object zijn met preference en value, of null"))
        else:
            if contact.get("preference") not in CONTACT_PREFERENCES:
                problems.append(("contact.preference", f"moet een van deze waarden zijn: "
                                                       f"{', '.join(CONTACT_PREFERENCES)}"))
            _text("contact.value", contact.get("value"), 200, problems)
    consent = record.get("consent")
    if "consent" in record:
        if not isinstance(consent, dict):
            problems.append(("consent", "moet een object zijn met given, at en text"))
        else:
            if consent.get("given") is not True:
                problems.append(("consent", "zonder toestemming van de inwoner wordt niets doorgegeven"))
            _text("consent.at", consent.get("at"), 64, problems)
            _text("consent.text", consent.get("text"), MEDIUM, problems)
    return problems


def parse(record: object) -> HandoverRecord:
    """The typed record; raises ContractError naming every field that breaks the contract.
    Fields the contract does not know are dropped (they would be stored unchecked)."""
    problems = validate(record)
    if problems:
        raise ContractError(problems)
    assert isinstance(record, dict)
    values = {name: value for name, value in record.items() if name in KNOWN and value is not None}
    values["consent"] = Consent(**{k: v for k, v in record["consent"].items() if k in ("given", "at", "text")})
    if record.get("contact") is not None:
        values["contact"] = Contact(preference=record["contact"]["preference"], value=record["contact"].get("value"))
    values["services_offered"] = [OfferedService(id=s["id"], name=s["name"], reaction=s.get("reaction"))
                                  for s in record.get("services_offered") or []]
    values["ladder"] = {step: text for step, text in (record.get("ladder") or {}).items() if text is not None}
    values["summary"] = [SummaryLine(field=line["field"], text=line["text"]) for line in record.get("summary") or []]
    if isinstance(record.get("corrections"), str):
        values["corrections"] = [record["corrections"]] if record["corrections"] else []
    if values.get("kind") is None:
        values["kind"] = "luisteren" if record.get("anonymous") else "wmo"
    return HandoverRecord(**values)


def _as_text(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float, bool)):
        return str(value)
    return None


def _as_texts(value: object) -> list[str]:
    if not isinstance(value, list):
        return []
    return [text for text in (_as_text(item) for item in value) if text]


def readable(stored: dict) -> dict:
    """A stored record in the shape pages expect, whatever is in the database: texts are text
    (``""`` for a missing question), lists are lists, objects are objects. Rows written before
    this contract, by hand or by a bug must never take a consultant's workspace down."""
    record = dict(stored)
    for name in (*TEXTS, "id", "created_at", "status", "transcript_url"):
        if name in record:
            record[name] = _as_text(record[name])
    record["question"] = record.get("question") or ""
    for name in ("other_topics", "safety_flags", "corrections"):
        record[name] = _as_texts(record.get(name))
    ladder = record.get("ladder")
    record["ladder"] = {str(step): _as_text(text) or "" for step, text in ladder.items()} \
        if isinstance(ladder, dict) else {}
    offered = record.get("services_offered")
    record["services_offered"] = [
        {"id": _as_text(s.get("id")) or "", "name": _as_text(s.get("name")) or "",
         "reaction": _as_text(s.get("reaction"))}
        for s in (offered if isinstance(offered, list) else []) if isinstance(s, dict)]
    summary = record.get("summary")
    record["summary"] = [
        {"field": _as_text(line.get("field")) or "", "text": _as_text(line.get("text")) or ""}
        for line in (summary if isinstance(summary, list) else []) if isinstance(line, dict)]
    for name in ("contact", "consent", "callback"):
        value = record.get(name)
        if name in record and value is not None:
            record[name] = {str(k): _as_text(v) if not isinstance(v, bool) else v for k, v in value.items()} \
                if isinstance(value, dict) else None
    record["anonymous"] = bool(record.get("anonymous"))
    return record
