"""Which language a resident writes in: Dutch (the default) or English.

The dialogue answers in the resident's language (issue 11), so every parse says which one it is.
Function words decide, not content words: "rollator", "Wmo" or a place name are the same in both,
and a Dutch message with one English word ("ik heb een appointment") stays Dutch. Only a clear
majority of English function words makes a message English.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[a-z']+")
_EN = frozenset(str.split("""i i'm i've i'd me my mine you your we our us he him his she her they them their it its
the a an is are was were be been am do does did don't doesn't can can't could would should will won't
what who where when why how which this that these those there here and or but because with without for
from of to in on at about into have has had not no yes please help need any some someone anyone
thank thanks hello hi"""))
_NL = frozenset(str.split("""ik mij me mijn jij je jouw u uw wij we ons onze hij hem zijn zij ze haar hun het de een
is zijn was waren ben bent wordt worden kan kunnen kun moet moeten wil willen zou zal wat wie waar
wanneer waarom hoe welke dit dat deze die er hier en of maar omdat met zonder voor van naar in op aan
over heb hebt heeft had niet geen ja nee graag hulp iemand iets nog ook al dan als bij uit door
dank bedankt hallo hoi goedemorgen"""))
MIN_WORDS = 2


def language(text: str) -> str:
    """'en' when the message is mostly English function words, else 'nl'."""
    words = _WORD.findall((text or "").lower())
    english = sum(w in _EN and w not in _NL for w in words)
    dutch = sum(w in _NL and w not in _EN for w in words)
    return "en" if english >= MIN_WORDS and english > 2 * dutch else "nl"
