"""The NLU parts the dialogue reads besides the intent: sentences of a story, the `topics` field
(several needs) and the `crisis` field (explicit / veiled / unsure). No model is needed."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parents[2] / "bot"
sys.path.insert(0, str(BOT))

from components.crisis_detector import EXPLICIT, UNSURE, VEILED, judge  # noqa: E402
from components.e5_intent_classifier import E5IntentClassifier  # noqa: E402
from components.sentences import MAX_SENTENCES, sentences  # noqa: E402
from crisis import CLASSIFIER_SURE, CLASSIFIER_UNSURE, SENTENCE_SURE  # noqa: E402


def rank(**scores: float) -> list[dict]:
    return [{"name": n, "confidence": c} for n, c in sorted(scores.items(), key=lambda x: -x[1])]


def test_a_story_is_split_into_sentences_and_fragments_join_the_one_before():
    story = ("Mijn vrouw is vorig jaar overleden. Sindsdien eet ik slecht. Koken lukt niet meer!\n"
             "Groetjes, Jan")
    assert sentences(story) == ["Mijn vrouw is vorig jaar overleden.", "Sindsdien eet ik slecht.",
                                "Koken lukt niet meer! Groetjes, Jan"]
    assert sentences("hulp bij het huishouden") == ["hulp bij het huishouden"]
    assert len(sentences(". ".join(["dit is zin nummer een"] * 20))) == MAX_SENTENCES


def test_topics_lists_the_main_need_first_and_marks_a_close_runner_up():
    ranking = rank(vraag_mantelzorg=0.45, vraag_huishoudelijke_hulp=0.30, groeten=0.15, vraag_vervoer=0.05,
                   vraag_eenzaamheid=0.05)
    topics = E5IntentClassifier.topics(ranking, {"vraag_vervoer": 0.8})
    assert [t["topic"] for t in topics] == ["mantelzorg", "huishoudelijke-hulp", "vervoer"]
    assert [t["close"] for t in topics] == [False, True, False]
    assert topics[0]["intent"] == "vraag_mantelzorg"


def test_topics_is_empty_when_no_topic_is_likely():
    assert E5IntentClassifier.topics(rank(groeten=0.9, vraag_vervoer=0.05), {}) == []


@pytest.mark.parametrize("text, level", [
    ("ik wil niet meer leven, bel me alsjeblieft", EXPLICIT),
    ("I want to end my life, can someone call me", EXPLICIT),
    ("he is threatening me with a knife", EXPLICIT),
    ("iedereen is beter af zonder mij", VEILED),
])
def test_the_lexicon_sets_the_level_whatever_the_classifier_says(text, level):
    verdict = judge(text, rank(mens_spreken=0.9, crisis=0.05), 0.5, 0.2)
    assert verdict["level"] == level and verdict["source"] == "lexicon"


def test_the_classifier_alone_is_veiled_when_sure_and_unsure_when_not():
    text = "het wordt me allemaal te zwaar en ik weet het niet meer"
    assert judge(text, rank(crisis=0.7, vraag_psychisch_welzijn=0.2), 0.5, 0.2)["level"] == VEILED
    assert judge(text, rank(crisis=0.35, vraag_psychisch_welzijn=0.3), 0.5, 0.2)["level"] == UNSURE
    assert judge(text, rank(vraag_psychisch_welzijn=0.6, crisis=0.25), 0.5, 0.2)["level"] == UNSURE
    assert judge(text, rank(vraag_psychisch_welzijn=0.9, crisis=0.05), 0.5, 0.2)["level"] is None
    assert judge(text, rank(vraag_psychisch_welzijn=0.6, crisis=0.25), 0.2, 0.1)["level"] == VEILED


def test_a_request_to_be_called_does_not_hide_a_crisis_the_classifier_hears():
    text = "het gaat echt niet meer met me, kan iemand mij bellen"
    assert judge(text, rank(mens_spreken=0.55, crisis=0.4), CLASSIFIER_SURE, CLASSIFIER_UNSURE)["level"] == VEILED


def test_the_detector_reads_its_thresholds_from_the_lexicon_module():
    from components.crisis_detector import CrisisDetector

    assert CrisisDetector().config == {"sure_confidence": CLASSIFIER_SURE, "unsure_confidence": CLASSIFIER_UNSURE}


@pytest.mark.parametrize("text", [
    "ik ga dood van de stress met al die formulieren",
    "de accu van mijn scootmobiel is dood",
    "my husband had a stroke two years ago, can we get help at home",
    "my ex used to hit me years ago, I still have nightmares",
    "the battery of my scooter is dead",
])
def test_look_alikes_are_at_most_unsure(text):
    assert judge(text, rank(crisis=0.8, vraag_hulpmiddelen=0.1), 0.5, 0.2)["level"] in (UNSURE, None)


@pytest.mark.parametrize("text, expected", [
    ("I need help with my shopping, my knees are bad", "en"),
    ("Can I get a wheelchair via the gemeente?", "en"),
    ("ik heb een appointment bij de wmo", "nl"),
    ("ik woon in Helmond en mijn rollator is kapot", "nl"),
    ("rollator", "nl"),
])
def test_language_is_english_only_when_most_function_words_are(text, expected):
    from components.language import language

    assert language(text) == expected


def test_one_sentence_of_a_story_that_carries_a_crisis_wins_over_the_rest_of_the_story():
    story = ("Ik woon sinds de zomer in een flatje. De buren zijn vriendelijk. "
             "Ik heb de laatste tijd alles geregeld en mijn kat weggebracht.")
    leaning = rank(vraag_huisvesting=0.8, crisis=0.12)
    assert judge(story, leaning, 0.2, 0.1, sentence_crisis=SENTENCE_SURE, sentence_at=2)["level"] == VEILED
    assert judge(story, leaning, 0.2, 0.1, sentence_crisis=SENTENCE_SURE / 3, sentence_at=2)["level"] == UNSURE
    calm = rank(vraag_huisvesting=0.9, crisis=0.02)  # a sentence alone is not enough: story sentences often sound so
    assert judge(story, calm, 0.2, 0.1, sentence_crisis=0.95, sentence_at=2)["level"] == UNSURE
    assert judge(story, calm, 0.2, 0.1, sentence_crisis=0.3, sentence_at=2)["level"] is None


def test_a_sentence_that_is_a_look_alike_does_not_make_the_story_a_crisis():
    story = "Ik woon in Asten. Ik kom de deur niet meer uit want de accu van mijn scootmobiel is dood."
    verdict = judge(story, rank(vraag_hulpmiddelen=0.8, crisis=0.15), 0.2, 0.1, sentence_crisis=0.99, sentence_at=1)
    assert verdict["level"] != VEILED


def test_grief_in_another_sentence_does_not_excuse_a_crisis_the_classifier_hears():
    story = "Mijn vrouw is in maart overleden. Sindsdien heb ik alles weggegeven en mijn zaken op orde gebracht."
    verdict = judge(story, rank(crisis=0.6, vraag_psychisch_welzijn=0.3), 0.2, 0.1, sentence_crisis=0.7,
                    sentence_at=1)
    assert verdict["level"] == VEILED
    alone = "Mijn vrouw is in maart overleden en ik mis haar."
    assert judge(alone, rank(crisis=0.6, vraag_psychisch_welzijn=0.3), 0.2, 0.1)["level"] == UNSURE


def test_the_lexicon_hears_a_sentence_of_a_story_as_it_would_hear_it_alone():
    story = "Het huis is te groot geworden en de tuin ook. Ik wil niet meer. Kunt u iets doen?"
    verdict = judge(story, rank(vraag_huisvesting=0.9, crisis=0.01), 0.2, 0.1)
    assert verdict["level"] in (EXPLICIT, VEILED) and verdict["source"] == "lexicon"


def test_a_temperature_fitted_on_overconfident_logits_makes_confidence_match_accuracy():
    import numpy as np
    from components.calibration import expected_calibration_error, fit_temperature, softmax

    rng = np.random.default_rng(0)
    honest = rng.normal(size=(3000, 4)) * 1.5  # logits whose softmax is the true chance of each class
    labels = np.array([rng.choice(4, p=row) for row in softmax(honest)])
    overconfident = honest * 3.0
    temperature = fit_temperature(overconfident, labels)
    assert 2.5 < temperature < 3.5
    before = expected_calibration_error(softmax(overconfident), labels)
    after = expected_calibration_error(softmax(overconfident, temperature), labels)
    assert after < 0.03 < before
    assert (softmax(overconfident, temperature).argmax(axis=1) == overconfident.argmax(axis=1)).all()


def test_out_of_fold_logits_come_from_a_model_that_did_not_see_the_example():
    import numpy as np
    from components.calibration import out_of_fold_logits

    class Memory:  # a "classifier" that only knows the examples it was trained on
        classes_ = np.array(["a", "b"])

        def __init__(self, rows):
            self.rows = set(map(int, rows))

        def decision_function(self, rows):
            return np.array([[9.0, -9.0] if int(r) in self.rows else [0.0, 0.0] for r in rows])

    features = np.arange(20)
    labels = ["a", "b"] * 10
    logits = out_of_fold_logits(lambda rows: Memory(rows), features, labels, ["a", "b"], folds=5)
    assert (logits == 0.0).all()


def test_the_sentences_of_a_story_never_train_the_model_that_judges_that_story():
    import numpy as np
    from components.calibration import out_of_fold_logits

    stories, parents = 20, list(range(20)) + [i % 20 for i in range(40)]  # two sentences per story

    class Memory:
        classes_ = np.array(["a", "b"])

        def __init__(self, rows):
            self.seen = {parents[int(r)] for r in rows}

        def decision_function(self, rows):
            return np.array([[9.0, -9.0] if int(r) in self.seen else [0.0, 0.0] for r in rows])

    logits = out_of_fold_logits(lambda rows: Memory(rows), np.arange(60), ["a", "b"] * 30, ["a", "b"], 5, parents)
    assert logits.shape == (stories, 2) and (logits == 0.0).all()
