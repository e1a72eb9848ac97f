"""The Rasa side, checked as a privacy officer would: a BSN or IBAN typed in a named conversation is
in no row of the tracker store, and Rasa's log of a failed turn holds no resident text."""

import asyncio
import logging
import sqlite3

import pytest
import structlog
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from tracker_store import ScrubbingSQLTrackerStore, quiet_resident_text_in_logs

BSN, IBAN = "123456782", "NL91ABNA0417164300"


def test_a_bsn_and_iban_in_a_named_conversation_never_reach_the_tracker_store(tmp_path):
    path = tmp_path / "tracker.sqlite"
    store = ScrubbingSQLTrackerStore(db=str(path))
    text = f"mijn bsn is {BSN} en mijn rekening {IBAN}"
    events = [ActionExecuted("action_listen"),
              UserUttered(text, {"name": "vraag_geldzaken", "confidence": 0.9},
                          parse_data={"text": text, "intent": {"name": "vraag_geldzaken", "confidence": 0.9},
                                      "entities": [{"entity": "postcode", "value": BSN}]}),
              SlotSet("gesprek", {"anonymous": False, "question": text, "details": [f"iban {IBAN}"]}),
              BotUttered(f"U noemde {BSN}.")]
    tracker = DialogueStateTracker.from_events("gesprek-bsn", events)
    asyncio.run(store.save(tracker))
    # a second turn: only the new events are written, scrubbed as well
    tracker.update(UserUttered(f"nogmaals {BSN}", {"name": "weet_niet", "confidence": 0.5}))
    asyncio.run(store.save(tracker))
    store.engine.dispose()
    dump = "\n".join(str(row) for row in sqlite3.connect(path).execute("SELECT * FROM events"))
    assert BSN not in dump and IBAN not in dump and "[bsn]" in dump and "[iban]" in dump
    again = asyncio.run(store.retrieve("gesprek-bsn"))
    assert len(again.events) == len(tracker.events)  # nothing lost, only the numbers replaced
    assert again.latest_message.text == "nogmaals [bsn]"


def test_an_anonymous_conversation_keeps_no_name_in_the_words_the_state_keeps(tmp_path):
    """The state slot keeps the resident's own words beside the question (the crisis words for the
    summary, corrections typed in it): named before choosing anonymity, they are scrubbed too."""
    path = tmp_path / "tracker.sqlite"
    store = ScrubbingSQLTrackerStore(db=str(path))
    said = "Ik heet Gerrit Wolfsbergen en ik zie het niet meer zitten, bel 06-12345678"
    named = {"anonymous": False, "question": said, "crisis_words": [said],
             "corrections": ["Voor: - → Gerrit Wolfsbergen"], "pending_contact": "06-12345678"}
    events = [ActionExecuted("action_listen"), UserUttered(said, {"name": "crisis", "confidence": 0.6}),
              SlotSet("gesprek", named), BotUttered("Bel 113.")]
    tracker = DialogueStateTracker.from_events("anoniem-later", events)
    asyncio.run(store.save(tracker))
    tracker.update(UserUttered("ik wil anoniem blijven", {"name": "anoniem", "confidence": 0.9}))
    tracker.update(SlotSet("gesprek", {**named, "anonymous": True}))
    asyncio.run(store.save(tracker))
    store.engine.dispose()
    dump = "\n".join(str(row) for row in sqlite3.connect(path).execute("SELECT data FROM events"))
    assert "Wolfsbergen" not in dump and "12345678" not in dump, dump
    assert "zie het niet meer zitten" in dump  # the words themselves stay for the luisteraar


@pytest.fixture
def rasa_logging():
    """Rasa's own structlog set-up, as `rasa run` makes it; restored afterwards."""
    from rasa.utils.log_utils import configure_structlog

    before = structlog.get_config()
    configure_structlog(logging.INFO)
    yield
    structlog.configure(**before)


def test_a_failed_turn_logs_no_resident_text(rasa_logging, caplog, tmp_path):
    from rasa.core.channels import rest

    ScrubbingSQLTrackerStore(db=str(tmp_path / "t.sqlite")).engine.dispose()  # what the Rasa server builds
    caplog.set_level(logging.INFO)
    try:
        raise RuntimeError("an NLU component failed")
    except RuntimeError:
        rest.structlogger.exception("rest.message.received.failure", text=f"mijn man slaat mij, bsn {BSN}",
                                    sender_id="Xe3ylj-0PhC75waH7y-Ntw")
    assert "rest.message.received.failure" in caplog.text  # the failure is logged ...
    assert "slaat" not in caplog.text and BSN not in caplog.text  # ... without what was said
    assert "Xe3ylj" not in caplog.text  # ... or whose conversation it was


def test_quieting_is_idempotent(rasa_logging):
    quiet_resident_text_in_logs()
    quiet_resident_text_in_logs()
    processors = structlog.get_config()["processors"]
    assert sum(1 for p in processors if getattr(p, "__name__", "") == "_drop_resident_text") == 1
