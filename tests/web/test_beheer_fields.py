"""Editors maintain every field a resident sees (issue 14): phones, hours per day with a preview,
address and location from the postcode, topics, ladder, areas, age, cost, languages, wheelchair
access and referral, with Dutch validation; residents see each change on /kaart at once."""

import pytest

from tests.web.test_beheer import NEW_SERVICE, app_as, editable  # noqa: F401 (fixtures)
from web.beheer_form import form_values


def full_form(social_map, service_id, **changes):
    """What the edit page posts when the editor changes `changes` and leaves the rest as shown."""
    values = form_values(social_map.get_service_hsds(service_id))
    return {**values, "volledig": "1", "actie": "opslaan", **changes}


def a_service(social_map):
    return next(s for s in social_map.list_services(status="active", limit=100) if s.locations)


def test_an_editor_changes_what_residents_see(app_as, editable):  # noqa: F811
    client = app_as("redacteur")
    service = a_service(editable)
    form = full_form(editable, service.id, telefoons="0492-555123\n06-12345678",
                     open_MO_1="", sluit_MO_1="", open_TU_1="09:00", sluit_TU_1="12:00",
                     open_TU_2="13:00", sluit_TU_2="17:00", open_WE_1="09:00", sluit_WE_1="12:00",
                     open_WE_2="13:00", sluit_WE_2="17:00", open_TH_1="", sluit_TH_1="", open_FR_1="",
                     sluit_FR_1="", open_SA_1="", sluit_SA_1="", open_SU_1="", sluit_SU_1="",
                     locatie_naam="Buurthuis De Schakel", adres="Kerkstraat 12", postcode="5751bc",
                     plaats="Deurne", rolstoel="ja", toegankelijkheid="Ingang aan de achterkant",
                     onderwerpen=["eenzaamheid", "mantelzorg"], trede="omgeving", gemeenten=["Deurne"],
                     minimum_age="18", maximum_age="", kosten_bedrag="2,50", kosten_per="per keer",
                     talen=["nl", "ar"], toegang="verwijzing-nodig")
    answer = client.post(f"/beheer/dienst/{service.id}", data=form)
    assert answer.status_code == 302, answer.get_data(as_text=True)
    changed = editable.get_service(service.id)
    assert [p.number for p in changed.all_phones] == ["0492-555123", "06-12345678"]
    assert changed.topics == ["eenzaamheid", "mantelzorg"] and changed.ladder == "omgeving"
    assert [a.name for a in changed.service_areas] == ["Deurne"]
    location = changed.locations[0]
    assert location.addresses[0].postal_code == "5751 BC" and location.addresses[0].city == "Deurne"
    lat, lon, _municipality = editable.places.postcodes["5751"]
    assert (location.latitude, location.longitude) == (lat, lon)  # from the region's postcode table
    page = client.get(f"/kaart/dienst/{service.id}").get_data(as_text=True)
    for text in ("0492-555123", "Kerkstraat 12", "5751 BC", "09:00 tot 12:00 uur, 13:00 tot 17:00 uur",
                 "€ 2,50 per keer", "vanaf 18 jaar", "Mantelzorg"):
        assert text in page, text
    assert "maandag</th><td>gesloten" in page
    # the form shows what was saved (the editor can come back and change it again)
    again = form_values(editable.get_service_hsds(service.id))
    assert again["rolstoel"] == "ja" and again["toegang"] == "verwijzing-nodig" and again["talen"] == ["nl", "ar"]
    assert again["open_TU_2"] == "13:00" and again["kosten_bedrag"] == "2,50"


def test_a_new_service_gets_an_address_and_a_place_on_the_map(app_as, editable):  # noqa: F811
    client = app_as("redacteur")
    answer = client.post("/beheer/nieuw", data={**NEW_SERVICE, "adres": "Markt 1", "postcode": "5721 GA",
                                                "plaats": "Asten", "rolstoel": "nee"})
    assert answer.status_code == 302, answer.get_data(as_text=True)
    service = editable.get_service(answer.headers["Location"].rsplit("/", 1)[1])
    location = service.locations[0]
    assert location.addresses[0].address_1 == "Markt 1" and location.latitude is not None
    assert service.raw["service_at_locations"][0]["location"]["accessibility"][0]["description"] \
        == "Niet rolstoeltoegankelijk"


