"""Importing court orders and warrants from a file (issue 7; the format: db/imports/templates).

Each row is checked by the same resolver checks as an order entered by hand
(resolvers.orders.add_warrant, resolvers.persons.add_person, under the importing user's
principal), and their problems are named by the file's columns. The subject is the person holding
the row's identity document if one is on file, else a new person, who goes through matching (hits).

Rows are written in batches, each its own transaction, and a row is known by its natural key
(court, number): a run stopped half-way and started again skips what was written and ends with
exactly the file's rows. All-or-nothing checks the whole file first (each batch written and rolled
back), then writes; valid-rows writes the good rows of each batch and reports the rest.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import date
from enum import Enum
from time import perf_counter

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import UNSET
from strawberry.relay import GlobalID

from db import persons as person_queries
from db.alert_bus import NOTIFIED_KEY, STAGED_KEY
from db.imports import OrderKey, orders_on_file
from db.names import document_key
from resolvers.context import Context
from resolvers.errors import FieldProblem, Forbidden, InvalidArgument, InvalidInput
from resolvers.imports.conflicts import compare
from resolvers.imports.court_orders_copy import judge_and_write
from resolvers.imports.files import Row, Table
from resolvers.imports.report import Outcome, Problem, Report
from resolvers.inputs_persons import BirthDate, DocumentData, PersonData
from resolvers.orders import WarrantPatch, add_warrant, check_new_warrant
from resolvers.persons import DOCUMENT_KINDS, add_person
from resolvers.writing import default_unit, local_now

# The resolvers' input fields, named back as the file's columns.
FIELD_COLUMNS = {
    "court": "court",
    "number": "number",
    "kind": "kind",
    "issuedOn": "issued_on",
    "expiresOn": "expires_on",
    "provinceCode": "province_code",
    "notes": "notes",
    "familyNameLatin": "subject_family_name_latin",
    "givenNameLatin": "subject_given_name_latin",
    "familyNameKm": "subject_family_name_km",
    "givenNameKm": "subject_given_name_km",
    "sex": "subject_sex",
    "birthDate": "subject_birth_date",
    "nationality": "subject_nationality",
    "documents.0.kind": "subject_document_kind",
    "documents.0.number": "subject_document_number",
    "documents.0.issuingCountry": "subject_document_country",
}
# The documented order (db/imports/templates/court_orders.csv); a file may order them as it likes.
COLUMNS = (
    *("court", "number", "kind", "issued_on", "expires_on"),
    *(v for v in FIELD_COLUMNS.values() if v.startswith("subject_")),
    *("province_code", "notes", "historical"),
)
REQUIRED_COLUMNS = ("court", "number", "kind", "issued_on")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


class Mode(Enum):
    ALL_OR_NOTHING = "all-or-nothing"
    VALID_ROWS = "valid-rows"


Progress = Callable[[str, int, int], None]  # (phase, rows done, rows in the file)
AfterBatch = Callable[[int], Awaitable[None]]  # called with the batch's index once it committed


@dataclass(frozen=True)
class Order:
    """One row, read: the warrant (subject not yet known), its subject, what identifies it."""

    row: Row
    key: OrderKey
    warrant: WarrantPatch
    subject: PersonData
    historical: bool
    unread: list[Problem]  # values that could not be read (a date that is not one…)


class _DryRun(Exception):
    """Rolls back a checked batch (all-or-nothing's first pass)."""


class _Unread(Exception):
    """Rolls back a row checked only to report all its problems at once."""


async def import_court_orders(
    ctx: Context,
    table: Table,
    *,
    mode: Mode,
    batch_size: int = 500,
    progress: Progress | None = None,
    after_batch: AfterBatch | None = None,
) -> Report:
    missing = [c for c in REQUIRED_COLUMNS if c not in table.columns]
    unknown = [c for c in table.columns if c and c not in COLUMNS]
    if missing or unknown:
        raise InvalidArgument(
            "; ".join(
                [f"missing column {c}" for c in missing] + [f"unknown column {c}" for c in unknown]
            )
        )
    if batch_size < 1:
        raise InvalidArgument("the batch size must be at least 1")
    started = perf_counter()
    if mode is Mode.ALL_OR_NOTHING:
        checked = await _pass(ctx, table, batch_size, progress, None, dry_run=True)
        if checked.count(Outcome.REJECTED):
            checked.written_to_database = False
            checked.seconds = perf_counter() - started
            return checked
    report = await _pass(ctx, table, batch_size, progress, after_batch, dry_run=False)
    report.seconds = perf_counter() - started
    return report


async def _pass(
    ctx: Context,
    table: Table,
    batch_size: int,
    progress: Progress | None,
    after_batch: AfterBatch | None,
    *,
    dry_run: bool,
) -> Report:
    report = Report(total=len(table.rows))
    seen: dict[OrderKey, int] = {}  # natural key → the first row holding it
    for index, start in enumerate(range(0, len(table.rows), batch_size)):
        judged: list[tuple[Outcome, list[Problem]]] = []
        try:
            async with ctx.transaction() as session:
                rows = table.rows[start : start + batch_size]
                judged = await _batch(ctx, session, rows, seen, dry_run=dry_run)
                if dry_run:
                    raise _DryRun
        except _DryRun:
            pass
        ctx.session.expunge_all()  # a batch's rows are not needed again; keep memory flat
        for outcome, problems in judged:
            report.outcomes[outcome] += 1
            report.problems.extend(problems)
        if after_batch is not None:
            await after_batch(index)
        if progress is not None:
            progress("checking" if dry_run else "importing", report.done, report.total)
    return report


async def _batch(
    ctx: Context,
    session: AsyncSession,
    rows: list[Row],
    seen: dict[OrderKey, int],
    *,
    dry_run: bool,
) -> list[tuple[Outcome, list[Problem]]]:
    today = local_now(ctx).date()
    read = [_read(ctx, row, today) for row in rows]
    repeated: dict[int, tuple[Outcome, list[Problem]]] = {}
    for item in read:
        first = seen.setdefault(item.key, item.row.number) if all(item.key) else item.row.number
        if first != item.row.number:
            number = item.row.values.get("number", "")
            twice = f"appears twice in this file (first in row {first})"
            repeated[item.row.number] = (
                Outcome.REJECTED,
                [Problem(item.row.number, "number", number, twice)],
            )
    if session.get_bind().dialect.name == "postgresql":
        return await judge_and_write(ctx, session, read, repeated, write=not dry_run, named=named)
    stored = await orders_on_file(session=session, keys=[o.key for o in read])
    judged: list[tuple[Outcome, list[Problem]]] = []
    for item in read:
        if item.row.number in repeated:
            judged.append(repeated[item.row.number])
        elif item.key in stored and not item.unread:
            judged.append(compare(item, *stored[item.key]))
        else:
            problems = await _write(ctx, session, item)
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


async def _write(ctx: Context, session: AsyncSession, order: Order) -> list[Problem]:
    """Record the order and, if need be, its subject; on a problem write neither. A row with
    unreadable values is still checked, so that the report gives all its problems at once."""
    found: list[FieldProblem] = []
    info = session.sync_session.info
    staged = {key: list(info.get(key, ())) for key in (STAGED_KEY, NOTIFIED_KEY)}
    try:
        async with session.begin_nested():
            subject = await _subject(ctx, session, order.subject)
            warrant = replace(
                order.warrant, subject_person_id=str(GlobalID("Person", str(subject)))
            )
            await add_warrant(ctx, session, warrant, historical=order.historical)
            if order.unread:
                raise _Unread
        return []
    except _Unread:
        pass
    except InvalidInput as error:
        found = list(error.problems)
        if any(FIELD_COLUMNS.get(p.field, "").startswith("subject_") for p in found):
            try:  # the subject was refused: name the warrant's own problems too
                await check_new_warrant(ctx, session, order.warrant)
            except InvalidInput as more:
                found += more.problems
    except Forbidden as error:
        found = [FieldProblem("provinceCode", "forbidden", str(error))]
    info.update(staged)  # the alerts of a subject rolled back with its row are not announced
    unread = {p.column for p in order.unread}
    found_named = [named(order.row, p) for p in found]
    return order.unread + [p for p in found_named if p.column not in unread]


async def _subject(ctx: Context, session: AsyncSession, data: PersonData) -> int:
    """The person holding the row's document, else a new person (matched: resolvers.hits)."""
    for doc in data.documents:
        key = document_key(doc.number)
        if key and doc.kind in DOCUMENT_KINDS:
            identity = (doc.kind, doc.issuing_country.upper(), key)
            on_file = await person_queries.documents_on_file(session=session, keys=[identity])
            if identity in on_file:
                return on_file[identity]
    person = await add_person(ctx, session, data)
    assert person.id is not None
    return person.id


def named(row: Row, p: FieldProblem) -> Problem:
    """A resolver's problem, named by the file's column."""
    column = FIELD_COLUMNS.get(p.field, "")
    return Problem(row.number, column, row.values.get(column, ""), p.message)
