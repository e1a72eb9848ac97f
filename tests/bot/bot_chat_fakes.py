"""A fake social map and hub for driving the Dialogue turn by turn, as a resident would.

Places are resolved with the region's real gazetteer (socialmap/places.py), so "zei ik toch" and
"5757" are read the way the action server reads them.
"""

from __future__ import annotations

from dataclasses import dataclass

from actions.dialogue import Dialogue, Services, new_state

from socialmap.places import load_gazetteer
from wegwijs_common.contract import validate


@dataclass
class FakeHit:
    id: str
    name: str


DEFAULT_FOUND = {
    "zelf": [FakeHit("z1", "Boodschappen samen regelen")],
    "omgeving": [FakeHit("o1", "Boodschappenbus Deurne"), FakeHit("o2", "Burenhulp Deurne")],
    "algemeen": [FakeHit("a1", "Boodschappendienst Supermarkt Thuis")],
}


def resolve_place(text: str) -> tuple[str | None, str | None]:
    places = load_gazetteer()
    municipality = places.municipality_of_postcode(text) or places.municipality_of(text)
    if municipality:
        place = places.lookup(text)
        return municipality, place.name if place else text
    return None, None


class Fakes:
    def __init__(self, found=None, fail_search=False, fail_hub=False):
        self.found = DEFAULT_FOUND if found is None else found
        self.fail_search, self.fail_hub = fail_search, fail_hub
        self.sent: list[dict] = []
        self.searches: list[tuple] = []

    def search(self, topic, ladder, municipality, postcode):
        self.searches.append((topic, ladder, municipality))
        if self.fail_search:
            raise RuntimeError("index kapot")
        found = self.found.get(topic, self.found) if isinstance(self.found.get(topic), dict) else self.found
        return found.get(ladder, [])

    def send_handover(self, record):
        if self.fail_hub:
            raise RuntimeError("hub onbereikbaar")
        problems = validate(record)
        assert not problems, problems  # the hub's intake would refuse it
        self.sent.append(record)
        return f"h-{len(self.sent)}"

    def services(self):
        return Services(search=self.search, resolve_place=resolve_place, send_handover=self.send_handover,
                        municipalities=lambda: ["Helmond", "Deurne", "Gemert-Bakel"],
                        topic_label=lambda s: s or "")


class Chat:
    """One conversation: `send` a resident message (intent as Rasa would classify it, the text, entities)."""

    def __init__(self, fakes=None, language=None):
        self.fakes = fakes or Fakes()
        self.dialogue = Dialogue(self.fakes.services())
        self.state = new_state()
        self.turn = None
        self.language = language
        self.bot_texts: list[str] = []

    def send(self, intent, text="", runner_up=None, tier=None, **entities):
        self.turn, self.state = self.dialogue.respond(self.state, intent, entities, text or f"/{intent}", "conv-1",
                                                      runner_up, tier, self.language)
        self.bot_texts += [m["text"] for m in self.turn.messages]
        return self.turn

    def tap(self, title):
        """Tap the button with this title (its payload is sent, as the widget does)."""
        for m in self.turn.messages:
            for b in m.get("buttons", []):
                if b["title"] == title:
                    payload = b["payload"]
                    intent = payload[1:].split("{")[0] if payload.startswith("/") else "nlu_fallback"
                    entities = {}
                    if "{" in payload:
                        import json
                        entities = json.loads(payload[payload.index("{"):])
                    return self.send(intent, payload, **entities)
        raise AssertionError(f"no button {title!r} in {self.titles}")

    @property
    def text(self):
        return " ".join(m["text"] for m in self.turn.messages)

    @property
    def payloads(self):
        return [b["payload"] for m in self.turn.messages for b in m.get("buttons", [])]

    @property
    def titles(self):
        return [b["title"] for m in self.turn.messages for b in m.get("buttons", [])]

    @property
    def questions(self):
        """The question sentences the bot put this turn."""
        return [s.strip() for m in self.turn.messages for s in _sentences(m["text"]) if s.strip().endswith("?")]

    @property
    def record(self):
        return self.fakes.sent[-1]


def _sentences(text: str) -> list[str]:
    import re
    return [s for s in re.split(r"(?<=[.?!])\s+|\n", text) if s]
