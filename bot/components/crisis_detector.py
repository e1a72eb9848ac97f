"""Sets the intent to `crisis` when the tiered lexicon (bot/crisis.py) matches, whatever the
classifier said, and takes a classifier's `crisis` back when the message is only a near-miss
("ik ben doodmoe van het poetsen")."""

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
from crisis import detect, near_miss  # noqa: E402


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class CrisisDetector(GraphComponent, IntentClassifier):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {}

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> CrisisDetector:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if not text or text.startswith("/"):
                continue
            match = detect(text)
            ranking = message.get(INTENT_RANKING_KEY) or []
            if match:
                crisis = {"name": "crisis", "confidence": 1.0}
                message.set(INTENT, crisis, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [crisis] + [r for r in ranking if r.get("name") != "crisis"],
                            add_to_output=True)
                entities = list(message.get(ENTITIES) or [])
                entities.append({"entity": "crisis_type", "value": match.kind, "start": 0, "end": 0,
                                 "extractor": "CrisisDetector", "confidence_entity": 1.0})
                message.set(ENTITIES, entities, add_to_output=True)
            elif (message.get(INTENT) or {}).get("name") == "crisis" and near_miss(text):
                rest = [r for r in ranking if r.get("name") not in ("crisis", "nlu_fallback")]
                fallback = rest[0] if rest else {"name": "nlu_fallback", "confidence": 0.0}
                message.set(INTENT, fallback, add_to_output=True)
                message.set(INTENT_RANKING_KEY, rest or [fallback], add_to_output=True)
        return messages
