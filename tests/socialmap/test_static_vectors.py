"""Static word vectors (distilled from e5) give a query meaning without a model call."""

import numpy as np

from socialmap.search.analyzer import Lexicon
from socialmap.search.static_vectors import StaticEncoder
from socialmap.search.vectors import static_vectors


def table():
    axes = {"fiets": 0, "reparatie": 0, "maaltijd": 1, "koken": 1, "eten": 1}
    out = {}
    for word, axis in axes.items():
        vector = np.zeros(384, dtype=np.float32)
        vector[axis] = 1.0
        out[word] = vector
    return out


def test_a_text_vector_is_the_weighted_mean_of_its_words_stems_and_parts():
    encoder = StaticEncoder(table(), {"eten": 5}, 10, Lexicon(["fiets", "reparatie"]))
    encoder.fill_missing = False
    assert encoder.encode("Wij koken een maaltijd")[1] > 0.99
    assert encoder.encode("fietsreparatie")[0] > 0.99  # a compound through its parts
    assert not encoder.encode("onbekend woord").any()


def test_missing_words_of_a_query_are_filled_once_by_the_model(monkeypatch):
    from socialmap.search import static_vectors as module

    calls = []

    def fake_embed(words):
        calls.append(list(words))
        return np.stack([table()["fiets"] for _ in words])

    monkeypatch.setattr(module, "embed_words", fake_embed)
    encoder = StaticEncoder(table(), {}, 10)
    assert encoder.encode_query("bicycle repair")[0] > 0.99  # nothing known: filled now
    assert calls == [["bicycle", "repair"]]
    vector = encoder.encode_query("maaltijd shop")  # one known word: 'shop' comes later
    assert vector[1] > 0.99 and vector[0] == 0.0
    encoder.wait()
    assert calls == [["bicycle", "repair"], ["shop"]]
    assert encoder.encode_query("maaltijd shop")[0] > 0.5
    encoder.encode_query("bicycle shop")
    assert len(calls) == 2  # the model is not asked twice for a word


def test_copies_of_a_text_share_one_vector():
    encoder = StaticEncoder(table(), {}, 10)
    vectors = static_vectors(["Fietsreparatie 1. Wij maken fietsen", "Fietsreparatie 2. Wij maken fietsen",
                              "Maaltijd aan huis"], encoder)
    assert len(vectors.unique) == 2 and vectors.rows.tolist() == [0, 0, 1]
