"""The chain: appends link, verify names the first altered or missing entry, prune keeps a year."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from db import audit
from db.engine import Database, make_engine
from db.tables.audit import AuditEntry
from tests.conftest import T0
from web import cli_audit

ALICE = audit.Source(username="alice", user_id=7, ip="10.0.0.1", request_id="r1")
POSTGRES_ONLY = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)


async def fill(session: AsyncSession, n: int, *, start: int = 0, at: datetime = T0) -> list[int]:
    drafts = [
        audit.Draft("person.read", "ok", "person", str(start + i), {"i": start + i})
        for i in range(n)
    ]
    ids = await audit.append(session, drafts, ALICE, at)
    await session.commit()
    return ids


async def tamper(session: AsyncSession, statement: str) -> None:
    """Change the trail behind the application's back (PostgreSQL: with the trigger off)."""
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(
            text("ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only")
        )
    await session.execute(text(statement))
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(
            text("ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_append_only")
        )
    await session.commit()


async def test_many_appends_form_one_chain_that_verifies(session) -> None:
    for batch in range(5):
        await fill(session, 60, start=batch * 60)
    status = await audit.verify(session=session, chunk=70)
    assert (status.intact, status.count, status.last_id) == (True, 300, 300)
    head = await session.execute(text("SELECT hash FROM audit_entry WHERE id = 300"))
    assert status.last_hash == head.scalar_one()
    first, second = await audit.append(session, [audit.Draft("a"), audit.Draft("b")], ALICE, T0)
    assert second == first + 1 == 302


async def test_an_entry_hash_covers_every_field() -> None:
    values = {
        "id": 1,
        "at": T0,
        "actor_user_id": 7,
        "actor_username": "alice",
        "token_name": None,
        "ip": "10.0.0.1",
        "user_agent": "curl",
        "request_id": "r1",
        "action": "person.read",
        "object_type": "person",
        "object_id": "3",
        "outcome": "ok",
        "details": "{}",
        "prev_hash": audit.GENESIS,
    }
    original = audit.entry_hash(values)
    for name in values:
        changed = dict(values, **{name: T0 + timedelta(microseconds=1) if name == "at" else "x"})
        assert audit.entry_hash(changed) != original, name


async def test_verify_names_an_entry_whose_details_were_altered(session) -> None:
    await fill(session, 10)
    await tamper(session, """UPDATE audit_entry SET details = '{"i": 99}' WHERE id = 6""")
    status = await audit.verify(session=session)
    assert (status.intact, status.broken_id, status.last_id) == (False, 6, 5)
    assert status.broken_at == T0
    assert "hash does not match" in (status.reason or "")


async def test_verify_names_the_entry_after_a_rehashed_alteration(session) -> None:
    """Recomputing the altered entry's own hash moves the break to the entry that links to it."""
    await fill(session, 5)
    await tamper(session, "UPDATE audit_entry SET actor_username = 'mallory' WHERE id = 3")
    row = (await session.execute(text("SELECT * FROM audit_entry WHERE id = 3"))).mappings().one()
    values = {k: row[k] for k in row if k != "hash"}
    values["at"] = T0
    await tamper(
        session, f"UPDATE audit_entry SET hash = '{audit.entry_hash(values)}' WHERE id = 3"
    )
    status = await audit.verify(session=session)
    assert (status.intact, status.broken_id) == (False, 4)


async def test_verify_names_the_entry_after_a_deleted_one(session) -> None:
    await fill(session, 10)
    await tamper(session, "DELETE FROM audit_entry WHERE id = 4")
    status = await audit.verify(session=session)
    assert (status.intact, status.broken_id) == (False, 5)
    assert "4 to 4 are missing" in (status.reason or "")


async def test_verify_notices_the_oldest_entries_deleted_outside_prune(session) -> None:
    await fill(session, 5)
    await tamper(session, "DELETE FROM audit_entry WHERE id <= 2")
    status = await audit.verify(session=session)
    assert (status.intact, status.broken_id) == (False, 3)


async def test_the_command_prints_the_verdict(db: Database, session) -> None:
    lines: list[str] = []
    assert await cli_audit.verify(db, lines.append) == 0
    assert lines == ["audit chain intact: 0 entries"]
    await fill(session, 3)
    await tamper(session, "UPDATE audit_entry SET outcome = 'denied' WHERE id = 2")
    assert await cli_audit.verify(db, lines.append) == 1
    assert lines[-1].startswith("audit chain broken at entry 2 (2026-11-02T10:00:00+07:00): ")


