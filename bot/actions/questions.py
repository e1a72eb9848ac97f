"""The table of questions the bot asks (`QUESTIONS`): per stage its text, a second wording for an
answer that does not fit, its buttons, and the function that takes the answer. Each answer function
returns True when it took the message as the answer; otherwise the dialogue handles the message
as a new request (a topic, a person, a goodbye) or asks again (`Dialogue._ask_again`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import facts, texts
from .messages import OVERRIDES, TOPIC_PREFIX, Message, Turn
from .state import Conversation, Stage

if TYPE_CHECKING:
    from .dialogue import Dialogue

HANDOVER_STAGES = {Stage.PERSON_PLACE, Stage.CONSENT, Stage.CORRECT, Stage.CORRECT_VALUE, Stage.CONTACT_KIND,
                   Stage.SAFE_TO_CONTACT, Stage.CONTACT_VALUE, Stage.PREFERRED_TIME}
SUMMARY_LINES = ("question", "topic", "for_whom", "age", "municipality", "urgency")  # lines a resident can correct


@dataclass(frozen=True)
class Question:
    """A question the bot asks: its text (and a second wording for when the answer was not
    understood), its buttons, and who takes the answer. `Dialogue._ask` and `_ask_again` are the one
    place questions are put."""

    key: str
    again: str | None
    buttons: Callable[[Dialogue, Conversation], list[tuple[str, str]]]
    answer: Callable[[Dialogue, Conversation, Turn, Message, str], bool]
    give_up: Callable[[Dialogue, Conversation, Turn, str], None] | None = None


def _yes(msg: Message) -> bool | None:
    if msg.intent in ("bevestigen",):
        return True
    if msg.intent in ("ontkennen",):
        return False
    return facts.yes_no(msg.typed) if msg.typed else None


def _answer_topic(d: Dialogue, c: Conversation, turn: Turn, msg: Message, cid: str) -> bool:
    if not msg.topic and c.topic_options and _yes(msg) is True:  # "ja" to "Gaat uw vraag over ...?"
        msg = Message(f"{TOPIC_PREFIX}{c.topic_options[0].replace('-', '_')}", msg.entities, msg.text)
    if msg.topic:
        c.topic_options = []
        d._acknowledge(c, turn, msg)
        d._set_topic(c, msg.topic, msg)
        d._proceed(c, turn)
        return True
    return False


def _answer_topic_choice(d: Dialogue, c: Conversation, turn: Turn, msg: Message, cid: str) -> bool:
    chosen = msg.topic or next((t for t in c.topic_options if facts.matches(msg.text, d.s.topic_label(t))), None)
    if chosen:
        for other in c.topic_options:
            if other != chosen and other not in c.other_topics:
                c.other_topics.append(other)
        c.topic_options = []
        d._set_topic(c, chosen, msg)
        d._proceed(c, turn)
        return True
    return False


def _answer_for_whom(d: Dialogue, c: Conversation, turn: Turn, msg: Message, cid: str) -> bool:
    if msg.intent == "voor_mijzelf":
        said = facts.ForWhom("zelf")
    elif msg.intent == "voor_ander":
        said = facts.for_whom_answer(msg.typed, c.relation_mentioned) if msg.typed else None
        said = said if said and said.for_whom == "ander" else facts.ForWhom("ander", c.relation_mentioned)
    elif msg.intent == "weet_niet":
        said = facts.ForWhom("zelf")
    else:
        said = facts.for_whom_answer(msg.typed, c.relation_mentioned) if msg.typed else None
    if said is None:
        return False
    c.for_whom, c.relation = said.for_whom, said.relation if said.for_whom == "ander" else None
    if said.for_whom == "zelf" and c.relation_mentioned and facts.for_whom_in(c.question or "").cares_for:
        c.cares_for = c.relation_mentioned
    place = facts.place_in(msg.typed, d.s.resolve_place) if msg.typed else None
    if place and c.municipality is None:
        d._set_place(c, place)
    d._proceed(c, turn)
    return True


def _place_of(d: Dialogue, msg: Message) -> facts.PlaceFact | None:
    candidate = msg.entities.get("postcode") or msg.entities.get("plaats")
    if candidate:
        municipality, area = d.s.resolve_place(candidate)
        if municipality:
            return facts.PlaceFact(municipality, area, msg.entities.get("postcode"))
    return facts.place_in(msg.typed, d.s.resolve_place) if msg.typed else None


def _answer_place(d: Dialogue, c: Conversation, turn: Turn, msg: Message, cid: str) -> bool:
    place = _place_of(d, msg)
    if place:
        d._set_place(c, place)
        d._proceed(c, turn)
        return True
    if msg.intent == "weet_niet" or (msg.typed and re.search(r"\b(liever niet|zeg ik niet|weet (ik )?niet|"
                                                             r"rather not|don'?t know)\b", facts.fold(msg.typed))):
        _skip_place(d, c, turn, cid)
        return True
    # a place the region does not have: said as one ("ik woon in Groningen" reads like a housing
    # question to the classifier), or any typed answer that is no new question
    if msg.intent in ("geef_plaats",) or (msg.typed and (facts.states_a_place(msg.typed) or (
            not msg.topic and msg.intent not in OVERRIDES))):
        c.place_attempts += 1
        turn.say(d.t(c, "place_unknown"))
        d._ask_again(c, turn, cid)
        return True
    return False


def _skip_place(d: Dialogue, c: Conversation, turn: Turn, cid: str) -> None:
    c.place_attempts = 2
    turn.say(d.t(c, "place_skipped"))
    d._proceed(c, turn)


def _answer_person_place(d: Dialogue, c: Conversation, turn: Turn, msg: Message, cid: str) -> bool:
    """Asked once after "ik wil een mens spreken": whatever the answer, the summary comes next."""
    place = _place_of(d, msg)
    if place:
        d._set_place(c, place)
    else:
        c.remember(msg.typed) if msg.typed and msg.intent not in ("weet_niet",) and len(msg.typed) > 25 else None
    d._summary(c, turn)
    return True


def _answer_step(d: Dialogue, c: Conversation, turn: Turn, msg: Message, cid: str) -> bool:
    said = True if facts.matches(msg.text, d.t(c, "button.helps_yes")) else _yes(msg)
    if said is True:
        d._react(c, "helpt")
        turn.say(d.t(c, "helps"))
        d._ask(c, turn, Stage.ANYTHING_ELSE)
        return True
    if said is False or facts.matches(msg.text, d.t(c, "button.helps_no")):
        d._react(c, "helpt niet")
        d._next_step(c, turn)
        return True
    return False


def _answer_offer(d: Dialogue, c: Conversation, turn: Turn, msg: Message, cid: str) -> bool:
    said = _yes(msg)
    if said is True:
        if c.stage == Stage.MAATWERK_OFFER and any(s["name"] for s in c.services_offered):
            c.ladder["maatwerk"] = "Inwoner wil een gesprek met een Wmo-consulent."
        d._start_handover(c, turn)
        return True
    if said is False:
        d._no_handover(c, turn)
        return True
    return False


def _answer_concern(d: Dialogue, c: Conversation, turn: Turn, msg: Message, cid: str) -> bool:
    said = _yes(msg)
    if said is True or facts.matches(msg.text, d.t(c, "button.concern_yes")):
        c.kind = "zorgmelding"
        c.ladder["maatwerk"] = "Melder wil de zorg doorgeven aan het wijkteam."
        d._summary(c, turn)
        return True
    if said is False or facts.matches(msg.text, d.t(c, "button.concern_no")):
        d._ask(c, turn, Stage.ANYTHING_ELSE)
        return True
    return False


def _answer_consent(d: Dialogue, c: Conversation, turn: Turn, msg: Message, cid: str) -> bool:
    if facts.matches(msg.text, d.t(c, "button.consent_no")) or (
            msg.typed and re.search(r"\b(niet doorgeven|stuur niets|niets doorgeven|don'?t pass|do not pass)\b",
                                    facts.fold(msg.typed))):
        d._no_handover(c, turn)
        return True
    if facts.matches(msg.text, d.t(c, "button.consent_fix")):
        d._ask(c, turn, Stage.CORRECT)
        return True
    said = _yes(msg)
    if said is True:
        d._contact_next(c, turn, cid)
        return True
    if said is False:  # "Nee" no longer ends everything: what is not right?
        if msg.typed and len(msg.typed.split()) > 2 and _apply_free_correction(d, c, msg.typed):
            turn.say(d.t(c, "corrected"))
            d._summary(c, turn, again=True)
        else:
            d._ask(c, turn, Stage.CORRECT)
        return True
    if msg.typed and _apply_free_correction(d, c, msg.typed):
        turn.say(d.t(c, "corrected"))
        d._summary(c, turn, again=True)
        return True
    return False


def _line_buttons(d: Dialogue, c: Conversation) -> list[tuple[str, str]]:
    keys = [key for key, _ in d.summary_lines(c) if key in SUMMARY_LINES]
    for key in ("for_whom", "municipality"):
        if key not in keys:
            keys.append(key)
    return [(d.t(c, f"line.{key}"), d.t(c, f"line.{key}")) for key in keys] + [d.b(c, "consent_no", d.t(
        c, "button.consent_no"))]


def _answer_correct(d: Dialogue, c: Conversation, turn: Turn, msg: Message, cid: str) -> bool:
    if facts.matches(msg.text, d.t(c, "button.consent_no")):
        d._no_handover(c, turn)
        return True
    line = next((key for key in SUMMARY_LINES if facts.matches(msg.text, d.t(c, f"line.{key}"))), None)
    if line:
        c.correcting = line
        d._ask(c, turn, Stage.CORRECT_VALUE, line=d.t(c, f"line.{line}"))
        return True
    if msg.typed:
        if not _apply_free_correction(d, c, msg.typed):
            d._correction(c, None, None, msg.typed)
        turn.say(d.t(c, "corrected"))
        d._summary(c, turn, again=True)
        return True
    return False


def _apply_free_correction(d: Dialogue, c: Conversation, text: str) -> bool:
    """A correction typed in a sentence ("ik woon in Asten", "het is voor mijn vader")."""
    place = facts.place_in(text, d.s.resolve_place)
    if place and place.municipality != c.municipality:
        d._correction(c, "municipality", c.municipality, place.municipality)
        d._set_place(c, place)
        return True
    said = facts.for_whom_in(text)
    if said.for_whom and (said.for_whom, said.relation) != (c.for_whom, c.relation):
        d._correction(c, "for_whom", c.relation or c.for_whom, said.relation or said.for_whom)
        c.for_whom, c.relation = said.for_whom, said.relation
        return True
    return False


def _answer_correct_value(d: Dialogue, c: Conversation, turn: Turn, msg: Message, cid: str) -> bool:
    line, text = c.correcting or "question", msg.typed or msg.text
    old = dict(d.summary_lines(c)).get(line)
    if line == "municipality":
        place = _place_of(d, msg)
        if place:
            d._set_place(c, place)
        else:
            c.municipality, c.area = None, None
    elif line == "for_whom":
        said = facts.for_whom_answer(text, c.relation_mentioned) or facts.for_whom_in(text)
        c.for_whom, c.relation = said.for_whom or c.for_whom, said.relation
    elif line == "age":
        digits = re.search(r"\d{1,3}", text)
        c.age = int(digits.group(0)) if digits and 0 < int(digits.group(0)) < 120 else None
    elif line == "urgency":
        c.urgency = "spoed" if facts.yes_no(text) is not False and not c.in_crisis or c.in_crisis else "normaal"
    elif line == "topic" and msg.topic:
        c.topic = msg.topic
    elif line == "question":
        c.question = text
    d._correction(c, line, old, text)
    c.correcting = None
    turn.say(d.t(c, "corrected"))
    d._summary(c, turn, again=True)
    return True


def _answer_contact_kind(d: Dialogue, c: Conversation, turn: Turn, msg: Message, cid: str) -> bool:
    kind = msg.entities.get("contact_soort")
    said = facts.contact_answer(msg.typed, texts.entry(c.language, "time_words")) if msg.typed else None
    kind = kind or (said.kind if said else None)
    if kind not in ("chat", "telefoon", "email"):
        return False
    c.contact_kind = kind
    if said and said.value and kind == said.kind:
        c.pending_contact = said.value  # kept aside until the resident says a call or mail is safe
    if said and said.time:
        c.preferred_time = said.time
    d._contact_next(c, turn, cid)
    return True


def _answer_safe(d: Dialogue, c: Conversation, turn: Turn, msg: Message, cid: str) -> bool:
    said = _yes(msg)
    if said is None:
        return False
    c.safe_to_contact = said
    if not said:
        c.pending_contact = None
    d._contact_next(c, turn, cid)
    return True


def _answer_contact_value(d: Dialogue, c: Conversation, turn: Turn, msg: Message, cid: str) -> bool:
    if msg.intent in OVERRIDES or msg.intent == "ontkennen":
        return False
    said = facts.contact_answer(msg.typed, texts.entry(c.language, "time_words"))
    value = said.value if said.kind == c.contact_kind else None
    if not value and facts.yes_no(msg.typed) is False:  # "liever niet": then here in the chat
        c.contact_kind, c.contact = "chat", {"preference": "chat", "value": ""}
        d._finish(c, turn, cid, "chat")
        return True
    if not value:
        if said.kind == "chat" or (said.kind and said.kind != c.contact_kind and not said.value):
            c.contact_kind, c.safe_to_contact = said.kind, None if said.kind != "chat" else c.safe_to_contact
            d._contact_next(c, turn, cid)
            return True
        turn.say(d.t(c, f"bad_value.{c.contact_kind}"))
        return True
    c.contact = {"preference": c.contact_kind, "value": value}
    if said.time:
        c.preferred_time = said.time
    d._contact_next(c, turn, cid)
    return True


def _answer_time(d: Dialogue, c: Conversation, turn: Turn, msg: Message, cid: str) -> bool:
    words = texts.entry(c.language, "time_words")
    time = facts.preferred_time_in(msg.text, words)
    if time is None and msg.typed:
        time = msg.typed[:60]  # in their own words ("als de kinderen op school zijn")
    c.preferred_time = time or words["any"]
    d._contact_next(c, turn, cid)
    return True


def _answer_anything_else(d: Dialogue, c: Conversation, turn: Turn, msg: Message, cid: str) -> bool:
    if msg.intent == "afscheid" or (msg.typed and facts.is_goodbye(msg.typed)) or (
            _yes(msg) is False and not msg.topic):
        d._goodbye(c, turn)
        return True
    if msg.topic:
        return False  # a new question: the turn handles it as one
    if _yes(msg) is True and not msg.topic:
        d._ask(c, turn, Stage.TOPIC, "ask_topic")
        c.topic, c.ladder_step, c.ladder = None, None, {}
        return True
    return False


def _answer_crisis_offer(d: Dialogue, c: Conversation, turn: Turn, msg: Message, cid: str) -> bool:
    said = True if msg.intent == "mens_spreken" else _yes(msg)
    if said is True:
        c.pending_topic = c.resume_stage = None
        c.direct_request = "mens"
        d._summary(c, turn)
        return True
    if said is False:
        d._resume(c, turn)
        return True
    if msg.topic:
        c.pending_topic = msg.topic
        d._resume(c, turn)
        return True
    if "crisis_still_open" in c.asked:  # asked once more already: the offer stays, the conversation goes on
        d._resume(c, turn)
        return True
    c.asked.append("crisis_still_open")
    turn.say(d.t(c, "crisis_still_open"), QUESTIONS[Stage.CRISIS_OFFER].buttons(d, c))
    return True


def _closed(d: Dialogue, c: Conversation, turn: Turn, msg: Message, cid: str) -> bool:
    if msg.topic or msg.intent in ("hulp_zoeken",):
        c.stage = Stage.START
        return False
    if msg.intent in ("bedanken", "afscheid", "bevestigen", "ontkennen") or (msg.typed and facts.is_goodbye(msg.typed)):
        turn.say(d.t(c, "crisis_closing" if c.in_crisis else "goodbye"))
        return True
    c.stage = Stage.START
    return False


def _no_buttons(d: Dialogue, c: Conversation) -> list[tuple[str, str]]:
    return []


def _yes_no(d: Dialogue, c: Conversation) -> list[tuple[str, str]]:
    return [d.b(c, "yes", "/bevestigen"), d.b(c, "no", "/ontkennen")]


QUESTIONS: dict[Stage, Question] = {
    Stage.TOPIC: Question("ask_topic", "ask_topic_again",
                          lambda d, c: [(d.s.topic_label(t), f"/vraag_{t.replace('-', '_')}") for t in c.topic_options]
                          + [b for b in texts.topic_buttons(c.language)
                             if b[1] not in {f"/vraag_{t.replace('-', '_')}" for t in c.topic_options}]
                          + [d.b(c, "person", "/mens_spreken")], _answer_topic),
    Stage.TOPIC_CHOICE: Question("ask_topic_choice", "ask_choose_below",
                                 lambda d, c: [(d.s.topic_label(t), f"/vraag_{t.replace('-', '_')}")
                                               for t in c.topic_options], _answer_topic_choice),
    Stage.FOR_WHOM: Question("ask_for_whom", "ask_for_whom_again",
                             lambda d, c: [d.b(c, "self", "/voor_mijzelf"),
                                           d.b(c, "other_relation", "/voor_ander",
                                               relation=d.relation_words(c, c.relation_mentioned))
                                           if c.relation_mentioned else d.b(c, "other", "/voor_ander")],
                             _answer_for_whom,
                             lambda d, c, turn, cid: (setattr(c, "for_whom", "zelf"), d._proceed(c, turn))),
    Stage.PLACE: Question("ask_place", "ask_place_again", lambda d, c: d._place_buttons(c), _answer_place,
                          _skip_place),
    Stage.PERSON_PLACE: Question("person_place", None, lambda d, c: d._place_buttons(c), _answer_person_place),
    Stage.STEP: Question("ask_helps.zelf", "ask_helps_again",
                         lambda d, c: [d.b(c, "helps_yes", "/bevestigen"), d.b(c, "helps_no", "/ontkennen"),
                                       d.b(c, "person", "/mens_spreken")], _answer_step),
    Stage.MAATWERK_OFFER: Question("maatwerk_offer", "ask_yes_no_again", _yes_no, _answer_offer),
    Stage.SEARCH_FAILED: Question("offer_person", "ask_yes_no_again", _yes_no, _answer_offer),
    Stage.CONCERN_OFFER: Question("concern_offer", "ask_yes_no_again",
                                  lambda d, c: [d.b(c, "concern_yes", "/bevestigen"),
                                                d.b(c, "concern_no", "/ontkennen")], _answer_concern),
    Stage.CONSENT: Question("ask_consent", "ask_consent_choice",
                            lambda d, c: [d.b(c, "consent_yes", "/bevestigen"),
                                          d.b(c, "consent_fix", d.t(c, "button.consent_fix")),
                                          d.b(c, "consent_no", d.t(c, "button.consent_no"))], _answer_consent),
    Stage.CORRECT: Question("ask_correct", "ask_choose_below", _line_buttons, _answer_correct),
    Stage.CORRECT_VALUE: Question("ask_correct_value", None, _no_buttons, _answer_correct_value),
    Stage.CONTACT_KIND: Question("ask_contact", "ask_contact_again",
                                 lambda d, c: [d.b(c, "chat", '/geef_contact{"contact_soort": "chat"}'),
                                               d.b(c, "phone", '/geef_contact{"contact_soort": "telefoon"}'),
                                               d.b(c, "email", '/geef_contact{"contact_soort": "email"}')],
                                 _answer_contact_kind,
                                 lambda d, c, turn, cid: (setattr(c, "contact_kind", "chat"),
                                                          d._contact_next(c, turn, cid))),
    Stage.SAFE_TO_CONTACT: Question("ask_safe.telefoon", "ask_yes_no_again", _yes_no, _answer_safe),
    Stage.CONTACT_VALUE: Question("ask_value.telefoon", None, _no_buttons, _answer_contact_value),
    Stage.PREFERRED_TIME: Question("ask_preferred_time", None,
                                   lambda d, c: [(d.t(c, f"button.time_{k}"), d.t(c, f"button.time_{k}"))
                                                 for k in ("morning", "afternoon", "evening", "any")],
                                   _answer_time),
    Stage.ANYTHING_ELSE: Question("anything_else", "anything_else_again",
                                  lambda d, c: [d.b(c, "no_thanks", "/afscheid"), d.b(c, "yes", "/bevestigen")],
                                  _answer_anything_else),
    Stage.CRISIS_OFFER: Question("crisis_offer", None,
                                 lambda d, c: [d.b(c, "crisis_yes", "/mens_spreken"),
                                               d.b(c, "crisis_no", "/ontkennen")], _answer_crisis_offer),
    Stage.CLOSED: Question("goodbye", "goodbye", _no_buttons, _closed),
}
