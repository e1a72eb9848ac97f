"""What residents see on /kaart (issue 14): "laatst gecontroleerd op …" on stale services,
accessibility, languages and referral on cards and detail pages, and an optional Leaflet map served
by the app itself with the municipality's tiles; the list works without it."""

import datetime as dt
import re

from flask_babel import format_date

from tests.web.test_beheer import app_as, editable  # noqa: F401 (fixtures)
from tests.web.test_beheer_fields import full_form

TILES = "https://{s}.tiles.voorbeeld.nl/{z}/{x}/{y}.png"


def stale_active(social_map):
    return next(s for s in social_map.stale_services() if s.is_active and s.assured_date and s.locations)


def search_html(client, service):
    return client.get("/kaart/", query_string={"q": service.name}).get_data(as_text=True)


def card_of(html, service_id):
    start = html.rindex("<article", 0, html.index(f'data-url="/kaart/dienst/{service_id}"'))
    return html[start:html.index("</article>", start)]


def test_a_stale_service_says_when_it_was_last_checked(app, app_as, editable):  # noqa: F811
    client = app_as("redacteur")
    service = stale_active(editable)
    with app.test_request_context():
        date = format_date(service.assured_date, "d MMMM y")
    assert re.fullmatch(r"\d{1,2} [a-z]+ \d{4}", date)  # a Dutch date: '17 februari 2025'
    assert f"laatst gecontroleerd op {date}" in card_of(search_html(client, service), service.id)
    assert f"laatst gecontroleerd op {date}" in client.get(f"/kaart/dienst/{service.id}").get_data(as_text=True)
    client.post(f"/beheer/dienst/{service.id}", data={"actie": "gecontroleerd"})
    assert "Let op:" not in card_of(search_html(client, service), service.id)
    page = client.get(f"/kaart/dienst/{service.id}.json").get_json()
    assert page["stale"] is False and page["assured_date"] == dt.date.today().isoformat()


def test_accessibility_languages_and_referral_reach_cards_and_detail_pages(app_as, editable):  # noqa: F811
    client = app_as("redacteur")
    service = stale_active(editable)
    form = full_form(editable, service.id, rolstoel="ja", toegankelijkheid="ingang aan de achterkant",
                     talen=["nl", "tr"], toegang="indicatie-nodig")
    assert client.post(f"/beheer/dienst/{service.id}", data=form).status_code == 302
    card = card_of(search_html(client, service), service.id)
    detail = client.get(f"/kaart/dienst/{service.id}").get_data(as_text=True)
    for html in (card, detail):
        assert "Rolstoeltoegankelijk (ingang aan de achterkant)" in html
        assert "Talen: Nederlands, Turks" in html
        assert "indicatie of beschikking nodig" in html
    assert "Adres:" in card  # the address, not only the municipality


def test_no_tiles_configured_means_no_map_and_the_list_as_before(app_as, editable):  # noqa: F811
    client = app_as(None)
    service = stale_active(editable)
    html = search_html(client, service)
    assert "leaflet" not in html and "kaartweergave" not in html
    assert card_of(html, service.id)


def test_with_tiles_the_map_comes_from_the_app_and_the_tiles_are_allowed(app, app_as, editable):  # noqa: F811
    app.config.update(KAART_TILES_URL=TILES, KAART_TILES_ATTRIBUTION="© Voorbeeldkaart")
    client = app_as(None)
    service = stale_active(editable)
    answer = client.get("/kaart/", query_string={"q": service.name})
    html = answer.get_data(as_text=True)
    assert 'defer src="/kaart/leaflet/leaflet.js"' in html and 'href="/kaart/leaflet/leaflet.css"' in html
    assert not re.search(r'<(script|link)[^>]+(src|href)="(https?:)?//', html)  # nothing from a CDN
    assert 'data-tiles="https://{s}.tiles.voorbeeld.nl/{z}/{x}/{y}.png"' in html
    assert "data-punten=" in card_of(html, service.id)
    assert "img-src 'self' https://*.tiles.voorbeeld.nl" in answer.headers["Content-Security-Policy"]
    script = client.get("/kaart/leaflet/leaflet.js")
    assert script.status_code == 200 and b"Leaflet" in script.data[:400]
    assert client.get("/kaart/leaflet/images/marker-icon.png").status_code == 200
    assert client.get("/kaart/leaflet/../../package.json").status_code == 404
    assert client.get("/kaart/leaflet/leaflet-src.js.map").status_code == 404
    detail = client.get(f"/kaart/dienst/{service.id}").get_data(as_text=True)
    assert "kaartweergave" in detail and "data-punten=" in detail
