"""The yearly report page (/admin/analysis/report?year=…&category=06): the GraphQL
``yearlyReport`` drawn as a printable page — the summary, the key numbers, the months of both
years, the provinces on the map, the top provinces, drug seizures and crackdown results.

The summary is built in the template from the report's numbers, so it reads in the reader's
language; the API's English ``summary`` is shown as is only to English readers. The map needs
every province's count, one more figure of the same filter.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from web.admin import charts, charts_map
from web.admin.charts import Bar, Series
from web.admin.context import view_context
from web.admin.pages import page
from web.admin.render import render
from web.admin.views.analysis.choices import (
    Choice,
    load_names,
    months_so_far,
    read_choice,
    years,
)
from web.admin.views.analysis.figures_page import READ
from web.admin.views.records.graph_reads import read

REPORT = """
query ($year: Int!, $prefix: String!, $filter: AnalysisFilter) {
  yearlyReport(year: $year, iccsPrefix: $prefix) {
    year iccsPrefix subject offences previousOffences change cases previousCases
    suspectsArrested previousSuspectsArrested summary
    months { month count previousCount }
    drugSeizures { substance unit totalQuantity offenceQuantity offences seizureQuantity seizures }
    crackdown { operations arrests seizures drugSeizures }
    topProvinces { province count previousCount }
  }
  provinces: figures(measure: OFFENCES, groupBy: [PROVINCE], filter: $filter) { province count }
}"""
DRUGS = "06"


def report_filter(chosen: Choice) -> dict[str, Any]:
    wanted = {"from": f"{chosen.year}-01-01", "to": f"{chosen.year}-12-31"}
    return {**wanted, "iccsPrefix": chosen.category} if chosen.category else wanted


def percent(change: float | None) -> int | None:
    return None if change is None else abs(round(change * 100))


@page("/analysis/report", needs=READ, name="analysis_report")
async def report_page(request: Request) -> Response:
    async with view_context(request) as ctx:
        names = await load_names(request, ctx)
        chosen = read_choice(request, ctx, names)
        if "category" not in request.query_params:
            chosen.category = DRUGS
        data = await read(
            ctx,
            REPORT,
            year=chosen.year,
            prefix=chosen.category,
            filter=report_filter(chosen),
        )
        year_options = years(ctx)
        so_far = months_so_far(ctx, chosen.year)
    report = data["yearlyReport"]
    year = chosen.year
    tops = [
        Bar(names.provinces.get(p["province"], p["province"]), p["count"], p["previousCount"])
        for p in report["topProvinces"]
    ]
    months = report["months"]
    return render(
        request,
        "admin/analysis/report.html",
        chosen=chosen,
        names=names,
        year_options=year_options,
        report=report,
        category_name=names.categories.get(chosen.category, ""),
        rise=percent(report["change"]),
        charts=charts,
        charts_map=charts_map,
        month_names=names.months(),
        trend=[
            Series(str(year), [m["count"] if m["month"] <= so_far else None for m in months]),
            Series(str(year - 1), [m["previousCount"] for m in months], previous=True),
        ],
        tops=tops,
        tiles=names.tiles({p["province"]: p["count"] for p in data["provinces"]}),
    )
