"""A live alerts stream asks again for the credential it was opened with: before each alert,
and every 30 s of the clock while idle. A signed-out or expired session, a revoked or expired
token, or a disabled user ends it; a change to the user applies to what it delivers next; and
the checks do not keep an unattended session alive."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import update
from sqlmodel import select

from db import tables as t
from db.alert_bus import BUS
from db.clock import FixedClock
from db.engine import Database
from policies.principal import Principal
from resolvers import persons
from resolvers.auth import Origin, digest
from resolvers.context import Context
from resolvers.hit_alerts import SIGNED_OUT
from resolvers.sessions import sign_out
from resolvers.tokens import new_secret, revoke_token
from tests.conftest import SCHEMA, T0
from tests.test_alert_subscription import SUBSCRIBE, committed_url  # noqa: F401 - a fixture
from tests.test_hits import SPELLED, acting, make_world
from web.auth import Auth, StandingCredential
from web.settings import Settings

SETTINGS = Settings(argon2_profile="CHEAPEST")
QUIET = 0.3  # how long a stream that should say nothing is listened to


async def signed_in(database: Database, user_id: int, clock: FixedClock, *, bearer: bool) -> str:
    """A live session (a cookie's secret) or a one-hour token for the user, made now."""
    secret, now = new_secret(), clock.now()
    async with database.session() as session:
        if bearer:
            row: Any = t.ApiToken(
                name="alerts",
                kind="sign_in",
                owner_id=user_id,
                roles="specialist",
                secret_hash=digest(secret),
                created_at=now,
                expires_at=now + timedelta(hours=1),
            )
        else:
            row = t.LoginSession(
                user_id=user_id,
                secret_hash=digest(secret),
                csrf_token="csrf",
                created_at=now,
                last_seen_at=now,
            )
        session.add(row)
        await session.commit()
    return secret


class Stream:
    def __init__(self, results: Any) -> None:
        self.results = results
        self.pending: asyncio.Future[Any] = asyncio.ensure_future(anext(results))

    async def next(self, within: float = 2.0) -> Any:
        async with asyncio.timeout(within):
            result = await asyncio.shield(self.pending)
        self.pending = asyncio.ensure_future(anext(self.results))
        return result

    async def silent(self) -> bool:
        try:
            await self.next(QUIET)
        except TimeoutError:
            return True
        return False

    async def ended(self) -> list[str]:
        """The errors the stream ended with; it must then say nothing more."""
        result = await self.next()
        assert result.data is None, result.data
        with pytest.raises(StopAsyncIteration):
            await self.next()
        return [error.message for error in result.errors]


@asynccontextmanager
async def watching(
    database: Database, clock: FixedClock, credential: StandingCredential
) -> AsyncIterator[Stream]:
    principal = await credential.recheck()
    assert principal is not None
    context = Context(
        session=database.sessions(),
        principal=principal,
        clock=clock,
        sessions=database.sessions,
        credential=credential,
    )
    before = BUS.listeners
    results = await SCHEMA.subscribe(SUBSCRIBE, context_value=context)
    stream = Stream(results)
    async with asyncio.timeout(5):
        while BUS.listeners == before and not stream.pending.done():  # noqa: ASYNC110
            await asyncio.sleep(0)  # let the generator run up to its queue
    try:
        yield stream
    finally:
        stream.pending.cancel()
        await asyncio.gather(stream.pending, return_exceptions=True)
        await results.aclose()  # type: ignore[union-attr]
        await context.session.close()


@pytest.fixture
async def setting(committed_url: str) -> AsyncIterator[tuple[Database, FixedClock, Any]]:
    database = Database.from_url(committed_url)
    async with database.session() as session:
        world = await make_world(session)
    try:
        yield database, FixedClock(T0), world
    finally:
        await database.dispose()


async def _record_a_hit(database: Database, world: Any, clock: FixedClock) -> None:
    async with acting(database, world["pp"], clock) as ctx:
        await persons.create_person(ctx, SPELLED)


async def _execute(database: Database, statement: Any) -> None:
    async with database.session() as session:
        await session.execute(statement)
        await session.commit()


Ending = Callable[[Database, FixedClock, Any, str], Awaitable[None]]


async def _sign_out(database: Database, clock: FixedClock, world: Any, secret: str) -> None:
    async with database.session() as session:
        stmt = select(t.LoginSession.id).where(t.LoginSession.secret_hash == digest(secret))
        me = Principal(
            username=world["sr"].username,
            user_id=world["sr"].user_id,
            session_id=(await session.execute(stmt)).scalar_one(),
        )
        await sign_out(session, clock=clock, principal=me, origin=Origin())


async def _revoke(database: Database, clock: FixedClock, world: Any, secret: str) -> None:
    async with database.session() as session:
        stmt = select(t.ApiToken.id).where(t.ApiToken.secret_hash == digest(secret))
        token_id = (await session.execute(stmt)).scalar_one()
        assert token_id is not None
        await revoke_token(
            session, clock=clock, token_id=token_id, revoked_by="admin", origin=Origin()
        )
        await session.commit()


async def _disable(database: Database, clock: FixedClock, world: Any, secret: str) -> None:
    await _execute(
        database,
        update(t.User).where(t.User.id == world["sr"].user_id).values(active=False),  # type: ignore[arg-type]
    )


ENDINGS: dict[str, tuple[bool, Ending]] = {
    "signed out": (False, _sign_out),
    "token revoked": (True, _revoke),
    "session user disabled": (False, _disable),
    "token owner disabled": (True, _disable),
}


@pytest.mark.parametrize("how", list(ENDINGS))
async def test_a_dead_credential_ends_the_stream_before_the_next_alert(
    setting: tuple[Database, FixedClock, Any], how: str
) -> None:
    database, clock, world = setting
    bearer, end = ENDINGS[how]
    secret = await signed_in(database, world["sr"].user_id, clock, bearer=bearer)
    credential = StandingCredential(Auth.build(SETTINGS, database, clock), secret, bearer=bearer)
    async with watching(database, clock, credential) as stream:
        await end(database, clock, world, secret)
        await _record_a_hit(database, world, clock)  # addressed to Siem Reap's unit
        assert await stream.ended() == [SIGNED_OUT]
    assert credential.ended


@pytest.mark.parametrize("bearer", [False, True], ids=["session", "token"])
async def test_an_idle_stream_is_checked_every_thirty_seconds_of_the_clock(
    setting: tuple[Database, FixedClock, Any], bearer: bool
) -> None:
    database, clock, world = setting
    secret = await signed_in(database, world["sr"].user_id, clock, bearer=bearer)
    credential = StandingCredential(Auth.build(SETTINGS, database, clock), secret, bearer=bearer)
    async with watching(database, clock, credential) as stream:
        await (_revoke if bearer else _sign_out)(database, clock, world, secret)
        clock.advance(timedelta(seconds=29))
        BUS.wake()
        assert await stream.silent()  # not due yet: one check per 30 s, not per nudge
        clock.advance(timedelta(seconds=1))
        BUS.wake()
        assert await stream.ended() == [SIGNED_OUT]


async def test_an_expiring_token_ends_an_idle_stream(
    setting: tuple[Database, FixedClock, Any],
) -> None:
    database, clock, world = setting
    secret = await signed_in(database, world["sr"].user_id, clock, bearer=True)
    credential = StandingCredential(Auth.build(SETTINGS, database, clock), secret, bearer=True)
    async with watching(database, clock, credential) as stream:
        clock.advance(timedelta(minutes=59, seconds=59))
        BUS.wake()
        assert await stream.silent()
        clock.advance(timedelta(seconds=30))  # the token's hour is up, and a check is due
        BUS.wake()
        assert await stream.ended() == [SIGNED_OUT]


async def test_the_stream_does_not_keep_an_unattended_session_alive(
    setting: tuple[Database, FixedClock, Any],
) -> None:
    database, clock, world = setting
    secret = await signed_in(database, world["sr"].user_id, clock, bearer=False)
    credential = StandingCredential(Auth.build(SETTINGS, database, clock), secret, bearer=False)
    async with watching(database, clock, credential) as stream:
        clock.advance(timedelta(minutes=25))
        BUS.wake()  # checked, and fine
        await _record_a_hit(database, world, clock)
        heard = await stream.next()
        assert heard.errors is None and heard.data["alerts"]["kind"] == "hit"
        clock.advance(timedelta(minutes=6))  # 31 minutes without a request from the browser
        BUS.wake()
        assert await stream.ended() == [SIGNED_OUT]


async def test_the_stream_follows_the_user_to_another_unit(
    setting: tuple[Database, FixedClock, Any],
) -> None:
    database, clock, world = setting
    moved = world["kampot"]
    secret = await signed_in(database, moved.user_id, clock, bearer=False)
    credential = StandingCredential(Auth.build(SETTINGS, database, clock), secret, bearer=False)
    async with watching(database, clock, credential) as stream:
        await _execute(
            database,
            update(t.User).where(t.User.id == moved.user_id).values(unit_id=world["sr_unit"].id),  # type: ignore[arg-type]
        )
        await _record_a_hit(database, world, clock)  # addressed to Siem Reap's unit
        heard = await stream.next()
        assert heard.errors is None and heard.data["alerts"]["kind"] == "hit"
