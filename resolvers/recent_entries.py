"""What a user's home page asks of the data: their entries still open to correction, the
validations overdue for their unit, and the hits waiting for their decision.

The correction window is the lifecycle guard's (policies.lifecycle: ``WINDOWS``,
``locked_since``), read from there, never restated: an entry is "recent" exactly while its author
may still correct it. Rows are read through the caller's read scope like every other list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import col

from db import tables as t
from db import warrants
from db.clock import PHNOM_PENH
from db.paging import Page
from policies import lifecycle
from resolvers import hit_alerts, hits, reading
from resolvers.context import Context

# The record types whose author may correct them within the window, in the order shown.
ENTERED_TYPES: tuple[tuple[str, type[Any]], ...] = (
    ("Offence", t.Offence),
    ("Person", t.Person),
    ("Case", t.Case),
    ("Warrant", t.Warrant),
    ("Notice", t.Notice),
    ("Operation", t.Operation),
)


@dataclass(frozen=True)
class RecentEntry:
    type_name: str
    row: Any
    entered_at: datetime
    locked_at: datetime
    now: datetime

    @property
    def time_left(self) -> timedelta:
        return max(self.locked_at - self.now, timedelta(0))

    @property
    def hours_left(self) -> int:
        return int(self.time_left.total_seconds() // 3600)

    @property
    def minutes_left(self) -> int:
        return int(self.time_left.total_seconds() % 3600 // 60)


def _author_column(model: type[Any]) -> Any:
    user_column, _ = lifecycle.author_columns(model)
    return getattr(model, user_column)


def _entered_column(model: type[Any]) -> Any:
    return getattr(model, lifecycle.entered_column(model))


async def recent_entries(ctx: Context, limit: int = 20) -> list[RecentEntry]:
    """The caller's own entries still inside their correction window, soonest locked first."""
    user_id = ctx.principal.user_id
    if user_id is None:
        return []
    now = ctx.clock.now()
    found: list[RecentEntry] = []
    for type_name, model in ENTERED_TYPES:
        window = lifecycle.WINDOWS.get(model, lifecycle.DEFAULT_WINDOW)
        entered = _entered_column(model)
        rows = await reading.list_page(
            ctx,
            model,
            where=[col(_author_column(model)) == user_id, col(entered) > now - window],
            order_by=[col(entered).desc(), col(model.id).desc()],
            page=Page(limit=limit),
        )
        for row in rows[:limit]:
            found.append(
                RecentEntry(
                    type_name=type_name,
                    row=row,
                    entered_at=lifecycle.entered_at(model, row),
                    locked_at=lifecycle.locked_since(model, row),
                    now=now,
                )
            )
    found = [entry for entry in found if entry.locked_at > now]
    return sorted(found, key=lambda entry: entry.locked_at)[:limit]


@dataclass(frozen=True)
class OverdueValidations:
    warrants: list[t.Warrant]
    notices: list[t.Notice]


async def overdue_validations(ctx: Context, limit: int = 20) -> OverdueValidations:
    """As the overdueWarrantValidations / overdueNoticeValidations queries: the caller's unit's
    (else province's) active orders whose validation date has passed, longest overdue first."""
    p = ctx.principal
    today = ctx.clock.now().astimezone(PHNOM_PENH).date()
    found_warrants = await reading.list_page(
        ctx,
        t.Warrant,
        where=warrants.overdue_warrants(today, p.unit_id, p.province_code),
        order_by=[col(t.Warrant.validation_due_on), col(t.Warrant.id)],
        page=Page(limit=limit),
    )
    found_notices = await reading.list_page(
        ctx,
        t.Notice,
        where=warrants.overdue_notices(today, p.unit_id, p.province_code),
        order_by=[col(t.Notice.validation_due_on), col(t.Notice.id)],
        page=Page(limit=limit),
    )
    return OverdueValidations(warrants=found_warrants[:limit], notices=found_notices[:limit])


async def hits_to_decide(ctx: Context, limit: int = 20) -> list[t.Hit]:
    """Pending hits the caller may confirm or reject (resolvers.hits decides who), soonest
    deadline first."""
    rows = await hit_alerts.hits_page(ctx, "pending", Page(limit=ctx.max_page_size))
    mine = [row for row in rows[: ctx.max_page_size] if hits.may_decide(ctx, row)]
    return sorted(mine, key=lambda row: row.deadline_at)[:limit]
