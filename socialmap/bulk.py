"""Helpers for bulk work on the social map (imports of many thousands of services)."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection while a bulk import builds millions of small objects.

    Records are trees (dicts, lists, strings) that reference counting frees; the collector
    only rescans them, and at 100,000 services its full passes over a growing heap cost more
    than the import itself."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
