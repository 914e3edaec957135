"""GraphQL of the analysis figures: counts by place, category and period, drugs, top provinces;
crackdown results and on-time entry (schema.types.analysis_operations); the yearly report
(schema.types.analysis_report)."""

from __future__ import annotations

import strawberry

from resolvers import analysis
from resolvers.context import Context
from schema.types.analysis_figures import (
    AnalysisGrouping,
    DrugSeizure,
    Figure,
    FilterArg,
    Measure,
    to_slice,
)
from schema.types.analysis_operations import OperationsQuery
from schema.types.analysis_report import ReportQuery

Info = strawberry.Info[Context, None]


@strawberry.type
class AnalysisQuery(OperationsQuery, ReportQuery):
    @strawberry.field(
        description="Counts of offences, cases, arrests or persons per group, with the change "
        "from the previous period. Only records you may read are counted."
    )
    async def figures(
        self,
        info: Info,
        measure: Measure,
        group_by: list[AnalysisGrouping],
        filter_: FilterArg = None,
    ) -> list[Figure]:
        rows = await analysis.figures(
            info.context, measure.value, [g.value for g in group_by], to_slice(filter_)
        )
        return [Figure.from_figure(r) for r in rows]

    @strawberry.field(description="Provinces with the highest count, most first.")
    async def top_provinces(
        self, info: Info, measure: Measure, filter_: FilterArg = None, limit: int = 10
    ) -> list[Figure]:
        rows = await analysis.top_provinces(info.context, measure.value, to_slice(filter_), limit)
        return [Figure.from_figure(r) for r in rows]

    @strawberry.field(
        description="Drug quantities by substance (alphabetical), from offences you may read and "
        "seizures of operations you may read. Operations carry no category: a filter naming "
        "national types, or an ICCS prefix narrower than 06, leaves their seizures out."
    )
    async def drug_seizures(self, info: Info, filter_: FilterArg = None) -> list[DrugSeizure]:
        rows = await analysis.drug_seizures(info.context, to_slice(filter_))
        return [DrugSeizure.from_figure(r) for r in rows]
