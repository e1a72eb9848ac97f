"""The outside dev sets (../shared/eval-dev) are measuring sticks: none of their sentences may
appear in the project (training data, judged queries, tests). Blind writers can happen on the same
sentence by chance; this finds it. It names files only, never a dev sentence. Skipped where the
dev sets are not next to the checkout."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DEV = REPO.parent / "shared" / "eval-dev"
SUFFIXES = {".yml", ".yaml", ".json", ".jsonl", ".py", ".md", ".csv", ".txt"}
SKIPPED = {".git", ".venv", ".venv-tools", "node_modules", "var", "models"}


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", text.lower())).strip()


def dev_sentences() -> set[str]:
    texts: list[str] = []
    for path in DEV.rglob("*.jsonl"):
        texts += [json.loads(line).get("text", "") for line in path.read_text(encoding="utf-8").splitlines()
                  if line.strip()]
    for path in DEV.rglob("queries.json"):
        texts += [query.get("text", "") for query in json.loads(path.read_text(encoding="utf-8"))]
    return {norm(text) for text in texts if len(norm(text)) >= 32}


@pytest.mark.skipif(not DEV.is_dir(), reason="the outside dev sets are not next to this checkout")
def test_no_sentence_of_the_dev_sets_is_in_the_project():
    needles = dev_sentences()
    assert needles, "the dev sets were found but hold no sentences: the check would prove nothing"
    found = []
    for path in REPO.rglob("*"):
        if path.suffix not in SUFFIXES or SKIPPED & set(path.relative_to(REPO).parts) or not path.is_file():
            continue
        try:
            body = norm(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, OSError):
            continue
        count = sum(needle in body for needle in needles)
        if count:
            found.append(f"{path.relative_to(REPO)}: {count}")
    assert found == [], found  # file names and counts only: the sentences stay unread
