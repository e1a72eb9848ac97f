"""The Rasa project as Rasa sees it: data validation, conversation tests, held-out NLU figures."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
BOT = REPO / "bot"
RASA = REPO / ".venv" / "bin" / "rasa"
MODEL = Path(os.environ.get("WEGWIJS_RASA_MODEL", BOT / "models" / "wegwijs.tar.gz"))
ENV = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "3"}
needs_model = pytest.mark.skipif(not MODEL.exists(), reason=f"no trained model at {MODEL} (make model)")


def test_rasa_data_validate_is_clean():
    result = subprocess.run([str(RASA), "data", "validate", "--fail-on-warnings"], cwd=BOT, env=ENV,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def _heldout(name: str) -> list[dict]:
    return yaml.safe_load((REPO / "tests" / "bot" / name).read_text())["messages"]


def _training_texts() -> set[str]:
    training = set()
    for path in (BOT / "data" / "nlu").glob("*.yml"):
        for block in yaml.safe_load(path.read_text())["nlu"]:
            for line in block.get("examples", "").splitlines():
                text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line.lstrip("- "))  # [Deurne](plaats) -> Deurne
                training.add(text.strip().lower())
    return training


@pytest.mark.parametrize("name, least", [("heldout_nlu.yml", 150), ("heldout_nlu_fresh.yml", 160),
                                         ("heldout_nlu_third.yml", 200), ("heldout_nlu_blind.yml", 200)])
def test_heldout_messages_are_not_in_the_training_data(name, least):
    heldout = {m["text"].strip().lower() for m in _heldout(name)}
    assert len(heldout) >= least
    copies = sorted(heldout & _training_texts())
    assert not copies, copies  # only the copies: a failure must not print the unseen sets



def test_fresh_heldout_set_covers_what_residents_send():
    messages = _heldout("heldout_nlu_fresh.yml")
    counts: dict[str, int] = {}
    for m in messages:
        if not m.get("near_miss"):
            counts[m["intent"]] = counts.get(m["intent"], 0) + 1
    topics = {k: v for k, v in counts.items() if k.startswith("vraag_")}
    assert len(topics) == 22 and min(topics.values()) >= 6
    assert counts["crisis"] >= 15
    assert sum(bool(m.get("near_miss")) for m in messages) >= 10
    for intent in ("mens_spreken", "anoniem", "luisteren", "buiten_scope", "voor_ander", "vraag_vrijwilligerswerk"):
        assert counts.get(intent, 0) >= 1, intent
    old = {m["text"].strip().lower() for m in _heldout("heldout_nlu.yml")}
    assert not old & {m["text"].strip().lower() for m in messages}


def test_every_topic_has_forty_training_examples():
    counts: dict[str, int] = {}
    for path in (BOT / "data" / "nlu").glob("*.yml"):
        for block in yaml.safe_load(path.read_text())["nlu"]:
            if block.get("intent", "").startswith("vraag_"):
                counts[block["intent"]] = counts.get(block["intent"], 0) + len(block["examples"].splitlines())
    assert len(counts) == 22 and min(counts.values()) >= 40


@pytest.mark.slow
@needs_model
def test_heldout_nlu_figures():
    result = subprocess.run([sys.executable, str(BOT / "evaluation" / "evaluate_nlu.py"), "--json"],
                            cwd=REPO, env=ENV, capture_output=True, text=True, timeout=1200)
    lines = {li.split(" ", 1)[0]: json.loads(li.split(" ", 1)[1]) for li in result.stdout.splitlines()
             if li.startswith(("RESULT ", "RESULT_FRESH ", "RESULT_THIRD "))}
    figures = lines["RESULT"]
    # without their errors, so a failing assertion cannot print the unseen sets' messages
    fresh, third = ({k: v for k, v in lines[key].items() if k != "errors"} for key in ("RESULT_FRESH", "RESULT_THIRD"))
    assert figures["crisis_recall"] == 1.0, figures["errors"]
    assert figures["near_miss_false_alarms"] <= 1, figures["errors"]
    # measured 2026-11-23 (evening) on the old (tuned-on) set: topic 0.896, 0.926 after a crisis
    # check, crisis recall 1.0, 1 near-miss alarm
    assert figures["topic_accuracy"] >= 0.87, figures["errors"]
    # The fresh and third sets are never tuned on, and their errors are not printed here; these only
    # guard against regressions below what was measured 2026-11-23 (evening):
    # fresh topic 0.909, crisis recall 1.0 (17 of 17); third topic 0.882 (0.918 after a crisis
    # check), crisis recall 1.0 (55 of 55), false alarms 0.069 (see bot/evaluation/RESULTS.md).
    assert fresh["messages"] >= 160 and third["messages"] >= 220
    assert fresh["topic_accuracy"] >= 0.85 and third["topic_after_check"] >= 0.88
    assert fresh["crisis_recall"] == 1.0 and third["crisis_recall"] >= 0.96
    assert third["crisis_false_alarm_rate"] <= 0.12
