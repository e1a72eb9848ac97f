"""The beheer upload keeps to the import limits of socialmap/hsds.py (the web adds none of its own):
an editor sees which record and field is too long, and a file with too many services imports nothing."""

import io
import json

from test_beheer import app_as, editable  # noqa: F401 - the fixtures of the beheer tests

from socialmap import hsds


def upload(client, records, name="nieuw.json"):
    body = json.dumps(records).encode()
    return client.post("/beheer/import", data={"bestand": (io.BytesIO(body), name)},
                       content_type="multipart/form-data")


def test_a_too_long_field_is_named_and_that_record_left_out(app_as, demo_records, editable):  # noqa: F811
    good, long = dict(demo_records[45]), dict(demo_records[46])
    long["description"] = "Wij helpen u graag. " * 300  # 6,000 characters
    answer = upload(app_as("redacteur"), [good, long])
    assert answer.status_code == 400
    html = answer.get_data(as_text=True)
    assert f"Record 2 ({long['name']}), veld &#39;description&#39;: te lang: 6000 tekens (maximaal 5000)" in html
    assert editable.get_service(good["id"]) is not None and editable.get_service(long["id"]) is None


def test_too_many_services_in_one_upload_import_nothing(app_as, demo_records, editable, monkeypatch):  # noqa: F811
    monkeypatch.setattr(hsds, "MAX_SERVICES_PER_FILE", 2)
    before = editable.count_services()
    answer = upload(app_as("redacteur"), demo_records[45:48])
    assert answer.status_code == 400
    assert "te veel diensten in één bestand: meer dan 2" in answer.get_data(as_text=True)
    assert editable.count_services() == before
