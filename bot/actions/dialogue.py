"""The kanteling conversation as plain Python: one turn in, messages and a new state out.

Rasa recognises what the resident means (intent, entities); this module decides what the bot
does with it, so every path can be unit-tested without a Rasa server. Its rules, in order:
a crisis is answered at once; a request for a person, for maatwerk or urgency skips the
remaining steps; otherwise: topic → for whom → municipality → the ladder steps zelf, omgeving,
algemeen (with services from the social map) → maatwerk via a consultant. The order guides and
never blocks.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import texts

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from crisis import detect as detect_crisis  # noqa: E402
from privacy import scrub_pii  # noqa: E402

STEPS = ("zelf", "omgeving", "algemeen")
LADDER = (*STEPS, "maatwerk")
TOPIC_PREFIX = "vraag_"
PHONE = re.compile(r"^\+?[\d\s()-]{10,18}$")
EMAIL = re.compile(r"^[\w.+-]+@[\w-]+(\.[\w-]+)+$")
HELPS_BUTTONS = [("Ja, dit helpt", "/bevestigen"), ("Nee, verder kijken", "/ontkennen"), texts.BUTTON_PERSON]
CONTACT_BUTTONS = [("Hier in de chat", '/geef_contact{"contact_soort": "chat"}'),
                   ("Bel mij", '/geef_contact{"contact_soort": "telefoon"}'),
                   ("Mail mij", '/geef_contact{"contact_soort": "email"}')]
RELATION_WORDS = {"mother": "moeder", "father": "vader", "client": "cliënt"}


def is_phone(value: str) -> bool:
    """A Dutch phone number: 10 digits starting with 0, or +31/0031 and 9 digits."""
    if not PHONE.match(value):
        return False
    digits = re.sub(r"\D", "", value)
    return (len(digits) == 10 and digits.startswith("0")) or \
        (digits.startswith("31") and len(digits) == 11) or (digits.startswith("0031") and len(digits) == 13)


# "ik ben 84", "mijn moeder van 87", "hij is 91 jaar"; not "al 10 jaar", "2 jaar geleden", "is 19,50"
_AGE = re.compile(r"\b(?:ik ben|is|van|wordt|werd)\s+(\d{1,3})(?:\s*(?:jaar|jr)\b(?!\s*geleden))?"
                  r"(?![\d.,]|\s*(?:euro|per|keer|uur|minuten|kilo|procent|%|jaar geleden|dagen|weken|maanden))")
_NOT_AN_AGE = re.compile(r"(nummer|bijdrage|tarief|prijs|kost|bedrag|rekening|huur)\w*\s*$")


def age_in(text: str) -> int | None:
    """The age a resident states in a message, or None (the leeftijd entity only says there is one)."""
    text = text.lower()
    for found in _AGE.finditer(text):
        if not _NOT_AN_AGE.search(text[:found.start()]) and 0 < int(found.group(1)) < 120:
            return int(found.group(1))
    return None


CRISIS_STAGES = ("crisis_offer", "crisis_check")
CRISIS_CHECK_BUTTONS = [("Ja, ik wil met iemand praten", "/mens_spreken"), ("Nee, ik ben niet in gevaar", "/ontkennen")]
DENIAL = re.compile(r"^\s*(nee|neen|no|nope)\b", re.IGNORECASE)


def new_state() -> dict:
    return {
        "mode": "bot", "stage": None, "topic": None, "other_topics": [], "for_whom": None,
        "relation": None, "municipality": None, "area": None, "postcode": None,
        "place_attempts": 0, "question": None, "details": [], "ladder_step": None,
        "ladder": {}, "services_offered": [], "urgency": "normaal", "safety_flags": [],
        "anonymous": False, "handover_id": None, "contact": None, "contact_kind": None,
        "direct_request": None, "listen_turns": 0, "pending_topic": None, "resume_stage": None, "age": None,
    }


@dataclass
class Turn:
    """What the bot says this turn, and the state it leaves behind."""

    messages: list[dict] = field(default_factory=list)
    services: list[str] = field(default_factory=list)
    crisis: bool = False

    def say(self, text: str, buttons: list[tuple[str, str]] | None = None) -> None:
        message: dict = {"text": text}
        if buttons:
            message["buttons"] = [{"title": title, "payload": payload} for title, payload in buttons]
        self.messages.append(message)


@dataclass
class Services:
    """What the dialogue needs from outside; the action wires the real clients in."""

    search: Callable[[str, str, str | None, str | None], list]
    resolve_place: Callable[[str], tuple[str | None, str | None]]
    send_handover: Callable[[dict], str]
    municipalities: Callable[[], list[str]]
    topic_label: Callable[[str | None], str]
    contact_phone: str = "14 0492"
    contact_hours: str = "maandag tot en met vrijdag van 8.30 tot 17.00 uur"


class Dialogue:
    def __init__(self, services: Services):
        self.s = services

    # -- one turn ---------------------------------------------------------------------------

    def respond(self, state: dict, intent: str, entities: dict[str, str], text: str,
                conversation_id: str, runner_up: str | None = None) -> tuple[Turn, dict]:
        """One bot turn. `runner_up` is the classifier's best topic intent after `intent`: where
        only the classifier (not the lexicon) heard a crisis, the bot asks, and goes on with it
        when the resident says they are not in danger."""
        state = {**new_state(), **(state or {})}
        turn = Turn()
        text = text or ""
        if state["anonymous"]:
            text = scrub_pii(text) or ""
        self._take_entities(state, entities, text)

        if state["stage"] in CRISIS_STAGES and DENIAL.match(text):
            intent = "ontkennen"  # "nee, ik denk niet aan zelfdoding" answers the question, it is no crisis
            sure = False
        else:
            sure = not text.startswith("/") and detect_crisis(text) is not None
        if sure:
            self._crisis(state, turn, text, intent if intent.startswith(TOPIC_PREFIX) else runner_up)
        elif intent == "crisis":
            self._crisis_check(state, turn, text, runner_up)
        elif intent == "terug_naar_bot":
            state.update(mode="anoniem" if state["anonymous"] else "bot", stage=None, handover_id=None)
            turn.say(texts.BACK)
        elif state["mode"] in ("wacht-op-mens", "mens"):
            turn.say(texts.WAITING)
        elif state["stage"] == "contact_value" and intent not in ("mens_spreken", "ontkennen"):
            self._contact_value(state, turn, text, conversation_id)
        elif intent == "geef_contact" or (state["stage"] == "contact_kind" and entities.get("contact_soort")):
            self._contact_kind(state, turn, entities.get("contact_soort"), conversation_id)
        elif intent == "anoniem":
            self._become_anonymous(state)
            state["stage"] = None
            turn.say(texts.ANONYMOUS_ON, [("Ik wil mijn verhaal kwijt", "/luisteren"),
                                          ("Ik zoek hulp", "/hulp_zoeken"),
                                          ("Praat met een luisteraar", "/mens_spreken")])
        elif intent == "luisteren":
            self._become_anonymous(state)
            state.update(stage="listening", listen_turns=0)
            turn.say(texts.LISTEN_START)
        elif intent in ("mens_spreken", "maatwerk_aanvragen", "spoed"):
            if intent == "spoed":
                state["urgency"] = "spoed"
            state["direct_request"] = {"mens_spreken": "mens", "maatwerk_aanvragen": "maatwerk",
                                       "spoed": "spoed"}[intent]
            self._remember_question(state, text, intent)
            self._start_handover(state, turn)
        elif intent == "buiten_scope":
            turn.say(texts.OUT_OF_SCOPE.format(phone=self.s.contact_phone, hours=self.s.contact_hours))
        elif intent.startswith(TOPIC_PREFIX):
            self._set_topic(state, intent[len(TOPIC_PREFIX):].replace("_", "-"), text)
            self._proceed(state, turn)
        elif state["stage"] == "listening" and intent not in ("hulp_zoeken", "bevestigen", "afscheid"):
            self._listen(state, turn, text)
        elif intent == "hulp_zoeken":
            state["stage"] = None
            self._proceed(state, turn)
        elif intent in ("voor_mijzelf", "voor_ander"):
            state["for_whom"] = "zelf" if intent == "voor_mijzelf" else "ander"
            self._proceed(state, turn)
        elif intent == "geef_plaats" or (state["stage"] == "place" and (entities.get("plaats") or entities.get("postcode"))):
            self._place(state, turn, entities, text)
        elif intent == "bevestigen":
            self._yes(state, turn, conversation_id)
        elif intent == "ontkennen":
            self._no(state, turn)
        elif intent == "weet_niet" and state["stage"] == "place":
            state["place_attempts"] = 2
            turn.say(texts.PLACE_SKIPPED)
            self._proceed(state, turn)
        elif intent == "weet_niet" and state["stage"] == "for_whom":
            state["for_whom"] = "zelf"
            self._proceed(state, turn)
        elif intent == "groeten":
            turn.say(texts.GREETING if state["topic"] is None else texts.BACK)
        elif intent == "bedanken":
            turn.say(texts.THANKS)
        elif intent == "afscheid":
            state["stage"] = "done"
            turn.say(texts.GOODBYE)
        elif state["stage"] == "place" and text and not text.startswith("/"):
            self._place(state, turn, {"plaats": text}, text)
        else:
            self._not_understood(state, turn)
        return turn, state

    # -- pieces -------------------------------------------------------------------------------

    def _become_anonymous(self, state: dict) -> None:
        """From now on nothing identifying is kept: clean what was said before, too."""
        state.update(anonymous=True, mode="anoniem", postcode=None, contact=None, age=None)
        state["question"] = scrub_pii(state["question"])
        state["details"] = [scrub_pii(d) for d in state["details"]]

    def _take_entities(self, state: dict, entities: dict[str, str], text: str) -> None:
        age = age_in(text) if entities.get("leeftijd") else None
        if age and not state["anonymous"]:
            state["age"] = age
        relation = entities.get("relatie")
        if relation:
            state["relation"] = RELATION_WORDS.get(relation.lower(), relation.lower())
            if state["relation"] != "mantelzorger":
                state["for_whom"] = "ander"

    def _remember_question(self, state: dict, text: str, intent: str) -> None:
        if not text or text.startswith("/"):
            return
        if state["question"] is None:
            state["question"] = text
        elif text != state["question"] and len(state["details"]) < 5:
            state["details"].append(text)

    def _set_topic(self, state: dict, topic: str, text: str) -> None:
        if state["topic"] and state["topic"] != topic:
            if state["topic"] not in state["other_topics"]:
                state["other_topics"].append(state["topic"])
            state["ladder"], state["ladder_step"] = {}, None
        elif state["ladder_step"] == "maatwerk":
            state["ladder_step"] = None  # the same topic again after all steps: walk them anew
        state["topic"] = topic
        self._remember_question(state, text, "topic")

    def _hold(self, state: dict, topic_intent: str | None) -> None:
        """Before a crisis turn: what to come back to when the resident says they are not in danger."""
        if state["stage"] not in CRISIS_STAGES:
            state["resume_stage"] = state["stage"]
        state["pending_topic"] = topic_intent[len(TOPIC_PREFIX):].replace("_", "-") \
            if topic_intent and topic_intent.startswith(TOPIC_PREFIX) else None

    def _resume(self, state: dict, turn: Turn, said: str) -> None:
        """'Nee' to a crisis question: say it is fine, then pick up where the conversation was."""
        turn.say(said)
        previous, state["resume_stage"] = state.get("resume_stage"), None
        topic, state["pending_topic"] = state.get("pending_topic"), None
        if previous == "listening":
            state["stage"] = "listening"
            turn.say(texts.LISTEN_GO_ON)
        elif previous == "step":
            state["stage"] = "step"
            turn.say(texts.ASK_HELPS, HELPS_BUTTONS)
        elif previous == "consent":
            self._start_handover(state, turn)
        elif state["mode"] in ("wacht-op-mens", "mens"):
            state["stage"] = previous
            turn.say(texts.WAITING)
        else:
            state["stage"] = None
            if topic and state["topic"] is None:
                state["topic"] = topic
            self._proceed(state, turn)

    def _crisis(self, state: dict, turn: Turn, text: str, topic_intent: str | None = None) -> None:
        self._hold(state, topic_intent)
        match = detect_crisis(text) if text else None
        flag = match.kind if match else "crisis"
        if flag not in state["safety_flags"]:
            state["safety_flags"].append(flag)
        state["urgency"] = "spoed"
        self._remember_question(state, text, "crisis")
        state["stage"] = "crisis_offer"
        turn.crisis = True
        turn.say(texts.HELPLINES)
        turn.say(texts.CRISIS_OFFER, [("Ja, ik wil met iemand praten", "/mens_spreken"),
                                      ("Nee, nu niet", "/ontkennen")])

    def _crisis_check(self, state: dict, turn: Turn, text: str, runner_up: str | None) -> None:
        """The classifier heard danger and the lexicon did not: the helplines at once all the same,
        and one direct question. Asking about suicide does not put it in anyone's head; a resident
        who is not in danger goes on with their question with one tap."""
        self._hold(state, runner_up)
        self._remember_question(state, text, "crisis")
        state["stage"] = "crisis_check"
        turn.crisis = True
        turn.say(texts.CRISIS_CHECK)
        turn.say(texts.HELPLINES)
        turn.say(texts.CRISIS_OFFER, CRISIS_CHECK_BUTTONS)

    def _listen(self, state: dict, turn: Turn, text: str) -> None:
        state["listen_turns"] += 1
        self._remember_question(state, text, "luisteren")
        turn.say(texts.LISTEN_REPLIES[(state["listen_turns"] - 1) % len(texts.LISTEN_REPLIES)])
        if state["listen_turns"] % 3 == 0:
            turn.say(texts.LISTEN_OFFER, [("Praat met een luisteraar", "/mens_spreken"),
                                          ("Zoek hulp", "/hulp_zoeken")])

    def _proceed(self, state: dict, turn: Turn) -> None:
        """Ask the next missing thing, or take the next ladder step."""
        if state["topic"] is None:
            state["stage"] = "topic"
            turn.say(texts.ASK_TOPIC, texts.TOPIC_BUTTONS)
            return
        if state["for_whom"] is None:
            state["stage"] = "for_whom"
            turn.say(texts.ASK_FOR_WHOM, [texts.BUTTON_SELF, texts.BUTTON_OTHER])
            return
        if state["municipality"] is None and state["place_attempts"] < 2:
            state["stage"] = "place"
            turn.say(texts.ASK_PLACE, self._place_buttons())
            return
        self._next_step(state, turn)

    def _place_buttons(self) -> list[tuple[str, str]]:
        return [(m, f'/geef_plaats{{"plaats": "{m}"}}') for m in self.s.municipalities()] + [texts.BUTTON_SKIP_PLACE]

    def _place(self, state: dict, turn: Turn, entities: dict[str, str], text: str) -> None:
        candidate = entities.get("postcode") or entities.get("plaats") or text
        municipality, area = self.s.resolve_place(candidate) if candidate else (None, None)
        if municipality:
            state.update(municipality=municipality, area=area)
            if entities.get("postcode") and not state["anonymous"]:
                state["postcode"] = entities["postcode"]
            self._proceed(state, turn)
            return
        state["place_attempts"] += 1
        if state["place_attempts"] >= 2:
            turn.say(texts.PLACE_SKIPPED)
            self._proceed(state, turn)
        else:
            state["stage"] = "place"
            turn.say(texts.PLACE_UNKNOWN, self._place_buttons())

    def _next_step(self, state: dict, turn: Turn) -> None:
        current = state["ladder_step"]
        start = 0 if current is None else LADDER.index(current) + 1
        if start >= len(LADDER):
            # Every step was taken already: ask for a new question rather than fall silent.
            state["stage"] = "done"
            turn.say(texts.ASK_TOPIC, texts.TOPIC_BUTTONS + [texts.BUTTON_PERSON])
            return
        if start == 0:
            turn.say(texts.LADDER_INTRO)
        for step in LADDER[start:]:
            if step == "maatwerk":
                state.update(ladder_step="maatwerk", stage="maatwerk_offer")
                found_any = any(s["name"] for s in state["services_offered"])
                turn.say(texts.MAATWERK_OFFER if found_any else f"{texts.NOTHING_FOUND} {texts.OFFER_PERSON}",
                         [texts.BUTTON_YES, texts.BUTTON_NO])
                return
            try:
                hits = self.s.search(state["topic"], step, state["municipality"], state["postcode"])
            except Exception:
                state.update(stage="search_failed")
                turn.say(texts.SEARCH_FAILED)
                turn.say(texts.OFFER_PERSON, [texts.BUTTON_YES, texts.BUTTON_NO])
                return
            if not hits:
                state["ladder"][step] = "Niets gevonden in de sociale kaart."
                continue
            state.update(ladder_step=step, stage="step")
            names = [hit.name for hit in hits]
            state["ladder"][step] = "Aangeboden: " + "; ".join(names) + "."
            state["services_offered"] += [{"id": hit.id, "name": hit.name, "reaction": None} for hit in hits]
            turn.services = [hit.id for hit in hits]
            turn.say(texts.STEP_INTRO[step])
            turn.say(texts.ASK_HELPS, HELPS_BUTTONS)
            return

    def _react(self, state: dict, reaction: str) -> None:
        step = state["ladder_step"]
        if step in STEPS:
            state["ladder"][step] = f"{state['ladder'].get(step, '')} Reactie: {reaction}.".strip()
        for offered in state["services_offered"]:
            if offered["reaction"] is None:
                offered["reaction"] = reaction

    def _yes(self, state: dict, turn: Turn, conversation_id: str) -> None:
        stage = state["stage"]
        if stage == "step":
            self._react(state, "helpt")
            state["stage"] = "done"
            turn.say(texts.HELPS)
        elif stage in ("maatwerk_offer", "search_failed", "offer_person", "crisis_offer", "crisis_check"):
            if stage == "maatwerk_offer":
                state["ladder"]["maatwerk"] = "Inwoner wil een gesprek met een Wmo-consulent."
            self._start_handover(state, turn)
        elif stage == "consent":
            if state["anonymous"]:
                self._finish_handover(state, turn, conversation_id, "anoniem")
            else:
                state["stage"] = "contact_kind"
                turn.say(texts.ASK_CONTACT, CONTACT_BUTTONS)
        elif stage == "for_whom":
            state["for_whom"] = "zelf"
            self._proceed(state, turn)
        else:
            self._proceed(state, turn)

    def _no(self, state: dict, turn: Turn) -> None:
        stage = state["stage"]
        if stage == "step":
            self._react(state, "helpt niet")
            self._next_step(state, turn)
        elif stage in ("maatwerk_offer", "search_failed", "offer_person", "consent", "contact_kind", "contact_value"):
            state.update(stage="done", contact=None, contact_kind=None)
            turn.say(texts.NO_HANDOVER.format(phone=self.s.contact_phone, hours=self.s.contact_hours))
        elif stage == "crisis_offer":
            self._resume(state, turn, texts.CRISIS_DECLINED)
        elif stage == "crisis_check":
            self._resume(state, turn, texts.CRISIS_CHECK_DECLINED)
        elif stage == "done":
            turn.say(texts.GOODBYE)  # "nee" to "Kan ik u nog ergens anders mee helpen?"
        else:
            turn.say(texts.THANKS)

    def _not_understood(self, state: dict, turn: Turn) -> None:
        if state["stage"] in CRISIS_STAGES:  # "ik weet het niet", "misschien": the offer stays open
            turn.say(texts.CRISIS_STILL_OPEN, CRISIS_CHECK_BUTTONS)
        elif state["stage"] == "for_whom":
            turn.say(texts.ASK_FOR_WHOM, [texts.BUTTON_SELF, texts.BUTTON_OTHER])
        elif state["stage"] == "step":
            turn.say(texts.ASK_HELPS, HELPS_BUTTONS)
        elif state["topic"] is None:
            turn.say(texts.NOT_UNDERSTOOD, texts.TOPIC_BUTTONS + [texts.BUTTON_PERSON])
        else:
            turn.say(texts.NOT_UNDERSTOOD, [texts.BUTTON_PERSON])

    # -- handover -----------------------------------------------------------------------------

    def _start_handover(self, state: dict, turn: Turn) -> None:
        if state["stage"] == "crisis_check":  # asked whether they are in danger, they want a person
            state["urgency"] = "spoed"
            if "crisis" not in state["safety_flags"]:
                state["safety_flags"].append("crisis")
        if state["stage"] in CRISIS_STAGES:
            state["pending_topic"] = state["resume_stage"] = None
        state["stage"] = "consent"
        turn.say(texts.SUMMARY_HEAD)
        turn.say(self.summary_text(state))
        if state["anonymous"]:
            turn.say(texts.SUMMARY_ANONYMOUS)
        turn.say(texts.ASK_CONSENT, [("Ja, geef het door", "/bevestigen"), ("Nee", "/ontkennen")])

    def summary_text(self, state: dict) -> str:
        lines = [f"• Uw vraag: {state['question'] or 'nog niet beschreven'}"]
        if state["topic"]:
            lines.append(f"• Onderwerp: {self.s.topic_label(state['topic'])}")
        if state["for_whom"] == "ander":
            lines.append(f"• Voor: uw {state['relation']}" if state["relation"] else "• Voor: iemand anders")
        if state["age"]:
            lines.append(f"• Leeftijd: {state['age']} jaar")
        if state["municipality"]:
            lines.append(f"• Gemeente: {state['municipality']}")
        for step in STEPS:
            if step in state["ladder"]:
                lines.append(f"• {step.capitalize()}: {state['ladder'][step]}")
        if state["urgency"] == "spoed":
            lines.append("• Spoed: ja")
        return "\n".join(lines)

    def _contact_kind(self, state: dict, turn: Turn, kind: str | None, conversation_id: str) -> None:
        if kind == "chat":
            state["contact"] = {"preference": "chat", "value": ""}
            self._finish_handover(state, turn, conversation_id, "chat")
        elif kind in ("telefoon", "email"):
            state.update(stage="contact_value", contact_kind=kind)
            turn.say(texts.ASK_PHONE if kind == "telefoon" else texts.ASK_EMAIL)
        else:
            state["stage"] = "contact_kind"
            turn.say(texts.ASK_CONTACT, CONTACT_BUTTONS)

    def _contact_value(self, state: dict, turn: Turn, text: str, conversation_id: str) -> None:
        kind = state["contact_kind"]
        value = text.strip()
        valid = is_phone(value) if kind == "telefoon" else EMAIL.match(value)
        if not valid:
            turn.say(texts.BAD_PHONE if kind == "telefoon" else texts.BAD_EMAIL)
            return
        state["contact"] = {"preference": kind, "value": value}
        self._finish_handover(state, turn, conversation_id, kind)

    def record(self, state: dict, conversation_id: str) -> dict:
        """The DESIGN §7 handover fields the bot knows (the hub adds id, status, dates, link)."""
        anonymous = state["anonymous"]
        clean = scrub_pii if anonymous else (lambda t: t)
        problem = " ".join(clean(d) for d in state["details"]) or clean(state["question"] or "")
        ladder = {step: state["ladder"].get(step, "Niet besproken.") for step in LADDER}
        if state["direct_request"] == "maatwerk":
            ladder["maatwerk"] = "Inwoner vraagt direct om een maatwerkvoorziening."
        proposed = "Gesprek met een Wmo-consulent over maatwerk." if state["ladder_step"] == "maatwerk" or \
            state["direct_request"] == "maatwerk" else "Gesprek met een medewerker."
        return {
            "conversation_id": conversation_id,
            "municipality": state["municipality"],
            "area": state["area"],
            "topic": state["topic"],
            "other_topics": state["other_topics"],
            "for_whom": state["for_whom"] or "zelf",
            "relation": state["relation"],
            "question": clean(state["question"] or ""),
            "problem": problem,
            "limitations": "",
            "ladder": ladder,
            "services_offered": state["services_offered"],
            "proposed_solutions": proposed,
            "urgency": state["urgency"],
            "safety_flags": state["safety_flags"],
            "mantelzorger": "ja, de vrager zorgt voor een naaste" if state["relation"] else "",
            "household": f"Leeftijd: {state['age']} jaar" if state["age"] and not anonymous else "",
            "contact": None if anonymous else state["contact"],
            "anonymous": anonymous,
            "consent": {"given": True, "at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                        "text": texts.ASK_CONSENT},
        }

    def _finish_handover(self, state: dict, turn: Turn, conversation_id: str, kind: str) -> None:
        try:
            handover_id = self.s.send_handover(self.record(state, conversation_id))
        except Exception:
            state["stage"] = "done"
            turn.say(texts.HANDOVER_FAILED.format(phone=self.s.contact_phone, hours=self.s.contact_hours))
            return
        state.update(handover_id=handover_id, mode="wacht-op-mens", stage="waiting")
        turn.say(texts.HANDED_OVER[kind])