@pytest.mark.parametrize("changes, label, words", [
    ({"postcode": "57O1 AB", "adres": "Markt 1", "plaats": "Helmond"}, "Postcode", "geen Nederlandse postcode"),
    ({"telefoons": "12345"}, "Telefoonnummers", "geen Nederlands telefoonnummer"),
    ({"url": "www.voorbeeld.nl"}, "Website", "begint met https://"),
    ({"email": "info.voorbeeld.nl"}, "E-mailadres", "geen e-mailadres"),
    ({"open_MO_1": "17:00", "sluit_MO_1": "09:00"}, "Openingstijden (maandag)", "na de openingstijd"),
    ({"open_MO_1": "09:00", "sluit_MO_1": ""}, "Openingstijden (maandag)", "beide tijden"),
    ({"onderwerpen": []}, "Onderwerpen", "minstens één onderwerp"),
    ({"gemeenten": ["Atlantis"]}, "Gemeenten (werkgebied)", "uit de lijst"),
    ({"kosten_bedrag": "veel"}, "Bedrag in euro", "bijvoorbeeld 7,50"),
])
def test_a_wrong_field_is_named_in_dutch_and_nothing_is_saved(app_as, editable, changes, label, words):  # noqa: F811
    client = app_as("redacteur")
    service = a_service(editable)
    before = editable.get_service_hsds(service.id)
    answer = client.post(f"/beheer/dienst/{service.id}", data=full_form(editable, service.id, **changes))
    html = answer.get_data(as_text=True)
    assert answer.status_code == 400
    assert f"{label}:" in html and words in html
    assert editable.get_service_hsds(service.id) == before


def test_the_preview_shows_hours_as_residents_read_them(app_as, editable):  # noqa: F811
    client = app_as("redacteur")
    fragment = client.post("/beheer/voorbeeld-openingstijden",
                           data={"open_MO_1": "00:00", "sluit_MO_1": "23:59", "open_FR_1": "09:00",
                                 "sluit_FR_1": "12:30"}).get_data(as_text=True)
    assert "maandag</th><td>dag en nacht" in fragment and "vrijdag</th><td>09:00 tot 12:30 uur" in fragment
    assert "dinsdag</th><td>gesloten" in fragment
    # without JavaScript the 'toon' button renders the same preview and saves nothing
    service = a_service(editable)
    before = editable.get_service_hsds(service.id)
    page = client.post(f"/beheer/dienst/{service.id}",
                       data=full_form(editable, service.id, actie="voorbeeld", open_SA_1="10:00", sluit_SA_1="11:00"))
    assert page.status_code == 200 and "zaterdag</th><td>10:00 tot 11:00 uur" in page.get_data(as_text=True)
    assert editable.get_service_hsds(service.id) == before


def test_rules_the_form_cannot_show_are_kept(app_as, editable):  # noqa: F811
    client = app_as("redacteur")
    service = a_service(editable)
    data = editable.get_service_hsds(service.id)
    data["schedules"] = [{"id": "maand-1", "service_id": service.id, "freq": "MONTHLY", "byday": "2TU",
                          "opens_at": "10:00", "closes_at": "12:00"}]
    editable.upsert_service(data)
    page = client.get(f"/beheer/dienst/{service.id}").get_data(as_text=True)
    assert "elke 2e dinsdag van de maand, 10:00 tot 12:00 uur" in page
    assert client.post(f"/beheer/dienst/{service.id}", data=full_form(editable, service.id)).status_code == 302
    assert any(s.freq == "MONTHLY" for s in editable.get_service(service.id).all_schedules)
