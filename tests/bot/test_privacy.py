import pytest
from privacy import scrub_pii


@pytest.mark.parametrize("text, marker, secret", [
    ("Ik heet Jan de Vries", "[naam]", "Jan"),
    ("mijn naam is Fatima el Amrani", "[naam]", "Fatima"),
    ("bel me op 06-12345678", "[telefoon]", "12345678"),
    ("bel +31 6 1234 5678", "[telefoon]", "1234"),
    ("mail naar jan.devries@example.nl", "[e-mail]", "devries"),
    ("mijn bsn is 123456782", "[bsn]", "123456782"),
    ("rekening NL91 ABNA 0417 1643 00", "[iban]", "ABNA"),
    ("ik woon op de Kerkstraat 12", "[adres]", "Kerkstraat"),
    ("postcode 5701 AB 12", "[postcode]", "5701"),
    ("geboren op 12-03-1950", "[geboortedatum]", "1950"),
    ("geboren 3 maart 1950", "[geboortedatum]", "1950"),
])
def test_each_kind_of_personal_data_is_scrubbed(text, marker, secret):
    clean = scrub_pii(text)
    assert marker in clean and secret not in clean


def test_ordinary_sentences_stay_as_they_are():
    text = "ik ben moe en voel me alleen in Helmond"
    assert scrub_pii(text) == text


def test_the_tracker_store_keeps_no_postcode_contact_or_age_of_an_anonymous_resident():
    from tracker_store import scrub_state
    state = {"question": "Ik ben Jan de Vries, 06-12345678", "details": [], "area": "Deurne",
             "postcode": "5751 AB", "contact": {"preference": "telefoon", "value": "0612345678"}, "age": 87}
    clean = scrub_state(state)
    assert clean["postcode"] is None and clean["contact"] is None and clean["age"] is None
    assert "12345678" not in clean["question"]
