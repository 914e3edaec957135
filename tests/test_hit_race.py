"""Two writes recording the same person at the same moment make one hit, not two, and neither
fails (PostgreSQL: writers run concurrently there; SQLite has one writer at a time)."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select, text

from db import tables as t
from db.clock import FixedClock
from db.engine import Database
from resolvers import hits
from resolvers.context import Context
from tests import factories as f
from tests.conftest import T0
from tests.test_hits import BORN, make_world


async def _until_one_waits_on_a_lock(database: Database) -> None:
    """Return once a backend of this database waits on a lock (bounded: 10 s)."""
    waiting = text(
        "SELECT count(*) FROM pg_stat_activity"
        " WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    async with database.session() as look:
        for _ in range(1000):
            if await look.scalar(waiting):
                return
            await asyncio.sleep(0.01)  # a condition polled, not a guess at timing
    raise AssertionError("the second write never waited for the first")


async def test_two_writes_recording_the_same_person_at_once_make_one_hit(
    committed_postgres: str,
) -> None:
    database = Database.from_url(committed_postgres)
    clock = FixedClock(T0)
    try:
        async with database.session() as setup:
            world = await make_world(setup)
            spelled = await f.person(
                setup, family_name_latin="Chear", given_name_latin="Sokhar", **BORN
            )
            await setup.commit()
        async with database.session() as one, database.session() as two:
            first = Context(session=one, principal=world["pp"], clock=clock)
            second = Context(session=two, principal=world["kampot"], clock=clock)
            assert await hits.record_hits(first, one, [spelled.id])  # not committed yet
            racing = asyncio.ensure_future(hits.record_hits(second, two, [spelled.id]))
            await _until_one_waits_on_a_lock(database)
            await one.commit()
            assert await racing == []  # it saw the first write's hit once that committed
            await two.commit()
        async with database.session() as look:
            assert await look.scalar(select(func.count()).select_from(t.Hit)) == 1
    finally:
        await database.dispose()
