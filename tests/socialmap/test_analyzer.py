import pytest

from socialmap.search.analyzer import (
    Lexicon,
    analyze,
    edit_distance,
    split_compound,
    stem,
    tokenize,
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
