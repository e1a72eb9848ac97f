"""The kanteling conversation as plain Python: one turn in, messages and a new state out.

Rasa recognises what the resident means (intent, entities, crisis tier); this module decides
what the bot does with it, so every path can be unit-tested without a Rasa server. In order:
a crisis is answered at once with who can help now; facts in the message (place, for whom, age,
urgency) are taken, never asked again; an answer to the bot's open question is taken as that;
a request for a person, for maatwerk or urgency skips the remaining steps; otherwise: topic →
for whom → municipality → the ladder steps zelf, omgeving, algemeen (with services from the
social map) → maatwerk via a consultant, or for a worry about someone else a zorgmelding to the
wijkteam. One question per turn. The order guides and never blocks.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from wegwijs_common.municipalities import Municipality

from . import contact, facts, texts
from .messages import OVERRIDES, Message, Turn, topic_of
from .questions import HANDOVER_STAGES, QUESTIONS
from .state import QUESTION_STAGES, Conversation, Stage

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from crisis import detect as detect_crisis  # noqa: E402
from privacy import scrub_pii  # noqa: E402

STEPS = ("zelf", "omgeving", "algemeen")
LADDER = (*STEPS, "maatwerk")
EXPLICIT, VEILED, UNSURE = "explicit", "veiled", "unsure"
DENIAL = re.compile(r"^\s*(nee|neen|no|nope)\b", re.IGNORECASE)

age_in = facts.age_in  # kept for callers of the old module
is_phone = facts.is_phone


def new_state() -> dict:
    return Conversation().to_slot()


@dataclass
class Services:
    """What the dialogue needs from outside; the action wires the real clients in."""

    search: Callable[[str, str, str | None, str | None], list]
    resolve_place: Callable[[str], tuple[str | None, str | None]]
    send_handover: Callable[[dict], str]
    municipalities: Callable[[], list[str]]
    topic_label: Callable[[str | None], str]
    municipality: Callable[[str | None], Municipality | None] = contact.municipality_of


class Dialogue:
    def __init__(self, services: Services):
        self.s = services

    # -- one turn ---------------------------------------------------------------------------

    def respond(self, state: dict, intent: str, entities: dict[str, str], text: str,
                conversation_id: str, runner_up: str | None = None, crisis_tier: str | None = None,
                language: str | None = None, close_topics: list[str] | None = None) -> tuple[Turn, dict]:
        """One bot turn. `crisis_tier` is the NLU's judgement (explicit, veiled, unsure); without
        one the lexicon decides, and a classifier-only crisis counts as unsure. `runner_up` is the
        classifier's best topic after `intent`. `language` is the page's language, if it said.
        `close_topics` are two topics the NLU could not choose between: the resident chooses."""
        c = Conversation.from_slot(state)
        turn = Turn()
        text = (text or "").strip()
        if c.anonymous:
            text = scrub_pii(text) or ""
        self._set_language(c, text, language)
        msg = Message(intent or "nlu_fallback", dict(entities or {}), text,
                      [topic_of(t) or t for t in close_topics or [] if t] if close_topics and len(set(close_topics)) > 1
                      else [], runner_up)
        tier = crisis_tier if crisis_tier is not None else self._tier(msg)
        if c.stage == Stage.CRISIS_OFFER and DENIAL.match(text):
            tier, msg.intent = None, "ontkennen"  # "nee, ik denk niet aan zelfdoding" answers the offer
        if tier in (EXPLICIT, VEILED) and msg.typed:
            self._crisis(c, turn, msg, runner_up)
        else:
            if tier == UNSURE and msg.intent == "crisis":
                msg.intent = runner_up or "nlu_fallback"  # merely unsure: the ordinary question, not the safety one
            self._turn(c, turn, msg, conversation_id)
        return turn, c.to_slot()

    def _tier(self, msg: Message) -> str | None:
        match = detect_crisis(msg.typed) if msg.typed else None
        if match is not None:
            return EXPLICIT if match.tier == 1 else VEILED
        return UNSURE if msg.intent == "crisis" else None

    def _set_language(self, c: Conversation, text: str, page: str | None) -> None:
        if page in texts.LANGUAGES and not c.language_fixed and text != "/terug_naar_bot":  # not the consultant's
            c.language, c.language_fixed = page, True
        said = facts.language_of(text)
        if said and (not c.language_fixed or len(text.split()) >= 4):
            c.language = said  # a resident who writes English is answered in English, and back

    def _turn(self, c: Conversation, turn: Turn, msg: Message, cid: str) -> None:
        intent = msg.intent
        if intent == "terug_naar_bot":
            c.mode, c.stage, c.handover_id = ("anoniem" if c.anonymous else "bot"), Stage.ANYTHING_ELSE, None
            turn.say(self.t(c, "back"))
            return
        if c.mode in ("wacht-op-mens", "mens"):
            turn.say(self.t(c, "waiting"))
            return
        question = QUESTIONS.get(c.stage)
        if c.stage == Stage.LISTENING:
            self._listening(c, turn, msg, cid)
            return
        early = c.stage in HANDOVER_STAGES  # a phone number or "nee" here answers the question, nothing else
        if question and early and question.answer(self, c, turn, msg, cid):
            return
        self._take_facts(c, msg)
        if intent == "anoniem" or (msg.typed and facts.wants_anonymous(msg.typed) and not c.anonymous
                                   and c.stage not in HANDOVER_STAGES):
            self._become_anonymous(c)
            c.stage = Stage.START
            turn.say(self.t(c, "anonymous_on"), [self.b(c, "anon_listen", "/luisteren"),
                                                   self.b(c, "anon_help", "/hulp_zoeken"),
                                                   self.b(c, "listen_person", "/mens_spreken")])
            return
        if intent == "luisteren":
            self._become_anonymous(c)
            c.stage, c.listen_turns = Stage.LISTENING, 0
            turn.say(self.t(c, "listen_start"))
            return
        if intent in OVERRIDES or (msg.typed and facts.wants_person(msg.typed) and c.stage not in HANDOVER_STAGES):
            self._direct_request(c, turn, msg, intent)
            return
        if question and not early and question.answer(self, c, turn, msg, cid):
            return
        question = QUESTIONS.get(c.stage) if c.stage != Stage.CLOSED else None
        if msg.topic and c.topic is None and msg.topic in msg.close_topics and not facts.offers_help(msg.typed):
            self._acknowledge(c, turn, msg)
            c.remember(msg.typed)
            c.topic_options = msg.close_topics[:2]
            self._ask(c, turn, Stage.TOPIC_CHOICE)  # two needs are close: the resident says which first
        elif msg.topic or (msg.typed and facts.offers_help(msg.typed) and c.topic != "vrijwilligerswerk"):
            self._acknowledge(c, turn, msg)
            self._set_topic(c, msg.topic if not facts.offers_help(msg.typed) else "vrijwilligerswerk", msg)
            self._proceed(c, turn)
        elif intent == "hulp_zoeken":
            self._proceed(c, turn)
        elif intent == "buiten_scope":
            turn.say(self.t(c, "out_of_scope", call=self.call(c)))
            self._ask(c, turn, Stage.ANYTHING_ELSE)
        elif intent == "afscheid" or (msg.typed and facts.is_goodbye(msg.typed) and c.topic):
            self._goodbye(c, turn)
        elif intent == "bedanken":
            turn.say(self.t(c, "thanks"))
            if c.stage != Stage.CLOSED and "anything_else" not in c.asked:
                self._ask(c, turn, Stage.ANYTHING_ELSE)
        elif intent == "groeten" and c.topic is None:
            turn.say(self.t(c, "greeting"))
            c.stage = Stage.TOPIC
            c.asked.append("ask_topic")
        elif intent in ("voor_mijzelf", "voor_ander") and question:
            c.for_whom = "zelf" if intent == "voor_mijzelf" else "ander"  # said out of turn: taken, the open question stays
            self._ask_again(c, turn, cid)
        elif question:
            self._ask_again(c, turn, cid)
        elif c.topic is None and (msg.typed or intent != "nlu_fallback"):
            self._remember(c, msg)
            self._acknowledge(c, turn, msg)
            guess = topic_of(msg.runner_up)
            c.topic_options = [guess] if guess else []  # the classifier's next best: offered, not assumed
            self._proceed(c, turn)
        else:
            turn.say(self.t(c, "not_understood"), [self.b(c, "person", "/mens_spreken")])

    # -- texts --------------------------------------------------------------------------------

    def t(self, c: Conversation, key: str, **values: object) -> str:
        return texts.say(c.language, key, **values)

    def call(self, c: Conversation) -> str:
        """Whom to call and when: the resident's own municipality, or "your own municipality" with
        the list under the chat while it is not known (one number for all would be wrong)."""
        found = self.s.municipality(c.municipality)
        if found is None:
            return self.t(c, "call_own_municipality")
        return self.t(c, "call_municipality", name=found.display_name_in(c.language), phone=found.phone,
                      hours=found.hours_text(c.language))

    def b(self, c: Conversation, key: str, payload: str, **values: object) -> tuple[str, str]:
        return texts.button(c.language, key, payload, **values)

    def relation_words(self, c: Conversation, relation: str | None) -> str:
        if not relation:
            return ""
        return facts.RELATION_EN.get(relation, relation) if c.language == "en" else relation

    def who(self, c: Conversation, relation: str | None = None) -> str:
        """'uw buurman' / 'your neighbour', or a neutral word when nobody was named."""
        relation = relation or c.relation
        if relation:
            return self.t(c, "value.your", relation=self.relation_words(c, relation))
        return "die persoon" if c.language == "nl" else "that person"

    # -- questions: the one ask / ask-again helper ---------------------------------------------

    def _ask(self, c: Conversation, turn: Turn, stage: Stage, key: str | None = None, **values: object) -> None:
        question = QUESTIONS[stage]
        key = key or question.key
        c.stage = stage
        c.asked.append(key)
        turn.say(self.t(c, key, **values), question.buttons(self, c))

    def _ask_again(self, c: Conversation, turn: Turn, cid: str) -> None:
        """The answer did not fit the question: ask it in other words; where the question has a way
        to go on without an answer, do that after one second try."""
        question = QUESTIONS[c.stage]
        again = question.again or question.key
        if question.give_up and (question.again is None or c.asked.count(again) >= 1):
            question.give_up(self, c, turn, cid)
            return
        c.asked.append(again)
        text = str(texts.entry(c.language, again))
        values = {"relation": self.relation_words(c, c.relation_mentioned)} if "{relation}" in text else {}
        turn.say(self.t(c, again, **values), question.buttons(self, c))

    # -- facts --------------------------------------------------------------------------------

    def _take_facts(self, c: Conversation, msg: Message) -> None:
        """What a message says about the resident, taken once; a fact already known stays."""
        text = msg.typed
        age = facts.age_in(text) if text else None
        if age and not c.anonymous and c.age is None:
            c.age = age
        if text and facts.is_urgent(text) and not facts.is_goodbye(text):
            c.urgency = "spoed"
        place = facts.place_in(text, self.s.resolve_place) if text else None
        if place is None and (msg.entities.get("postcode") or msg.entities.get("plaats")) and c.stage != Stage.PLACE:
            municipality, area = self.s.resolve_place(msg.entities.get("postcode") or msg.entities["plaats"])
            place = facts.PlaceFact(municipality, area, msg.entities.get("postcode")) if municipality else None
        if place and c.municipality is None and c.stage not in (Stage.PLACE, Stage.PERSON_PLACE):
            self._set_place(c, place)
        if text and c.for_whom is None and c.stage != Stage.FOR_WHOM:
            said = facts.for_whom_in(text)
            c.for_whom = said.for_whom
            c.relation = said.relation
            c.relation_mentioned = said.mentioned or c.relation_mentioned
            c.cares_for = said.cares_for or c.cares_for
        elif text and c.relation_mentioned is None:
            c.relation_mentioned = facts.for_whom_in(text).mentioned
        if text and facts.is_concern(text) and c.for_whom != "zelf":
            c.concern, c.for_whom = True, "ander"
        if text and facts.offers_help(text):
            c.offers_help, c.for_whom = True, c.for_whom or "zelf"

    def _set_place(self, c: Conversation, place: facts.PlaceFact) -> None:
        c.municipality, c.area = place.municipality, place.area
        if place.postcode and not c.anonymous:
            c.postcode = place.postcode

    def _remember(self, c: Conversation, msg: Message) -> None:
        c.remember(msg.typed)

    def _acknowledge(self, c: Conversation, turn: Turn, msg: Message) -> None:
        """One short, varied acknowledgement of what the resident shares (each kind once)."""
        cue = facts.cue_of(msg.typed) if msg.typed else None
        if not cue or cue in c.acknowledged:
            return
        c.acknowledged.append(cue)
        who_relation = facts.for_whom_in(msg.typed).deceased if cue == "grief" else c.relation
        who = self.who(c, who_relation) if who_relation else (
            "uw dierbare" if c.language == "nl" else "your loved one") if cue == "grief" else self.who(c)
        turn.say(texts.variant(c.language, f"ack.{cue}", c.acknowledged, seed=c.question or "", who=who))

    def _become_anonymous(self, c: Conversation) -> None:
        """From now on nothing identifying is kept: clean what was said before, too."""
        c.anonymous, c.mode, c.postcode, c.contact, c.age = True, "anoniem", None, None, None
        c.question = scrub_pii(c.question)
        c.details = [scrub_pii(d) or "" for d in c.details]
        c.crisis_words = [scrub_pii(w) or "" for w in c.crisis_words]
        c.pending_contact = c.preferred_time = None

    def _set_topic(self, c: Conversation, topic: str, msg: Message) -> None:
        if c.topic and c.topic != topic:
            if c.topic not in c.other_topics:
                c.other_topics.append(c.topic)
            c.ladder, c.ladder_step = {}, None
        elif c.ladder_step == "maatwerk" or c.stage in (Stage.ANYTHING_ELSE, Stage.CLOSED):
            c.ladder_step = None  # the same topic again after all steps: walk them anew
        c.topic = topic
        if topic == "vrijwilligerswerk":
            c.offers_help = True
            c.for_whom = c.for_whom or "zelf"
        c.remember(msg.typed)

    # -- the path -----------------------------------------------------------------------------

    def _proceed(self, c: Conversation, turn: Turn) -> None:
        """Ask the next missing thing (each once), or take the next ladder step."""
        if c.topic is None and c.topic_options and "ask_topic_guess" not in c.asked:
            key = "ask_topic_guess_concern" if c.concern else "ask_topic_guess"
            self._ask(c, turn, Stage.TOPIC, key, topic=self.s.topic_label(c.topic_options[0]).lower())
            c.asked.append("ask_topic_guess")
        elif c.topic is None:
            self._ask(c, turn, Stage.TOPIC, "ask_topic_concern" if c.concern else None)
        elif c.for_whom is None and "for_whom" not in c.asked:
            if c.relation_mentioned:
                self._ask(c, turn, Stage.FOR_WHOM, "ask_for_whom_relation",
                          relation=self.relation_words(c, c.relation_mentioned))
                c.asked.append("for_whom")
            else:
                self._ask(c, turn, Stage.FOR_WHOM)
                c.asked.append("for_whom")
        elif c.municipality is None and "place" not in c.asked:
            c.asked.append("place")
            if c.for_whom == "ander" and c.relation:
                self._ask(c, turn, Stage.PLACE, "ask_place_other", relation=self.relation_words(c, c.relation))
            else:
                self._ask(c, turn, Stage.PLACE)
        else:
            self._next_step(c, turn)

    def _place_buttons(self, c: Conversation) -> list[tuple[str, str]]:
        return [(m, f'/geef_plaats{{"plaats": "{m}"}}') for m in self.s.municipalities()] + \
            [self.b(c, "skip_place", "/weet_niet")]

    def _next_step(self, c: Conversation, turn: Turn) -> None:
        start = 0 if c.ladder_step is None else LADDER.index(c.ladder_step) + 1
        if start >= len(LADDER):  # every step was taken: ask for a new question rather than fall silent
            self._ask(c, turn, Stage.TOPIC, "ask_topic_again" if "ask_topic" in c.asked else None)
            return
        if start == 0:
            if c.concern:
                turn.say(self.t(c, "ladder_intro_concern", who=self.who(c)))
            elif not c.offers_help:
                turn.say(self.t(c, "ladder_intro"))
            if c.municipality:
                turn.say(self.t(c, "place_used", place=c.area or c.municipality))
        intro = "step_intro_concern" if c.concern else "step_intro_volunteer" if c.offers_help else "step_intro"
        for step in LADDER[start:]:
            if step == "maatwerk":
                self._last_step(c, turn)
                return
            try:
                hits = self.s.search(c.topic, step, c.municipality, c.postcode)
            except Exception:
                c.ladder_step = "maatwerk"
                turn.say(self.t(c, "search_failed", call=self.call(c)))
                self._ask(c, turn, Stage.SEARCH_FAILED)
                return
            if not hits:
                c.ladder[step] = "Niets gevonden in de sociale kaart."
                turn.say(self.t(c, "step_none", step=self.t(c, f"step_label.{step}")))  # never skipped silently
                continue
            c.ladder_step = step
            c.ladder[step] = "Aangeboden: " + "; ".join(hit.name for hit in hits) + "."
            c.services_offered += [{"id": hit.id, "name": hit.name, "reaction": None} for hit in hits]
            turn.services = [hit.id for hit in hits]
            turn.say(self.t(c, f"{intro}.{step}", who=self.who(c)))
            self._ask(c, turn, Stage.STEP, f"ask_helps.{step}")
            return

    def _last_step(self, c: Conversation, turn: Turn) -> None:
        """After the three steps: volunteering ends with where to sign up; a worry can go to the
        wijkteam; anyone else is offered a consultant (maatwerk)."""
        c.ladder_step = "maatwerk"
        if c.offers_help:
            turn.say(self.t(c, "volunteer_end"))
            self._ask(c, turn, Stage.ANYTHING_ELSE)
        elif c.concern:
            key = "concern_offer" if c.municipality else "concern_offer_region"
            self._ask(c, turn, Stage.CONCERN_OFFER, key, municipality=c.municipality or "", who=self.who(c))
        elif any(s["name"] for s in c.services_offered):
            self._ask(c, turn, Stage.MAATWERK_OFFER)
        else:
            turn.say(self.t(c, "nothing_found"))
            self._ask(c, turn, Stage.MAATWERK_OFFER, "offer_person")

    def _react(self, c: Conversation, reaction: str) -> None:
        if c.ladder_step in STEPS:
            c.ladder[c.ladder_step] = f"{c.ladder.get(c.ladder_step, '')} Reactie: {reaction}.".strip()
        for offered in c.services_offered:
            if offered["reaction"] is None:
                offered["reaction"] = reaction

    def _goodbye(self, c: Conversation, turn: Turn) -> None:
        """A goodbye ends it kindly, with no question after it; after a crisis, with the numbers."""
        c.stage = Stage.CLOSED
        turn.say(self.t(c, "crisis_closing" if c.in_crisis else "goodbye"))

    def _no_handover(self, c: Conversation, turn: Turn) -> None:
        c.contact, c.contact_kind, c.pending_contact = None, None, None
        turn.say(self.t(c, "no_handover", call=self.call(c)))
        self._ask(c, turn, Stage.ANYTHING_ELSE)

    def _correction(self, c: Conversation, line: str | None, old: object, new: object) -> None:
        """What the resident changed in the summary, in words staff read (Dutch, the record's language)."""
        if line is None:
            c.corrections.append(f"Opmerking van de inwoner: {new}")
        else:
            c.corrections.append(f"{texts.say('nl', f'line.{line}')}: {old or '-'} → {new}")

    # -- listening ----------------------------------------------------------------------------

    def _listening(self, c: Conversation, turn: Turn, msg: Message, cid: str) -> None:
        """Reflect, ask nothing the conversation does not need, offer a person now and then."""
        if msg.intent in OVERRIDES or (msg.typed and facts.wants_person(msg.typed)):
            self._direct_request(c, turn, msg, "mens_spreken")
            return
        if msg.intent == "hulp_zoeken":
            c.stage = Stage.START
            self._proceed(c, turn)
            return
        if msg.intent == "afscheid" or (msg.typed and facts.is_goodbye(msg.typed)):
            self._goodbye(c, turn)
            return
        if msg.topic and msg.topic not in c.other_topics:
            c.other_topics.append(msg.topic)  # kept for a summary; the bot goes on listening
        c.listen_turns += 1
        c.remember(msg.typed)
        cue = facts.cue_of(msg.typed) if msg.typed else None
        cue = cue if cue in ("grief", "overload", "lonely") else "worry" if cue == "concern" else "default"
        deceased = facts.for_whom_in(msg.typed).deceased if msg.typed else None
        who = self.who(c, deceased) if deceased else ("uw dierbare" if c.language == "nl" else "your loved one")
        if cue != "default" and f"listen_reflect.{cue}#0" in c.acknowledged and \
                f"listen_reflect.{cue}#1" in c.acknowledged:
            cue = "default"
        turn.say(texts.variant(c.language, f"listen_reflect.{cue}", c.acknowledged, seed=cid, who=who))
        if c.listen_turns % 3 == 0:
            turn.say(self.t(c, "listen_offer"), [self.b(c, "listen_person", "/mens_spreken"),
                                                  self.b(c, "listen_help", "/hulp_zoeken")])

    # -- crisis -------------------------------------------------------------------------------

    def _crisis(self, c: Conversation, turn: Turn, msg: Message, runner_up: str | None) -> None:
        """Who can help now, at once; then one offer of a person. Never a form, never a call-back."""
        if c.stage != Stage.CRISIS_OFFER:
            c.resume_stage = c.stage.value
        c.pending_topic = msg.topic or topic_of(runner_up)
        self._take_facts(c, msg)  # a place or age given here is not asked again later
        match = detect_crisis(msg.typed)
        flag = match.kind if match else "crisis"
        if flag not in c.safety_flags:
            c.safety_flags.append(flag)
        c.urgency = "spoed"
        c.remember(msg.typed)
        if msg.typed not in c.crisis_words:
            c.crisis_words.append(msg.typed)
        if flag == "geweld" and c.for_whom is None:
            c.for_whom = "zelf"
        turn.crisis = True
        turn.say(texts.variant(c.language, "crisis_ack", c.acknowledged, seed=msg.typed))
        turn.say(self.t(c, "helplines_violence" if flag == "geweld" else "helplines"))
        self._ask(c, turn, Stage.CRISIS_OFFER)

    def _resume(self, c: Conversation, turn: Turn) -> None:
        """'Nee' to the crisis offer: say it is fine, then pick up where the conversation was."""
        turn.say(self.t(c, "crisis_declined"))
        previous, c.resume_stage = Stage.of(c.resume_stage), None
        topic, c.pending_topic = c.pending_topic, None
        if previous == Stage.LISTENING:
            c.stage = Stage.LISTENING
            return
        if previous in QUESTION_STAGES and previous != Stage.CRISIS_OFFER:
            c.stage = previous  # the open question stays open; it is not asked twice
            if previous == Stage.STEP:
                turn.say(self.t(c, "ask_helps_again"), QUESTIONS[Stage.STEP].buttons(self, c))
            return
        if topic and c.topic is None:
            c.topic = topic
        c.stage = Stage.START
        if c.topic is not None:
            self._proceed(c, turn)

    # -- handover -----------------------------------------------------------------------------

    def _direct_request(self, c: Conversation, turn: Turn, msg: Message, intent: str) -> None:
        if intent == "spoed":
            c.urgency = "spoed"
        c.direct_request = {"maatwerk_aanvragen": "maatwerk", "spoed": "spoed"}.get(intent, "mens")
        c.remember(msg.typed)
        self._start_handover(c, turn)

    def _start_handover(self, c: Conversation, turn: Turn) -> None:
        """A person was asked for: the municipality (once, in the same turn) if it is not known, so
        the question lands with the right team; then the summary."""
        if c.municipality is None and not c.anonymous and not c.in_crisis and "person_place" not in c.asked:
            turn.say(self.t(c, "person_ack"))
            self._ask(c, turn, Stage.PERSON_PLACE)
            return
        self._summary(c, turn)

    def summary_lines(self, c: Conversation) -> list[tuple[str, str]]:
        """(line key, text) of the summary the resident approves; staff see the same fields."""
        lines = [("question", c.question or self.t(c, "value.not_described"))]
        for detail in c.details[:3]:
            if detail not in c.crisis_words:
                lines.append(("words", detail))
        for words in c.crisis_words:
            if words != c.question:
                lines.append(("crisis", words))
        if c.kind == "zorgmelding":
            lines.append(("kind", self.t(c, "value.zorgmelding")))
        if c.topic:
            lines.append(("topic", self.s.topic_label(c.topic)))
        if c.for_whom == "ander":
            lines.append(("for_whom", self.who(c) if c.relation else self.t(c, "value.other")))
        elif c.for_whom == "zelf":
            lines.append(("for_whom", self.t(c, "value.self")))
        if c.cares_for:
            lines.append(("cares_for", self.who(c, c.cares_for)))
        if c.age:
            lines.append(("age", self.t(c, "value.years", age=c.age)))
        if c.municipality:
            lines.append(("municipality", c.municipality))
        if c.urgency == "spoed":
            lines.append(("urgency", self.t(c, "value.yes")))
        return lines

    def summary_text(self, c: Conversation | dict) -> str:
        c = c if isinstance(c, Conversation) else Conversation.from_slot(c)
        return "\n".join(f"• {self.t(c, f'line.{key}')}: {value}" for key, value in self.summary_lines(c))

    def _summary(self, c: Conversation, turn: Turn, again: bool = False) -> None:
        head = "summary_head_crisis" if c.in_crisis else "summary_head_concern" if c.kind == "zorgmelding" \
            else "summary_head"
        if not again:
            turn.say(self.t(c, head))
        turn.say(self.summary_text(c))
        if c.anonymous:
            turn.say(self.t(c, "summary_anonymous"))
        self._ask(c, turn, Stage.CONSENT, "ask_consent_again" if again else None)

    def _contact_next(self, c: Conversation, turn: Turn, cid: str) -> None:
        """After consent: how to reach the resident, asking only what is still missing."""
        if c.anonymous:
            self._finish(c, turn, cid, "anoniem")
        elif c.in_crisis:
            c.contact = {"preference": "chat", "value": ""}
            self._finish(c, turn, cid, "crisis")  # never a call-back for an acute threat
        elif c.contact_kind is None:
            self._ask(c, turn, Stage.CONTACT_KIND)
        elif c.contact_kind == "chat":
            c.contact = {"preference": "chat", "value": ""}
            self._finish(c, turn, cid, "chat")
        elif c.safe_to_contact is None:
            self._ask(c, turn, Stage.SAFE_TO_CONTACT, f"ask_safe.{c.contact_kind}")
        elif not c.safe_to_contact:
            turn.say(self.t(c, "not_safe"))
            c.contact_kind, c.contact = "chat", {"preference": "chat", "value": ""}
            self._finish(c, turn, cid, "chat")
        elif c.contact is None and c.pending_contact:
            c.contact, c.pending_contact = {"preference": c.contact_kind, "value": c.pending_contact}, None
            self._contact_next(c, turn, cid)
        elif c.contact is None:
            self._ask(c, turn, Stage.CONTACT_VALUE, f"ask_value.{c.contact_kind}")
        elif c.contact_kind == "telefoon" and c.preferred_time is None:
            self._ask(c, turn, Stage.PREFERRED_TIME)
        else:
            self._finish(c, turn, cid, c.contact_kind)

    def record(self, c: Conversation | dict, conversation_id: str) -> dict:
        """The design §7 handover fields the bot knows (the hub adds id, status, dates, link)."""
        c = c if isinstance(c, Conversation) else Conversation.from_slot(c)
        anonymous = c.anonymous
        clean = scrub_pii if anonymous else (lambda t: t)
        problem = " ".join(clean(d) or "" for d in [*c.details, *[w for w in c.crisis_words if w not in c.details
                                                                     and w != c.question]]) \
            or clean(c.question or "")
        ladder = {step: c.ladder.get(step, "Niet besproken.") for step in LADDER}
        if c.direct_request == "maatwerk":
            ladder["maatwerk"] = "Inwoner vraagt direct om een maatwerkvoorziening."
        if c.kind == "zorgmelding":
            proposed = "Zorgmelding: het wijkteam kijkt voorzichtig wat nodig is en neemt contact op met de melder."
        elif c.ladder_step == "maatwerk" or c.direct_request == "maatwerk":
            proposed = "Gesprek met een Wmo-consulent over maatwerk."
        else:
            proposed = "Gesprek met een medewerker."
        contact = None if anonymous else c.contact
        return {
            "conversation_id": conversation_id,
            "kind": "luisteren" if anonymous and c.kind == "wmo" else c.kind,
            "municipality": c.municipality,
            "area": c.area,
            "topic": c.topic,
            "other_topics": c.other_topics,
            "for_whom": c.for_whom or "zelf",
            "relation": c.relation if c.for_whom == "ander" else None,
            "question": clean(c.question or ""),
            "problem": problem,
            "limitations": "",
            "ladder": ladder,
            "services_offered": c.services_offered,
            "proposed_solutions": proposed,
            "urgency": c.urgency,
            "safety_flags": c.safety_flags,
            "mantelzorger": f"ja, zorgt voor {c.cares_for}" if c.cares_for else "",
            "household": f"Leeftijd: {c.age} jaar" if c.age and not anonymous else "",
            "contact": contact,
            "preferred_time": None if anonymous else c.preferred_time,
            "safe_to_contact": None if anonymous or not contact or contact["preference"] == "chat"
            else bool(c.safe_to_contact),
            "corrections": c.corrections,
            "language": c.language,
            "summary": [{"field": key, "text": value} for key, value in self.summary_lines(c)],
            "anonymous": anonymous,
            "consent": {"given": True, "at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                        "text": self.t(c, "ask_consent")},
        }

    def _finish(self, c: Conversation, turn: Turn, cid: str, how: str) -> None:
        try:
            c.handover_id = self.s.send_handover(self.record(c, cid))
        except Exception:
            c.stage = Stage.ANYTHING_ELSE
            key = "handover_failed_crisis" if c.in_crisis else "handover_failed"
            turn.say(self.t(c, key, call=self.call(c)))
            return
        c.mode, c.stage = "wacht-op-mens", Stage.WAITING
        if c.kind == "zorgmelding":
            how = "zorgmelding"
        anytime = texts.say(c.language, "time_words.any")
        when = self.t(c, "when_time", time=c.preferred_time) if c.preferred_time and c.preferred_time != anytime \
            else self.t(c, "when_soon")
        turn.say(self.t(c, f"handed_over.{how}", when=when))


__all__ = ["QUESTIONS", "Dialogue", "Message", "Services", "Turn", "new_state"]
