"""A court-order row is attached to the holder of its document only if it names that person
(issue 14): a disagreement is a reported problem, never a silent merge, in both modes and on
both paths (SQLite row by row, PostgreSQL COPY); subject values are validated like any input."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from db import tables as t
from db.clock import FixedClock
from resolvers.imports.court_orders import Mode
from resolvers.imports.order_subjects import ON_FILE
from tests import factories as f
from tests.import_support import (
    COURT,
    count,
    order_row,
    read_report,
    run_cli,
    stored_orders,
    write_csv,
)
from tests.test_hits import make_world

DOCUMENT = "900123456"
FIRST = "does not match row 2, the first in this file with this document"


@pytest.fixture
async def world(session: Any) -> dict[str, Any]:
    found = await make_world(session)
    holder = await f.person(
        session,
        family_name_latin="Sok",
        given_name_latin="Dara",
        family_name_km="សុខ",
        given_name_km="តារា",
        sex="M",
        birth_year=1980,
        birth_month=4,
        birth_day=12,
        nationality="KH",
        province_code="17",
    )
    session.add(
        t.IdentityDocument(
            person_id=holder.id,
            kind="national_id",
            number=DOCUMENT,
            number_key=DOCUMENT,
            issuing_country="KH",
        )
    )
    await session.commit()
    return {**found, "holder": holder}


def holding(i: int, **changes: str) -> dict[str, str]:
    """An order whose subject is the holder, as the file would describe them."""
    subject = {
        "subject_family_name_latin": "Sok",
        "subject_given_name_latin": "Dara",
        "subject_family_name_km": "",
        "subject_given_name_km": "",
        "subject_sex": "M",
        "subject_birth_date": "1980-04-12",
        "subject_nationality": "KH",
        "subject_document_number": DOCUMENT,
    }
    return order_row(i, **{**subject, **changes})


async def run(db: Any, world: dict[str, Any], clock: FixedClock, path: Path, **kw: Any) -> int:
    kw.setdefault("batch", 50)
    return await run_cli(db, "court-orders", clock, path, world["pp"].username, **kw)


async def subjects(db: Any) -> list[int]:
    async with db.session() as session:
        found = await session.scalars(
            select(t.Warrant.subject_person_id)
            .where(t.Warrant.court == COURT)
            .order_by(t.Warrant.id)
        )
        return list(found)


@pytest.mark.parametrize("mode", list(Mode))
async def test_a_row_naming_someone_else_with_a_document_on_file_is_refused_by_column(
    db: Any, world: dict[str, Any], clock: FixedClock, tmp_path: Path, mode: Mode
) -> None:
    rows = [
        order_row(1),
        holding(
            2,
            subject_family_name_latin="Chan",
            subject_sex="F",
            subject_birth_date="1991",
            subject_nationality="TH",
        ),
    ]
    path = write_csv(tmp_path / "orders.csv", rows)
    code = await run(db, world, clock, path, mode=mode)
    assert read_report(path.with_suffix(".report.csv")) == [
        (3, "subject_family_name_latin", "Chan", ON_FILE),
        (3, "subject_sex", "F", ON_FILE),
        (3, "subject_birth_date", "1991", ON_FILE),
        (3, "subject_nationality", "TH", ON_FILE),
    ]
    written = 0 if mode is Mode.ALL_OR_NOTHING else 1
    assert (code, await stored_orders(db)) == (1 - written, written)
    assert await count(db, t.Warrant, t.Warrant.subject_person_id == world["holder"].id) == 0


async def test_a_row_that_agrees_with_the_holder_is_attached_to_them(
    db: Any, world: dict[str, Any], clock: FixedClock, tmp_path: Path
) -> None:
    # Blank cells state nothing; names ignore case and spacing; a partial birth date agrees
    # on the parts it gives; an unknown sex contradicts nothing.
    rows = [
        holding(1),
        holding(2, subject_family_name_latin=" SOK ", subject_birth_date="1980", subject_sex=""),
        holding(3, subject_family_name_km="សុខ", subject_birth_date="1980-04"),
    ]
    persons = await count(db, t.Person)
    path = write_csv(tmp_path / "orders.csv", rows)
    assert await run(db, world, clock, path) == 0
    assert read_report(path.with_suffix(".report.csv")) == []
    assert await subjects(db) == [world["holder"].id] * 3
    assert await count(db, t.Person) == persons


async def test_subject_values_are_checked_even_when_the_document_is_on_file(
    db: Any, world: dict[str, Any], clock: FixedClock, tmp_path: Path
) -> None:
    rows = [holding(1, subject_sex="Q", subject_nationality="XX", subject_birth_date="1980-13")]
    path = write_csv(tmp_path / "orders.csv", rows)
    assert await run(db, world, clock, path, mode=Mode.VALID_ROWS) == 0
    assert read_report(path.with_suffix(".report.csv")) == [
        (2, "subject_sex", "Q", "must be one of F, M, U, X"),
        (2, "subject_birth_date", "1980-13", "month must be between 1 and 12"),
        (2, "subject_nationality", "XX", "'XX' is not an ISO 3166-1 alpha-2 country code"),
    ]
    assert await stored_orders(db) == 0


@pytest.mark.parametrize("batch", [1, 50])
async def test_two_rows_naming_different_people_with_one_new_document_are_a_problem(
    db: Any, world: dict[str, Any], clock: FixedClock, tmp_path: Path, batch: int
) -> None:
    shared = {"subject_document_number": "555000111"}
    rows = [
        order_row(1, **shared),
        order_row(2, **shared),  # another name, sex and birth date
        order_row(3, **{k: v for k, v in order_row(1).items() if k.startswith("subject_")}),
    ]
    rows[2]["subject_document_number"] = "555000111"
    path = write_csv(tmp_path / "orders.csv", rows)
    # All-or-nothing refuses the file in its checking pass, whichever batch holds each row.
    assert await run(db, world, clock, path, batch=batch) == 1
    report = read_report(path.with_suffix(".report.csv"))
    assert {(r[0], r[3]) for r in report} == {(3, FIRST)}
    assert {r[1] for r in report} >= {"subject_family_name_latin", "subject_sex"}
    assert await stored_orders(db) == 0
    assert await run(db, world, clock, path, batch=batch, mode=Mode.VALID_ROWS) == 0
    assert read_report(path.with_suffix(".report.csv")) == report
    first, third = await subjects(db)
    assert first == third and await stored_orders(db) == 2
