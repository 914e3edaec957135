"""A write's audit entries are chained when it commits, so the chain's lock is held for the
commit only, and a rollback (of the transaction or of a savepoint) takes its entries with it."""

from __future__ import annotations

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from db import tables as t
from db.engine import Database
from db.tables.audit import AuditEntry
from tests import factories as f


async def _entries(session: AsyncSession, action: str) -> list[str | None]:
    rows = await session.execute(
        select(AuditEntry.object_id).where(AuditEntry.action == action).order_by(AuditEntry.id)
    )
    return list(rows.scalars())


async def test_entries_are_chained_at_commit_in_the_order_of_the_writes(
    session: AsyncSession,
) -> None:
    first = await f.person(session, given_name_latin="One")
    second = await f.person(session, given_name_latin="Two")
    assert await _entries(session, "person.create") == []  # flushed, not yet committed
    await session.commit()
    assert await _entries(session, "person.create") == [str(first.id), str(second.id)]


async def test_a_rolled_back_savepoint_takes_its_entries_with_it(session: AsyncSession) -> None:
    kept = await f.person(session, given_name_latin="Kept")
    async with session.begin_nested() as savepoint:
        await f.person(session, given_name_latin="Dropped")
        await savepoint.rollback()
    async with session.begin_nested():
        inner = await f.person(session, given_name_latin="Released")
    await session.commit()
    assert await _entries(session, "person.create") == [str(kept.id), str(inner.id)]


async def test_a_rolled_back_transaction_leaves_nothing_for_the_next(session: AsyncSession) -> None:
    await f.person(session, given_name_latin="Gone")
    await session.rollback()
    after = await f.person(session, given_name_latin="Next")
    await session.commit()
    assert await _entries(session, "person.create") == [str(after.id)]
    count = await session.scalar(select(func.count()).select_from(t.Person))
    assert count == 1


async def test_a_flushed_write_holds_no_lock_on_the_chain_until_it_commits(
    committed_postgres: str,
) -> None:
    database = Database.from_url(committed_postgres)
    try:
        async with database.session() as writing, database.session() as looking:
            await f.person(writing, given_name_latin="Slow")  # flushed, not committed
            pid = await writing.scalar(select(func.pg_backend_pid()))
            held = (
                select(func.count())
                .where(text("locktype = 'advisory'"), text("pid = :pid").bindparams(pid=pid))
                .select_from(text("pg_locks"))
            )
            # Chained at flush, the write would hold the chain's lock (and every other writer)
            # until it ended.
            assert await looking.scalar(held) == 0
            await writing.commit()
            assert await _entries(looking, "person.create") != []
    finally:
        await database.dispose()
