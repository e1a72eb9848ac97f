"""Confidence calibration for the intent classifier: one temperature, fitted on cross-validation.

A logistic regression with little regularisation is too sure of itself on messages it has not
seen, and the crisis thresholds and the "not sure" fallback read its confidence as if it were a
probability. Dividing the classifier's logits by a temperature T, fitted on the out-of-fold
logits of the training data (never on a held-out set), makes a confidence of 0.7 right about 70%
of the time. One parameter keeps the ranking unchanged and cannot overfit a small data set.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

FOLDS = 5
SEED = 13
ECE_BINS = 10


def softmax(logits: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    """Row-wise softmax of logits / temperature."""
    scaled = np.asarray(logits, dtype=np.float64) / temperature
    scaled -= scaled.max(axis=1, keepdims=True)
    exp = np.exp(scaled)
    return exp / exp.sum(axis=1, keepdims=True)


def negative_log_likelihood(logits: np.ndarray, labels: np.ndarray, temperature: float) -> float:
    probabilities = softmax(logits, temperature)
    return float(-np.mean(np.log(probabilities[np.arange(len(labels)), labels] + 1e-12)))


def fit_temperature(logits: np.ndarray, labels: np.ndarray) -> float:
    """The temperature that minimises the negative log-likelihood of the true labels."""
    from scipy.optimize import minimize_scalar

    if len(labels) == 0:
        raise ValueError("fit_temperature needs at least one labelled example")
    found = minimize_scalar(lambda log_t: negative_log_likelihood(logits, labels, float(np.exp(log_t))),
                            bounds=(np.log(0.05), np.log(20.0)), method="bounded")
    return float(np.exp(found.x))


def expected_calibration_error(probabilities: np.ndarray, labels: np.ndarray, bins: int = ECE_BINS) -> float:
    """Top-label ECE: the gap between confidence and accuracy, averaged over equal-width bins."""
    confidence = probabilities.max(axis=1)
    correct = probabilities.argmax(axis=1) == labels
    edges = np.linspace(0.0, 1.0, bins + 1)
    total = 0.0
    for low, high in zip(edges[:-1], edges[1:], strict=True):
        inside = (confidence > low) & (confidence <= high)
        if inside.any():
            total += inside.mean() * abs(correct[inside].mean() - confidence[inside].mean())
    return float(total)


def fold_indices(labels: Sequence[str], folds: int = FOLDS, seed: int = SEED) -> list[np.ndarray]:
    """Stratified test folds (the same ones for the same labels: the seed is fixed)."""
    from sklearn.model_selection import StratifiedKFold

    labels = np.asarray(labels)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    return [test for _, test in splitter.split(np.zeros(len(labels)), labels)]


def out_of_fold_logits(fit: Callable[[np.ndarray], object], features, labels: Sequence[str],
                       classes: Sequence[str], folds: int = FOLDS, parents: Sequence[int] | None = None) -> np.ndarray:
    """Each example's logits from a classifier trained without its fold, columns in `classes` order
    (a class missing from a fold's training part gets a very low logit). With `parents`, rows whose
    parent is not themselves (the sentences of a story) only ever train, and never beside their own
    story's fold; logits are given for the other rows, in their order."""
    labels = np.asarray(labels)
    parents = np.arange(len(labels)) if parents is None else np.asarray(parents)
    own = np.flatnonzero(parents == np.arange(len(labels)))
    logits = np.full((len(own), len(classes)), -30.0)
    column = {name: j for j, name in enumerate(classes)}
    for test_at in fold_indices(labels[own], folds):
        test = own[test_at]
        train = np.flatnonzero(~np.isin(parents, test))
        model = fit(train)
        scores = model.decision_function(features[test])
        for k, name in enumerate(model.classes_):
            logits[test_at, column[str(name)]] = scores[:, k]
    return logits
