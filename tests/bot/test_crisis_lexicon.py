import pytest
from crisis import detect, near_miss


@pytest.mark.parametrize("text, kind", [
    ("ik wil dood", "suicide"),
    ("Ik denk aan zelfmoord.", "suicide"),
    ("ik denk aan zelfmoort", "suicide"),                  # misspelled
    ("het hoeft voor mij niet meer", "suicide"),            # veiled
    ("ik zie het niet meer zitten", "suicide"),
    ("iedereen is beter af zonder mij", "suicide"),
    ("ik wil er niet meer zijn", "suicide"),
    ("soms wil ik niet meer leven", "suicide"),
    ("ik wil er een eind aan maken", "suicide"),
    ("het hoeft voor mij allemaal niet meer", "suicide"),
    ("mijn kinderen zijn beter af als ik er niet ben", "suicide"),
    ("I want to end my life", "suicide"),
    ("mijn man slaat me", "geweld"),
    ("ik word thuis mishandeld", "geweld"),
    ("hij heeft een mes", "geweld"),
    ("ik krijg geen lucht", "medisch"),
    # 113's warning signs in everyday Dutch (added without looking at the fresh held-out set)
    ("ik heb steeds zelfmoordgedachten", "suicide"),
    ("ik heb al weken pillen gespaard", "suicide"),
    ("was ik maar dood", "suicide"),
    ("ik snijd mezelf weer", "suicide"),
    ("ik zie het leven niet meer zitten", "suicide"),
    ("het heeft allemaal geen zin meer", "suicide"),
    ("ik wil slapen en nooit meer wakker worden", "suicide"),
    ("ik wil er een punt achter zetten", "suicide"),
    ("ik ben alleen maar een last voor iedereen", "suicide"),
    ("wil gewoon niet meer", "suicide"),
    ("hij heeft me gisteren weer geslagen", "geweld"),
    ("mijn vader sloeg ons", "geweld"),
    ("mijn moeder ademt niet meer", "medisch"),
])
def test_direct_and_veiled_crisis_is_detected(text, kind):
    match = detect(text)
    assert match is not None and match.kind == kind


@pytest.mark.parametrize("text", [
    "ik ben doodmoe van het poetsen",
    "ik ga dood van het lachen",
    "mijn man is dood en ik ben alleen",
    "doodsbang voor de tandarts",
    "ik ben dood op na het werk",
    "ik zoek hulp bij de boodschappen",
    "ik wil een einde maken aan de ruzie met mijn buren",
    "de thuiszorg hoeft niet meer te komen",
    "ik wil niet meer naar de dagbesteding",
    "ik heb geen zin meer in koken",
    "ik wil een punt achter mijn abonnement zetten",
    "ik wil niet tot last zijn van mijn kinderen",
    "ik zorg voor mijn man en ik kan niet meer",
    "ik hou het niet meer vol met de zorg voor mama",
])
def test_near_misses_are_not_a_crisis(text):
    assert detect(text) is None


def test_near_miss_is_recognised_as_such():
    assert near_miss("ik ben doodmoe van het poetsen")
    assert not near_miss("ik wil dood")
