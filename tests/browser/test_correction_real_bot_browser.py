"""Issue 13: the correction dialogue end to end through the REAL bot, in two headless Chromium windows.

The trained Rasa model and the action server (tests/browser/real_bot.py, started as
scripts/run_stack.py starts them) answer the resident through the real web hub; the action server
files the approved handover through the hub's intake. The resident asks for a person, sees the
summary, says "Er klopt iets niet", corrects one line with its button and one in their own words,
and approves; the consultant sees exactly the approved lines. Afterwards none of the resident's
words is in the logs of the real Rasa server and action server, nor in the hub's log records
(issue 9: no resident text in any log at the default level). One Rasa start for the whole module.
Screenshots go to /tmp/shots-real-bot/ — look at them.
"""

from __future__ import annotations

import logging
import subprocess
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest
from werkzeug.serving import make_server

from tests.browser.real_bot import MODEL, REPO, VENV_BIN, real_bot
from tests.browser.test_handover_browser import (
    ALWAYS_OPEN,
    assert_accessible,
    resident_page,
    say,
    staff_login,  # noqa: F401 (a fixture)
    staff_page,
)
from tests.processes import free_port
from web import create_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SHOTS = Path("/tmp/shots-real-bot")
INTERNAL_TOKEN = "real-bot-intake-token"
QUESTION = "Mijn moeder kan niet meer zelf boodschappen doen. Ze woont in Deurne. Ik wil graag een medewerker spreken."
# the resident's words for a summary line -> the workspace's label for it
LABELS = {"Uw vraag": "Vraag in eigen woorden", "Onderwerp": "Onderwerp", "Voor": "Voor wie",
          "Gemeente": "Gemeente", "Leeftijd": "Leeftijd", "Spoed": "Spoed"}


def trained_model() -> Path:
    """The model `make test` trains first; trained here when it is missing; a skip only when it cannot be."""
    if not MODEL.exists():
        done = subprocess.run([str(VENV_BIN / "python"), "scripts/train_bot.py"], cwd=REPO, capture_output=True,
                              text=True, timeout=1800, check=False)
        if not MODEL.exists():
            pytest.skip(f"no Rasa model at {MODEL} and scripts/train_bot.py could not train one: "
                        f"{(done.stderr or done.stdout)[-300:]}")
    return MODEL


@pytest.fixture
def hub_and_bot(demo_map, tmp_path):
    """The web hub (on a port chosen first, so the action server knows where to file) with the real bot."""
    trained_model()
    SHOTS.mkdir(exist_ok=True)
    port = free_port()
    with real_bot(tmp_path, f"http://127.0.0.1:{port}", INTERNAL_TOKEN, demo_map.path) as bot:
        app = create_app({"TESTING": True, "SOCIALMAP_DB": demo_map.path, "APP_DB": str(tmp_path / "app.sqlite"),
                          "INTERNAL_TOKEN": INTERNAL_TOKEN, "SECRET_KEY": "browser-test",
                          "RASA_URL": bot["url"], "RASA_TOKEN": bot["token"], **ALWAYS_OPEN})
        app.extensions["socialmap"] = demo_map
        http = make_server("127.0.0.1", port, app, threaded=True)
        threading.Thread(target=http.serve_forever, daemon=True).start()
        try:
            yield SimpleNamespace(url=f"http://127.0.0.1:{port}", logs=bot["logs"])
        finally:
            http.shutdown()


def summary_lines(page) -> list[tuple[str, str]]:
    """The lines of the latest summary the bot showed: [("Gemeente", "Asten"), …]."""
    text = page.locator("li.bot", has_text="• ").last.inner_text()
    return [tuple(line[2:].split(": ", 1)) for line in text.splitlines() if line.startswith("• ")]


