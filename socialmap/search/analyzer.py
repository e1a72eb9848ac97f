"""Dutch text analysis as small pure functions, shared by indexing and querying (lunr.py style).

    text -> fold (lowercase, no diacritics) -> tokenize -> drop stopwords
         -> split compounds (mantelzorgcafe -> mantelzorg + cafe) -> Snowball Dutch stems
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import Stemmer

from ..text import fold
from .wordlists import COMPOUND_HEADS, COMPOUND_MODIFIERS, STOPWORDS_NL

_TOKEN = re.compile(r"[a-z0-9]+")
_LINKS = ("s", "en", "e", "")
MIN_PART = 3
MIN_COMPOUND = 7

# The classic Snowball Dutch stemmer: the newer "dutch" algorithm strips ge-/be- prefixes
# (begeleiding -> beleid, gezin -> zin), which merges words that mean different things here.
_stemmer = Stemmer.Stemmer("dutch_porter")
_DOUBLE_END = re.compile(r"([bcdfghjklmnpqrstvwxz])\1$")
_DIMINUTIVE = re.compile(r"(?<=[a-z]{3})(?:tjes|jes|tje|je)$")


def tokenize(text: str) -> list[str]:
    """Folded word tokens: 'Mantelzorgcafé in Gemert!' -> ['mantelzorgcafe', 'in', 'gemert']."""
    return _TOKEN.findall(fold(text or ""))


# Articles that only stand before a noun ("het" and "een" also start "het is", "een van").
ARTICLES = frozenset(["de", "the"])


def remove_stopwords(tokens: Iterable[str]) -> list[str]:
    """Tokens without stopwords; a stopword right after an article is a noun and stays
    ("de was en de strijk": laundry, not the past tense of 'zijn')."""
    kept, previous = [], ""
    for token in tokens:
        if len(token) > 1 and (token not in STOPWORDS_NL or (previous in ARTICLES and token not in ARTICLES)):
            kept.append(token)
        previous = token
    return kept


@lru_cache(maxsize=200_000)
def stem(token: str) -> str:
    """Snowball Dutch, then undouble a final consonant (boodschapp -> boodschap) and drop the
    diminutive (klusjes -> klus) so singular, plural and small forms meet."""
    if len(token) > 5 and not token.endswith("maatje"):
        token = _DIMINUTIVE.sub("", token)
    return _DOUBLE_END.sub(r"\1", _stemmer.stemWord(token))


def stem_all(tokens: Iterable[str]) -> list[str]:
    return [stem(t) for t in tokens]


class Lexicon:
    """Known words for compound splitting: shipped lists plus words seen in the corpus/taxonomy."""

    def __init__(self, words: Iterable[str] = ()):
        self.heads = {fold(w) for w in COMPOUND_HEADS}
        self.words = {fold(w) for w in COMPOUND_MODIFIERS} | self.heads
        self._splits: dict[str, list[str]] = {}  # memo of split(); cleared when words change
        self.add(words)

    def add(self, words: Iterable[str]) -> None:
        before = len(self.words)
        for word in words:
            for token in tokenize(word):
                if len(token) >= 4 and token not in STOPWORDS_NL:
                    self.words.add(token)
        if len(self.words) != before:
            self._splits.clear()

    def split(self, token: str) -> list[str]:
        """split_compound(token, self), remembered: indexing sees the same words many times."""
        parts = self._splits.get(token)
        if parts is None:
            parts = self._splits[token] = split_compound(token, self)
        return parts

    def __contains__(self, word: str) -> bool:
        return word in self.words


def split_compound(token: str, lexicon: Lexicon) -> list[str]:
    """['mantelzorg', 'cafe'] for 'mantelzorgcafe'; [] when the word is not a known compound.

    Tries every split point from the longest head down: the head must be a known word, the
    modifier a known word after removing a linking -s-, -en- or -e-. The modifier may itself be
    a compound (one more level).
    """
    if len(token) < MIN_COMPOUND:
        return []
    for cut in range(MIN_PART, len(token) - MIN_PART + 1):
        modifier, head = token[:cut], token[cut:]
        if head not in lexicon.words or len(head) < MIN_PART:
            continue
        for link in _LINKS:
            if link and not modifier.endswith(link):
                continue
            base = modifier[: len(modifier) - len(link)] if link else modifier
            if len(base) < MIN_PART:
                continue
            if base in lexicon.words and len(base) >= 4:
                return [base, head]
            inner = split_compound(base, lexicon) if len(base) >= MIN_COMPOUND else []
            if inner:
                return [*inner, head]
    return []


def analyze(text: str, lexicon: Lexicon | None = None) -> list[str]:
    """Index/query terms: stems of the words and of their compound parts, in order."""
    return analyze_tokens(remove_stopwords(tokenize(text)), lexicon)


def analyze_tokens(tokens: Iterable[str], lexicon: Lexicon | None = None) -> list[str]:
    """analyze() for tokens already chosen (stopwords removed, a query's framing left out)."""
    terms: list[str] = []
    for token in tokens:
        terms.append(stem(token))
        if lexicon is not None:
            for part in lexicon.split(token):
                part_stem = stem(part)
                if part_stem not in terms:
                    terms.append(part_stem)
    return terms


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance, cut off above `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] | None = None
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        row_min = current[0]
        for j, cb in enumerate(b, start=1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if previous2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
            row_min = min(row_min, current[j])
        if row_min > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def typo_budget(word: str) -> int:
    """How many edits a word of this length may carry: 0 up to 3 letters, 1 up to 6, then 2."""
    return 0 if len(word) <= 3 else 1 if len(word) <= 6 else 2
