"""Importing persons from a file (issue 7; the format: db/imports/templates/persons.csv).

Each row is one person, checked and recorded by resolvers.persons.add_person under the importing
user's principal, so that an imported person is matched against the watch lists (hits) as one
entered by hand; its problems are named by the file's columns.

A person's natural key is their identity document (kind, issuing country, number): a row without
one is refused, since nothing else tells a rerun that the person is already on file (names and
birth dates are shared and misspelt; resolvers.duplicates only suggests). A row whose document is
on file is "already imported" if its names, sex, birth date and nationality agree, else a
conflict; nothing stored is overwritten.
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy.ext.asyncio import AsyncSession

from db.imports import persons_on_file
from resolvers.context import Context
from resolvers.imports.batches import (
    AfterBatch,
    Judged,
    Mode,
    Progress,
    Seen,
    Unread,
    attempt,
    check_columns,
    first_seen,
    merged,
    named,
    run_import,
)
from resolvers.imports.cells import Cells
from resolvers.imports.conflicts import differences, person_facts
from resolvers.imports.files import Row, Table
from resolvers.imports.person_columns import (
    MAX_ALIASES,
    identity,
    person_columns,
    read_aliases,
    read_person,
)
from resolvers.imports.report import ALREADY_IMPORTED, Outcome, Problem, Report
from resolvers.inputs_persons import PersonData
from resolvers.persons import add_person

FIELD_COLUMNS = {
    **person_columns(""),
    "background": "background",
    **{f"aliases.{i}.{part}": "aliases" for i in range(MAX_ALIASES) for part in ("name", "script")},
}
# The documented order (db/imports/templates/persons.csv); a file may order them as it likes.
COLUMNS = (
    *("family_name_latin", "given_name_latin", "family_name_km", "given_name_km"),
    *("sex", "birth_date", "nationality"),
    *("document_kind", "document_number", "document_country"),
    *("aliases", "background"),
)
REQUIRED_COLUMNS = ("nationality", "document_kind", "document_number", "document_country")
NO_DOCUMENT = "is required: an imported person is known by an identity document"


async def import_persons(
    ctx: Context,
    table: Table,
    *,
    mode: Mode,
    batch_size: int | None = None,
    progress: Progress | None = None,
    after_batch: AfterBatch | None = None,
) -> Report:
    check_columns(table, COLUMNS, REQUIRED_COLUMNS)
    return await run_import(
        ctx,
        table,
        _batch,
        mode=mode,
        batch_size=batch_size,
        progress=progress,
        after_batch=after_batch,
    )


async def _batch(
    ctx: Context, session: AsyncSession, rows: list[Row], seen: Seen, *, writing: bool
) -> list[Judged]:
    """One batch, row by row through the resolvers (``writing`` or not: see batches.Judge)."""
    read = [_read(row) for row in rows]
    stored = await persons_on_file(
        session=session, keys=[k for _, data, _ in read if (k := identity(data))]
    )
    judged: list[Judged] = []
    for cells, data, unread in read:
        row, key = cells.row, identity(data)
        twice = first_seen(seen, key, row, "document_number")
        if twice is not None:
            judged.append((Outcome.REJECTED, [twice]))
        elif key is not None and key in stored and not unread:
            differ = differences(row, person_facts("", data, stored[key]), "person")
            number = row.values.get("document_number", "")
            same = [Problem(row.number, "document_number", number, ALREADY_IMPORTED)]
            judged.append((Outcome.REJECTED, differ) if differ else (Outcome.SKIPPED, same))
        else:
            problems = await _write(ctx, session, cells, data, unread)
            judged.append((Outcome.REJECTED if problems else Outcome.WRITTEN, problems))
    return judged


def _read(row: Row) -> tuple[Cells, PersonData, list[Problem]]:
    cells = Cells(row)
    data = replace(
        read_person(cells, ""),
        aliases=read_aliases(cells, "aliases"),
        background=cells.text("background"),
    )
    if not data.documents:
        cells.problem("document_number", NO_DOCUMENT)
    return cells, data, cells.problems


async def _write(
    ctx: Context, session: AsyncSession, cells: Cells, data: PersonData, unread: list[Problem]
) -> list[Problem]:
    """Record the person; a row with unreadable values is still checked (and rolled back), so
    that the report gives all its problems at once."""

    async def write() -> None:
        await add_person(ctx, session, data)
        if unread:
            raise Unread

    found = await attempt(session, write, forbidden_field="")
    return merged(cells.row, unread, [named(cells.row, p, FIELD_COLUMNS) for p in found])