def test_a_resident_corrects_the_real_bots_summary_and_staff_see_the_approved_lines(hub_and_bot, browser,
                                                                                      staff_login,  # noqa: F811
                                                                                      caplog):
    caplog.set_level(logging.INFO)  # the default level of `make run`
    url = hub_and_bot.url
    consultant = staff_page(browser)
    staff_login(consultant, url, "consulent")  # Deurne, Asten, Someren, Gemert-Bakel, Laarbeek
    resident = resident_page(browser)
    resident.goto(f"{url}/chat")
    say(resident, QUESTION)
    resident.wait_for_selector("text=Klopt dit, en mag ik dit doorgeven?", timeout=60_000)
    assert ("Gemeente", "Deurne") in summary_lines(resident)
    assert "0493 38 76 00" in resident.locator(".bellen").inner_text()  # the bot named Deurne
    resident.screenshot(path=str(SHOTS / "echt-1-samenvatting.png"), full_page=True)

    resident.click("button:has-text('Er klopt iets niet')")  # a line with its button
    resident.wait_for_selector("text=Wat klopt er niet?")
    resident.locator("li.bot", has_text="Wat klopt er niet?").last.locator("button:has-text('Gemeente')").click()
    resident.wait_for_selector("text=Wat moet er bij 'Gemeente' staan?")
    say(resident, "Asten")
    resident.wait_for_selector("text=Klopt het zo, en mag ik het doorgeven?")
    assert ("Gemeente", "Asten") in summary_lines(resident)

    resident.locator("button:has-text('Er klopt iets niet')").last.click()  # a line in their own words
    resident.locator("li.bot", has_text="Wat klopt er niet?").nth(1).wait_for()
    say(resident, "het is voor mijn vader")
    resident.locator("li.bot", has_text="Klopt het zo").nth(1).wait_for()
    approved = summary_lines(resident)
    assert ("Voor", "uw vader") in approved and ("Gemeente", "Asten") in approved
    # the first summary's "Ja, geef het door" can no longer pass on the uncorrected lines
    assert resident.locator("button:has-text('Ja, geef het door')").first.is_disabled()
    resident.screenshot(path=str(SHOTS / "echt-2-verbeterd.png"), full_page=True)
    assert_accessible(resident)

    resident.locator("button:has-text('Ja, geef het door')").last.click()
    resident.wait_for_selector("text=Hoe wilt u contact?")
    resident.click("button:has-text('Hier in de chat')")
    resident.wait_for_selector("text=Uw vraag staat klaar")
    resident.wait_for_selector("text=Er is een medewerker aan het werk")

    consultant.wait_for_selector(".overdracht a")
    consultant.click(".overdracht a")
    consultant.wait_for_selector("h1:has-text('Asten')")
    shown = consultant.locator(".samenvatting dl").first
    pairs = list(zip(shown.locator("dt").all_inner_texts(), shown.locator("dd").all_inner_texts(), strict=True))
    lines = [pair for pair in pairs if pair[0] not in ("Verbeterd door de inwoner", "Toestemming")]
    assert lines == [(LABELS[field], text) for field, text in approved]  # exactly what was approved
    corrections = dict(pairs)["Verbeterd door de inwoner"]
    assert "Gemeente: Deurne → Asten" in corrections and "→ vader" in corrections
    assert [dt for dt, _ in pairs][-1] == "Toestemming"
    consultant.screenshot(path=str(SHOTS / "echt-3-werkplek.png"), full_page=True)
    assert_accessible(consultant)

    # the real services' logs at their default level hold none of what the resident typed
    typed = [QUESTION, "Mijn moeder kan niet meer", "het is voor mijn vader"]
    for name, path in hub_and_bot.logs.items():
        log = path.read_text(errors="replace")
        assert log.strip(), f"{name} wrote no log at all: the check would prove nothing"
        assert [words for words in typed if words in log] == [], f"resident text in the {name} log"
    hub_log = "\n".join(record.getMessage() for record in caplog.records)
    assert [words for words in typed if words in hub_log] == [], "resident text in the hub's log"
