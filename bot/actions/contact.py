"""Which municipal number the bot gives: the resident's own municipality's, once it is known.

The numbers, hours and closing days are the ones the chat page shows (data/municipalities.yaml,
read through wegwijs_common.municipalities), so the bot and the page never disagree. Before the
municipality is known there is no number that is right for everyone (a resident of Deurne must not
be sent to Helmond), so the bot then points to the list under the chat.
"""

from __future__ import annotations

from functools import lru_cache

from wegwijs_common import municipalities
from wegwijs_common.municipalities import Municipality


@lru_cache(maxsize=1)
def _region() -> municipalities.Region:
    return municipalities.load()


def municipality_of(name: str | None) -> Municipality | None:
    """The municipality the resident named, or None while it is not (yet) one of the region's."""
    region = _region()
    return region.get(name) if region.knows(name) else None
