"""What the dialogue stores from a first message: for whom, relation, municipality.

It runs the bot's own dialogue code (bot/actions: `Dialogue.respond` via the same entity reading
as the action) on one parse, with offline services (the region's gazetteer, no social map search,
no hub), so the figures measure the code path a resident's first message takes. The dialogue is
another engineer's and may change shape; the probe reads the state by name and records a failure
as "nothing stored" rather than stopping the evaluation.
"""

from __future__ import annotations

import sys
from dataclasses import asdict, is_dataclass
from pathlib import Path

BOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BOT))
sys.path.insert(0, str(BOT.parent))


def _gazetteer():
    from socialmap.places import load_gazetteer

    return load_gazetteer()


class FactsProbe:
    def __init__(self) -> None:
        from actions.action_wegwijs import entities_of, runner_up
        from actions.dialogue import Dialogue, Services

        self.places = _gazetteer()
        self.entities_of, self.runner_up = entities_of, runner_up
        self.dialogue = Dialogue(Services(
            search=lambda *args, **kwargs: [], resolve_place=self.resolve, send_handover=lambda record: "probe",
            municipalities=self.places.municipality_names, topic_label=lambda slug: slug or ""))
        self.failures = 0

    def resolve(self, text: str) -> tuple[str | None, str | None]:
        municipality = self.places.municipality_of_postcode(text) or self.places.municipality_of(text)
        place = self.places.lookup(text) if municipality else None
        return (municipality, place.name if place else text) if municipality else (None, None)

    def gold_municipality(self, place: str | None) -> str | None:
        if not place:
            return None
        return self.resolve(place)[0]

    def facts(self, parse: dict, gold_place: str | None = None) -> dict:
        entities = self.entities_of(parse)
        candidate = entities.get("postcode") or entities.get("plaats")
        out = {"gold_municipality": self.gold_municipality(gold_place),
               "entity_municipality": self.resolve(candidate)[0] if candidate else None}
        try:
            _, state = self.dialogue.respond({}, (parse.get("intent") or {}).get("name") or "nlu_fallback",
                                             entities, parse.get("text") or "", "probe", self.runner_up(parse))
        except Exception:  # noqa: BLE001 - another engineer's code: count, do not stop the evaluation
            self.failures += 1
            return out
        state = asdict(state) if is_dataclass(state) else dict(state or {})
        for_whom = state.get("for_whom")
        out.update(for_whom=getattr(for_whom, "value", for_whom), relation=state.get("relation"),
                   municipality=state.get("municipality"))
        return out
