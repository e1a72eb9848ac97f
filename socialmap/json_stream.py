"""Read the items of a large JSON array one at a time, so an import never holds the whole file.

`json.loads` of a 330 MB file of 100,000 services built every record before the first could be
checked (2 GB in memory). This parser reads the file in chunks and hands out each item as soon
as it is complete, with the standard library's decoder for the items themselves, so values are
exactly what `json.loads` gives.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import IO, Any

CHUNK = 1 << 20  # characters read at a time
_WHITESPACE = re.compile(r"[ \t\n\r]*")  # what JSON counts as whitespace
_NUMBER_GOES_ON = re.compile(r"[0-9.eE+\-]*")  # characters that could still extend a number


class NotOneArray(ValueError):
    """The text is not exactly one JSON array; `json.loads` of it names the problem."""


def iter_array(handle: IO[str], chunk_size: int = CHUNK, prefix: str = "") -> Iterator[Any]:
    """Each item of the JSON array that `prefix` + `handle` hold (nothing but whitespace around
    it); `prefix` is what the caller already read to see what kind of file it is."""
    decode = json.JSONDecoder().raw_decode
    buffer, pos, eof = prefix, 0, False

    def read_more() -> bool:
        nonlocal buffer, pos, eof
        if eof:
            return False
        data = handle.read(max(chunk_size, len(buffer) - pos))  # doubles for a record larger than a chunk
        if not data:
            eof = True
            return False
        buffer, pos = buffer[pos:] + data, 0
        return True

    def skip_whitespace() -> None:
        nonlocal pos
        while True:
            pos = _WHITESPACE.match(buffer, pos).end()
            if pos < len(buffer) or not read_more():
                return

    skip_whitespace()
    if buffer[pos:pos + 1] != "[":
        raise NotOneArray("not a JSON array")
    pos += 1
    skip_whitespace()
    if buffer[pos:pos + 1] == "]":
        pos += 1
    else:
        while True:
            while True:
                try:
                    item, end = decode(buffer, pos)
                except json.JSONDecodeError:
                    if read_more():
                        continue  # the item goes on in the next chunk
                    raise NotOneArray("broken item") from None
                if _NUMBER_GOES_ON.match(buffer, end).end() == len(buffer) and read_more():
                    continue  # a number cut at the chunk's end ("3." of "3.0") parses too early
                break
            pos = end
            yield item
            skip_whitespace()
            separator = buffer[pos:pos + 1]
            pos += 1
            if separator == "]":
                break
            if separator != ",":
                raise NotOneArray("expected , or ]")
            skip_whitespace()
    skip_whitespace()
    if pos < len(buffer):
        raise NotOneArray("text after the array")
