"""Aggregate queries behind the analysis figures: counts by place, category and local period, and
drug quantities by substance.

Every statement carries the caller's scope predicates (``scope_of(model)``, compiled by
policies.scope) in its own WHERE clause, for every protected table it reads, so an aggregate
never counts a row the caller may not read. Periods are calendar months and years in
Asia/Phnom_Penh: Phnom Penh has kept UTC+7 without daylight saving since 1920, so SQLite shifts
the stored UTC text by a fixed 7 hours, while PostgreSQL converts by the zone's name.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy import ColumnElement, distinct, func, literal_column
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from db import tables as t
from db.clock import PHNOM_PENH

ScopeOf = Callable[[type[Any]], ColumnElement[bool]]
# Rows whose value of a column the caller may see: the SQL of the column's masks
# (policies.filtering.readable), for aggregates that read a masked column.
ReadableOf = Callable[[Any], ColumnElement[bool]]

MEASURES = ("offences", "cases", "arrests", "persons")
PERIODS = ("month", "year")
# What each measure can be grouped by. Cases and arrests reach a category through the offences
# of their case; they carry no district.
DIMENSIONS: dict[str, frozenset[str]] = {
    "offences": frozenset({"province", "district", "category", "type", *PERIODS}),
    "persons": frozenset({"province", "district", "category", "type", *PERIODS}),
    "cases": frozenset({"province", "category", "type", *PERIODS}),
    "arrests": frozenset({"province", "category", "type", *PERIODS}),
}
# Seizures carry a free-text item ("methamphetamine", "weapon", "cash_usd"); those measured in a
# drug unit (resolvers.offence_checks.DRUG_UNITS) are the drug seizures.
DRUG_UNITS = ("g", "kg", "ml", "l", "tablet")
_SQL_FORMATS = {"month": ("'%Y-%m'", "'YYYY-MM'"), "year": ("'%Y'", "'YYYY'")}


def local_period(column: Any, grain: str, dialect: str) -> ColumnElement[str]:
    """The Phnom Penh month ("2026-01") or year ("2026") of a UTC timestamp column.

    Constants are literal SQL, not bound parameters, so that the same expression in SELECT and
    GROUP BY is the same text to PostgreSQL.
    """
    sqlite_format, pg_format = _SQL_FORMATS[grain]
    if dialect == "postgresql":
        local = func.timezone(literal_column("'Asia/Phnom_Penh'"), column)
        return func.to_char(local, literal_column(pg_format), type_=sa.String)
    return func.strftime(
        literal_column(sqlite_format), column, literal_column("'+7 hours'"), type_=sa.String
    )


@dataclass(frozen=True)
class Slice:
    """Which rows a figure counts: Phnom Penh days [since, until) and category/place filters."""

    since: date | None = None
    until: date | None = None  # exclusive
    province_codes: tuple[str, ...] = ()
    iccs_prefix: str | None = None
    type_codes: tuple[str, ...] = ()

    @property
    def by_category(self) -> bool:
        return bool(self.iccs_prefix or self.type_codes)

    @property
    def start(self) -> datetime | None:
        return None if self.since is None else datetime.combine(self.since, time(), PHNOM_PENH)

    @property
    def end(self) -> datetime | None:
        return None if self.until is None else datetime.combine(self.until, time(), PHNOM_PENH)


@dataclass
class _Source:
    statement: sa.Select[Any]
    occurred: Any
    columns: dict[str, Any]  # dimension -> column or SQL expression
    counted: ColumnElement[int]


def _offence_columns() -> dict[str, Any]:
    o = t.Offence
    return {
        "province": col(o.province_code),
        "district": col(o.district_code),
        "category": func.substr(col(o.iccs_code), literal_column("1"), literal_column("2")),
        "type": col(o.type_code),
    }


def _source(
    measure: str, with_offence: bool, scope_of: ScopeOf, readable_of: ReadableOf
) -> _Source:
    o, c = t.Offence, t.Case
    if measure == "offences":
        return _Source(
            sa.select().select_from(o).where(scope_of(o)),
            col(o.occurred_at),
            _offence_columns(),
            func.count(col(o.id)),
        )
    if measure == "persons":
        statement = (
            sa.select()
            .select_from(t.OffencePerson)
            .join(o, col(o.id) == col(t.OffencePerson.offence_id))
            .join(t.Person, col(t.Person.id) == col(t.OffencePerson.person_id))
            # A masked victim is not counted: a distinct count would tell whether two offences'
            # victims are one person, which is what the mask hides.
            .where(scope_of(o), scope_of(t.Person), readable_of(t.OffencePerson.person_id))
        )
        counted = func.count(distinct(col(t.OffencePerson.person_id)))
        return _Source(statement, col(o.occurred_at), _offence_columns(), counted)
    if measure == "cases":
        statement = sa.select().select_from(c).where(scope_of(c))
        occurred: Any = col(c.opened_at)
        province: Any = col(c.province_code)
        counted = func.count(distinct(col(c.id)))
    else:  # arrests: arrest events of participants in cases
        event = t.ParticipantEvent
        statement = (
            sa.select()
            .select_from(event)
            .join(t.CaseParticipant, col(t.CaseParticipant.id) == col(event.participant_id))
            .join(c, col(c.id) == col(t.CaseParticipant.case_id))
            .where(col(event.kind) == "arrest", scope_of(c))
        )
        occurred = col(event.occurred_at)
        # Where the arrest was made, else the case's province.
        province = func.coalesce(col(event.province_code), col(c.province_code))
        counted = func.count(distinct(col(event.id)))
    columns: dict[str, Any] = {"province": province}
    if with_offence:  # a case counts once in each category of its (visible) offences
        statement = statement.join(o, col(o.case_id) == col(c.id)).where(scope_of(o))
        columns.update({k: v for k, v in _offence_columns().items() if k != "district"})
    return _Source(statement, occurred, columns, counted)


def category_filters(wanted: Slice) -> list[ColumnElement[bool]]:
    found = []
    if wanted.iccs_prefix:
        found.append(col(t.Offence.iccs_code).startswith(wanted.iccs_prefix))
    if wanted.type_codes:
        found.append(col(t.Offence.type_code).in_(wanted.type_codes))
    return found


async def counts(
    *,
    session: AsyncSession,
    measure: str,
    dimensions: Sequence[str],
    wanted: Slice,
    scope_of: ScopeOf,
    readable_of: ReadableOf,
) -> dict[tuple[str | None, ...], int]:
    """The measure's count per group; the key holds the group's values in ``dimensions`` order."""
    with_offence = wanted.by_category or bool({"category", "type"} & set(dimensions))
    source = _source(measure, with_offence, scope_of, readable_of)
    dialect = session.get_bind().dialect.name
    keys: list[ColumnElement[Any]] = [
        local_period(source.occurred, d, dialect) if d in PERIODS else source.columns[d]
        for d in dimensions
    ]
    statement = source.statement.add_columns(*keys, source.counted).where(*category_filters(wanted))
    if wanted.province_codes:
        statement = statement.where(source.columns["province"].in_(wanted.province_codes))
    if wanted.start is not None:
        statement = statement.where(source.occurred >= wanted.start)
    if wanted.end is not None:
        statement = statement.where(source.occurred < wanted.end)
    if keys:
        statement = statement.group_by(*keys)
    rows = (await session.execute(statement)).all()
    return {tuple(row[:-1]): int(row[-1]) for row in rows if row[-1]}


class DrugTotal(NamedTuple):
    source: str  # "offence" or "seizure"
    substance: str
    unit: str
    quantity: Decimal
    records: int  # offences, or seizures


def operations_apply(wanted: Slice) -> bool:
    """Operations carry no offence category: they (and their seizures) count only when the
    filter names none, or names the whole drug section (an ICCS prefix of "06")."""
    if wanted.type_codes:
        return False
    return wanted.iccs_prefix is None or "06".startswith(wanted.iccs_prefix)


async def drug_totals(
    *, session: AsyncSession, wanted: Slice, scope_of: ScopeOf
) -> list[DrugTotal]:
    """Drug quantities per substance and unit: from offences' drug details and from the drug
    seizures of crackdown operations, each in its own scoped aggregate."""
    o = t.Offence
    substance = func.lower(func.trim(col(o.drug_substance)))
    offences = (
        sa.select(
            substance, col(o.drug_unit), func.sum(col(o.drug_quantity)), func.count(col(o.id))
        )
        .where(
            scope_of(o),
            col(o.drug_substance).is_not(None),
            col(o.drug_quantity).is_not(None),
            *category_filters(wanted),
        )
        .group_by(substance, col(o.drug_unit))
    )
    if wanted.province_codes:
        offences = offences.where(col(o.province_code).in_(wanted.province_codes))
    if wanted.start is not None:
        offences = offences.where(col(o.occurred_at) >= wanted.start)
    if wanted.end is not None:
        offences = offences.where(col(o.occurred_at) < wanted.end)
    found = [
        DrugTotal("offence", name, unit, Decimal(str(total)), int(n))
        for name, unit, total, n in (await session.execute(offences)).all()
    ]
    if not operations_apply(wanted):
        return found
    s, op = t.Seizure, t.Operation
    item = func.lower(func.trim(col(s.item)))
    seizures = (
        sa.select(item, col(s.unit), func.sum(col(s.quantity)), func.count(col(s.id)))
        .join(op, col(op.id) == col(s.operation_id))
        .where(scope_of(op), col(s.unit).in_(DRUG_UNITS))
        .group_by(item, col(s.unit))
    )
    if wanted.province_codes:
        seizures = seizures.where(col(op.province_code).in_(wanted.province_codes))
    if wanted.since is not None:  # an operation's start day is already a Phnom Penh date
        seizures = seizures.where(col(op.started_on) >= wanted.since)
    if wanted.until is not None:
        seizures = seizures.where(col(op.started_on) < wanted.until)
    found += [
        DrugTotal("seizure", name, unit, Decimal(str(total)), int(n))
        for name, unit, total, n in (await session.execute(seizures)).all()
    ]
    return found
