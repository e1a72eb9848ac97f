"""JSON text of records for storage and content hashes: orjson, ~6x faster than `json.dumps`.

A large import encodes every record twice (stored text and content hash); with the standard
library that alone took seconds at 100,000 services. What orjson cannot encode (integers beyond
64 bits, non-string keys) falls back to the standard library. Like every strict JSON encoder,
orjson writes NaN and infinities as null.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import orjson

_SORTED = orjson.OPT_SORT_KEYS


def dumps(data: Any) -> str:
    """Compact JSON text (read back with `json.loads`)."""
    try:
        return orjson.dumps(data).decode("utf-8")
    except TypeError:
        return json.dumps(data, ensure_ascii=False)


def digest(data: Any) -> str:
    """SHA-256 of the canonical JSON (sorted keys): equal records give equal digests."""
    try:
        text = orjson.dumps(data, option=_SORTED)
    except TypeError:
        text = json.dumps(data, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(text).hexdigest()


def legacy_digest(data: Any) -> str:
    """The digest as Wegwijs computed it before orjson, so maps stored then still compare equal."""
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
