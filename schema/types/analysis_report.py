"""GraphQL of the yearly report (resolvers.analysis_report)."""

from __future__ import annotations

import strawberry

from resolvers import analysis_report as report
from resolvers.context import Context
from schema.types.analysis_figures import DrugSeizure, Figure
from schema.types.analysis_operations import CrackdownResult

Info = strawberry.Info[Context, None]


@strawberry.type(description="One month's offences, and the same month of the year before.")
class MonthComparison:
    month: int = strawberry.field(description="1 to 12.")
    count: int
    previous_count: int


@strawberry.type(description="A year's figures for one ICCS category, beside the year before.")
class YearlyReport:
    year: int
    iccs_prefix: str = strawberry.field(description='"06": drugs; empty: every category.')
    subject: str = strawberry.field(description='What is counted, e.g. "drug-related crimes".')
    offences: int
    previous_offences: int
    change: float | None = strawberry.field(
        description="(offences - previousOffences) / previousOffences; null when none last year."
    )
    cases: int = strawberry.field(description="Cases opened in the year holding such offences.")
    previous_cases: int
    suspects_arrested: int = strawberry.field(
        description="Arrests of case participants in the year, in cases holding such offences."
    )
    previous_suspects_arrested: int
    months: list[MonthComparison]
    drug_seizures: list[DrugSeizure]
    crackdown: CrackdownResult | None = strawberry.field(
        description="The year's crackdown operations; null when none, or the category is not drugs."
    )
    top_provinces: list[Figure] = strawberry.field(description="Up to 10, most offences first.")
    summary: str = strawberry.field(
        description='One English sentence, e.g. "Drug-related crimes rose 19% from the previous '
        'year (...); 20,392 suspects arrested in 9,572 cases."'
    )

    @classmethod
    def from_report(cls, found: report.YearlyReport) -> YearlyReport:
        return cls(
            year=found.year,
            iccs_prefix=found.iccs_prefix,
            subject=found.subject,
            offences=found.offences,
            previous_offences=found.previous_offences,
            change=found.change,
            cases=found.cases,
            previous_cases=found.previous_cases,
            suspects_arrested=found.arrests,
            previous_suspects_arrested=found.previous_arrests,
            months=[
                MonthComparison(month=m.month, count=m.count, previous_count=m.previous_count)
                for m in found.months
            ],
            drug_seizures=[DrugSeizure.from_figure(d) for d in found.drugs],
            crackdown=None
            if found.crackdown is None
            else CrackdownResult.from_figure(found.crackdown),
            top_provinces=[Figure.from_figure(f) for f in found.top_provinces],
            summary=found.summary,
        )


@strawberry.type
class ReportQuery:
    @strawberry.field(
        description="The yearly report of one ICCS category (drugs by default), from the records "
        "you may read."
    )
    async def yearly_report(
        self, info: Info, year: int, iccs_prefix: str = report.DRUGS
    ) -> YearlyReport:
        return YearlyReport.from_report(await report.yearly_report(info.context, year, iccs_prefix))
