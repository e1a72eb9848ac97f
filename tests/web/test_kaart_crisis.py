"""/kaart and /api/v1/search when the search words signal danger (issue 12)."""

import re


def test_kaart_shows_a_crisis_box_above_the_results(client):
    page = client.get("/kaart/", query_string={"q": "ik wil niet meer leven"}).get_data(as_text=True)
    box = page.index('class="crisis"')
    assert box < page.index('class="zoeken"')  # above the form and the results
    assert 'role="alert"' in page[box - 40: box + 80]
    assert 'href="tel:113"' in page and 'href="tel:112"' in page
    first_card = re.search(r'class="dienst".*?<h3[^>]*>(.*?)</h3>', page, re.S)
    assert first_card and "113 Zelfmoordpreventie" in first_card.group(1)


def test_kaart_violence_box_names_veilig_thuis(client):
    page = client.get("/kaart/", query_string={"q": "mijn partner slaat me"}).get_data(as_text=True)
    assert "Is er geweld bij u thuis" in page and 'href="tel:08002000"' in page


def test_kaart_has_no_crisis_box_for_everyday_searches(client):
    page = client.get("/kaart/", query_string={"q": "boodschappen"}).get_data(as_text=True)
    assert 'class="crisis"' not in page


def test_kaart_crisis_box_in_english(client):
    page = client.get("/kaart/", query_string={"q": "I want to kill myself", "lang": "en"},
                      headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert 'class="crisis"' in page


def test_api_puts_the_helpline_first_and_says_why(client):
    body = client.get("/api/v1/search", query_string={"q": "my husband hits me"}).get_json()
    assert body["items"][0]["name"] == "Veilig Thuis"
    assert body["crisis"]["kind"] == "violence"
    assert [line["name"] for line in body["crisis"]["helplines"]][:2] == ["Veilig Thuis", "112 Alarmnummer"]


def test_kaart_says_when_filters_leave_nothing_and_links_to_the_wider_result(client):
    page = client.get("/kaart/", query_string={"q": "maaltijden", "free": "true",
                                               "municipality": "Asten"}).get_data(as_text=True)
    assert "Met deze filters vonden we niets dat past bij uw vraag." in page
    assert 'href="/kaart/?q=maaltijden&amp;municipality=Asten"' in page
    assert "zonder: alleen gratis" in page


def test_api_answer_keeps_total_and_items_beside_the_offer(client):
    body = client.get("/api/v1/search", query_string={"q": "maaltijden", "free": "true"}).get_json()
    assert body["total"] == 0 and body["items"] == []
    assert body["without_filters"]["dropped"] == ["free"] and body["without_filters"]["total"] > 0
