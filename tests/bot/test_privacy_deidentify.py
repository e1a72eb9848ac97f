"""The shared scrubber (wegwijs_common.privacy): checked identifiers in every mode, deduce's Dutch
name recogniser for anonymous mode, and what must stay (places of the region, a staff member's name)."""

import pytest

from wegwijs_common.privacy import is_bsn, is_iban, scrub_identifiers, scrub_pii


@pytest.mark.parametrize("number, valid", [("123456782", True), ("111222333", True), ("123456789", False),
                                           ("000000000", False), ("12345678", False)])
def test_bsn_is_the_11_proef(number, valid):
    assert is_bsn(number) is valid


@pytest.mark.parametrize("iban, valid", [("NL91ABNA0417164300", True), ("NL91 ABNA 0417 1643 00", True),
                                         ("NL92ABNA0417164300", False), ("GB82WEST12345698765432", True)])
def test_iban_is_mod_97(iban, valid):
    assert is_iban(iban) is valid


@pytest.mark.parametrize("text, expected", [
    ("bsn 123456782.", "bsn [bsn]."),
    ("bsn 1234.56.782 graag", "bsn [bsn] graag"),
    ("IBAN NL91 ABNA 0417 1643 00 klopt", "IBAN [iban] klopt"),
    ("bel 0612345678 of 06-12345678", "bel 0612345678 of 06-12345678"),  # phone numbers are not BSNs
    ("klantnummer 123456789", "klantnummer 123456789"),  # fails the 11-proef: not a BSN
])
def test_identifiers_are_replaced_and_ordinary_numbers_stay(text, expected):
    assert scrub_identifiers(text) == expected


@pytest.mark.parametrize("text, gone", [
    ("Gerrit Wolfsbergen belde gisteren", "Gerrit"),  # a name without "ik heet"
    ("mijn buurman Piet helpt soms", "Piet"),
    ("mevrouw de Vries heeft dementie", "Vries"),
    ("Mijn moeder Truus woont alleen", "Truus"),
])
def test_names_without_an_introduction_are_scrubbed(text, gone):
    clean = scrub_pii(text)
    assert gone not in clean and "[naam]" in clean


@pytest.mark.parametrize("text", [
    "boodschappen in Mierlo-Hout of Beek en Donk",  # deduce calls Mierlo-Hout a person
    "ik woon in Neerkant, vlakbij Liessel en Helenaveen",
    "hulp in Geemert of Deurne",
    "wij wonen in Eindhoven",
    "ik kan niet meer naar de supermarkt en voel me alleen",
])
def test_places_and_ordinary_sentences_stay(text):
    assert scrub_pii(text) == text


def test_a_staff_members_own_name_stays_but_the_residents_goes():
    assert scrub_pii("Hoi, ik ben Anja. Hoe gaat het, Gerrit?", keep_names=["Anja"]) == \
        "Hoi, ik ben Anja. Hoe gaat het, [naam]?"
