"""The bot's words, one catalogue per language (catalogue/nl.yml, catalogue/en.yml); Dutch is the default.

Code asks for a key (`say(lang, "ask_place")`, `say(lang, "ask_helps.zelf")`); the words live in
the YAML files, so a text can be changed, or a language added, without touching the dialogue.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

import yaml

CATALOGUE = Path(__file__).resolve().parent / "catalogue"
LANGUAGES = ("nl", "en")
DEFAULT = "nl"


@cache
def catalogue(lang: str) -> dict:
    with open(CATALOGUE / f"{lang}.yml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def entry(lang: str, key: str):
    """The raw entry (a string, a list of variants or a mapping) for a dotted key."""
    node = catalogue(lang if lang in LANGUAGES else DEFAULT)
    for part in key.split("."):
        node = node[part]
    return node


def say(lang: str, key: str, **values: object) -> str:
    """The text for `key`, filled in; a list of variants gives its first."""
    found = entry(lang, key)
    if isinstance(found, list):
        found = found[0]
    return str(found).format(**values) if values else str(found)


def variant(lang: str, key: str, used: list[str], seed: str = "", **values: object) -> str:
    """One of the variants of `key` not used yet in this conversation (then any), so replies vary.
    `used` is the conversation's list of variant ids and is updated."""
    options = entry(lang, key)
    options = options if isinstance(options, list) else [options]
    start = int(hashlib.sha1(f"{seed}{key}".encode()).hexdigest(), 16) % len(options)
    order = [(start + i) % len(options) for i in range(len(options))]
    chosen = next((i for i in order if f"{key}#{i}" not in used), order[0])
    used.append(f"{key}#{chosen}")
    return str(options[chosen]).format(**values)


def button(lang: str, key: str, payload: str, **values: object) -> tuple[str, str]:
    return say(lang, f"button.{key}", **values), payload


TOPIC_PAYLOADS = ["huishoudelijke-hulp", "boodschappen", "eenzaamheid", "mantelzorg", "geldzaken", "vervoer"]


def topic_buttons(lang: str) -> list[tuple[str, str]]:
    return [(say(lang, f"topic_button.{slug}"), f"/vraag_{slug.replace('-', '_')}") for slug in TOPIC_PAYLOADS]
