"""The lock store of several Rasa servers (bot/redis_lock.py): one turn of a conversation at a time,
whichever server takes it. Real Redis on 127.0.0.1 (skipped when it is not running)."""

from __future__ import annotations

import asyncio
import threading
import time
import uuid

import pytest

from tests.processes import reachable

pytestmark = pytest.mark.skipif(not reachable(6379), reason="Redis is not running on 127.0.0.1:6379")


@pytest.fixture
def servers():
    """The lock stores of two Rasa servers, on a key prefix of their own (removed afterwards)."""
    import redis
    from redis_lock import AtomicRedisLockStore

    prefix = "wegwijstest" + uuid.uuid4().hex[:8]
    stores = [AtomicRedisLockStore(host="127.0.0.1", port=6379, db=1, key_prefix=prefix) for _ in range(2)]
    yield stores
    client = redis.Redis(db=1)
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)


def test_turns_of_one_conversation_never_overlap_across_servers(servers):
    inside: list[str] = []
    overlaps: list[str] = []
    done: list[str] = []

    def server(store, name: str) -> None:
        async def turn(n: int) -> None:
            async with store.lock("gesprek-1"):
                if inside:
                    overlaps.append(f"{name}{n} with {inside}")
                inside.append(f"{name}{n}")
                await asyncio.sleep(0.02)  # the turn's work: NLU, the action, saving the tracker
                inside.remove(f"{name}{n}")
                done.append(f"{name}{n}")

        async def main() -> None:
            await asyncio.gather(*(turn(n) for n in range(10)))

        asyncio.run(main())

    threads = [threading.Thread(target=server, args=(store, name)) for store, name in zip(servers, "ab", strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not overlaps
    assert sorted(done) == sorted(f"{s}{n}" for s in "ab" for n in range(10))  # every turn ran


def test_other_conversations_do_not_wait(servers):
    async def main() -> float:
        async with servers[0].lock("gesprek-1"):
            start = time.monotonic()
            async with servers[1].lock("gesprek-2"):
                return time.monotonic() - start

    assert asyncio.run(main()) < 0.5


def test_a_lock_of_a_server_that_died_expires(servers, monkeypatch):
    from rasa.core.lock_store import LockError

    async def died_holding() -> None:
        monkeypatch.setattr(servers[0].red, "eval", lambda *a: 0)  # it died before it could release
        async with servers[0].lock("gesprek-1", lock_lifetime=1):
            pass
        monkeypatch.undo()

    async def next_turn() -> float:
        start = time.monotonic()
        async with servers[1].lock("gesprek-1", lock_lifetime=5):
            return time.monotonic() - start

    asyncio.run(died_holding())
    waited = asyncio.run(next_turn())
    assert 0.5 < waited < 3  # it waited for the expiry, then went ahead

    async def never_free() -> None:
        async with servers[0].lock("gesprek-3", lock_lifetime=30), servers[1].lock("gesprek-3", lock_lifetime=0.3):
            pass

    with pytest.raises(LockError):
        asyncio.run(never_free())


def test_why_not_rasas_own_redis_lock_store(servers):
    """Rasa's RedisLockStore reads, changes and writes its lock in separate calls: when a second
    server's ticket is issued between the first one's read and write, both hold the lock at once.
    (tests/bot/test_rasa_scale_out.py saw it with real servers: with `type: redis` a turn went missing.)"""
    from rasa.core.lock_store import RedisLockStore

    first, second = (RedisLockStore(host="127.0.0.1", port=6379, db=1, key_prefix=servers[0].key_prefix.split(":")[0])
                     for _ in range(2))
    read = first.get_or_create_lock

    def read_then_the_other_server_comes_in(conversation_id):
        lock = read(conversation_id)
        second.issue_ticket(conversation_id)  # the other server, between this read and the write
        return lock

    first.get_or_create_lock = read_then_the_other_server_comes_in
    ticket_first = first.issue_ticket("gesprek-1")
    ticket_second = 0  # what the second server was issued
    lock = first.get_lock("gesprek-1")
    assert not lock.is_locked(ticket_first) and not lock.is_locked(ticket_second)  # both may go ahead

    from redis_lock import AtomicRedisLockStore

    async def both() -> list[str]:  # the same moment with the atomic store: the second one waits
        order = []
        async with servers[0].lock("gesprek-2"):
            waiting = asyncio.ensure_future(_take(servers[1], "gesprek-2", order))
            await asyncio.sleep(0.2)
            order.append("eerste klaar")
        await waiting
        return order

    assert isinstance(servers[1], AtomicRedisLockStore)
    assert asyncio.run(both()) == ["eerste klaar", "tweede"]


async def _take(store, conversation_id: str, order: list[str]) -> None:
    async with store.lock(conversation_id):
        order.append("tweede")
