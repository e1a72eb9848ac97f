"""Split a resident's message into sentences, for embedding long stories sentence by sentence.

A story of 3–8 sentences gives context first and the need last or only implied; one embedding
of the whole story is dominated by the context. Fragments of one or two words ("Groetjes.",
"Help!") are joined to the sentence before, so every part carries meaning of its own.
"""

from __future__ import annotations

import re

_BOUNDARY = re.compile(r"(?<=[.!?;])\s+|\s*\n+\s*")
MIN_WORDS = 3
MAX_SENTENCES = 8


def sentences(text: str) -> list[str]:
    """The message's sentences (at most MAX_SENTENCES: the rest joins the last); [text] if it has one."""
    parts: list[str] = []
    for part in _BOUNDARY.split(text or ""):
        part = part.strip()
        if not part:
            continue
        if parts and (len(part.split()) < MIN_WORDS or len(parts[-1].split()) < MIN_WORDS):
            parts[-1] = f"{parts[-1]} {part}"
        else:
            parts.append(part)
    if len(parts) > MAX_SENTENCES:
        parts = parts[:MAX_SENTENCES - 1] + [" ".join(parts[MAX_SENTENCES - 1:])]
    return parts or [text]
