"""One turn at a time per conversation, so simultaneous messages (a double click, two tabs) are all
stored and answered in the order they get the lock.

Embedded default: a lock per conversation in this process. With ``REDIS_URL`` set (several web
processes), a Redis lock shared by all of them.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

from flask import current_app

TURN_TIMEOUT_S = 60  # a lock outlives no turn longer than this (a crashed process frees it)
WAIT_S = 30


class Busy(Exception):
    """The conversation stayed locked longer than WAIT_S."""


_guard = threading.Lock()
_locks: dict[str, list] = {}  # conversation id -> [lock, number of holders and waiters]


@contextlib.contextmanager
def _local(conversation_id: str) -> Iterator[None]:
    with _guard:
        entry = _locks.setdefault(conversation_id, [threading.Lock(), 0])
        entry[1] += 1
    try:
        if not entry[0].acquire(timeout=WAIT_S):
            raise Busy(conversation_id)
        try:
            yield
        finally:
            entry[0].release()
    finally:
        with _guard:
            entry[1] -= 1
            if entry[1] == 0:
                _locks.pop(conversation_id, None)  # nobody waits: the table does not grow


def _redis_client(url: str):
    clients = current_app.extensions.setdefault("wegwijs_redis_locks", {})
    if url not in clients:
        import redis

        clients[url] = redis.Redis.from_url(url)
    return clients[url]


@contextlib.contextmanager
def turn(conversation_id: str) -> Iterator[None]:
    """Hold the conversation's lock for one turn."""
    url = current_app.config.get("REDIS_URL")
    if not url:
        with _local(conversation_id):
            yield
        return
    prefix = current_app.config.get("REDIS_PREFIX", "wegwijs")
    lock = _redis_client(url).lock(f"{prefix}:gesprek-slot:{conversation_id}", timeout=TURN_TIMEOUT_S,
                                   blocking_timeout=WAIT_S)
    if not lock.acquire():
        raise Busy(conversation_id)
    try:
        yield
    finally:
        with contextlib.suppress(Exception):  # expired meanwhile: nothing left to release
            lock.release()
