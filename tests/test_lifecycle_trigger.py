"""On PostgreSQL a trigger backs the lifecycle guard: raw SQL cannot change a locked record."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from db.lifecycle import open_grant
from tests import factories as f
from tests.conftest import T0


@pytest.fixture
async def locked_offence_id(pg_session: AsyncSession) -> int:
    session = pg_session
    recorder = await f.user(session)
    offence = await f.offence(session, recorder=recorder, recorded_at=T0 - timedelta(days=30))
    await session.commit()
    assert offence.id is not None
    return offence.id


async def raw_update(session: AsyncSession, sql: str, offence_id: int) -> None:
    async with session.begin_nested():
        await session.execute(text(sql), {"id": offence_id})


async def test_a_raw_update_of_a_locked_offence_fails(
    pg_session: AsyncSession, locked_offence_id: int
) -> None:
    session = pg_session
    # The test database's default ecrime.now is the test clock (tests/conftest.py): 30 days
    # after entry is locked.
    with pytest.raises(DBAPIError, match="locked since"):
        await raw_update(
            session, "UPDATE offence SET description = 'raw' WHERE id = :id", locked_offence_id
        )
    await raw_update(
        session, "UPDATE offence SET version = version + 1 WHERE id = :id", locked_offence_id
    )
    # Joining a case is progress after entry, not a correction of what was entered.
    kase = await f.case(session, lead=await f.unit(session))
    async with session.begin_nested():
        await session.execute(
            text("UPDATE offence SET case_id = :case WHERE id = :id"),
            {"case": kase.id, "id": locked_offence_id},
        )


async def test_without_any_clock_setting_the_trigger_asks_the_database_clock(
    pg_session: AsyncSession, locked_offence_id: int
) -> None:
    # Entered 30 days before T0, which is in the past: locked by the real clock on any day the
    # test runs.
    await pg_session.execute(text("SELECT set_config('ecrime.now', '', true)"))
    with pytest.raises(DBAPIError, match="locked since"):
        await raw_update(
            pg_session, "UPDATE offence SET description = 'raw' WHERE id = :id", locked_offence_id
        )


async def test_the_app_clock_setting_opens_the_window_and_a_grant_opens_the_lock(
    pg_session: AsyncSession, locked_offence_id: int
) -> None:
    session = pg_session
    entered = T0 - timedelta(days=30)
    await session.execute(
        text("SELECT set_config('ecrime.now', :now, true)"),
        {"now": (entered + timedelta(hours=47)).isoformat()},
    )
    await raw_update(
        session, "UPDATE offence SET description = 'in time' WHERE id = :id", locked_offence_id
    )
    now = entered + timedelta(hours=49)
    await session.execute(
        text("SELECT set_config('ecrime.now', :now, true)"), {"now": now.isoformat()}
    )
    with pytest.raises(DBAPIError, match="locked since"):
        await raw_update(
            session, "UPDATE offence SET description = 'late' WHERE id = :id", locked_offence_id
        )
    recorder = await f.user(session)
    assert recorder.id is not None
    await open_grant(
        session=session,
        table_name="offence",
        record_id=locked_offence_id,
        fields=["description"],
        opened_at=now,
        expires_at=now + timedelta(hours=48),
        opened_by_id=recorder.id,
        request_id=None,
    )
    await raw_update(
        session, "UPDATE offence SET description = 'granted' WHERE id = :id", locked_offence_id
    )
