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
    # broadened 2026-11-23 evening (signs of 113, Veilig Thuis and first aid, in the lead's words)
    ("ik sta op de brug en wil springen", "suicide"),
    ("ik heb een touw gekocht", "suicide"),
    ("ik heb alle slaappillen ingenomen", "suicide"),
    ("ik heb mijn spullen weggegeven, als ik er straks niet meer ben hoeft niemand op te ruimen", "suicide"),
    ("ik kras weer in mijn armen", "suicide"),
    ("mijn buurman slaat zijn vrouw, ik hoor haar gillen", "geweld"),
    ("hij dreigt me te vermoorden als ik wegga", "geweld"),
    ("mijn ex staat voor de deur en bonkt en schreeuwt", "geweld"),
    ("mijn vader heeft een scheve mond en kan ineens niet meer praten", "medisch"),
    ("mijn zoontje heeft schoonmaakmiddel gedronken", "medisch"),
    ("hij is net gevallen en reageert niet", "medisch"),
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
    "vroeger sloeg mijn vader ons, nu wil ik praten met iemand",
    "mijn man had vorig jaar een beroerte en nu zoek ik hulp bij het douchen",
    "ik zie het niet meer zitten met al die papieren",
    "ik ben er klaar mee, elke week die stapel post",
    "ik ga dood van de rugpijn als ik stofzuig",
    "de deur slaat dicht en ik kom er niet door met de rollator",
    "wie kan mijn pillen klaarzetten voor de week",
    "ik spring een gat in de lucht als iemand de heg knipt",
    "ik krijg geen lucht op de trap, kan er een traplift komen",
])
def test_near_misses_are_not_a_crisis(text):
    assert detect(text) is None


def test_near_miss_is_recognised_as_such():
    assert near_miss("ik ben doodmoe van het poetsen")
    assert not near_miss("ik wil dood")
