"""The court-order import's two paths agree on what matters: every order audited, hits only where
hand entry would raise them; and PostgreSQL's COPY path costs statements per batch, not per row."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select
from strawberry.relay import GlobalID

from db import tables as t
from db.clock import FixedClock
from db.person_names import refresh_name_keys
from resolvers.imports.court_orders import Mode
from tests.import_support import COURT, count, like_the_wanted_subject, order_row, write_csv
from tests.test_hits import SIEM_REAP, make_world
from web import cli_import


@pytest.fixture
async def world(session: Any) -> dict[str, Any]:
    return await make_world(session)


async def run(db: Any, clock: FixedClock, path: Path, user: t.User, batch: int = 500) -> int:
    return await cli_import.court_orders(
        db,
        clock=clock,
        path=path,
        username=user.username,
        mode=Mode.VALID_ROWS,
        report_path=path.with_suffix(".report.csv"),
        batch=batch,
        err=io.StringIO(),
    )


async def test_every_imported_order_and_subject_is_in_the_audit_trail(
    db: Any, world: dict[str, Any], clock: FixedClock, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "orders.csv", [order_row(i) for i in range(30)])
    assert await run(db, clock, path, world["pp"], batch=20) == 0
    async with db.session() as session:
        warrants = set(
            (await session.scalars(select(t.Warrant.id).where(t.Warrant.court == COURT))).all()
        )
        persons = set(
            (
                await session.scalars(
                    select(t.Warrant.subject_person_id).where(t.Warrant.court == COURT)
                )
            ).all()
        )
        entries = (await session.scalars(select(t.AuditEntry))).all()
    audited: dict[str, set[int]] = {"warrant": set(), "person": set()}
    for entry in entries:
        if entry.action in ("warrant.create", "person.create"):  # row by row (the flush hook)
            audited[entry.action.split(".")[0]].add(int(entry.object_id or 0))
        elif entry.action == "import.court_orders":  # one entry per batch (the COPY path)
            details = json.loads(entry.details)
            assert entry.actor_username == world["pp"].username
            audited["warrant"] |= set(details["warrant_ids"])
            audited["person"] |= set(details["person_ids"])
    assert len(warrants) == 30
    assert warrants <= audited["warrant"] and persons <= audited["person"]


async def test_no_hit_for_a_subject_wanted_by_the_importing_unit_itself(
    db: Any, world: dict[str, Any], clock: FixedClock, tmp_path: Path
) -> None:
    row = like_the_wanted_subject(0)
    row["province_code"] = SIEM_REAP  # Siem Reap's own unit imports; it owns the warrant
    assert await run(db, clock, write_csv(tmp_path / "own.csv", [row]), world["sr"]) == 0
    assert await count(db, t.Warrant, t.Warrant.court == COURT) == 1
    assert await count(db, t.Hit) == 0


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)  # the COPY path's own
async def test_a_copy_batch_costs_the_same_statements_for_forty_rows_as_for_a_hundred_and_sixty(
    db: Any, world: dict[str, Any], clock: FixedClock, tmp_path: Path
) -> None:
    statements: list[int] = []
    for size, start in ((40, 0), (160, 1000)):
        seen: list[str] = []

        def note(*args: Any, seen: list[str] = seen) -> None:
            seen.append(args[2])

        event.listen(db.engine.sync_engine, "before_cursor_execute", note)
        try:
            rows = [order_row(start + i) for i in range(size)]
            assert await run(db, clock, write_csv(tmp_path / f"{size}.csv", rows), world["pp"]) == 0
        finally:
            event.remove(db.engine.sync_engine, "before_cursor_execute", note)
        statements.append(len(seen))
    assert await count(db, t.Warrant, t.Warrant.court == COURT) == 200
    assert statements[0] == statements[1] < 60, statements


async def test_imported_subjects_carry_the_name_keys_search_would_give_them(
    db: Any, world: dict[str, Any], clock: FixedClock, tmp_path: Path
) -> None:
    rows = [order_row(i) for i in range(12)] + [like_the_wanted_subject(12)]
    rows[3]["subject_family_name_km"], rows[3]["subject_given_name_km"] = "សុខ", "ដារា"
    assert await run(db, clock, write_csv(tmp_path / "keys.csv", rows), world["pp"]) == 0

    async def keys() -> list[tuple[int, str]]:
        async with db.session() as session:
            found = await session.execute(
                select(t.PersonNameKey.person_id, t.PersonNameKey.key)
                .join(t.Warrant, t.Warrant.subject_person_id == t.PersonNameKey.person_id)
                .where(t.Warrant.court == COURT)
                .order_by(t.PersonNameKey.person_id, t.PersonNameKey.key)
            )
            return [(p, k) for p, k in found]

    imported = await keys()
    async with db.session() as session:
        ids = sorted({p for p, _ in imported})
        await refresh_name_keys(session=session, person_ids=ids)
        await session.commit()
    assert len(ids) == 13 and imported == await keys()


async def test_the_api_tells_an_archived_order_from_one_entered_as_it_happened(
    db: Any, world: dict[str, Any], clock: FixedClock, tmp_path: Path, graphql: Any
) -> None:
    today = clock.now().date().isoformat()
    rows = [order_row(1), order_row(2, issued_on=today)]
    assert await run(db, clock, write_csv(tmp_path / "h.csv", rows), world["pp"]) == 0
    async with db.session() as session:
        found = (await session.execute(select(t.Warrant.number, t.Warrant.id))).all()
    ids = {number: str(GlobalID("Warrant", str(i))) for number, i in found}
    query = "query($id: ID!) { node(id: $id) { ... on Warrant { historical } } }"
    for row, historical in ((rows[0], True), (rows[1], False)):
        result = await graphql(query, {"id": ids[row["number"]]}, principal=world["pp"])
        assert result.errors is None and result.data == {"node": {"historical": historical}}
