"""NLU figures on the held-out set, for our pipeline and Rasa's default one, side by side.

    python bot/evaluation/evaluate_nlu.py [--train-default] [--cross-validation]

- held-out: tests/bot/heldout_nlu.yml (never in bot/data): topic accuracy, intent accuracy,
  crisis recall, crisis false alarms (non-crisis messages, near-misses among them, that come
  out as crisis).
- --train-default trains Rasa's `rasa init` pipeline (config_default.yml) on the same data.
- --cross-validation also runs `rasa test nlu --cross-validation --folds 3` for our pipeline.
Results are printed and written to bot/evaluation/RESULTS.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import yaml

BOT = Path(__file__).resolve().parent.parent
REPO = BOT.parent
HELDOUT = REPO / "tests" / "bot" / "heldout_nlu.yml"
OURS = BOT / "models" / "wegwijs.tar.gz"
DEFAULT = BOT / "models" / "default-nlu.tar.gz"
RASA = REPO / ".venv" / "bin" / "rasa"


def load_heldout() -> list[dict]:
    return yaml.safe_load(HELDOUT.read_text(encoding="utf-8"))["messages"]


def score(predictions: list[tuple[dict, str]]) -> dict:
    topic = [(m, p) for m, p in predictions if m["intent"].startswith("vraag_") and not m.get("near_miss")]
    crisis = [(m, p) for m, p in predictions if m["intent"] == "crisis"]
    others = [(m, p) for m, p in predictions if m["intent"] != "crisis"]
    near = [(m, p) for m, p in predictions if m.get("near_miss")]
    return {
        "messages": len(predictions),
        "topic_accuracy": sum(m["intent"] == p for m, p in topic) / len(topic),
        "intent_accuracy": sum(m["intent"] == p for m, p in predictions) / len(predictions),
        "crisis_recall": sum(p == "crisis" for _, p in crisis) / len(crisis),
        "crisis_false_alarm_rate": sum(p == "crisis" for _, p in others) / len(others),
        "near_miss_false_alarms": sum(p == "crisis" for _, p in near),
        "errors": [(m["text"], m["intent"], p) for m, p in predictions if m["intent"] != p],
    }


def predict(model: Path, messages: list[dict]) -> list[tuple[dict, str]]:
    from rasa.core.agent import Agent

    os.chdir(BOT)  # custom components are imported relative to the bot folder
    sys.path.insert(0, str(BOT))
    agent = Agent.load(str(model))

    async def run():
        results = []
        for message in messages:
            parsed = await agent.parse_message(message["text"])
            results.append((message, parsed["intent"]["name"]))
        return results

    return asyncio.run(run())


def train_default() -> float:
    started = time.monotonic()
    subprocess.run([str(RASA), "train", "nlu", "-c", "evaluation/config_default.yml", "--out", "models",
                    "--fixed-model-name", "default-nlu", "--quiet"], cwd=BOT, check=True)
    return time.monotonic() - started


def cross_validation() -> str:
    out = BOT / "results" / "cross-validation"
    subprocess.run([str(RASA), "test", "nlu", "--cross-validation", "--folds", "3", "--out", str(out),
                    "--nlu", "data/nlu"], cwd=BOT, check=True)
    report = yaml.safe_load((out / "intent_report.json").read_text()) if (out / "intent_report.json").exists() else {}
    accuracy = report.get("accuracy")
    return f"{accuracy:.3f}" if isinstance(accuracy, float) else "see bot/results/cross-validation"


def table(rows: dict[str, dict]) -> str:
    lines = ["| pipeline | topic accuracy | intent accuracy | crisis recall | crisis false alarms | near-miss alarms |",
             "|---|---|---|---|---|---|"]
    for name, r in rows.items():
        lines.append(f"| {name} | {r['topic_accuracy']:.3f} | {r['intent_accuracy']:.3f} | "
                     f"{r['crisis_recall']:.3f} | {r['crisis_false_alarm_rate']:.3f} | {r['near_miss_false_alarms']} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--train-default", action="store_true")
    parser.add_argument("--cross-validation", action="store_true")
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--ours-only", action="store_true", help="skip the default pipeline")
    parser.add_argument("--json", action="store_true", help="print our figures as JSON only")
    args = parser.parse_args()
    messages = load_heldout()
    rows = {"wegwijs (e5 + lexicon)": score(predict(OURS, messages))}
    if args.json:
        print("RESULT " + json.dumps(rows["wegwijs (e5 + lexicon)"]))
        return 0
    if args.ours_only:
        print(table(rows))
        return 0
    if args.train_default or not DEFAULT.exists():
        train_default()
    rows["rasa init default"] = score(predict(DEFAULT, messages))
    text = f"Held-out set: {len(messages)} messages (tests/bot/heldout_nlu.yml)\n\n{table(rows)}\n"
    if args.cross_validation:
        text += f"\n3-fold cross-validation intent accuracy (ours, training data): {cross_validation()}\n"
    print(text)
    if args.verbose:
        for name, row in rows.items():
            print(name)
            for error in row["errors"]:
                print("   ", error)
    results = BOT / "evaluation" / "RESULTS.md"
    old = results.read_text(encoding="utf-8") if results.exists() else ""
    notes = old[old.index("\n## Notes"):] if "\n## Notes" in old else ""  # hand-written notes stay
    results.write_text("# NLU results\n\n" + text + notes, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
