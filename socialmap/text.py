"""Small text helpers shared by places, taxonomy and search: one normal form for Dutch words."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^a-z0-9]+")


_ACCENTS = str.maketrans({c: unicodedata.normalize("NFKD", c)[0] for c in
                          "àáâãäåèéêëìíîïòóôõöùúûüýÿñç"})


def fold(text: str) -> str:
    """Lowercase and strip diacritics: 'Cliënt Café' -> 'client cafe'."""
    text = text.lower()
    if text.isascii():
        return text
    text = text.translate(_ACCENTS)
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalize_name(text: str) -> str:
    """A key for names: folded, punctuation and '&' folded to spaces, single spaces."""
    folded = fold(text).replace("&", " en ").replace("'", "")
    return " ".join(_NON_WORD.sub(" ", folded).split())
