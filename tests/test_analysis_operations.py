"""Crackdown results and on-time entry on the constructed data set (tests/analysis_data.py,
``build_report``), with the caller's scope in the same SQL aggregate."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from policies.principal import Principal
from tests.analysis_data import MPTC, YEAR_2026, build_report, provincial, rows

CRACKDOWN = """
query ($by: [CrackdownGrouping!]!, $filter: AnalysisFilter) {
  crackdownResults(groupBy: $by, filter: $filter) {
    province period operations arrests seizures drugSeizures
  }
}"""
ON_TIME = """
query ($by: [OnTimeGrouping!]!, $filter: AnalysisFilter) {
  onTimeEntry(groupBy: $by, filter: $filter) {
    province category offenceType period offences onTime share
  }
}"""


def results(found: list[dict[str, Any]]) -> dict[tuple[Any, ...], tuple[int, ...]]:
    return {
        (r["province"], r["period"]): (
            r["operations"],
            r["arrests"],
            r["seizures"],
            r["drugSeizures"],
        )
        for r in found
    }


@pytest.fixture
async def data(session: AsyncSession) -> None:
    await build_report(session)


async def test_crackdown_results_by_province_and_year(data: None, graphql: Any) -> None:
    found = await rows(graphql, CRACKDOWN, "crackdownResults", by=["PROVINCE", "YEAR"])
    assert results(found) == {
        ("12", "2026"): (1, 14, 2, 1),  # 2 kg methamphetamine and 3 weapons: one drug seizure
        ("17", "2025"): (1, 5, 0, 0),
        ("17", "2026"): (1, 3, 1, 1),
    }
    months = await rows(graphql, CRACKDOWN, "crackdownResults", by=["MONTH"], filter=YEAR_2026)
    assert results(months) == {(None, "2026-04"): (2, 17, 3, 2)}
    total = await rows(graphql, CRACKDOWN, "crackdownResults", by=[])
    assert results(total) == {(None, None): (3, 22, 3, 2)}


async def test_crackdown_results_need_no_category_or_the_drug_section(
    data: None, graphql: Any
) -> None:
    drugs = await rows(graphql, CRACKDOWN, "crackdownResults", by=[], filter={"iccsPrefix": "06"})
    assert results(drugs) == {(None, None): (3, 22, 3, 2)}
    for narrower in ({"iccsPrefix": "0601"}, {"iccsPrefix": "07"}, {"nationalTypes": ["THEFT"]}):
        assert await rows(graphql, CRACKDOWN, "crackdownResults", by=[], filter=narrower) == []


async def test_crackdown_results_respect_the_scope(data: None, graphql: Any) -> None:
    siem_reap = await rows(
        graphql, CRACKDOWN, "crackdownResults", provincial("17"), by=["PROVINCE"]
    )
    assert results(siem_reap) == {("17", None): (2, 8, 1, 1)}
    asked = {"provinceCodes": ["12"]}
    assert (
        await rows(graphql, CRACKDOWN, "crackdownResults", provincial("17"), by=[], filter=asked)
        == []
    )
    assert await rows(graphql, CRACKDOWN, "crackdownResults", MPTC, by=["PROVINCE"]) == []
    anonymous = Principal.anonymous()
    assert await rows(graphql, CRACKDOWN, "crackdownResults", anonymous, by=["PROVINCE"]) == []


async def test_on_time_entry_by_province_and_month_of_entry(data: None, graphql: Any) -> None:
    found = await rows(graphql, ON_TIME, "onTimeEntry", by=["PROVINCE", "MONTH"])
    shares = {(r["province"], r["period"]): (r["offences"], r["onTime"]) for r in found}
    assert shares == {
        ("02", "2026-06"): (6, 4),
        ("12", "2025-08"): (2, 2),
        ("12", "2026-11"): (22, 22),
        ("17", "2026-11"): (7, 7),
    }
    battambang = next(r for r in found if r["province"] == "02")
    assert battambang["share"] == pytest.approx(4 / 6)
    june = await rows(
        graphql,
        ON_TIME,
        "onTimeEntry",
        by=["CATEGORY"],
        filter={"from": "2026-06-01", "to": "2026-06-30"},
    )
    assert {r["category"]: (r["offences"], r["onTime"]) for r in june} == {
        "07": (5, 4),
        "09": (1, 0),
    }


async def test_on_time_entry_respects_the_scope(data: None, graphql: Any) -> None:
    mine = await rows(graphql, ON_TIME, "onTimeEntry", provincial("02"), by=["PROVINCE"])
    assert [(r["province"], r["offences"], r["onTime"]) for r in mine] == [("02", 6, 4)]
    ministry = await rows(graphql, ON_TIME, "onTimeEntry", MPTC, by=["PROVINCE"])
    assert [(r["province"], r["offences"], r["onTime"]) for r in ministry] == [("02", 1, 0)]


@pytest.mark.parametrize(
    ("query", "variables", "message"),
    [
        (CRACKDOWN, {"by": ["MONTH", "YEAR"]}, "not both"),
        (ON_TIME, {"by": ["PROVINCE", "PROVINCE"]}, "at most once"),
        (ON_TIME, {"by": [], "filter": {"iccsPrefix": "x"}}, "iccsPrefix"),
    ],
)
async def test_bad_groupings_are_refused(
    graphql: Any, query: str, variables: dict[str, Any], message: str
) -> None:
    result = await graphql(query, variables)
    assert result.errors is not None and message in result.errors[0].message


async def test_each_figure_is_one_grouped_aggregate(
    data: None, graphql: Any, statements: Any
) -> None:
    statements.statements.clear()
    await rows(graphql, ON_TIME, "onTimeEntry", by=["PROVINCE", "MONTH"])
    await rows(graphql, CRACKDOWN, "crackdownResults", by=["PROVINCE"])
    selects = [s for s in statements.statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 3  # entries; operations; their seizures
    assert all("GROUP BY" in s for s in selects)