async def test_prune_deletes_only_entries_past_retention_and_the_chain_still_verifies(
    db: Database, session
) -> None:
    old = T0 - timedelta(days=500)
    await fill(session, 4, at=old)
    await fill(session, 3, start=4, at=T0 - timedelta(days=10))
    clock = type("Clock", (), {"now": staticmethod(lambda: T0)})()
    lines: list[str] = []
    assert await cli_audit.prune(db, 400, clock, lines.append) == 0
    assert lines == ["audit prune: deleted 4 entries recorded before 2025-09-28T03:00:00.000000Z"]
    rows = (await session.execute(text("SELECT id, action FROM audit_entry ORDER BY id"))).all()
    assert [r[0] for r in rows] == [5, 6, 7, 8]
    assert rows[-1][1] == audit.PRUNE
    status = await audit.verify(session=session)
    assert (status.intact, status.count) == (True, 4)
    await fill(session, 2, start=10)
    assert (await audit.verify(session=session)).intact


async def test_prune_refuses_a_retention_under_a_year(session) -> None:
    with pytest.raises(ValueError, match="at least 365 days"):
        await audit.prune(
            session=session, before=T0 - timedelta(days=300), source=audit.Source(), now=T0
        )


async def test_prune_never_deletes_the_newest_entry(session) -> None:
    await fill(session, 2, at=T0 - timedelta(days=800))
    deleted = await audit.prune(
        session=session, before=T0 - timedelta(days=400), source=audit.Source(), now=T0
    )
    assert deleted == 1
    assert (await audit.verify(session=session)).intact


@POSTGRES_ONLY
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_entry SET outcome = 'denied' WHERE id = 1",
        "DELETE FROM audit_entry WHERE id = 1",
        "TRUNCATE audit_entry",
    ],
)
async def test_postgresql_refuses_changes_to_the_trail(session, statement: str) -> None:
    await fill(session, 2)
    with pytest.raises(DBAPIError, match="audit_entry is append-only"):
        async with session.begin_nested():
            await session.execute(text(statement))
    assert (await audit.verify(session=session)).count == 2


@POSTGRES_ONLY
async def test_postgresql_lets_the_prune_flag_delete_only_old_entries(session) -> None:
    # The retention rule reads the database's own clock on purpose (a transaction cannot move
    # it the way it can set ecrime.now), so this test places its entries and cutoffs around
    # the database's now, not around the test clock: it holds on any day it runs.
    now = (await session.execute(text("SELECT now()"))).scalar_one()
    await fill(session, 1, at=now - timedelta(days=500))
    await fill(session, 1, start=1, at=now - timedelta(days=10))
    await session.execute(text("SELECT set_config('ecrime.audit_prune', 'on', true)"))
    await session.execute(
        text("SELECT set_config('ecrime.audit_prune_before', :at, true)"),
        {"at": (now - timedelta(days=400)).isoformat()},
    )
    with pytest.raises(DBAPIError, match="append-only"):
        async with session.begin_nested():
            await session.execute(text("DELETE FROM audit_entry WHERE id = 2"))
    async with session.begin_nested():
        await session.execute(text("DELETE FROM audit_entry WHERE id = 1"))
    await session.execute(
        text("SELECT set_config('ecrime.audit_prune_before', :at, true)"),
        {"at": (now - timedelta(days=5)).isoformat()},
    )
    with pytest.raises(DBAPIError, match="append-only"):
        async with session.begin_nested():
            await session.execute(text("DELETE FROM audit_entry WHERE id = 2"))


async def test_postgresql_appends_wait_for_the_chain_head(postgresql_url: str) -> None:
    """A second transaction cannot read the last hash while the first may still append."""
    engine = make_engine(postgresql_url)
    try:
        async with engine.connect() as first, engine.connect() as second:
            await first.begin()
            await second.begin()
            ids = await first.run_sync(audit.append_sync, [audit.Draft("a")], ALICE, T0)
            waiting = asyncio.create_task(
                second.run_sync(audit.append_sync, [audit.Draft("b")], ALICE, T0)
            )
            await asyncio.sleep(0.3)
            assert not waiting.done()
            await first.rollback()
            assert await asyncio.wait_for(waiting, 5) == ids  # it read the head only afterwards
            await second.rollback()
    finally:
        await engine.dispose()


async def test_sqlite_appends_from_concurrent_sessions_all_land_in_one_chain(tmp_path) -> None:  # type: ignore[no-untyped-def]
    database = Database.from_url(f"sqlite+aiosqlite:///{tmp_path / 'audit.sqlite3'}")
    async with database.engine.begin() as connection:
        await connection.run_sync(AuditEntry.__table__.create)  # type: ignore[attr-defined]

    async def officer(n: int) -> None:
        for i in range(10):
            async with database.session() as session:
                await session.execute(text("SELECT count(*) FROM audit_entry"))  # a read first
                await session.commit()
                await audit.append(
                    session, [audit.Draft("person.read", details={"i": i})], ALICE, T0
                )
                await session.commit()

    try:
        await asyncio.gather(*(officer(n) for n in range(10)))
        async with database.session() as session:
            status = await audit.verify(session=session)
        assert (status.intact, status.count) == (True, 100)
    finally:
        await database.dispose()
