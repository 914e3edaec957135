"""Analysis figures: counts of offences, cases, arrests and persons by place, category and period,
with the change from the previous period; drug quantities by substance; top provinces.

The previous period is the same group one period earlier. Grouped by month or year, that is the
month or year before (the filter's days moved back by one month or year, so a part-month compares
with the same part of the month before). Otherwise it is the span of equal length just before
``from`` (``to`` defaults to today in Phnom Penh); without ``from`` there is none. Every count is
an SQL aggregate under the caller's read scope (db.analysis); the Python here only pairs them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from functools import partial

from db import analysis as db
from db.clock import PHNOM_PENH
from db.errors import InvalidArgument
from policies.filtering import readable
from policies.scope import scope
from resolvers.context import Context

Key = tuple[str | None, ...]
MAX_TOP = 25  # the provinces and capital
# Quantities are added in the larger unit of their kind: the drug report speaks of kilograms.
LARGER_UNIT = {"g": ("kg", Decimal(1000)), "ml": ("l", Decimal(1000))}


@dataclass(frozen=True)
class Figure:
    province: str | None
    district: str | None
    category: str | None  # the ICCS section ("06": drugs)
    offence_type: str | None  # the national offence type ("ONLINE_SCAM")
    period: str | None  # "2026-01" or "2026", in Phnom Penh time
    count: int
    previous_count: int | None  # None when there is no previous period to compare with

    @property
    def change(self) -> float | None:
        """(count - previous) / previous: 10 then 12 is 0.2; None when previous is 0 or unknown."""
        if not self.previous_count:
            return None
        return (self.count - self.previous_count) / self.previous_count


@dataclass(frozen=True)
class DrugFigure:
    substance: str
    unit: str
    offence_quantity: Decimal
    offences: int
    seizure_quantity: Decimal
    seizures: int

    @property
    def total_quantity(self) -> Decimal:
        return self.offence_quantity + self.seizure_quantity


def _check(measure: str, group_by: Sequence[str], wanted: db.Slice) -> None:
    if measure not in db.MEASURES:
        raise InvalidArgument(f"measure: one of {', '.join(db.MEASURES)}")
    unsupported = [g for g in group_by if g not in db.DIMENSIONS[measure]]
    if unsupported:
        raise InvalidArgument(f"groupBy: {measure} cannot be grouped by {', '.join(unsupported)}")
    if len(set(group_by)) != len(group_by):
        raise InvalidArgument("groupBy: each grouping at most once")
    if {"month", "year"} <= set(group_by):
        raise InvalidArgument("groupBy: MONTH or YEAR, not both")
    check_slice(wanted)


def check_slice(wanted: db.Slice) -> None:
    if wanted.since and wanted.until and wanted.until <= wanted.since:
        raise InvalidArgument("to: must not come before from")
    if wanted.iccs_prefix is not None and not (
        wanted.iccs_prefix.isdigit() and len(wanted.iccs_prefix) <= 6
    ):
        raise InvalidArgument("iccsPrefix: up to 6 digits")


def _months_back(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    for last in (31, 30, 29, 28):  # clamp 31 March to the last day of February
        try:
            return date(year, month + 1, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _shift(day: date | None, grain: str) -> date | None:
    if day is None:
        return None
    return _months_back(day, 12 if grain == "year" else 1)


def _next_period(period: str | None) -> str | None:
    if period is None:
        return None
    if len(period) == 4:
        return str(int(period) + 1)
    year, month = int(period[:4]), int(period[5:7])
    return f"{year + month // 12:04d}-{month % 12 + 1:02d}"


def _previous_slice(ctx: Context, wanted: db.Slice, grain: str | None) -> db.Slice | None:
    if grain is not None:
        return replace(wanted, since=_shift(wanted.since, grain), until=_shift(wanted.until, grain))
    if wanted.since is None:
        return None
    until = wanted.until or ctx.clock.now().astimezone(PHNOM_PENH).date() + timedelta(days=1)
    length = until - wanted.since
    return replace(wanted, since=wanted.since - length, until=wanted.since)


async def figures(
    ctx: Context, measure: str, group_by: Sequence[str], wanted: db.Slice
) -> list[Figure]:
    """One row per group with a count in the period; groups are left out when empty."""
    _check(measure, group_by, wanted)
    counted = {
        "measure": measure,
        "dimensions": group_by,
        "scope_of": partial(scope, ctx.principal, "read"),
        "readable_of": partial(readable, ctx.principal),
    }
    current = await ctx.run(db.counts, wanted=wanted, **counted)
    grain = next((g for g in group_by if g in db.PERIODS), None)
    before = _previous_slice(ctx, wanted, grain)
    previous: dict[Key, int] | None = None
    if before is not None:
        found = await ctx.run(db.counts, wanted=before, **counted)
        if grain is not None:  # a previous month's key becomes the month it is compared with
            at = list(group_by).index(grain)
            found = {
                (*key[:at], _next_period(key[at]), *key[at + 1 :]): n for key, n in found.items()
            }
        previous = found
    rows = []
    for key in sorted(current, key=lambda k: tuple(v or "" for v in k)):
        values = dict(zip(group_by, key, strict=True))
        rows.append(
            Figure(
                province=values.get("province"),
                district=values.get("district"),
                category=values.get("category"),
                offence_type=values.get("type"),
                period=values.get(grain) if grain else None,
                count=current[key],
                previous_count=None if previous is None else previous.get(key, 0),
            )
        )
    return rows


async def top_provinces(
    ctx: Context, measure: str, wanted: db.Slice, limit: int = 10
) -> list[Figure]:
    """Provinces by count, most first (ties by province code)."""
    if not 1 <= limit <= MAX_TOP:
        raise InvalidArgument(f"limit: between 1 and {MAX_TOP}")
    rows = await figures(ctx, measure, ["province"], wanted)
    return sorted(rows, key=lambda r: (-r.count, r.province or ""))[:limit]


async def drug_seizures(ctx: Context, wanted: db.Slice) -> list[DrugFigure]:
    """Per substance and unit, by substance (grams added up as kilograms, millilitres as
    litres; quantities in different units are not comparable, so there is no "largest")."""
    _check("offences", [], wanted)
    totals = await ctx.run(
        db.drug_totals, wanted=wanted, scope_of=partial(scope, ctx.principal, "read")
    )
    quantity: dict[tuple[str, str, str], Decimal] = defaultdict(Decimal)
    records: dict[tuple[str, str, str], int] = defaultdict(int)
    for total in totals:
        unit, divisor = LARGER_UNIT.get(total.unit, (total.unit, Decimal(1)))
        key = (total.substance, unit, total.source)
        quantity[key] += total.quantity / divisor
        records[key] += total.records
    pairs = sorted({(substance, unit) for substance, unit, _ in quantity})
    found = [
        DrugFigure(
            substance=substance,
            unit=unit,
            offence_quantity=_exact(quantity[(substance, unit, "offence")]),
            offences=records[(substance, unit, "offence")],
            seizure_quantity=_exact(quantity[(substance, unit, "seizure")]),
            seizures=records[(substance, unit, "seizure")],
        )
        for substance, unit in pairs
    ]
    return found


def _exact(quantity: Decimal) -> Decimal:
    """Six places: grams in kilograms keep their three (SQLite sums numerics as floats)."""
    exact = quantity.quantize(Decimal("0.000001")).normalize()
    return Decimal(format(exact, "f"))  # 1E+3 reads as 1000
