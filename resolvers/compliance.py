"""Entry compliance: per unit, province or month, the share of offences entered within 48 h.

48 h to digitise: National Police directive. Historical (bulk-imported) records are left out.
Periods and months are of entry (``recorded_at``), months in Cambodian time. The rows are scoped
in SQL like every read; the median is taken in Python so that SQLite and PostgreSQL agree.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from statistics import median

from db import lifecycle as db
from db import tables as t
from db.clock import PHNOM_PENH
from db.errors import InvalidArgument
from policies.scope import scope
from resolvers.context import Context

GROUPINGS = ("unit", "province", "month")


@dataclass(frozen=True)
class ComplianceGroup:
    key: str  # a unit id, a province code, or a month "2026-11"
    offences: int
    on_time: int
    median_delay_seconds: float | None

    @property
    def on_time_share(self) -> float:
        return self.on_time / self.offences if self.offences else 0.0


def _key(row: db.EntryTiming, group_by: str) -> str:
    if group_by == "unit":
        return str(row.unit_id)
    if group_by == "province":
        return row.province_code
    return row.recorded_at.astimezone(PHNOM_PENH).strftime("%Y-%m")


async def entry_compliance(
    ctx: Context, group_by: str, start: datetime | None, end: datetime | None
) -> list[ComplianceGroup]:
    if group_by not in GROUPINGS:
        raise InvalidArgument(f"groupBy: one of {', '.join(GROUPINGS)}")
    if start is not None and end is not None and end <= start:
        raise InvalidArgument("to: must come after from")
    rows = await ctx.run(
        db.entry_timings, scope=scope(ctx.principal, "read", t.Offence), start=start, end=end
    )
    groups: dict[str, list[db.EntryTiming]] = defaultdict(list)
    for row in rows:
        groups[_key(row, group_by)].append(row)
    found = []
    for key in sorted(groups):
        members = groups[key]
        delays = [r.delay_seconds for r in members if r.delay_seconds is not None]
        found.append(
            ComplianceGroup(
                key=key,
                offences=len(members),
                on_time=sum(1 for r in members if not r.late),
                median_delay_seconds=float(median(delays)) if delays else None,
            )
        )
    return found
