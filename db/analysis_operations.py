"""Aggregates of crackdown results and of on-time entry, beside db.analysis's counts.

Like every analysis aggregate, each statement carries the caller's scope predicate for every
protected table it reads, in its own WHERE clause, and groups in SQL.

- Crackdown results are per operation: its start day (already a Phnom Penh date) gives the
  period, its province the place; the persons it arrested or detained are its ``arrests``
  column, its seizures the rows of ``seizure`` (drug seizures: those measured in a drug unit).
- On-time entry is per offence: the share entered within the 48-hour digitisation window
  (National Police directive), from the ``late`` column the lifecycle sets at entry
  (policies.lifecycle). Periods are of entry (``recorded_at``, Phnom Penh), as in
  resolvers.compliance; historical (bulk-imported) records are left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy import ColumnElement, case, func, literal_column
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from db import tables as t
from db.analysis import (
    DRUG_UNITS,
    PERIODS,
    ScopeOf,
    Slice,
    category_filters,
    local_period,
    operations_apply,
)

Key = tuple[str | None, ...]
OPERATION_DIMENSIONS = frozenset({"province", *PERIODS})
ENTRY_DIMENSIONS = frozenset({"province", "category", "type", *PERIODS})
_DATE_FORMATS = {"month": ("'%Y-%m'", "'YYYY-MM'"), "year": ("'%Y'", "'YYYY'")}


class OperationTotal(NamedTuple):
    operations: int
    arrests: int  # persons arrested or detained, as each operation reports them
    seizures: int
    drug_seizures: int


class EntryTotal(NamedTuple):
    offences: int
    on_time: int


def _day_period(column: Any, grain: str, dialect: str) -> ColumnElement[str]:
    """The month or year of a date column (no time zone: the day is already local)."""
    sqlite_format, pg_format = _DATE_FORMATS[grain]
    if dialect == "postgresql":
        return func.to_char(column, literal_column(pg_format), type_=sa.String)
    return func.strftime(literal_column(sqlite_format), column, type_=sa.String)


def _operation_keys(dimensions: Sequence[str], dialect: str) -> list[Any]:
    op = t.Operation
    keys: list[Any] = [
        col(op.province_code) if d == "province" else _day_period(col(op.started_on), d, dialect)
        for d in dimensions
    ]
    return keys


def _operation_slice(statement: sa.Select[Any], wanted: Slice) -> sa.Select[Any]:
    op = t.Operation
    if wanted.province_codes:
        statement = statement.where(col(op.province_code).in_(wanted.province_codes))
    if wanted.since is not None:
        statement = statement.where(col(op.started_on) >= wanted.since)
    if wanted.until is not None:
        statement = statement.where(col(op.started_on) < wanted.until)
    return statement


async def operation_totals(
    *, session: AsyncSession, dimensions: Sequence[str], wanted: Slice, scope_of: ScopeOf
) -> dict[Key, OperationTotal]:
    """Operations, arrests and seizures per group: two scoped aggregates (operations, and their
    seizures), so an operation's arrests are not multiplied by its seizure rows."""
    if not operations_apply(wanted):
        return {}
    op, s = t.Operation, t.Seizure
    dialect = session.get_bind().dialect.name
    keys = _operation_keys(dimensions, dialect)
    operations = _operation_slice(
        sa.select(*keys, func.count(col(op.id)), func.coalesce(func.sum(col(op.arrests)), 0))
        .select_from(op)
        .where(scope_of(op)),
        wanted,
    )
    is_drug = case((col(s.unit).in_(DRUG_UNITS), 1), else_=0)
    seizures = _operation_slice(
        sa.select(*keys, func.count(col(s.id)), func.coalesce(func.sum(is_drug), 0))
        .select_from(s)
        .join(op, col(op.id) == col(s.operation_id))
        .where(scope_of(op)),
        wanted,
    )
    if keys:
        operations = operations.group_by(*keys)
        seizures = seizures.group_by(*keys)
    width = len(keys)
    found = {
        tuple(row[:width]): (int(row[width]), int(row[width + 1]))
        for row in (await session.execute(operations)).all()
        if row[width]
    }
    seized = {
        tuple(row[:width]): (int(row[width]), int(row[width + 1]))
        for row in (await session.execute(seizures)).all()
    }
    return {
        key: OperationTotal(n, arrests, *seized.get(key, (0, 0)))
        for key, (n, arrests) in found.items()
    }


def _offence_key(dimension: str, dialect: str) -> Any:
    o = t.Offence
    if dimension in PERIODS:
        return local_period(col(o.recorded_at), dimension, dialect)
    if dimension == "category":
        return func.substr(col(o.iccs_code), literal_column("1"), literal_column("2"))
    return col(o.type_code) if dimension == "type" else col(o.province_code)


async def entry_totals(
    *, session: AsyncSession, dimensions: Sequence[str], wanted: Slice, scope_of: ScopeOf
) -> dict[Key, EntryTotal]:
    """Offences entered, and those entered within 48 h, per group, by day of entry."""
    o = t.Offence
    dialect = session.get_bind().dialect.name
    keys = [_offence_key(d, dialect) for d in dimensions]
    on_time = case((col(o.late).is_(False), 1), else_=0)
    statement = sa.select(*keys, func.count(col(o.id)), func.coalesce(func.sum(on_time), 0)).where(
        scope_of(o), col(o.historical).is_(False), *category_filters(wanted)
    )
    if wanted.province_codes:
        statement = statement.where(col(o.province_code).in_(wanted.province_codes))
    if wanted.start is not None:
        statement = statement.where(col(o.recorded_at) >= wanted.start)
    if wanted.end is not None:
        statement = statement.where(col(o.recorded_at) < wanted.end)
    if keys:
        statement = statement.group_by(*keys)
    width = len(keys)
    return {
        tuple(row[:width]): EntryTotal(int(row[width]), int(row[width + 1]))
        for row in (await session.execute(statement)).all()
        if row[width]
    }
