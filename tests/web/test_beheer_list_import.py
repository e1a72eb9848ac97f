"""The editors' list tells services apart and filters them; the CSV import refuses bad fields by
name, never imports the template's example row and reports rows by number and name (issue 14)."""

import io
from pathlib import Path

import pytest

from tests.web.test_beheer import NEW_SERVICE, app_as, editable  # noqa: F401 (fixtures)

TEMPLATE = Path(__file__).resolve().parents[2] / "data" / "templates" / "sociale-kaart-sjabloon.csv"


def add_alfahulp(client, municipality, postcode, town, topic):
    form = {**NEW_SERVICE, "name": "Buurtmaatje Proef", "organisatie": f"Buurtmaatje {town}", "gemeenten": municipality,
            "adres": "Markt 1", "postcode": postcode, "plaats": town, "onderwerpen": topic}
    answer = client.post("/beheer/nieuw", data=form)
    assert answer.status_code == 302, answer.get_data(as_text=True)
    return answer.headers["Location"].rsplit("/", 1)[1]


def rows_of(html):
    return html.split("<tbody>")[1].split("</tbody>")[0].count("<tr>")


def test_four_services_with_one_name_can_be_told_apart_and_filtered(app_as, editable):  # noqa: F811
    client = app_as("redacteur")
    for municipality, postcode, town, topic in (("Helmond", "5701 AB", "Helmond", "eenzaamheid"),
                                                ("Deurne", "5751 BC", "Deurne", "mantelzorg"),
                                                ("Asten", "5721 GA", "Asten", "eenzaamheid"),
                                                ("Gemert-Bakel", "5421 AA", "Gemert", "eenzaamheid")):
        add_alfahulp(client, municipality, postcode, town, topic)
    html = client.get("/beheer/", query_string={"q": "buurtmaatje proef"}).get_data(as_text=True)
    assert rows_of(html) == 4
    for text in ("<td>Helmond</td>", "<td>Deurne</td>", "<td>Gemert</td><td>Gemert-Bakel</td>"):
        assert text in html
    one = client.get("/beheer/", query_string={"q": "buurtmaatje proef", "gemeente": "Deurne"}).get_data(as_text=True)
    assert rows_of(one) == 1 and "<td>Deurne</td>" in one
    by_topic = client.get("/beheer/", query_string={"q": "buurtmaatje proef", "onderwerp": "mantelzorg"}).get_data(as_text=True)
    assert rows_of(by_topic) == 1
    inactive = client.get("/beheer/", query_string={"q": "buurtmaatje proef", "status": "inactive"}).get_data(as_text=True)
    assert rows_of(inactive) == 0
    stale = client.get("/beheer/", query_string={"q": "buurtmaatje proef", "verouderd": "1"}).get_data(as_text=True)
    assert rows_of(stale) == 4  # new services count as unchecked until someone checks them


def import_csv(client, text):
    return client.post("/beheer/import", data={"bestand": (io.BytesIO(text.encode()), "diensten.csv")},
                       content_type="multipart/form-data")


def test_the_import_page_links_the_template_and_its_example_row_is_never_imported(app_as, editable):  # noqa: F811
    client = app_as("redacteur")
    page = client.get("/beheer/import").get_data(as_text=True)
    assert 'href="/beheer/sjabloon.csv"' in page
    template = client.get("/beheer/sjabloon.csv")
    assert template.status_code == 200 and template.get_data(as_text=True) == TEMPLATE.read_text(encoding="utf-8")
    before = editable.count_services()
    answer = import_csv(client, template.get_data(as_text=True))
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200 and "Nieuw: 0." in html
    assert "Rij 2: de voorbeeldrij van het sjabloon is overgeslagen" in html
    assert editable.count_services() == before


def template_row(**changes):
    header = TEMPLATE.read_text(encoding="utf-8").splitlines()[0].split(",")
    values = dict(zip(header, next(iter(__import__("csv").reader(TEMPLATE.read_text(encoding="utf-8").splitlines()[1:]))),
                      strict=True))
    values.update(id="", naam="Koffie in De Brink", **changes)
    out = io.StringIO()
    writer = __import__("csv").DictWriter(out, fieldnames=header)
    writer.writeheader()
    writer.writerow(values)
    return out.getvalue()


