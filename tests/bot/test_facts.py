"""Facts from a resident's own words (bot/actions/facts.py): pure functions, Dutch and English."""

import pytest
from actions import facts
from bot_chat_fakes import resolve_place

TIME_WORDS = {"morning": "'s ochtends", "afternoon": "'s middags", "evening": "'s avonds", "any": "maakt niet uit"}


@pytest.mark.parametrize("text, municipality", [
    ("Mijn moeder woont in Gemert en kan niet meer koken", "Gemert-Bakel"),
    ("ik woon in Helmond", "Helmond"),
    ("gemert zei ik toch", "Gemert-Bakel"),
    ("wij wonen in Beek en Donk", "Laarbeek"),
    ("ik woon in Mierlo-Hout", "Helmond"),
    ("mijn postcode is 5757 AB", "Deurne"),
    ("geemert", "Gemert-Bakel"),
    ("ik woon in handel", "Gemert-Bakel"),
])
def test_a_place_anywhere_in_a_message_gives_its_municipality(text, municipality):
    assert facts.place_in(text, resolve_place).municipality == municipality


@pytest.mark.parametrize("text", [
    "mijn telefoonnummer is 0493 31 22 45",      # a phone number is not a postcode
    "ik heb 5000 euro schuld",
    "hij doet in handel en heeft geen tijd",     # 'handel' the word, not the village
    "ik woon in Amsterdam",
    "ik zit veel alleen thuis",
])
def test_no_place_is_read_into_ordinary_words_or_numbers(text):
    assert facts.place_in(text, resolve_place) is None


@pytest.mark.parametrize("text, for_whom, relation", [
    ("mijn man en ik willen een traplift", "zelf", None),
    ("Ik zorg voor mijn man met dementie en ik ben op, ik wil even respijt", "zelf", None),
    ("Sinds mijn man overleden is, zit ik veel alleen", "zelf", None),
    ("mijn man slaat me als hij gedronken heeft", "zelf", None),
    ("ik kan niet meer stofzuigen door mijn rug", "zelf", None),
    ("ik zoek hulp voor mijn moeder", "ander", "moeder"),
    ("mijn vader kan niet meer zelf douchen", "ander", "vader"),
    ("mijn buurman komt al weken de deur niet uit", "ander", "buurman"),
    ("My wife had a stroke and needs a wheelchair", "ander", "vrouw"),
    ("I am looking for help for my mother", "ander", "moeder"),
    ("I need help with cleaning my house", "zelf", None),
    ("my husband and I want a stairlift", "zelf", None),
])
def test_for_whom_is_what_the_words_say(text, for_whom, relation):
    said = facts.for_whom_in(text)
    assert (said.for_whom, said.relation) == (for_whom, relation)


def test_when_a_relative_is_in_the_story_and_it_is_not_clear_for_whom_nothing_is_guessed():
    said = facts.for_whom_in("mijn man is ziek en ik kan het huishouden niet meer aan")
    assert said.for_whom is None and said.mentioned == "man"
    assert facts.for_whom_answer("voor mij", "man").for_whom == "zelf"
    assert facts.for_whom_answer("voor hem", "man") == facts.ForWhom("ander", "man", "man")
    assert facts.for_whom_answer("voor mijn man", "man").relation == "man"


@pytest.mark.parametrize("text, relation", [
    ("mijn schoonvader eet bijna niks meer, ik zoek een maaltijdservice voor hem", "schoonvader"),
    ("Mijn dochter heeft een verstandelijke beperking. Is er iemand die haar begeleidt bij het reizen?", "dochter"),
    ("mijn opa vergeet steeds te eten, kan hij maaltijden aan huis krijgen", "opa"),
    ("we are looking for day care for my grandmother", "oma"),
    ("mijn tante woont alleen en wil graag iemand die haar helpt met de boodschappen", "tante"),
])
def test_help_said_to_be_for_the_relative_is_stored_as_for_another_without_asking(text, relation):
    said = facts.for_whom_in(text)
    assert (said.for_whom, said.relation) == ("ander", relation)


@pytest.mark.parametrize("text", [
    "mijn zoon komt bij mij inwonen en ik zoek een andere woning",
    "ik heb zelf hulp nodig in huis, mijn broer woont te ver weg om te helpen",
    "ik zorg elke dag voor haar, mijn moeder, en ik heb zelf even rust nodig",
    "mijn man is ziek, ik help hem met alles en ik heb nu zelf hulp nodig bij het poetsen",
])
def test_a_relative_who_is_not_said_to_get_the_help_is_not_made_the_one_it_is_for(text):
    assert facts.for_whom_in(text).for_whom != "ander"


