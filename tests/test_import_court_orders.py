"""`ecrime import court-orders`: exact reports, both modes, reruns, resumption, XLSX, matching."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from strawberry.relay import GlobalID

from db import tables as t
from db.alert_bus import BUS
from db.clock import FixedClock
from db.errors import RecordLocked
from db.imports import TEMPLATES
from resolvers import orders
from resolvers.context import Context
from resolvers.imports.court_orders import COLUMNS, Mode
from tests.import_support import (
    COURT,
    count,
    like_the_wanted_subject,
    order_row,
    read_report,
    run_cli,
    stored_orders,
    write_csv,
    write_xlsx,
)
from tests.test_hits import make_world
from web import cli_import

N, BATCH = 200, 50  # rows in a generated file, rows per batch

# Two bad rows in 200 (1%): the spreadsheet numbers them from 2 (the header is row 1).
BAD = {
    17: dict(issued_on="1999-12-31"),
    140: dict(kind="arest", subject_nationality="XX"),
}
EXPECTED = [
    (19, "issued_on", "1999-12-31", "court orders are entered from 2000-01-01 on"),
    (142, "subject_nationality", "XX", "'XX' is not an ISO 3166-1 alpha-2 country code"),
    (142, "kind", "arest", "must be one of arrest, detention, judgment, search, summons"),
]


def generated(bad: bool = True) -> list[dict[str, str]]:
    return [order_row(i, **(BAD.get(i, {}) if bad else {})) for i in range(N)]


@pytest.fixture
async def world(session: Any) -> dict[str, Any]:
    return await make_world(session)


async def run(db: Any, world: dict[str, Any], clock: FixedClock, path: Path, **kw: Any) -> int:
    return await run_cli(db, "court-orders", clock, path, world["pp"].username, batch=BATCH, **kw)


async def test_the_template_documents_every_column_and_imports_cleanly(
    db: Any, world: dict[str, Any], clock: FixedClock, tmp_path: Path
) -> None:
    template = TEMPLATES / "court_orders.csv"
    assert tuple(next(csv.reader(io.StringIO(template.read_text("utf-8"))))) == COLUMNS
    err = io.StringIO()
    code = await cli_import.court_orders(
        db,
        clock=clock,
        path=template,
        username=world["sr"].username,
        report_path=tmp_path / "report.csv",
        err=err,
    )
    assert code == 0, err.getvalue()
    assert await count(db, t.Warrant, t.Warrant.number == "SR-2004-0117", t.Warrant.historical) == 1


async def test_one_percent_bad_rows_yield_an_exact_report_and_the_good_rows_are_written(
    db: Any, world: dict[str, Any], clock: FixedClock, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "orders.csv", generated())
    persons_before = await count(db, t.Person)
    assert await run(db, world, clock, path, mode=Mode.VALID_ROWS) == 0
    assert read_report(tmp_path / "orders.report.csv") == EXPECTED
    assert await stored_orders(db) == N - len(BAD)
    assert await count(db, t.Person) == persons_before + N - len(BAD)
    # Orders issued before the day of the import are historical (all of these are).
    assert await count(db, t.Warrant, t.Warrant.court == COURT, t.Warrant.historical) == N - 2


async def test_all_or_nothing_writes_nothing_when_one_row_is_bad(
    db: Any, world: dict[str, Any], clock: FixedClock, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "orders.csv", generated())
    persons_before = await count(db, t.Person)
    assert await run(db, world, clock, path, mode=Mode.ALL_OR_NOTHING) == 1
    assert read_report(tmp_path / "orders.report.csv") == EXPECTED
    assert await stored_orders(db) == 0
    assert await count(db, t.Person) == persons_before


async def test_the_same_file_again_adds_nothing_and_reports_every_row_as_a_conflict(
    db: Any, world: dict[str, Any], clock: FixedClock, tmp_path: Path
) -> None:
    rows = generated(bad=False)
    path = write_csv(tmp_path / "orders.csv", rows)
    assert await run(db, world, clock, path) == 0
    persons = await count(db, t.Person)
    assert await run(db, world, clock, path) == 0
    assert await stored_orders(db) == N and await count(db, t.Person) == persons
    report = read_report(tmp_path / "orders.report.csv")
    assert report == [(i + 2, "number", rows[i]["number"], "already imported") for i in range(N)]
    # A row whose facts differ from the stored order's is a conflict; nothing is overwritten.
    rows[5] = {**rows[5], "kind": "search", "notes": "changed"}
    write_csv(path, rows)
    assert await run(db, world, clock, path) == 1
    assert [r for r in read_report(tmp_path / "orders.report.csv") if r[0] == 7] == [
        (7, "kind", "search", "conflicts with the stored order (stored: arrest)"),
        (7, "notes", "changed", "conflicts with the stored order (stored: imported order 5)"),
    ]
    assert await count(db, t.Warrant, t.Warrant.kind == "search") == 0


async def test_a_run_stopped_after_its_first_batch_ends_with_exactly_the_rows_when_run_again(
    db: Any, world: dict[str, Any], clock: FixedClock, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "orders.csv", generated(bad=False))

    class Crash(Exception):
        pass

    async def crash(batch: int) -> None:
        raise Crash(f"the process dies after batch {batch}")

    with pytest.raises(Crash):
        await run(db, world, clock, path, after_batch=crash)
    assert await stored_orders(db) == BATCH
    assert await run(db, world, clock, path) == 0
    assert await stored_orders(db) == N
    report = read_report(tmp_path / "orders.report.csv")
    assert [r[0] for r in report] == list(range(2, BATCH + 2))
    assert {r[3] for r in report} == {"already imported"}
    numbers = {r["number"] for r in generated(bad=False)}
    async with db.session() as session:
        stored = await session.scalars(select(t.Warrant.number).where(t.Warrant.court == COURT))
        assert sorted(stored) == sorted(numbers)


async def test_xlsx_and_csv_give_the_same_result(
    db: Any, world: dict[str, Any], clock: FixedClock, tmp_path: Path
) -> None:
    rows = generated()
    xlsx = write_xlsx(tmp_path / "orders.xlsx", rows)
    assert await run(db, world, clock, xlsx, mode=Mode.VALID_ROWS) == 0
    assert read_report(tmp_path / "orders.report.csv") == EXPECTED
    # The CSV of the same rows finds every row the XLSX wrote identical, and the same problems.
    path = write_csv(tmp_path / "same.csv", rows)
    assert await run(db, world, clock, path, mode=Mode.VALID_ROWS) == 0
    report = read_report(tmp_path / "same.report.csv")
    assert [r for r in report if r[3] != "already imported"] == EXPECTED
    assert len(report) == N - len(BAD) + len(EXPECTED)
    assert await stored_orders(db) == N - len(BAD)


async def test_an_imported_subject_like_a_siem_reap_warrants_subject_is_a_hit(
    db: Any, world: dict[str, Any], clock: FixedClock, tmp_path: Path
) -> None:
    row = like_the_wanted_subject(0)
    assert await run(db, world, clock, write_csv(tmp_path / "one.csv", [row])) == 0
    async with db.session() as session:
        [hit] = (await session.scalars(select(t.Hit))).all()
        imported = await session.scalar(select(t.Warrant).where(t.Warrant.court == COURT))
    assert imported is not None
    assert (hit.person_id, hit.subject_person_id) == (
        imported.subject_person_id,
        world["subject"].id,
    )
    assert hit.warrant_id == world["warrant"].id


async def test_rows_with_one_document_share_one_subject(
    db: Any, world: dict[str, Any], clock: FixedClock, tmp_path: Path
) -> None:
    # Two orders naming the same person (issue 14: a row naming someone else is refused,
    # tests/test_import_subjects.py).
    subject = {k: v for k, v in order_row(1).items() if k.startswith("subject_")}
    rows = [order_row(1), order_row(2, **subject)]
    persons = await count(db, t.Person)
    assert await run(db, world, clock, write_csv(tmp_path / "two.csv", rows)) == 0
    assert await stored_orders(db) == 2 and await count(db, t.Person) == persons + 1


async def test_imported_orders_are_historical_and_fall_under_the_lifecycle_lock(
    db: Any, world: dict[str, Any], clock: FixedClock, tmp_path: Path
) -> None:
    today = clock.now().date().isoformat()  # 10:00 in Phnom Penh: the same day there
    rows = [
        order_row(1),
        order_row(2, issued_on=today),
        order_row(3, issued_on=today, historical="yes"),
    ]
    assert (
        await run(db, world, clock, write_csv(tmp_path / "h.csv", rows), mode=Mode.VALID_ROWS) == 0
    )
    assert read_report(tmp_path / "h.report.csv") == [
        (
            4,
            "historical",
            "yes",
            "an order issued on the day of the import or later is not historical",
        )
    ]
    async with db.session() as session:
        found = (await session.scalars(select(t.Warrant).where(t.Warrant.court == COURT))).all()
    assert sorted((w.number, w.historical) for w in found) == [
        (rows[0]["number"], True),
        (rows[1]["number"], False),
    ]
    old = next(w for w in found if w.historical)
    clock.advance(timedelta(hours=49))
    async with db.session() as session:
        ctx = Context(session=session, principal=world["pp"], clock=clock)
        with pytest.raises(RecordLocked):
            await orders.update_warrant(
                ctx, str(GlobalID("Warrant", str(old.id))), orders.WarrantPatch(notes="x")
            )


async def test_a_row_with_unreadable_values_reports_all_its_problems_at_once(
    db: Any, world: dict[str, Any], clock: FixedClock, tmp_path: Path
) -> None:
    row = order_row(
        1, kind="arest", issued_on="2004-02-30", subject_birth_date="1980-13", historical="maybe"
    )
    path = write_csv(tmp_path / "bad.csv", [row])
    assert await run(db, world, clock, path, mode=Mode.VALID_ROWS) == 0
    assert read_report(tmp_path / "bad.report.csv") == [
        (2, "issued_on", "2004-02-30", "2004-02-30 is not a date"),
        (2, "historical", "maybe", "must be yes or no"),
        (2, "subject_birth_date", "1980-13", "month must be between 1 and 12"),
        (2, "kind", "arest", "must be one of arrest, detention, judgment, search, summons"),
    ]
    assert await stored_orders(db) == 0


async def test_a_rejected_row_neither_leaves_nor_drops_the_alerts_of_its_batch(
    db: Any, world: dict[str, Any], clock: FixedClock, tmp_path: Path
) -> None:
    # Row 2 is written and hits Siem Reap's warrant; row 3's subject hits it too, but the row
    # is refused: its hit is rolled back, and row 2's alerts are still announced at the commit.
    rows = [like_the_wanted_subject(0), like_the_wanted_subject(1, issued_on="1999-12-31")]
    async with BUS.listen() as queue:
        code = await run(
            db, world, clock, write_csv(tmp_path / "r.csv", rows), mode=Mode.VALID_ROWS
        )
        heard = sorted(queue.get_nowait() for _ in range(queue.qsize()))
    assert code == 0 and await stored_orders(db) == 1 and await count(db, t.Hit) == 1
    async with db.session() as session:
        assert heard == sorted((await session.scalars(select(t.HitAlert.id))).all()) != []


async def test_rows_the_user_may_not_enter_and_repeated_keys_are_reported(
    db: Any, world: dict[str, Any], clock: FixedClock, tmp_path: Path
) -> None:
    rows = [
        order_row(1, province_code="17"),
        order_row(2),
        order_row(3, number=order_row(2)["number"]),
    ]
    rows += [order_row(4, court=""), order_row(5, court="")]
    path = write_csv(tmp_path / "p.csv", rows)
    assert await run(db, world, clock, path, mode=Mode.VALID_ROWS) == 0
    assert read_report(tmp_path / "p.report.csv") == [
        (2, "province_code", "17", "not allowed: create warrant here"),
        (4, "number", rows[1]["number"], "appears twice in this file (first in row 3)"),
        (5, "court", "", "is required"),
        (6, "court", "", "is required"),
    ]
    assert await stored_orders(db) == 1
