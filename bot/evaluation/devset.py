"""The outside development set: read it where it lies, score parses against its labels.

`../shared/eval-dev/utterances-dev.jsonl` (relative to the repository) holds 320 resident messages
written and labelled by others. It is a measuring stick only: it is read in place, never copied
into the repository, and nothing is tuned on it. Only aggregate figures leave this module.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
DEV = REPO.parent / "shared" / "eval-dev" / "utterances-dev.jsonl"
# the styles its README tags; "long" is also given as the issue counts it (> 140 characters)
STYLES = ("MULTI", "EN", "MIX", "LONG", "SPELLING", "DIALECT", "NT2", "ELDERLY", "ABBR")
_TAG = re.compile(r"\[([A-Z0-9-]+)\]")


def load_dev(path: Path = DEV) -> list[dict] | None:
    """The dev set's records, or None when it is not on this machine."""
    if not path.exists():
        return None
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def tags(record: dict) -> set[str]:
    return set(_TAG.findall(record.get("notes") or ""))


def slug(intent: str | None) -> str | None:
    """vraag_huishoudelijke_hulp -> huishoudelijke-hulp; other intents have no topic."""
    return intent[len("vraag_"):].replace("_", "-") if intent and intent.startswith("vraag_") else None


def _rate(hits: list[bool]) -> dict:
    return {"n": len(hits), "right": sum(hits), "rate": (sum(hits) / len(hits)) if hits else None}


def score_dev(items: list[tuple[dict, dict]], facts: list[dict] | None = None,
              topics_of: Callable[[dict], list[str]] | None = None) -> dict:
    """Aggregate figures for (record, parse) pairs; `facts` (one dict per item) adds for whom and
    place as the dialogue stored them; `topics_of(parse)` gives the topics the parse offers
    besides the main one (for messages with several needs)."""
    topical = [(r, p) for r, p in items if r["topic"] and not r["crisis"]]
    out: dict = {"messages": len(items)}
    out["topic"] = _rate([slug(p["intent"]["name"]) == r["topic"] for r, p in topical])
    for style in STYLES:
        out[f"topic {style}"] = _rate([slug(p["intent"]["name"]) == r["topic"]
                                       for r, p in topical if style in tags(r)])
    out["topic >140 chars"] = _rate([slug(p["intent"]["name"]) == r["topic"]
                                     for r, p in topical if len(r["text"]) > 140])
    out["topic short (<=140, single need)"] = _rate([slug(p["intent"]["name"]) == r["topic"] for r, p in topical
                                                     if len(r["text"]) <= 140 and "MULTI" not in tags(r)])
    if topics_of is not None:
        multi = [(r, p) for r, p in topical if r["other_topics"]]
        out["multi: main topic offered (main or runner-up)"] = _rate(
            [r["topic"] in [slug(p["intent"]["name"]), *topics_of(p)] for r, p in multi])
        out["multi: other topics kept (share of all)"] = _rate(
            [t in [slug(p["intent"]["name"]), *topics_of(p)] for r, p in multi for t in r["other_topics"]])
    crisis = [(r, p) for r, p in items if r["crisis"]]
    others = [(r, p) for r, p in items if not r["crisis"]]
    out["crisis recall"] = _rate([p["intent"]["name"] == "crisis" for _, p in crisis])
    out["crisis recall VEILED"] = _rate([p["intent"]["name"] == "crisis" for r, p in crisis if "VEILED" in tags(r)])
    out["crisis recall EN/MIX"] = _rate([p["intent"]["name"] == "crisis" for r, p in crisis
                                         if r.get("lang") in ("en", "mix")])
    out["false alarms (non-crisis)"] = _rate([p["intent"]["name"] == "crisis" for _, p in others])
    out["look-alikes alarmed"] = _rate([p["intent"]["name"] == "crisis" for r, p in others if "NEAR-MISS" in tags(r)])
    if facts is not None:
        pairs = list(zip((r for r, _ in items), facts, strict=True))
        asked = [(r, f) for r, f in pairs if r["kind"] not in ("begroeting", "afsluiting", "bedankt", "buiten-bereik")]
        out["for whom: for another, stored as such"] = _rate(
            [f.get("for_whom") == "ander" for r, f in asked if r["for_other"]])
        out["for whom: relation right"] = _rate(
            [_relation(f.get("relation")) == _relation(r["relation"]) for r, f in asked if r["for_other"]])
        out["for whom: relative mentioned, help for self, not stored as other"] = _rate(
            [f.get("for_whom") != "ander" for r, f in asked if "REL-MENTIONED" in tags(r)])
        out["place named: municipality stored"] = _rate(
            [f.get("municipality") is not None and f.get("municipality") == f.get("gold_municipality")
             for r, f in asked if r["place"]])
        out["place named: parse has the place (entity -> gazetteer)"] = _rate(
            [f.get("entity_municipality") is not None and f.get("entity_municipality") == f.get("gold_municipality")
             for r, f in asked if r["place"]])
    return out


def _relation(value: str | None) -> str | None:
    value = (value or "").lower().strip()
    return {"vriend": "vriend(in)", "vriendin": "vriend(in)", "client": "cliënt", "echtgenoot": "man",
            "echtgenote": "vrouw"}.get(value, value) or None


def table(columns: dict[str, dict]) -> str:
    """Markdown table: one row per figure, one column per pipeline."""
    names = list(columns)
    keys = [k for k in columns[names[0]] if k != "messages"]
    lines = ["| figure (dev set) | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for key in keys:
        cells = []
        for name in names:
            cell = columns[name].get(key)
            cells.append("–" if not cell or cell["rate"] is None else f"{cell['rate']:.3f} ({cell['right']}/{cell['n']})")
        lines.append(f"| {key} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
