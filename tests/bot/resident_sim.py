"""A simulated resident: answers whatever the bot asks from their own facts (tests/bot/residents.yml),
typed in their own words or by tapping a button, and a score of the conversation that came of it.

The resident reads only what a resident sees: the bot's texts and buttons, plus the `custom.state`
stage the widget gets (used to know which question is open, as a person reads the question).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

RESIDENTS = Path(__file__).with_name("residents.yml")


def load_residents() -> list[dict]:
    return yaml.safe_load(RESIDENTS.read_text(encoding="utf-8"))["residents"]


@dataclass
class Reply:
    text: str                      # what is sent: typed words or a button payload
    intent: str = "nlu_fallback"   # the unit driver's stand-in for the NLU (ignored end to end)
    entities: dict = field(default_factory=dict)
    tier: str | None = None


class Resident:
    def __init__(self, spec: dict):
        self.spec = spec
        self.facts = spec.get("facts") or {}
        self.typed = bool(spec.get("typed"))
        self.english = (spec.get("expect") or {}).get("language") == "en"
        self.story = list(self.facts.get("story") or [])
        self.done = False
        self.corrected = False

    def first(self) -> Reply:
        first = self.spec["first"]
        return Reply(first["text"], first.get("intent", "nlu_fallback"), tier=first.get("tier"))

    def _button(self, buttons: list[dict], *titles: str) -> Reply | None:
        for title in titles:
            for b in buttons:
                if b["title"].lower() == title.lower():
                    payload = b["payload"]
                    intent = payload[1:].split("{")[0] if payload.startswith("/") else "nlu_fallback"
                    entities = {}
                    if "{" in payload:
                        import json
                        entities = json.loads(payload[payload.index("{"):])
                    return Reply(payload, intent, entities)
        return None

    def _yes(self, yes: bool, buttons: list[dict], *titles: str) -> Reply:
        if self.typed:
            if self.english:
                return Reply("yes please" if yes else "no, not really")
            return Reply("ja graag" if yes else "nee, dat past niet")
        return self._button(buttons, *titles) or Reply("/bevestigen" if yes else "/ontkennen",
                                                       "bevestigen" if yes else "ontkennen")

    def answer(self, stage: str, buttons: list[dict], state: dict) -> Reply | None:
        f = self.facts
        if stage in ("waiting", "closed") or self.done:
            return None
        if stage == "listening":
            if self.story:
                return Reply(self.story.pop(0))
            return self._button(buttons, "Praat met een luisteraar") or Reply("/mens_spreken", "mens_spreken")
        if stage == "topic":
            answer = f.get("topic_answer") or {}
            topic = (self.spec.get("expect") or {}).get("topic")
            tapped = self._button([b for b in buttons if topic and b["payload"] == f"/vraag_{topic.replace('-', '_')}"],
                                  *[b["title"] for b in buttons]) if topic else None
            if tapped and not answer:
                return tapped  # the resident sees their need among the buttons
            if answer:
                return Reply(answer["text"], answer.get("intent", "nlu_fallback"))
            return None
        if stage == "for_whom":
            return Reply(f.get("for_whom", "voor mezelf"))
        if stage in ("place", "person_place"):
            tier = f.get("place_tier")  # the NLU heard a crisis in the answer, unsure: it must not alarm
            return Reply(f.get("place", "Helmond"), "crisis" if tier else "nlu_fallback", tier=tier)
        if stage == "step":
            step = state.get("ladder_step")
            if f.get("person_at") == step:
                return Reply("ik wil liever met iemand praten" if not self.english else "I would like to talk to a person",
                             "mens_spreken")
            helps = f.get("helps_at") == step
            return self._yes(helps, buttons, "Ja, dit helpt" if helps else "Nee, verder kijken",
                             "Yes, this helps" if helps else "No, look further")
        if stage in ("maatwerk_offer", "concern_offer", "search_failed"):
            yes = bool(f.get("accept_offer"))
            return self._yes(yes, buttons, "Ja, geef mijn zorg door" if yes else "Nee, dank u", "Ja" if yes else "Nee",
                             "Yes" if yes else "No")
        if stage == "crisis_offer":
            yes = bool(f.get("accept_offer"))
            return self._yes(yes, buttons, "Ja, ik wil met iemand praten" if yes else "Nee, nu niet")
        if stage == "consent":
            if f.get("correction") and not self.corrected:
                return self._button(buttons, "Er klopt iets niet") or Reply("nee")
            return self._yes(True, buttons, "Ja, geef het door", "Yes, pass it on")
        if stage == "correct":
            self.corrected = True
            return self._button(buttons, f["correction"]["line"])
        if stage == "correct_value":
            return Reply(f["correction"]["value"])
        if stage == "contact_kind":
            contact = f.get("contact", "chat")
            if contact in ("chat", "telefoon", "email") and not self.typed:
                return self._button(buttons, {"chat": "Hier in de chat", "telefoon": "Bel mij",
                                              "email": "Mail mij"}[contact])
            return Reply(contact)
        if stage == "safe_to_contact":
            return Reply(f.get("safe", "ja"))
        if stage == "contact_value":
            return Reply(f.get("phone") or f.get("email") or "")
        if stage == "preferred_time":
            return Reply(f.get("time", "maakt niet uit"))
        if stage == "anything_else":
            self.done = True
            return Reply("no, thank you" if self.english else "nee, dank u wel", "afscheid")
        return None


QUESTION = re.compile(r"[^.?!\n]*\?")


@dataclass
class Score:
    name: str
    turns: int = 0
    questions: list[str] = field(default_factory=list)
    most_questions_in_a_turn: int = 0
    crisis_turns: int = 0
    final_state: dict = field(default_factory=dict)
    record: dict | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def repeated(self) -> list[str]:
        seen, twice = set(), []
        for q in self.questions:
            if q in seen:
                twice.append(q)
            seen.add(q)
        return twice

    def add_turn(self, messages: list[dict], crisis: bool) -> None:
        self.turns += 1
        lines = [line for m in messages for line in m.get("text", "").split("\n") if not line.startswith("•")]
        asked = [q.strip() for line in lines for q in QUESTION.findall(line)]  # a summary line is no question
        self.questions += asked
        self.most_questions_in_a_turn = max(self.most_questions_in_a_turn, len(asked))
        self.crisis_turns += int(crisis)


def judge(spec: dict, score: Score) -> Score:
    """Compare the conversation with what the resident should have got; problems are listed."""
    expect = spec.get("expect") or {}
    state, record = score.final_state, score.record
    fields = {"topic": "topic", "for_whom": "for_whom", "relation": "relation", "municipality": "municipality",
              "age": "age", "language": "language", "urgency": "urgency", "anonymous": "anonymous"}
    for key, name in fields.items():
        if key in expect and state.get(name) != expect[key]:
            score.problems.append(f"{key}: {state.get(name)!r} != {expect[key]!r}")
    if score.repeated:
        score.problems.append(f"asked twice: {score.repeated}")
    if score.most_questions_in_a_turn > 1:
        score.problems.append(f"{score.most_questions_in_a_turn} questions in one turn")
    if bool(expect.get("crisis")) != bool(score.crisis_turns):
        score.problems.append(f"crisis turns: {score.crisis_turns}")
    steps = [s for s in ("zelf", "omgeving", "algemeen", "maatwerk") if s in (state.get("ladder") or {})
             or (s == "maatwerk" and state.get("ladder_step") == "maatwerk")]
    if "steps" in expect and steps != expect["steps"]:
        score.problems.append(f"steps offered: {steps} != {expect['steps']}")
    if bool(expect.get("handover")) != (record is not None):
        score.problems.append(f"handover: {record is not None}")
    if record is not None:
        for key in ("kind", "contact", "preferred_time", "safe_to_contact", "corrections"):
            if key in expect and record.get(key) != expect[key]:
                score.problems.append(f"record.{key}: {record.get(key)!r} != {expect[key]!r}")
        if expect.get("crisis_words") and expect["crisis_words"] not in record["question"] + record["problem"]:
            score.problems.append("the resident's crisis words are not in the record")
    for fact in expect.get("not_asked") or []:  # given in the first message: used, never asked
        if fact in (state.get("asked") or []):
            score.problems.append(f"asked for {fact} though the first message gave it")
    if expect.get("acknowledged") and not state.get("acknowledged"):
        score.problems.append("nothing the resident shared was acknowledged")
    if expect.get("asked_for_whom") and "for_whom" not in (state.get("asked") or []):
        score.problems.append("for whom was not asked though it was unclear")
    return score
