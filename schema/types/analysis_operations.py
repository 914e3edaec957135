"""GraphQL of crackdown results and on-time entry, by province and period."""

from __future__ import annotations

from enum import Enum

import strawberry

from resolvers import analysis_operations as ops
from resolvers.context import Context
from schema.types.analysis_figures import FilterArg, to_slice

Info = strawberry.Info[Context, None]


@strawberry.enum(description="How crackdown results are grouped (by the operation's start day).")
class CrackdownGrouping(Enum):
    PROVINCE = "province"
    MONTH = "month"
    YEAR = "year"


@strawberry.enum(description="How on-time entry is grouped. Periods are of entry, Phnom Penh time.")
class OnTimeGrouping(Enum):
    PROVINCE = "province"
    CATEGORY = strawberry.enum_value("category", description="The ICCS section (2 digits).")
    OFFENCE_TYPE = strawberry.enum_value("type", description="The national offence type.")
    MONTH = "month"
    YEAR = "year"


@strawberry.type(description="What the crackdown operations of one group achieved.")
class CrackdownResult:
    province: str | None = strawberry.field(description="Province code, when grouped by it.")
    period: str | None = strawberry.field(description='"2026-04" or "2026", when grouped by it.')
    operations: int
    arrests: int = strawberry.field(description="Persons arrested or detained, as reported.")
    seizures: int = strawberry.field(description="Seizure records (drugs, weapons, cash, ...).")
    drug_seizures: int = strawberry.field(description="Seizures measured in a drug unit.")

    @classmethod
    def from_figure(cls, figure: ops.CrackdownFigure) -> CrackdownResult:
        return cls(
            province=figure.province,
            period=figure.period,
            operations=figure.operations,
            arrests=figure.arrests,
            seizures=figure.seizures,
            drug_seizures=figure.drug_seizures,
        )


@strawberry.type(description="Offences entered in a group, and the share within 48 hours.")
class OnTimeEntry:
    province: str | None
    category: str | None
    offence_type: str | None
    period: str | None = strawberry.field(description="Month or year of entry, when grouped.")
    offences: int = strawberry.field(description="Offences entered (bulk imports left out).")
    on_time: int = strawberry.field(description="Entered within 48 h of the offence.")
    share: float = strawberry.field(description="onTime / offences: 0.9 is nine in ten.")

    @classmethod
    def from_figure(cls, figure: ops.OnTimeFigure) -> OnTimeEntry:
        return cls(
            province=figure.province,
            category=figure.category,
            offence_type=figure.offence_type,
            period=figure.period,
            offences=figure.offences,
            on_time=figure.on_time,
            share=figure.share,
        )


@strawberry.type
class OperationsQuery:
    @strawberry.field(
        description="Crackdown operations per group: how many, persons arrested, seizures. Only "
        "operations you may read count; the filter's dates are of the operation's start. "
        "Operations carry no category: a filter naming national types, or an ICCS prefix "
        "narrower than 06, finds none."
    )
    async def crackdown_results(
        self, info: Info, group_by: list[CrackdownGrouping], filter_: FilterArg = None
    ) -> list[CrackdownResult]:
        rows = await ops.crackdown_results(
            info.context, [g.value for g in group_by], to_slice(filter_)
        )
        return [CrackdownResult.from_figure(r) for r in rows]

    @strawberry.field(
        description="The share of offences entered within the 48-hour digitisation window, per "
        "group; the filter's dates are of entry. Only offences you may read count."
    )
    async def on_time_entry(
        self, info: Info, group_by: list[OnTimeGrouping], filter_: FilterArg = None
    ) -> list[OnTimeEntry]:
        rows = await ops.on_time_entry(info.context, [g.value for g in group_by], to_slice(filter_))
        return [OnTimeEntry.from_figure(r) for r in rows]
