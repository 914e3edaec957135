"""Importing court orders and warrants from a file (issue 7; the format: db/imports/templates).

Each row is checked by the same resolver checks as an order entered by hand
(resolvers.orders.add_warrant, resolvers.persons.add_person, under the importing user's
principal), and their problems are named by the file's columns. The subject is the person holding
the row's identity document if one is on file, else a new person, who goes through matching (hits).

Rows are written in batches, each its own transaction, and a row is known by its natural key
(court, number): a run stopped half-way and started again skips what was written and ends with
exactly the file's rows. The run, its modes and batches are resolvers.imports.batches'; on
PostgreSQL a batch is judged set-wise and written by COPY (resolvers.imports.court_orders_copy).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import UNSET
from strawberry.relay import GlobalID

from db.errors import InvalidInput
from db.imports import OrderKey, orders_on_file, persons_on_file
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
from resolvers.imports.conflicts import compare
from resolvers.imports.court_orders_copy import judge_and_write
from resolvers.imports.files import Row, Table
from resolvers.imports.order_columns import COLUMNS, FIELD_COLUMNS, REQUIRED_COLUMNS
from resolvers.imports.order_subjects import identity, judge_subject
from resolvers.imports.report import Outcome, Problem, Report
from resolvers.inputs_persons import BirthDate, DocumentData, PersonData
from resolvers.orders import WarrantPatch, add_warrant, check_new_warrant
from resolvers.persons import add_person, person_fields
from resolvers.validation import Problems
from resolvers.writing import default_unit, local_now

__all__ = ["COLUMNS", "Mode", "Order", "import_court_orders"]
COPY_BATCH = 5000  # rows per transaction on PostgreSQL's COPY path, unless the caller says
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@dataclass(frozen=True)
class Order:
    """One row, read: the warrant (subject not yet known), its subject, what identifies it."""

    row: Row
    key: OrderKey
    warrant: WarrantPatch
    subject: PersonData
    historical: bool
    unread: list[Problem]  # values that could not be read (a date that is not one…)


async def import_court_orders(
    ctx: Context,
    table: Table,
    *,
    mode: Mode,
    batch_size: int | None = None,
    progress: Progress | None = None,
    after_batch: AfterBatch | None = None,
) -> Report:
    check_columns(table, COLUMNS, REQUIRED_COLUMNS)
    if batch_size is None and ctx.session.get_bind().dialect.name == "postgresql":
        batch_size = COPY_BATCH  # a COPY batch costs the same statements whatever its size
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
    today = local_now(ctx).date()
    read = [_read(ctx, row, today) for row in rows]
    repeated: dict[int, Judged] = {}
    for item in read:
        key = item.key if all(item.key) else None
        if twice := first_seen(seen, key, item.row, "number"):
            repeated[item.row.number] = (Outcome.REJECTED, [twice])
    if session.get_bind().dialect.name == "postgresql":
        return await judge_and_write(ctx, session, read, repeated, seen, write=writing)
    stored = await orders_on_file(session=session, keys=[o.key for o in read])
    judged: list[Judged] = []
    for item in read:
        if item.row.number in repeated:
            judged.append(repeated[item.row.number])
        elif item.key in stored and not item.unread:
            judged.append(compare(item, *stored[item.key]))
        else:
            problems = await _write(ctx, session, item, seen)
            judged.append((Outcome.REJECTED if problems else Outcome.WRITTEN, problems))
    return judged


def _read(ctx: Context, row: Row, today: date) -> Order:
    """The row's values as resolver inputs; a value that cannot be read is left out (None)."""
    v = row.values
    problems: list[Problem] = []

    def problem(column: str, text: str) -> None:
        problems.append(Problem(row.number, column, v.get(column, ""), text))

    issued = expires = None
    for column in ("issued_on", "expires_on"):
        text = v.get(column, "")
        if text and not _DATE.fullmatch(text):
            problem(column, "must be a date as YYYY-MM-DD")
        elif text:
            try:
                day = date.fromisoformat(text)
            except ValueError:
                problem(column, f"{text} is not a date")
                continue
            issued, expires = (day, expires) if column == "issued_on" else (issued, day)
    birth = BirthDate()
    if text := v.get("subject_birth_date", ""):
        parts = _PARTIAL_DATE.fullmatch(text)
        if parts is None:
            problem("subject_birth_date", "must be YYYY, YYYY-MM or YYYY-MM-DD")
        else:
            birth = BirthDate(*(int(p) if p else None for p in parts.groups()))
    flag = v.get("historical", "").lower()
    if flag not in ("", "yes", "no"):
        problem("historical", "must be yes or no")
    elif issued is not None and flag and (flag == "yes") != (issued < today):
        problem(
            "historical",
            "orders issued before the day of the import are historical"
            if issued < today
            else "an order issued on the day of the import or later is not historical",
        )
    doc = {k: v.get(f"subject_document_{k}", "") for k in ("kind", "number", "country")}
    documents = (
        (
            DocumentData(
                kind=doc["kind"].lower(), number=doc["number"], issuing_country=doc["country"]
            ),
        )
        if any(doc.values())
        else ()
    )
    court, number = v.get("court", ""), v.get("number", "")
    warrant = WarrantPatch(
        court=court,
        number=number,
        kind=v.get("kind", "").lower() or None,
        issued_on=issued,
        expires_on=expires,
        subject_person_id=UNSET,  # known once the subject is found or recorded
        case_id=None,
        province_code=v.get("province_code") or ctx.principal.province_code,
        owning_unit_id=default_unit(ctx),
        notes=v.get("notes", ""),
    )
    subject = PersonData(
        sex=v.get("subject_sex", "").upper() or "U",  # a blank sex is unknown
        nationality=v.get("subject_nationality", ""),
        family_name_latin=v.get("subject_family_name_latin", ""),
        given_name_latin=v.get("subject_given_name_latin", ""),
        family_name_km=v.get("subject_family_name_km", ""),
        given_name_km=v.get("subject_given_name_km", ""),
        birth=birth,
        documents=documents,
    )
    past = issued is not None and issued < today
    return Order(row, (court.strip(), number.strip()), warrant, subject, past, problems)