def test_a_carer_asking_for_herself_keeps_whom_she_cares_for():
    said = facts.for_whom_in("ik zorg al vijf jaar voor mijn moeder en het wordt me te zwaar")
    assert said.for_whom == "zelf" and said.cares_for == "moeder"


@pytest.mark.parametrize("text, age", [("ik ben 84", 84), ("mijn moeder van 87", 87), ("I am 80 years old", 80),
                                       ("ik zorg al 10 jaar voor hem", None), ("mijn eigen bijdrage is 19,50", None),
                                       ("2 jaar geleden", None)])
def test_age(text, age):
    assert facts.age_in(text) == age


@pytest.mark.parametrize("text, kind, value, time", [
    ("bel me maar", "telefoon", None, None),
    ("bel mij maar", "telefoon", None, None),
    ("mail graag", "email", None, None),
    ("hier in de chat is prima", "chat", None, None),
    ("0493 31 22 45 maar liefst 's ochtends", "telefoon", "0493 31 22 45", "'s ochtends"),
    ("mijn nummer is 06-12345678, na 10 uur", "telefoon", "06-12345678", "na 10 uur"),
    ("jan@voorbeeld.nl", "email", "jan@voorbeeld.nl", None),
    ("call me please, in the afternoon", "telefoon", None, "'s middags"),
])
def test_typed_contact_answers(text, kind, value, time):
    assert facts.contact_answer(text, TIME_WORDS) == facts.ContactAnswer(kind, value, time)


@pytest.mark.parametrize("text, said", [("ja", True), ("jazeker", True), ("klopt", True), ("graag", True),
                                        ("ja hoor, dat is veilig", True), ("yes please", True), ("nee", False),
                                        ("liever niet", False), ("dat klopt niet", False), ("nee hoor", False),
                                        ("no", False), ("misschien", None), ("Gemert", None)])
def test_yes_and_no_in_words(text, said):
    assert facts.yes_no(text) is said


@pytest.mark.parametrize("text", ["nee, dank u wel", "Nee dank je", "dat was het", "doei", "no thanks"])
def test_goodbyes(text):
    assert facts.is_goodbye(text)


def test_not_a_goodbye():
    assert not facts.is_goodbye("nee, ik zoek nog iets voor mijn vader")


@pytest.mark.parametrize("text, language", [
    ("My wife had a stroke and she needs a wheelchair", "en"),
    ("I would like to talk to someone", "en"),
    ("Mijn moeder kan niet meer koken", "nl"),
    ("Gemert", None),
    ("0493 312245", None),
])
def test_language(text, language):
    assert facts.language_of(text) == language


def test_worried_about_someone_who_does_not_ask_and_offers_of_help():
    assert facts.is_concern("Ik maak me zorgen om mijn buurvrouw, ze doet de deur niet meer open")
    assert facts.is_concern("my neighbour doesn't leave the house anymore")
    assert not facts.is_concern("ik zoek hulp voor mijn moeder")
    assert facts.offers_help("Ik ben met pensioen en wil graag iets doen voor anderen")
    assert not facts.offers_help("ik wil hulp bij mijn administratie")


def test_urgency_and_a_person():
    assert facts.is_urgent("ik wil een mens spreken. nu.") and facts.wants_person("ik wil een mens spreken. nu.")
    assert facts.wants_person("can I talk to a real person")
    assert not facts.is_urgent("ik zoek hulp bij het koken")


@pytest.mark.parametrize("text, said", [("dat kan", True), ("geen probleem", True), ("dat kan niet", False),
                                        ("dat gaat niet", False)])
def test_more_yes_and_no(text, said):
    assert facts.yes_no(text) is said


@pytest.mark.parametrize("text", ["help", "ok", "hallo", "Deurne graag"])
def test_a_word_or_two_does_not_switch_the_language(text):
    assert facts.language_of(text) != "en"


def test_a_place_is_stated_by_a_name_after_wonen_in_not_by_a_kind_of_home():
    assert facts.states_a_place("ik woon in Zwolle") and facts.states_a_place("we live in Utrecht")
    assert not facts.states_a_place("ik woon in een flat op drie hoog")
    assert not facts.states_a_place("I live in the city centre")
