"""The run of an import that every kind of record shares: batches, modes, rows tried one by one.

A kind (court orders, persons, offences) gives a ``Judge``: it reads a batch of
rows, looks up what is on file by natural key, and writes or rejects each row in its savepoint
(``attempt``). This module runs the judge batch by batch, each batch its own transaction, so that
a run stopped half-way and started again skips what was written. All-or-nothing checks the whole
file first (each batch written and rolled back), then writes; valid-rows writes the good rows of
each batch and reports the rest.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable, Mapping
from enum import Enum
from time import perf_counter
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from db.alert_bus import NOTIFIED_KEY, STAGED_KEY
from db.errors import FieldProblem, Forbidden, InvalidArgument, InvalidInput
from resolvers.context import Context
from resolvers.imports.files import Row, Table
from resolvers.imports.report import Outcome, Problem, Report

# Rows per transaction when the caller does not say: small enough that progress (reported per
# batch) moves every few seconds at the row-by-row path's 30-60 rows/s.
ROW_BATCH = 100


class Mode(Enum):
    ALL_OR_NOTHING = "all-or-nothing"
    VALID_ROWS = "valid-rows"


Progress = Callable[[str, int, int], None]  # (phase, rows done, rows in the file)
AfterBatch = Callable[[int], Awaitable[None]]  # called with the batch's index once it committed
Judged = tuple[Outcome, list[Problem]]
# What a pass has met so far: natural key → the first row of the file holding it; a kind may keep
# more under keys of its own (court orders: each document's first subject, order_subjects).
Seen = dict[Hashable, Any]


class Judge(Protocol):
    """Judges a batch of rows, and writes what passes in ``session``. In all-or-nothing's
    checking pass ``writing`` is False and the batch is rolled back whatever the judge writes: a
    row-by-row judge writes anyway (its checks are its writes), a set-wise one may skip them."""

    def __call__(
        self, ctx: Context, session: AsyncSession, rows: list[Row], seen: Seen, *, writing: bool
    ) -> Awaitable[list[Judged]]: ...


class _DryRun(Exception):
    """Rolls back a checked batch (all-or-nothing's first pass)."""


class Unread(Exception):
    """Rolls back a row checked only to report all its problems at once."""


def check_columns(table: Table, known: tuple[str, ...], required: tuple[str, ...]) -> None:
    missing = [c for c in required if c not in table.columns]
    unknown = [c for c in table.columns if c and c not in known]
    if missing or unknown:
        raise InvalidArgument(
            "; ".join(
                [f"missing column {c}" for c in missing] + [f"unknown column {c}" for c in unknown]
            )
        )


async def run_import(
    ctx: Context,
    table: Table,
    judge: Judge,
    *,
    mode: Mode,
    batch_size: int | None = None,
    progress: Progress | None = None,
    after_batch: AfterBatch | None = None,
) -> Report:
    batch_size = ROW_BATCH if batch_size is None else batch_size
    if batch_size < 1:
        raise InvalidArgument("the batch size must be at least 1")
    started = perf_counter()
    if mode is Mode.ALL_OR_NOTHING:
        checked = await _pass(ctx, table, judge, batch_size, progress, None, dry_run=True)
        if checked.count(Outcome.REJECTED):
            checked.written_to_database = False
            checked.seconds = perf_counter() - started
            return checked
    report = await _pass(ctx, table, judge, batch_size, progress, after_batch, dry_run=False)
    report.seconds = perf_counter() - started
    return report


async def _pass(
    ctx: Context,
    table: Table,
    judge: Judge,
    batch_size: int,
    progress: Progress | None,
    after_batch: AfterBatch | None,
    *,
    dry_run: bool,
) -> Report:
    report = Report(total=len(table.rows))
    seen: Seen = {}
    if progress is not None:  # at once, so that a waiting page says the run has begun
        progress("checking" if dry_run else "importing", 0, report.total)
    for index, start in enumerate(range(0, len(table.rows), batch_size)):
        judged: list[Judged] = []
        try:
            async with ctx.transaction() as session:
                rows = table.rows[start : start + batch_size]
                judged = await judge(ctx, session, rows, seen, writing=not dry_run)
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


def first_seen(seen: Seen, key: Hashable | None, row: Row, column: str) -> Problem | None:
    """The problem of a row whose natural key an earlier row of the file holds, else None."""
    if key is None:
        return None
    first = seen.setdefault(key, row.number)
    if first == row.number:
        return None
    twice = f"appears twice in this file (first in row {first})"
    return Problem(row.number, column, row.values.get(column, ""), twice)


async def attempt(
    session: AsyncSession,
    write: Callable[[], Awaitable[None]],
    *,
    forbidden_field: str,
) -> list[FieldProblem]:
    """Run one row's writes in a savepoint: nothing of the row stays if any check refuses it.

    ``write`` raises ``Unread`` after its writes to have them checked and rolled back. The
    alerts a refused row staged (a hit of its person) roll back with it and are not announced."""
    info = session.sync_session.info
    staged = {key: list(info.get(key, ())) for key in (STAGED_KEY, NOTIFIED_KEY)}
    try:
        async with session.begin_nested():
            await write()
        return []
    except Unread:
        found: list[FieldProblem] = []
    except InvalidInput as error:
        found = list(error.problems)
    except Forbidden as error:
        found = [FieldProblem(forbidden_field, "forbidden", str(error))]
    info.update(staged)
    return found


def named(row: Row, p: FieldProblem, columns: Mapping[str, str]) -> Problem:
    """A resolver's problem, named by the file's column (a field not in the file: no column)."""
    column = columns.get(p.field, "")
    return Problem(row.number, column, row.values.get(column, ""), p.message)


def merged(row: Row, unread: list[Problem], found: list[Problem]) -> list[Problem]:
    """A row's problems: the values that could not be read, then the resolvers' problems with
    the other columns (a value left out was reported once, as unreadable)."""
    seen = {p.column for p in unread}
    return unread + [p for p in found if p.column not in seen]
