"""Crisis judgement from two sources, the tiered lexicon (bot/crisis.py) and the classifier, with
an explicit level so the dialogue can judge in context.

Every parse gets a top-level `crisis` field (documented in docs/interfaces.md, "NLU parse"):

    {"level": "explicit" | "veiled" | "unsure" | None, "kind": "suicide" | "geweld" | "medisch" | None,
     "source": "lexicon" | "classifier" | None, "confidence": float}

- explicit: the lexicon's tier 1 ("ik wil dood", "he is hitting me"): intent `crisis`;
- veiled: the lexicon's tier 2 ("het hoeft voor mij niet meer"), or the classifier gives crisis at
  least crisis.CLASSIFIER_SURE, at any rank, and there is no look-alike: intent `crisis`;
  for a message of several sentences that leans to crisis (CLASSIFIER_UNSURE or more), also when
  ONE sentence on its own has a crisis confidence of crisis.SENTENCE_SURE or more and that sentence
  is no look-alike: the strongest sentence decides, the rest of the story does not dilute it (and
  grief told in another sentence does not excuse it);
- unsure: the classifier leans to crisis but not enough (CLASSIFIER_UNSURE or more, or crisis on
  top), or it would be sure but the message is a look-alike ("doodmoe", grief, a "dead" scootmobiel): the intent is the best other one, so the bot asks its
  ordinary question; the dialogue may use the level in context (listening, an answer to its own
  question) to ask gently;
- None: no signal.
A crisis that also asks for a person or a call stays a crisis: a request for a person never
outranks a crisis the classifier is sure of.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from crisis import (  # noqa: E402
    CLASSIFIER_SURE,
    CLASSIFIER_UNSURE,
    SENTENCE_SURE,
    SENTENCE_UNSURE,
    CrisisMatch,
    detect,
    near_miss,
)

from .sentences import sentences  # noqa: E402

CRISIS_KEY = "crisis"
EXPLICIT, VEILED, UNSURE = "explicit", "veiled", "unsure"


def lexicon(text: str, parts: list[str]) -> CrisisMatch | None:
    """The lexicon on the whole message and on each of its sentences: the strongest match wins
    ("Ik wil niet meer." said as one sentence of a story is heard as it is said alone)."""
    found = [m for m in [detect(text)] + ([detect(p) for p in parts] if len(parts) > 1 else []) if m]
    return min(found, key=lambda m: m.tier) if found else None


def judge(text: str, ranking: list[dict], sure_confidence: float, unsure_confidence: float,
          sentence_crisis: float = 0.0, sentence_at: int | None = None,
          sentence_sure: float = SENTENCE_SURE, sentence_unsure: float = SENTENCE_UNSURE) -> dict:
    """The crisis field for one message from its text, the classifier's (calibrated) ranking and
    the highest crisis confidence of one of its sentences (`sentence_at`: which one)."""
    parts = sentences(text)
    match = lexicon(text, parts)
    if match:
        return {"level": EXPLICIT if match.tier == 1 else VEILED, "kind": match.kind, "source": "lexicon",
                "confidence": 1.0}
    scores = {r.get("name"): float(r.get("confidence") or 0.0) for r in ranking}
    p_crisis = scores.get("crisis", 0.0)
    top = ranking[0].get("name") if ranking else None
    strongest = parts[sentence_at] if len(parts) > 1 and sentence_at is not None and 0 <= sentence_at < len(parts) \
        else None
    # a look-alike is judged where the crisis sounds: grief in another sentence excuses nothing
    if p_crisis >= sure_confidence and not near_miss(strongest or text):
        # whatever ranks first: "bel mij" or a topic beside a crisis does not outweigh it
        return {"level": VEILED, "kind": None, "source": "classifier", "confidence": p_crisis}
    # a story that leans to crisis is one when one of its sentences alone is sure: the rest of the
    # story does not dilute that sentence (without the lean, everyday story sentences alone sound
    # like a crisis far too often: 20 alarms in cross-validation instead of 1)
    if strongest and p_crisis >= unsure_confidence and sentence_crisis >= sentence_sure and not near_miss(strongest):
        return {"level": VEILED, "kind": None, "source": "classifier", "confidence": sentence_crisis}
    if p_crisis >= unsure_confidence or top == "crisis" or sentence_crisis >= sentence_unsure:
        return {"level": UNSURE, "kind": None, "source": "classifier", "confidence": p_crisis}
    return {"level": None, "kind": None, "source": None, "confidence": p_crisis}


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class CrisisDetector(GraphComponent, IntentClassifier):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # None: the thresholds of bot/crisis.py (chosen there on our held-out sets, never on the dev
        # set), read at load time so that changing them needs no new training run
        return {"sure_confidence": None, "unsure_confidence": None}

    def __init__(self, config: dict[str, Any] | None = None) -> None:
        config = {**self.get_default_config(), **(config or {})}
        self.config = {"sure_confidence": config["sure_confidence"] or CLASSIFIER_SURE,
                       "unsure_confidence": config["unsure_confidence"] or CLASSIFIER_UNSURE}

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> CrisisDetector:
        return cls(config)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if not text or text.startswith("/"):
                message.set(CRISIS_KEY, {"level": None, "kind": None, "source": None, "confidence": 0.0},
                            add_to_output=True)
                continue
            ranking = message.get(INTENT_RANKING_KEY) or []
            verdict = judge(text, ranking, self.config["sure_confidence"], self.config["unsure_confidence"],
                            float(message.get("sentence_crisis") or 0.0), message.get("sentence_crisis_at"))
            message.set(CRISIS_KEY, verdict, add_to_output=True)
            if verdict["level"] in (EXPLICIT, VEILED):
                crisis = {"name": "crisis", "confidence": max(verdict["confidence"], 0.0) if verdict["source"]
                          == "classifier" else 1.0}
                message.set(INTENT, crisis, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [crisis] + [r for r in ranking if r.get("name") != "crisis"],
                            add_to_output=True)
                if verdict["kind"]:
                    entities = list(message.get(ENTITIES) or [])
                    entities.append({"entity": "crisis_type", "value": verdict["kind"], "start": 0, "end": 0,
                                     "extractor": "CrisisDetector", "confidence_entity": 1.0})
                    message.set(ENTITIES, entities, add_to_output=True)
            elif (message.get(INTENT) or {}).get("name") == "crisis":
                rest = [r for r in ranking if r.get("name") not in ("crisis", "nlu_fallback")]
                fallback = rest[0] if rest else {"name": "nlu_fallback", "confidence": 0.0}
                message.set(INTENT, fallback, add_to_output=True)
                message.set(INTENT_RANKING_KEY, rest or [fallback], add_to_output=True)
        return messages
