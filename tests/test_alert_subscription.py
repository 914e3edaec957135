"""The alerts subscription in one process: on SQLite and PostgreSQL, on the bus and through
LISTEN/NOTIFY; each subscriber hears its own alerts and nothing addressed to others."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from db.alert_bus import BUS
from db.alert_listen import AlertListener, asyncpg_dsn
from db.clock import FixedClock
from db.engine import Database
from policies.principal import Principal
from resolvers import persons
from resolvers.context import Context
from tests.conftest import SCHEMA, T0, _admin, _migrate
from tests.test_hits import SPELLED, acting, make_world

SUBSCRIBE = "subscription { alerts { id kind hitId addressedToRole addressedToUnit } }"
QUIET = 0.3  # how long a subscriber who should hear nothing is listened to


@asynccontextmanager
async def subscribed(
    db: Database, principal: Principal, clock: FixedClock
) -> AsyncIterator[_Stream]:
    """A running subscription, returned once its queue is on the bus (nothing can be missed)."""
    context = Context(session=db.sessions(), principal=principal, clock=clock, sessions=db.sessions)
    before = BUS.listeners
    stream = await SCHEMA.subscribe(SUBSCRIBE, context_value=context)
    assert not hasattr(stream, "errors"), stream
    heard = _Stream(stream)
    async with asyncio.timeout(5):
        while BUS.listeners == before and not heard.pending.done():  # noqa: ASYNC110
            await asyncio.sleep(0)  # let the generator run up to its queue
    try:
        yield heard
    finally:
        heard.pending.cancel()
        await asyncio.gather(heard.pending, return_exceptions=True)
        await stream.aclose()  # type: ignore[union-attr]
        await context.session.close()


class _Stream:
    """The subscription's results, the next of them always being awaited."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.pending: asyncio.Future[Any] = asyncio.ensure_future(anext(stream))

    async def next(self, within: float) -> Any:
        async with asyncio.timeout(within):
            result = await asyncio.shield(self.pending)
        self.pending = asyncio.ensure_future(anext(self.stream))
        assert result.errors is None, result.errors
        return result.data["alerts"]


async def _silent(stream: Any) -> bool:
    try:
        await stream.next(QUIET)
    except TimeoutError:
        return True
    return False


async def test_anonymous_callers_cannot_subscribe(db: Database, clock: FixedClock) -> None:
    context = Context(
        session=db.sessions(), principal=Principal.anonymous(), clock=clock, sessions=db.sessions
    )
    stream = await SCHEMA.subscribe(SUBSCRIBE, context_value=context)
    result = await anext(stream)  # type: ignore[arg-type]
    assert result.errors and "sign in" in result.errors[0].message
    await context.session.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def committed_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database of its own whose commits are real: several subscribers read concurrently,
    and PostgreSQL delivers a NOTIFY only on a real commit."""
    if request.param == "postgresql":
        url: str = request.getfixturevalue("committed_postgres")
        return url
    url = f"sqlite+aiosqlite:///{tmp_path / 'alerts.sqlite3'}"
    asyncio.run(_migrate(url))
    return url


async def test_a_subscriber_hears_their_alerts_and_not_other_provinces(
    committed_url: str,
) -> None:
    database = Database.from_url(committed_url)
    clock = FixedClock(T0)
    # On PostgreSQL the process's LISTEN feeds the bus and the after-commit hook is silent:
    # whatever arrives came by NOTIFY, and only once.
    listener = (
        AlertListener(asyncpg_dsn(committed_url)) if database.dialect == "postgresql" else None
    )
    try:
        async with database.session() as session:
            people = await make_world(session)
        if listener is not None:
            await listener.start()
            assert BUS.fed_by_notify
        async with (
            subscribed(database, people["sr"], clock) as siem_reap,
            subscribed(database, people["kampot"], clock) as kampot,
            subscribed(database, people["pp"], clock) as recorder,
        ):
            async with acting(database, people["pp"], clock) as ctx:
                await persons.create_person(ctx, SPELLED)
            heard = await siem_reap.next(1.0)
            assert heard["kind"] == "hit" and heard["addressedToUnit"] is not None
            assert (await recorder.next(1.0))["kind"] == "recorded"
            assert await _silent(kampot)
            assert await _silent(siem_reap)  # one alert, announced once
            assert await _silent(recorder)
    finally:
        if listener is not None:
            await listener.stop()
        await database.dispose()
    assert not BUS.fed_by_notify


async def test_the_listener_reconnects_and_catches_up_on_what_it_missed(
    committed_postgres: str,
) -> None:
    database = Database.from_url(committed_postgres)
    clock = FixedClock(T0)
    listener = AlertListener(asyncpg_dsn(committed_postgres), retry_seconds=0.2)
    try:
        async with database.session() as session:
            people = await make_world(session)
        await listener.start()
        cut = listener.server_pid
        async with subscribed(database, people["sr"], clock) as siem_reap:
            await _admin(f"SELECT pg_terminate_backend({cut})")
            # Committed around the time the LISTEN connection dies: heard by NOTIFY if it still
            # was, else caught up from the table once the listener is back.
            async with acting(database, people["pp"], clock) as ctx:
                await persons.create_person(ctx, SPELLED)
            assert (await siem_reap.next(5.0))["kind"] == "hit"
            assert await _silent(siem_reap)
        assert listener.server_pid != cut
    finally:
        await listener.stop()
        await database.dispose()
