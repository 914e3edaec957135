"""The demo loader: reproducible, and realistic where search, scope and alert tests lean on it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import pytest_asyncio
from sqlalchemy import func, select, text
from sqlmodel import SQLModel

from db.demo import DEMO_LOGINS, POSITIONS, DemoError, DemoSummary, is_empty, load_demo
from db.engine import Database
from db.migrate import upgrade
from db.tables import Notice, Offence, OffenceType, Person, Province, User, Warrant
from db.types import UTCDateTime

# A morning load (08:30 in Phnom Penh): the demo's newest records must still lie before it.
NOW = datetime(2026, 11, 22, 1, 30, tzinfo=UTC)


async def _fresh(path: Path) -> Database:
    database = Database.from_url("sqlite+aiosqlite:///" + str(path))
    await upgrade(database.engine)
    return database


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def loaded(
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[tuple[Database, DemoSummary]]:
    """One small load shared by the tests that only read it (a load takes a few seconds)."""
    database = await _fresh(tmp_path_factory.mktemp("demo") / "t.sqlite3")
    summary = await load_demo(database, size="small", now=NOW)
    yield database, summary
    await database.dispose()


async def _first_names(database: Database) -> list[tuple[str, ...]]:
    query = (
        select(
            Person.family_name_latin,
            Person.given_name_latin,
            Person.family_name_km,
            Person.given_name_km,
        )
        .order_by(Person.id)
        .limit(20)
    )
    async with database.session() as session:
        return [tuple(row) for row in (await session.execute(query)).all()]


@pytest.mark.asyncio
async def test_same_seed_and_day_give_the_same_data(tmp_path: Path) -> None:
    found = []
    for name in ("a.sqlite3", "b.sqlite3"):
        database = await _fresh(tmp_path / name)
        summary = await load_demo(database, size="small", now=NOW)
        found.append((summary.rows, summary.duplicate_pairs, await _first_names(database)))
        await database.dispose()
    assert found[0] == found[1]
    rows, pairs, names = found[0]
    assert 1900 <= rows["person"] <= 2100 and rows["offence"] == 10_000
    assert len(pairs) >= 40
    assert all(family and given for family, given, *_ in names)


@pytest.mark.asyncio(loop_scope="module")
async def test_small_demo_covers_every_province_status_kind_and_position(
    loaded: tuple[Database, DemoSummary],
) -> None:
    database, _ = loaded
    async with database.session() as session:
        provinces = set((await session.execute(select(Province.code))).scalars())
        with_offences = set((await session.execute(select(Offence.province_code))).scalars())
        assert with_offences == provinces and len(provinces) == 25

        by_kind = dict(
            (
                await session.execute(
                    select(OffenceType.kind, func.count())
                    .join(Offence, Offence.type_code == OffenceType.code)
                    .group_by(OffenceType.kind)
                )
            ).all()
        )
        assert max(by_kind, key=by_kind.__getitem__) == "traffic"
        assert set(by_kind) == {"traffic", "drug", "cyber", "general"}

        statuses = set((await session.execute(select(Warrant.status))).scalars())
        assert statuses == {"active", "executed", "cancelled", "expired"}
        kinds = set((await session.execute(select(Notice.kind))).scalars())
        assert kinds == {"red_notice", "wanted", "escaped", "released", "blacklist"}

        users = dict((await session.execute(select(User.username, User.position))).all())
        assert set(POSITIONS) <= set(users.values())
        assert {username for username, _ in DEMO_LOGINS} <= set(users)

        late = await session.execute(
            text("SELECT avg(julianday(recorded_at) - julianday(occurred_at) > 2) FROM offence")
        )
        assert 0.04 < late.scalar_one() < 0.12


@pytest.mark.asyncio(loop_scope="module")
async def test_duplicates_are_the_same_person_in_another_province(
    loaded: tuple[Database, DemoSummary],
) -> None:
    database, summary = loaded
    async with database.session() as session:
        people = {person.id: person for person in (await session.execute(select(Person))).scalars()}
    for first_id, second_id in summary.duplicate_pairs:
        first, second = people[first_id], people[second_id]
        assert first.province_code != second.province_code
        assert (first.birth_year, first.birth_month, first.birth_day) == (
            second.birth_year,
            second.birth_month,
            second.birth_day,
        )
        assert (first.family_name_latin, first.given_name_latin) != (
            second.family_name_latin,
            second.given_name_latin,
        )
        assert second.created_at.tzinfo is not None


@pytest.mark.asyncio(loop_scope="module")
async def test_demo_loads_only_into_an_empty_database(
    loaded: tuple[Database, DemoSummary],
) -> None:
    database, _ = loaded
    assert not await is_empty(database)
    with pytest.raises(DemoError, match="already holds persons"):
        await load_demo(database, size="small", now=NOW)


@pytest.mark.asyncio(loop_scope="module")
async def test_nothing_in_the_demo_lies_after_the_moment_it_was_loaded(
    loaded: tuple[Database, DemoSummary],
) -> None:
    """Every moment column of every table the demo writes (generated from the metadata): nothing
    it makes is in the future, so no record stays correctable past 48 h after the load."""
    database, summary = loaded
    assert summary.now == NOW
    moments = [
        (table.name, column)
        for table in SQLModel.metadata.sorted_tables
        if summary.rows.get(table.name)
        for column in table.columns
        if isinstance(column.type, UTCDateTime)
        and not column.name.startswith(("expires", "valid_until"))
    ]
    assert len(moments) >= 15
    async with database.session() as session:
        for name, column in moments:
            latest = (await session.execute(select(func.max(column)))).scalar()
            assert latest is None or latest <= NOW, f"{name}.{column.name} = {latest}"
