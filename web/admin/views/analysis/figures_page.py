"""The analysis page: one year's figures beside the year before, for the chosen place, category,
offence type and measure — the trend by month, a comparison by province or category, the 25
provinces on a map, drug seizures, top lists, crackdown results and on-time entry.

Every number is read through the GraphQL analysis queries in process
(web.admin.views.records.graph_reads), so the page counts exactly what the caller's scope lets
the API count: a provincial officer's map shows only the province's numbers. The page needs
the policy's offence read; the data layer decides which rows each figure holds.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from web.admin import charts, charts_map
from web.admin.charts import Bar, Series
from web.admin.context import view_context
from web.admin.i18n import N_
from web.admin.pages import page
from web.admin.render import render
from web.admin.views.analysis.choices import (
    COMPARISONS,
    MEASURES,
    Choice,
    Names,
    clip,
    load_names,
    months_so_far,
    read_choice,
    years,
)
from web.admin.views.records.graph_reads import read

READ = (("offence", "read"),)
FIGURES = """
query ($measure: Measure!, $compare: AnalysisGrouping!, $both: AnalysisFilter,
       $year: AnalysisFilter) {
  months: figures(measure: $measure, groupBy: [MONTH], filter: $both) { period count }
  provinces: figures(measure: $measure, groupBy: [PROVINCE, YEAR], filter: $both) {
    province period count
  }
  compared: figures(measure: $measure, groupBy: [$compare, YEAR], filter: $both) {
    province category period count
  }
  types: figures(measure: $measure, groupBy: [OFFENCE_TYPE, YEAR], filter: $both) {
    offenceType period count
  }
  drugSeizures(filter: $year) {
    substance unit totalQuantity offenceQuantity offences seizureQuantity seizures
  }
  crackdownResults(groupBy: [PROVINCE], filter: $year) {
    province operations arrests seizures drugSeizures
  }
  onTimeEntry(groupBy: [PROVINCE], filter: $year) { province offences onTime share }
}"""


def by_year(rows: list[dict[str, Any]], key: str, year: int) -> dict[str, tuple[int, int]]:
    """group → (count this year, count the year before)."""
    found: dict[str, list[int]] = {}
    for row in rows:
        pair = found.setdefault(row[key] or "", [0, 0])
        if row["period"] == str(year):
            pair[0] = row["count"]
        elif row["period"] == str(year - 1):
            pair[1] = row["count"]
    return {group: (now, before) for group, (now, before) in found.items()}


def month_series(rows: list[dict[str, Any]], year: int) -> tuple[list[int], list[int]]:
    counts = {row["period"]: row["count"] for row in rows}
    return (
        [counts.get(f"{year:04d}-{m:02d}", 0) for m in range(1, 13)],
        [counts.get(f"{year - 1:04d}-{m:02d}", 0) for m in range(1, 13)],
    )


def ranked(pairs: dict[str, tuple[int, int]], names: dict[str, str], limit: int) -> list[Bar]:
    bars = [
        Bar(
            label=clip(names.get(group, group) or group),
            value=now,
            previous=before,
            full_label=names.get(group, group) or group,
        )
        for group, (now, before) in pairs.items()
        if now or before
    ]
    return sorted(bars, key=lambda b: (-b.value, -(b.previous or 0), b.label))[:limit]


def figures_view(data: dict[str, Any], chosen: Choice, names: Names, so_far: int) -> dict[str, Any]:
    """What the template draws, from the query's answer."""
    year = chosen.year
    provinces = by_year(data["provinces"], "province", year)
    key = "province" if chosen.compare == "PROVINCE" else "category"
    compared_names = names.provinces if key == "province" else dict(names.category_options())
    compared = by_year(data["compared"], key, year)
    types = by_year(data["types"], "offenceType", year)
    current, previous = month_series(data["months"], year)
    total = sum(now for now, _ in provinces.values())
    total_before = sum(before for _, before in provinces.values())
    return {
        "total": total,
        "total_before": total_before,
        "change": charts.change_text(total, total_before),
        "months": names.months(),
        "current": current,
        "previous": previous,
        "trend": [
            Series(str(year), [n if m < so_far else None for m, n in enumerate(current)]),
            Series(str(year - 1), previous, previous=True),
        ],
        "bars": ranked(compared, compared_names, 25),
        "tiles": names.tiles({code: now for code, (now, _) in provinces.items()}),
        "top_provinces": ranked(provinces, names.provinces, 5),
        "top_types": ranked(types, names.types, 10),
        "drugs": data["drugSeizures"],
        "crackdown": data["crackdownResults"],
        "on_time": data["onTimeEntry"],
    }


@page("/analysis", needs=READ, name="analysis", menu=N_("Analysis"), menu_order=80)
async def analysis_page(request: Request) -> Response:
    async with view_context(request) as ctx:
        names = await load_names(request, ctx)
        chosen = read_choice(request, ctx, names)
        data = await read(
            ctx,
            FIGURES,
            measure=chosen.measure,
            compare=chosen.compare,
            both=chosen.analysis_filter(years=2),
            year=chosen.analysis_filter(),
        )
        year_options = years(ctx)
        so_far = months_so_far(ctx, chosen.year)
    return render(
        request,
        "admin/analysis/figures.html",
        chosen=chosen,
        form_values=chosen.values(),
        names=names,
        year_options=year_options,
        measures=MEASURES,
        comparisons=COMPARISONS,
        measure_label=dict(MEASURES)[chosen.measure],
        charts=charts,
        charts_map=charts_map,
        **figures_view(data, chosen, names, so_far),
    )
