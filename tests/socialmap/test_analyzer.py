import pytest

from socialmap.search.analyzer import (
    Lexicon,
    analyze,
    edit_distance,
    remove_stopwords,
    split_compound,
    stem,
    tokenize,
    typo_budget,
)


def test_tokenize_folds_case_and_diacritics():
    assert tokenize("Cliënt-ondersteuning in het Café!") == ["client", "ondersteuning", "in", "het", "cafe"]


@pytest.mark.parametrize("a, b", [
    ("boodschap", "boodschappen"),     # plural with doubled consonant
    ("maaltijd", "maaltijden"),
    ("klus", "klusjes"),               # diminutive plural
    ("eenzaam", "eenzaamheid"),
    ("formulier", "formulieren"),
])
def test_inflections_share_a_stem(a, b):
    assert stem(a) == stem(b)


def test_stemmer_does_not_merge_begeleiding_with_beleid():
    # the newer Snowball 'dutch' strips ge-/be- prefixes; we use the classic one
    assert stem("begeleiding") != stem("beleid")


@pytest.mark.parametrize("word, parts", [
    ("mantelzorgcafe", ["mantelzorg", "cafe"]),
    ("boodschappenbus", ["boodschappen", "bus"]),
    ("klussendienst", ["klussen", "dienst"]),
    ("vrijwilligerscentrale", ["vrijwilliger", "centrale"]),  # linking -s-
    ("schuldhulpmaatje", ["schuld", "hulp", "maatje"]),       # two levels
    ("eenzaamheid", []),                                       # not a compound
])
def test_compounds_split_into_known_words(word, parts):
    assert split_compound(word, Lexicon(["mantelzorg", "boodschappen"])) == parts


def test_analyze_indexes_compound_parts_and_drops_stopwords():
    terms = analyze("Het Mantelzorgcafé voor mantelzorgers", Lexicon(["mantelzorg"]))
    assert terms[:3] == ["mantelzorgcaf", "mantelzorg", "caf"]
    assert "het" not in terms and "voor" not in terms


@pytest.mark.parametrize("a, b, distance", [
    ("boodschapen", "boodschappen", 1),
    ("eenzaamheit", "eenzaamheid", 1),
    ("mantelzrog", "mantelzorg", 1),   # transposition counts once
    ("huis", "thuiszorg", 3),          # cut off above the limit
])
def test_edit_distance(a, b, distance):
    assert edit_distance(a, b, limit=2) == min(distance, 3)


def test_stopwords_go_but_words_that_carry_need_stay():
    tokens = tokenize("Ik kan het niet meer alleen, wie helpt mij?")
    assert remove_stopwords(tokens) == ["niet", "meer", "alleen", "helpt"]


def test_split_compound_handles_the_linking_en():
    # boodschap + -pen- ... the plural form is the modifier; 'huishoudelijke' is not a compound
    lexicon = Lexicon()
    assert split_compound("boodschappenhulp", lexicon) == ["boodschappen", "hulp"]
    assert split_compound("huishoudelijke", lexicon) == []


def test_lexicon_learns_words_from_service_names():
    lexicon = Lexicon()
    assert split_compound("kringloopwinkel", lexicon) == []
    lexicon.add(["Kringloop De Peel"])
    assert split_compound("kringloopwinkel", lexicon) == ["kringloop", "winkel"]
    assert lexicon.split("kringloopwinkel") == ["kringloop", "winkel"]


@pytest.mark.parametrize("query, topic", [
    ("HbH", "huishoudelijke-hulp"),            # abbreviation
    ("groepsbegeleiding", "dagbesteding"),      # synonym
    ("GGZ", "psychisch-welzijn"),
    ("DigiD", "administratie"),
    ("groceries", "boodschappen"),              # English term
])
def test_thesaurus_maps_synonyms_and_abbreviations_to_topics(query, topic):
    from socialmap.search.ranking import thesaurus_topics
    from socialmap.taxonomy import load_taxonomy

    assert topic in thesaurus_topics(analyze(query), load_taxonomy())


@pytest.mark.parametrize("word, budget", [("pgb", 0), ("hulp", 1), ("schulden", 2)])
def test_typo_budget_grows_with_word_length(word, budget):
    assert typo_budget(word) == budget