async def _write(ctx: Context, session: AsyncSession, order: Order, seen: Seen) -> list[Problem]:
    """Record the order and, if need be, its subject; on a problem write neither. A row with
    unreadable values is still checked, so that the report gives all its problems at once."""

    async def write() -> None:
        subject = await _subject(ctx, session, order, seen)
        warrant = replace(order.warrant, subject_person_id=str(GlobalID("Person", str(subject))))
        await add_warrant(ctx, session, warrant, historical=order.historical)
        if order.unread:
            raise Unread

    found = await attempt(session, write, forbidden_field="provinceCode")
    if any(FIELD_COLUMNS.get(p.field, "").startswith("subject_") for p in found):
        try:  # the subject was refused: name the warrant's own problems too
            await check_new_warrant(ctx, session, order.warrant)
        except InvalidInput as more:
            found += more.problems
    return merged(order.row, order.unread, [named(order.row, p, FIELD_COLUMNS) for p in found])


async def _subject(ctx: Context, session: AsyncSession, order: Order, seen: Seen) -> int:
    """The person holding the row's document if the row agrees with them, else a new person
    (matched: resolvers.hits); a disagreement is the row's problem (order_subjects)."""
    key = identity(order)
    held = await persons_on_file(session=session, keys=[key]) if key else {}
    holder = held.get(key) if key else None
    problems = Problems()
    person_fields(ctx, problems, order.subject)  # validated like any input, on file or not
    judge_subject(problems, order, holder, seen)
    problems.raise_if_any()
    if holder is not None:
        assert holder.id is not None
        return holder.id
    person = await add_person(ctx, session, order.subject)
    assert person.id is not None
    return person.id
