"""The conversation as a typed state: what the bot knows, where it is, what it asked.

Rasa keeps it in the `gesprek` slot as a plain dict (`to_slot` / `from_slot`), so a tracker
written by an older action server still loads: unknown keys are dropped, missing ones get
their default, an unknown stage starts afresh.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from enum import Enum


class Stage(str, Enum):
    """Where the conversation is: most stages are a question the bot waits an answer to."""

    START = "start"
    TOPIC = "topic"                    # which need
    TOPIC_CHOICE = "topic_choice"      # two topics are close: which one
    FOR_WHOM = "for_whom"              # for yourself or for someone else
    PLACE = "place"                    # which municipality
    STEP = "step"                      # does this ladder step help
    MAATWERK_OFFER = "maatwerk_offer"  # shall I prepare it for a consultant
    CONCERN_OFFER = "concern_offer"    # pass the worry to the wijkteam (zorgmelding)
    SEARCH_FAILED = "search_failed"
    PERSON_PLACE = "person_place"      # a person was asked for: which municipality, asked once
    CONSENT = "consent"                # the summary: may I pass this on
    CORRECT = "correct"                # which line is wrong
    CORRECT_VALUE = "correct_value"    # what should that line say
    CONTACT_KIND = "contact_kind"      # chat, phone or e-mail
    SAFE_TO_CONTACT = "safe_to_contact"
    CONTACT_VALUE = "contact_value"    # the number or address
    PREFERRED_TIME = "preferred_time"
    WAITING = "waiting"                # handed over, a person comes
    ANYTHING_ELSE = "anything_else"    # "Kan ik u nog ergens anders mee helpen?"
    CLOSED = "closed"                  # said goodbye: no more questions
    LISTENING = "listening"
    CRISIS_OFFER = "crisis_offer"      # helplines shown: talk to a person now?

    @classmethod
    def of(cls, value: object) -> Stage:
        try:
            return cls(value)
        except ValueError:
            return cls.START


QUESTION_STAGES = {Stage.TOPIC, Stage.TOPIC_CHOICE, Stage.FOR_WHOM, Stage.PLACE, Stage.STEP,
                   Stage.MAATWERK_OFFER, Stage.CONCERN_OFFER, Stage.SEARCH_FAILED, Stage.PERSON_PLACE,
                   Stage.CONSENT, Stage.CORRECT, Stage.CORRECT_VALUE, Stage.CONTACT_KIND,
                   Stage.SAFE_TO_CONTACT, Stage.CONTACT_VALUE, Stage.PREFERRED_TIME, Stage.ANYTHING_ELSE,
                   Stage.CRISIS_OFFER}


@dataclass
class Conversation:
    """Everything the bot keeps between turns (design §6 fields plus what the summary needs)."""

    mode: str = "bot"                      # bot | anoniem | wacht-op-mens | mens
    stage: Stage = Stage.START
    language: str = "nl"
    language_fixed: bool = False           # the page said which language: do not guess
    topic: str | None = None
    other_topics: list[str] = field(default_factory=list)
    topic_options: list[str] = field(default_factory=list)  # offered as a choice
    for_whom: str | None = None            # zelf | ander
    relation: str | None = None            # the person the help is for (ander)
    relation_mentioned: str | None = None  # a relative in the story, role not clear yet
    cares_for: str | None = None           # a mantelzorger asking for themself: for whom they care
    municipality: str | None = None
    area: str | None = None
    postcode: str | None = None
    place_attempts: int = 0
    question: str | None = None
    details: list[str] = field(default_factory=list)
    crisis_words: list[str] = field(default_factory=list)
    age: int | None = None
    ladder_step: str | None = None
    ladder: dict[str, str] = field(default_factory=dict)
    services_offered: list[dict] = field(default_factory=list)
    urgency: str = "normaal"
    safety_flags: list[str] = field(default_factory=list)
    anonymous: bool = False
    concern: bool = False                  # worried about someone who does not ask for help
    offers_help: bool = False              # wants to volunteer
    direct_request: str | None = None      # mens | maatwerk | spoed
    kind: str = "wmo"                      # wmo | zorgmelding | luisteren (wegwijs_common/contract.py)
    handover_id: str | None = None
    contact: dict | None = None
    contact_kind: str | None = None
    pending_contact: str | None = None     # a number typed before "is it safe" was answered
    safe_to_contact: bool | None = None
    preferred_time: str | None = None
    correcting: str | None = None          # the summary line being corrected
    corrections: list[str] = field(default_factory=list)  # "Gemeente: Deurne → Asten", as staff read it
    asked: list[str] = field(default_factory=list)   # question keys asked, in order
    acknowledged: list[str] = field(default_factory=list)
    listen_turns: int = 0
    resume_stage: str | None = None        # where to go on after "nee" to the crisis offer
    pending_topic: str | None = None

    def to_slot(self) -> dict:
        data = dataclasses.asdict(self)
        data["stage"] = self.stage.value
        return data

    @classmethod
    def from_slot(cls, data: dict | None) -> Conversation:
        data = dict(data or {})
        known = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["stage"] = Stage.of(values.get("stage") or Stage.START.value)
        return cls(**values)

    @property
    def in_crisis(self) -> bool:
        return bool(self.safety_flags)

    def remember(self, text: str) -> None:
        """The resident's own words: the first message is the question, later ones details."""
        if not text or text.startswith("/"):
            return
        if self.question is None:
            self.question = text
        elif text != self.question and text not in self.details and len(self.details) < 6:
            self.details.append(text)