@pytest.mark.parametrize("column, value, words", [
    ("postcode", "5701", "geen Nederlandse postcode"),
    ("telefoon", "0492-12", "geen Nederlands telefoonnummer"),
    ("laatst_gecontroleerd", "31-02-2026", "geen geldige datum"),
    ("website", "voorbeeld.nl", "geen webadres"),
    ("email", "info-at-voorbeeld.nl", "geen e-mailadres"),
])
def test_bad_csv_fields_are_refused_by_column_row_and_name(app_as, editable, column, value, words):  # noqa: F811
    client = app_as("redacteur")
    before = editable.count_services()
    answer = import_csv(client, template_row(**{column: value}))
    html = answer.get_data(as_text=True)
    assert answer.status_code == 400
    assert f"Rij 2 (Koffie in De Brink), veld &#39;{column}&#39;" in html and words in html
    assert editable.count_services() == before


def test_a_good_csv_row_is_imported_with_coordinates_from_its_postcode(app_as, editable):  # noqa: F811
    client = app_as("redacteur")
    answer = import_csv(client, template_row(breedtegraad="", lengtegraad="", laatst_gecontroleerd="1-11-2026"))
    assert answer.status_code == 200 and "Nieuw: 1." in answer.get_data(as_text=True)
    service = next(s for s in editable.list_services(limit=10_000) if s.name == "Koffie in De Brink")
    assert service.locations[0].latitude == editable.places.postcodes["5701"][0]
    assert service.assured_date.isoformat() == "2026-11-01"


def test_the_report_names_rows_not_internal_ids(app_as, editable):  # noqa: F811
    client = app_as("redacteur")
    html = import_csv(client, template_row(trede="bestaat-niet")).get_data(as_text=True)
    assert "Rij 2 (Koffie in De Brink), veld &#39;trede&#39;" in html
    import re
    assert not re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", html.split("Resultaat")[1])


def test_the_list_pages_through_every_service(app_as, editable, demo_records):  # noqa: F811
    assert editable.import_hsds(demo_records[40:120]).ok
    client = app_as("redacteur")
    total = editable.count_services()
    first = client.get("/beheer/").get_data(as_text=True)
    assert rows_of(first) == min(50, total) and f"{total} diensten." in first
    last_page = (total + 49) // 50
    last = client.get("/beheer/", query_string={"pagina": str(last_page)}).get_data(as_text=True)
    assert rows_of(last) == total - 50 * (last_page - 1) and "vorige" in last
    assert client.get("/beheer/", query_string={"pagina": "abc"}).status_code == 200


def test_csv_languages_wheelchair_and_referral_reach_the_kaart(app_as, editable):  # noqa: F811
    client = app_as("redacteur")
    answer = import_csv(client, template_row(talen="Nederlands; ar", rolstoeltoegankelijk="ja",
                                             verwijzing="indicatie-nodig"))
    assert answer.status_code == 200, answer.get_data(as_text=True)
    service = next(s for s in editable.list_services(limit=10_000) if s.name == "Koffie in De Brink")
    page = client.get(f"/kaart/dienst/{service.id}").get_data(as_text=True)
    assert "Talen: Nederlands, Arabisch" in page and "Rolstoeltoegankelijk" in page
    assert "indicatie of beschikking nodig" in page


@pytest.mark.parametrize("column, value", [("talen", "Klingon"), ("rolstoeltoegankelijk", "soms"),
                                           ("verwijzing", "misschien")])
def test_bad_csv_access_fields_are_refused(app_as, editable, column, value):  # noqa: F811
    answer = import_csv(app_as("redacteur"), template_row(**{column: value}))
    assert answer.status_code == 400 and f"veld &#39;{column}&#39;" in answer.get_data(as_text=True)
