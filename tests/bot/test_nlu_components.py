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
from crisis import CLASSIFIER_SURE, CLASSIFIER_UNSURE  # noqa: E402


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


def test_one_sentence_of_a_story_that_sounds_like_a_crisis_makes_it_unsure_not_a_crisis():
    story = "Mijn moeder woont alleen. Ze belt me tien keer per dag. Ik kan het niet meer aan."
    assert judge(story, rank(vraag_mantelzorg=0.8, crisis=0.05), 0.2, 0.1, sentence_crisis=0.7)["level"] == UNSURE
    assert judge(story, rank(vraag_mantelzorg=0.8, crisis=0.05), 0.2, 0.1, sentence_crisis=0.2)["level"] is None
