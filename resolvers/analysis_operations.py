"""Crackdown results and on-time entry, by province and period: the figures of
db.analysis_operations under the caller's read scope, one SQL aggregate per figure.

Operations carry no offence category: with a filter naming national types, or an ICCS prefix
narrower than "06", there are no crackdown results (db.analysis.operations_apply).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from db import analysis_operations as db
from db.analysis import Slice
from db.errors import InvalidArgument
from policies.scope import scope
from resolvers.analysis import check_slice
from resolvers.context import Context


@dataclass(frozen=True)
class CrackdownFigure:
    province: str | None
    period: str | None  # "2026-04" or "2026": the operation's start day
    operations: int
    arrests: int
    seizures: int
    drug_seizures: int


@dataclass(frozen=True)
class OnTimeFigure:
    province: str | None
    category: str | None
    offence_type: str | None
    period: str | None  # month or year of entry, in Phnom Penh time
    offences: int
    on_time: int

    @property
    def share(self) -> float:
        """on_time / offences: 0.9 is nine in ten entered within 48 h."""
        return self.on_time / self.offences if self.offences else 0.0


def _check(group_by: Sequence[str], allowed: frozenset[str]) -> None:
    unsupported = [g for g in group_by if g not in allowed]
    if unsupported:
        raise InvalidArgument(f"groupBy: cannot group by {', '.join(unsupported)}")
    if len(set(group_by)) != len(group_by):
        raise InvalidArgument("groupBy: each grouping at most once")
    if {"month", "year"} <= set(group_by):
        raise InvalidArgument("groupBy: MONTH or YEAR, not both")


def _sorted_keys(found: dict[db.Key, object]) -> list[db.Key]:
    return sorted(found, key=lambda k: tuple(v or "" for v in k))


async def _groups(
    ctx: Context,
    query: Any,
    group_by: Sequence[str],
    dimensions: frozenset[str],
    wanted: Slice,
) -> list[tuple[dict[str, Any], Any]]:
    """Each group's values by dimension and its totals, in the groups' order: ``query``'s rows
    under the caller's read scope."""
    _check(group_by, dimensions)
    check_slice(wanted)
    found = await ctx.run(
        query,
        dimensions=group_by,
        wanted=wanted,
        scope_of=partial(scope, ctx.principal, "read"),
    )
    return [
        (dict(zip(group_by, key, strict=True)), found[key]) for key in _sorted_keys(dict(found))
    ]


async def crackdown_results(
    ctx: Context, group_by: Sequence[str], wanted: Slice
) -> list[CrackdownFigure]:
    """One row per group with at least one operation."""
    found = await _groups(ctx, db.operation_totals, group_by, db.OPERATION_DIMENSIONS, wanted)
    return [
        CrackdownFigure(
            province=values.get("province"),
            period=values.get("month") or values.get("year"),
            operations=total.operations,
            arrests=total.arrests,
            seizures=total.seizures,
            drug_seizures=total.drug_seizures,
        )
        for values, total in found
    ]


async def on_time_entry(ctx: Context, group_by: Sequence[str], wanted: Slice) -> list[OnTimeFigure]:
    """One row per group with at least one (non-historical) offence entered in the period."""
    found = await _groups(ctx, db.entry_totals, group_by, db.ENTRY_DIMENSIONS, wanted)
    return [
        OnTimeFigure(
            province=values.get("province"),
            category=values.get("category"),
            offence_type=values.get("type"),
            period=values.get("month") or values.get("year"),
            offences=total.offences,
            on_time=total.on_time,
        )
        for values, total in found
    ]
