"""`ecrime import persons`: exact reports, both modes, reruns, resumption, matching."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from db import tables as t
from db.clock import FixedClock
from db.imports import TEMPLATES
from resolvers.imports.batches import Mode
from resolvers.imports.persons import COLUMNS
from tests.import_support import count, person_row, read_report, run_cli, write_rows
from tests.test_hits import make_world
from web import cli_import

N, BATCH = 120, 40
BAD = {
    17: dict(nationality="XX"),
    60: dict(document_kind="", document_number="", document_country=""),
    100: dict(sex="Q", birth_date="1980-13"),
}
EXPECTED = [
    (19, "nationality", "XX", "'XX' is not an ISO 3166-1 alpha-2 country code"),
    (62, "document_number", "", "is required: an imported person is known by an identity document"),
    (102, "sex", "Q", "must be one of F, M, U, X"),
    (102, "birth_date", "1980-13", "month must be between 1 and 12"),
]


def generated(bad: bool = True) -> list[dict[str, str]]:
    return [person_row(i, **(BAD.get(i, {}) if bad else {})) for i in range(N)]


@pytest.fixture
async def world(session: Any) -> dict[str, Any]:
    return await make_world(session)


async def run(db: Any, world: dict[str, Any], clock: FixedClock, path: Path, **kw: Any) -> int:
    return await run_cli(db, "persons", clock, path, world["pp"].username, batch=BATCH, **kw)


async def imported(db: Any) -> int:
    return await count(db, t.IdentityDocument, t.IdentityDocument.number_key.like("2%"))


async def test_the_template_documents_every_column_and_imports_cleanly(
    db: Any, world: dict[str, Any], clock: FixedClock, tmp_path: Path
) -> None:
    template = TEMPLATES / "persons.csv"
    assert tuple(next(csv.reader(io.StringIO(template.read_text("utf-8"))))) == COLUMNS
    err = io.StringIO()
    code = await cli_import.persons(
        db,
        clock=clock,
        path=template,
        username=world["sr"].username,
        report_path=tmp_path / "r.csv",
        err=err,
    )
    assert code == 0, err.getvalue()
    async with db.session() as session:
        person = await session.scalar(select(t.Person).where(t.Person.family_name_km == "កែវ"))
        assert person is not None and person.province_code == "17"
        aliases = await session.scalars(
            select(t.PersonAlias.script).where(t.PersonAlias.person_id == person.id)
        )
        assert sorted(aliases) == ["khmer", "latin"]


async def test_bad_rows_yield_an_exact_report_and_the_good_rows_are_written(
    db: Any, world: dict[str, Any], clock: FixedClock, tmp_path: Path
) -> None:
    path = write_rows(tmp_path / "persons.csv", COLUMNS, generated())
    before = await count(db, t.Person)
    assert await run(db, world, clock, path, mode=Mode.VALID_ROWS) == 0
    assert read_report(tmp_path / "persons.report.csv") == EXPECTED
    assert await count(db, t.Person) == before + N - len(BAD)
    assert await imported(db) == N - len(BAD)


async def test_all_or_nothing_writes_nothing_when_one_row_is_bad(
    db: Any, world: dict[str, Any], clock: FixedClock, tmp_path: Path
) -> None:
    path = write_rows(tmp_path / "persons.csv", COLUMNS, generated())
    before = await count(db, t.Person)
    assert await run(db, world, clock, path) == 1
    assert read_report(tmp_path / "persons.report.csv") == EXPECTED
    assert await count(db, t.Person) == before


async def test_the_same_file_again_adds_nothing_and_a_changed_row_is_a_conflict(
    db: Any, world: dict[str, Any], clock: FixedClock, tmp_path: Path
) -> None:
    rows = generated(bad=False)
    path = write_rows(tmp_path / "persons.csv", COLUMNS, rows)
    assert await run(db, world, clock, path) == 0
    before = await count(db, t.Person)
    assert await run(db, world, clock, path) == 0
    assert await count(db, t.Person) == before
    report = read_report(tmp_path / "persons.report.csv")
    assert report == [
        (i + 2, "document_number", rows[i]["document_number"], "already imported") for i in range(N)
    ]
    rows[3] = {**rows[3], "sex": "M", "given_name_latin": "Changed"}
    rows[4] = dict(rows[5])  # the same person twice: the first is on file, the second repeated
    write_rows(path, COLUMNS, rows)
    assert await run(db, world, clock, path) == 1
    assert [
        r for r in read_report(tmp_path / "persons.report.csv") if r[3] != "already imported"
    ] == [
        (
            5,
            "given_name_latin",
            "Changed",
            f"conflicts with the stored person (stored: {person_row(3)['given_name_latin']})",
        ),
        (5, "sex", "M", "conflicts with the stored person (stored: F)"),
        (
            7,
            "document_number",
            rows[5]["document_number"],
            "appears twice in this file (first in row 6)",
        ),
    ]
    assert await count(db, t.Person) == before


async def test_a_run_stopped_after_its_first_batch_ends_with_exactly_the_rows_when_run_again(
    db: Any, world: dict[str, Any], clock: FixedClock, tmp_path: Path
) -> None:
    path = write_rows(tmp_path / "persons.csv", COLUMNS, generated(bad=False))

    class Crash(Exception):
        pass

    async def crash(batch: int) -> None:
        raise Crash(f"the process dies after batch {batch}")

    with pytest.raises(Crash):
        await run(db, world, clock, path, after_batch=crash)
    assert await imported(db) == BATCH
    assert await run(db, world, clock, path) == 0
    report = read_report(tmp_path / "persons.report.csv")
    assert [r[0] for r in report] == list(range(2, BATCH + 2))
    async with db.session() as session:
        numbers = await session.scalars(
            select(t.IdentityDocument.number).where(t.IdentityDocument.number_key.like("2%"))
        )
        assert sorted(numbers) == sorted(r["document_number"] for r in generated(bad=False))


async def test_an_imported_person_like_a_wanted_one_is_a_hit(
    db: Any, world: dict[str, Any], clock: FixedClock, tmp_path: Path
) -> None:
    row = person_row(
        0, family_name_latin="Chear", given_name_latin="Sokhar", sex="M", birth_date="1990-05-12"
    )
    assert await run(db, world, clock, write_rows(tmp_path / "one.csv", COLUMNS, [row])) == 0
    async with db.session() as session:
        [hit] = (await session.scalars(select(t.Hit))).all()
        doc = await session.scalar(
            select(t.IdentityDocument).where(t.IdentityDocument.number == row["document_number"])
        )
    assert doc is not None
    assert (hit.person_id, hit.subject_person_id) == (doc.person_id, world["subject"].id)
    assert hit.warrant_id == world["warrant"].id
