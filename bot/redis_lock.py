"""A Redis lock store that really serialises the turns of one conversation across Rasa servers.

Rasa 3.6's own ``RedisLockStore`` reads its ticket lock, changes it and writes it back in three
separate calls: when two servers take a message of the same conversation at the same moment,
both read "nobody holds it", both go ahead, and the one that saves its tracker last silently drops
the other's turn (tests/bot/test_rasa_scale_out.py caught it; Rasa's fix for this, PR #11256, was
reverted). Here the lock is one atomic ``SET key token NX PX`` per conversation, released only
by its holder (a compare-and-delete script), and it expires after the lock lifetime when a
server dies holding it. Messages that wait take the lock in no guaranteed order; a resident's
turns that follow each other (the hub waits for every answer) keep theirs.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore

RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0
"""
FIRST_WAIT_S, LONGEST_WAIT_S = 0.01, 0.1


class AtomicRedisLockStore(RedisLockStore):
    """``lock_store: type: redis_lock.AtomicRedisLockStore`` with RedisLockStore's settings
    (url, port, db, password, key_prefix, ...)."""

    def __init__(self, endpoint_config=None, **kwargs) -> None:
        if endpoint_config is not None:  # how Rasa builds a lock store named by module path
            kwargs = {"host": endpoint_config.url or "localhost", **endpoint_config.kwargs, **kwargs}
        super().__init__(**kwargs)

    @asynccontextmanager
    async def lock(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME,
                   wait_time_in_seconds: float = 1) -> AsyncGenerator[TicketLock, None]:
        """Hold the conversation's lock while the block runs; LockError when it stays taken for
        a whole lock lifetime (its holder then died, and the key has expired meanwhile)."""
        key = f"{self.key_prefix}mutex:{conversation_id}"
        token = uuid.uuid4().hex
        deadline = time.monotonic() + lock_lifetime
        wait = FIRST_WAIT_S
        while not self.red.set(key, token, nx=True, px=max(1, int(lock_lifetime * 1000))):
            if time.monotonic() > deadline:
                raise LockError(f"Could not acquire lock for conversation_id '{conversation_id}'.")
            await asyncio.sleep(wait)
            wait = min(wait * 2, LONGEST_WAIT_S)
        try:
            yield TicketLock(conversation_id)
        finally:
            self.red.eval(RELEASE, 1, key, token)
