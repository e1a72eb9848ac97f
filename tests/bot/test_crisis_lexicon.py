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
    # happening now, whatever else the message says about the past (review 2026-11-23)
    ("mijn man slaat me, vroeger was hij lief", "geweld"),
    ("mijn moeder ademt niet meer, ze had vorig jaar ook al een hartaanval", "medisch"),
    ("mijn man kreeg zojuist een hartaanval, wat moet ik doen", "medisch"),
    ("ik zie het niet meer zitten om nog verder te leven", "suicide"),
    ("ik heb alle slaappillen ingenomen", "suicide"),
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
    # everyday Wmo questions with a crisis word in them (review 2026-11-23)
    "heb ik recht op een vervoerspas voor de bus",
    "de gemeente reageert niet op mijn aanvraag",
    "mijn moeder reageert niet op mijn berichten",
    "ik zit opgesloten in huis sinds mijn heupoperatie",
    "ik word bedreigd met uithuiszetting",
    "ik woon in een flat zonder lift en kom niet meer naar beneden",
    "ik heb alle pillen op, wie haalt nieuwe bij de apotheek",
    "mijn moeder moet alle medicijnen op tijd innemen maar vergeet het",
    "ik ga dood van de eenzaamheid",
    "mijn zoon slaat zijn ontbijt over",
    "mijn man knijpt mijn hand als hij pijn heeft",
    "mijn moeder roept om hulp in de nacht, ze heeft dementie",
    "mijn kleine kind is alleen thuis na school, is er naschoolse opvang",
    "ze heeft veel bloed verloren bij de operatie en moet nu revalideren",
    "mijn been is lam sinds de operatie",
    "ik wil een AED cursus",
    "als ik er niet meer ben, wie zorgt dan voor mijn zoon met een beperking",
    "ik hoef niet meer naar de dagbesteding",
    "geen uitweg uit de schulden",
    "ik heb mijn spullen weggegeven omdat ik naar een kleiner huis ga",
    "ik kan het niet meer alleen, ik wil verder met hulp",
    "mijn zoon heeft een mes gekocht voor zijn kookcursus",
    "ik heb een touw gekocht om de was op te hangen",
    "mijn vader had in maart een hartaanval en heeft nu hulp nodig bij het douchen",
])

def test_near_misses_are_not_a_crisis(text):
    assert detect(text) is None


def test_near_miss_is_recognised_as_such():
    assert near_miss("ik ben doodmoe van het poetsen")
    assert not near_miss("ik wil dood")



def test_the_lexicon_stays_fast_on_long_messages():
    import time
    started = time.perf_counter()
    detect("ik moet lachen " * 400 + "dood")  # 6,000 characters; a greedy pattern made this quadratic
    assert time.perf_counter() - started < 1.0
