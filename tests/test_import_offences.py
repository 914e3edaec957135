"""`ecrime import offences`: exact reports, both modes, reruns, resumption, persons, matching."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from db import tables as t
from db.clock import PHNOM_PENH, FixedClock
from db.imports import TEMPLATES
from resolvers.imports.batches import Mode
from resolvers.imports.offences import COLUMNS
from tests.import_support import count, offence_row, read_report, run_cli, write_rows
from tests.test_hits import make_world
from web import cli_import

N, BATCH = 120, 40
BAD = {
    17: dict(type_code="THEFTX"),
    60: dict(occurred_at="2015-02-30 10:00"),
    100: dict(district_code="1701", drug_quantity="12"),
    101: dict(person_nationality="XX", person_role="thief"),
}
EXPECTED = [
    (19, "type_code", "THEFTX", "'THEFTX' is not an offence type"),
    (62, "occurred_at", "2015-02-30 10:00", "2015-02-30 10:00 is not a date and time"),
    (102, "district_code", "1701", "is not in province 12"),
    (102, "drug_substance", "", "is required"),
    (102, "drug_unit", "", "must be one of g, kg, l, ml, tablet"),
    (102, "drug_substance", "", "only drug offences carry drug details, not THEFT"),
    (103, "person_nationality", "XX", "'XX' is not an ISO 3166-1 alpha-2 country code"),
    (103, "person_role", "thief", "must be one of complainant, offender, suspect, victim, witness"),
]


def generated(bad: bool = True) -> list[dict[str, str]]:
    return [offence_row(i, **(BAD.get(i, {}) if bad else {})) for i in range(N)]


@pytest.fixture
async def world(session: Any) -> dict[str, Any]:
    return await make_world(session)


async def run(db: Any, world: dict[str, Any], clock: FixedClock, path: Path, **kw: Any) -> int:
    return await run_cli(db, "offences", clock, path, world["pp"].username, batch=BATCH, **kw)


async def imported(db: Any, *where: Any) -> int:
    return await count(db, t.Offence, t.Offence.source_ref.is_not(None), *where)


async def test_bad_rows_yield_an_exact_report_and_the_good_rows_are_written(
    db: Any, world: dict[str, Any], clock: FixedClock, tmp_path: Path
) -> None:
    path = write_rows(tmp_path / "offences.csv", COLUMNS, generated())
    assert await run(db, world, clock, path, mode=Mode.VALID_ROWS) == 0
    assert read_report(tmp_path / "offences.report.csv") == EXPECTED
    assert await imported(db) == N - len(BAD)
    # Each good row with a person links one new suspect; offences before today are historical.
    assert await count(db, t.OffencePerson, t.OffencePerson.role == "suspect") == N // 2 - 2
    assert await imported(db, t.Offence.historical) == N - len(BAD)


async def test_the_template_documents_every_column_and_imports_cleanly(
    db: Any, world: dict[str, Any], clock: FixedClock, tmp_path: Path
) -> None:
    template = TEMPLATES / "offences.csv"
    assert tuple(next(csv.reader(io.StringIO(template.read_text("utf-8"))))) == COLUMNS
    err = io.StringIO()
    code = await cli_import.offences(
        db,
        clock=clock,
        path=template,
        username=world["sr"].username,
        report_path=tmp_path / "r.csv",
        err=err,
    )
    assert code == 0, err.getvalue()
    async with db.session() as session:
        offence = await session.scalar(
            select(t.Offence).where(t.Offence.source_ref == "SR-2019-000123")
        )
        assert offence is not None and offence.historical and not offence.late
        assert (offence.drug_unit, offence.commune_code) == ("tablet", "171001")


async def test_all_or_nothing_writes_nothing_when_one_row_is_bad(
    db: Any, world: dict[str, Any], clock: FixedClock, tmp_path: Path
) -> None:
    path = write_rows(tmp_path / "offences.csv", COLUMNS, generated())
    persons = await count(db, t.Person)
    assert await run(db, world, clock, path) == 1
    assert read_report(tmp_path / "offences.report.csv") == EXPECTED
    assert await imported(db) == 0 and await count(db, t.Person) == persons


async def test_the_same_file_again_adds_nothing_and_a_changed_row_is_a_conflict(
    db: Any, world: dict[str, Any], clock: FixedClock, tmp_path: Path
) -> None:
    rows = generated(bad=False)
    path = write_rows(tmp_path / "offences.csv", COLUMNS, rows)
    assert await run(db, world, clock, path) == 0
    persons = await count(db, t.Person)
    assert await run(db, world, clock, path) == 0
    assert await imported(db) == N and await count(db, t.Person) == persons
    report = read_report(tmp_path / "offences.report.csv")
    assert report == [
        (i + 2, "source_ref", rows[i]["source_ref"], "already imported") for i in range(N)
    ]
    rows[5] = {**rows[5], "type_code": "ROBBERY"}
    write_rows(path, COLUMNS, rows)
    assert await run(db, world, clock, path) == 1
    assert [r for r in read_report(path.with_suffix(".report.csv")) if r[0] == 7] == [
        (7, "type_code", "ROBBERY", "conflicts with the stored offence (stored: THEFT)")
    ]
    assert await count(db, t.Offence, t.Offence.type_code == "ROBBERY") == 0


async def test_a_run_stopped_after_its_first_batch_ends_with_exactly_the_rows_when_run_again(
    db: Any, world: dict[str, Any], clock: FixedClock, tmp_path: Path
) -> None:
    path = write_rows(tmp_path / "offences.csv", COLUMNS, generated(bad=False))

    class Crash(Exception):
        pass

    async def crash(batch: int) -> None:
        raise Crash(f"the process dies after batch {batch}")

    with pytest.raises(Crash):
        await run(db, world, clock, path, after_batch=crash)
    assert await imported(db) == BATCH
    assert await run(db, world, clock, path) == 0
    report = read_report(tmp_path / "offences.report.csv")
    assert [r[0] for r in report] == list(range(2, BATCH + 2))
    async with db.session() as session:
        refs = await session.scalars(
            select(t.Offence.source_ref).where(t.Offence.source_ref.is_not(None))
        )
        assert sorted(refs) == sorted(r["source_ref"] for r in generated(bad=False))
    # A person of a row written before the stop is not recorded twice: one per document.
    assert await count(db, t.OffencePerson) == N // 2


async def test_a_person_on_file_is_linked_and_an_imported_suspect_like_a_wanted_one_is_a_hit(
    db: Any, world: dict[str, Any], clock: FixedClock, tmp_path: Path
) -> None:
    rows = [
        offence_row(
            0,
            person_role="suspect",
            person_family_name_latin="Chear",
            person_given_name_latin="Sokhar",
            person_sex="M",
            person_birth_date="1990-05-12",
            person_nationality="KH",
        ),
        offence_row(1),
        offence_row(
            3,
            person_document_number=offence_row(1)["person_document_number"],
            person_role="witness",
        ),
    ]
    persons = await count(db, t.Person)
    assert await run(db, world, clock, write_rows(tmp_path / "m.csv", COLUMNS, rows)) == 0
    assert await count(db, t.Person) == persons + 2  # rows 3 and 4 name one person
    async with db.session() as session:
        [hit] = (await session.scalars(select(t.Hit))).all()
        first = await session.scalar(
            select(t.Offence).where(t.Offence.source_ref == rows[0]["source_ref"])
        )
        assert first is not None
        link = await session.scalar(
            select(t.OffencePerson).where(t.OffencePerson.offence_id == first.id)
        )
    assert link is not None and link.role == "suspect"
    assert (hit.person_id, hit.subject_person_id) == (link.person_id, world["subject"].id)


async def test_every_imported_offence_and_person_is_in_the_audit_trail_as_the_importer(
    db: Any, world: dict[str, Any], clock: FixedClock, tmp_path: Path
) -> None:
    path = write_rows(tmp_path / "a.csv", COLUMNS, [offence_row(i) for i in range(6)])
    assert await run(db, world, clock, path) == 0
    async with db.session() as session:
        offences = set(
            await session.scalars(select(t.Offence.id).where(t.Offence.source_ref.is_not(None)))
        )
        persons = set((await session.scalars(select(t.OffencePerson.person_id))).all())
        entries = (await session.scalars(select(t.AuditEntry))).all()
    audited: dict[str, set[int]] = {"offence": set(), "person": set()}
    for entry in entries:
        mine = entry.actor_username == world["pp"].username  # not the test's own records
        if mine and entry.action in ("offence.create", "person.create"):
            audited[entry.action.split(".")[0]].add(int(entry.object_id or 0))
    assert len(offences) == 6 and len(persons) == 3
    assert audited == {"offence": offences, "person": persons}


async def test_a_date_alone_is_midnight_in_phnom_penh_and_xlsx_times_are_read(
    db: Any, world: dict[str, Any], clock: FixedClock, tmp_path: Path
) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(list(COLUMNS))
    rows = [offence_row(2, occurred_at="2015-03-01"), offence_row(4)]
    cells = [[r[c] for c in COLUMNS] for r in rows]
    cells[1][COLUMNS.index("occurred_at")] = datetime(2016, 5, 7, 14, 45)  # a date-time cell
    for line in cells:
        sheet.append(line)
    book.save(tmp_path / "o.xlsx")
    assert await run(db, world, clock, tmp_path / "o.xlsx") == 0
    async with db.session() as session:
        found = await session.scalars(
            select(t.Offence.occurred_at)
            .where(t.Offence.source_ref.is_not(None))
            .order_by(t.Offence.occurred_at)
        )
        assert list(found) == [
            datetime(2015, 3, 1, tzinfo=PHNOM_PENH),
            datetime(2016, 5, 7, 14, 45, tzinfo=PHNOM_PENH),
        ]
