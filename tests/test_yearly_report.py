"""The yearly report query on the constructed data set (tests/analysis_data.py,
``build_report``): known numbers, the generated sentence, and the caller's scope."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from policies.principal import Principal
from tests.analysis_data import MPTC, build_report, provincial

REPORT = """
query ($year: Int!, $prefix: String) {
  yearlyReport(year: $year, iccsPrefix: $prefix) {
    year iccsPrefix subject offences previousOffences change cases previousCases
    suspectsArrested previousSuspectsArrested summary
    months { month count previousCount }
    drugSeizures { substance unit totalQuantity offences seizures }
    crackdown { operations arrests seizures drugSeizures }
    topProvinces { province count previousCount }
  }
}"""
DEFAULT = "query ($year: Int!) { yearlyReport(year: $year) { iccsPrefix offences summary } }"


@pytest.fixture
async def data(session: AsyncSession) -> None:
    await build_report(session)


async def report(
    graphql: Any, year: int, prefix: str | None = "06", who: Principal | None = None
) -> dict[str, Any]:
    variables: dict[str, Any] = {"year": year}
    if prefix is not None:
        variables["prefix"] = prefix
    result = await graphql(REPORT, variables, principal=who)
    assert result.errors is None, result.errors
    found: dict[str, Any] = result.data["yearlyReport"]
    return found


async def test_the_national_drug_report_of_2026(data: None, graphql: Any) -> None:
    found = await report(graphql, 2026)
    assert (found["offences"], found["previousOffences"], found["change"]) == (3, 2, 0.5)
    assert (found["cases"], found["previousCases"]) == (1, 0)
    assert (found["suspectsArrested"], found["previousSuspectsArrested"]) == (2, 0)
    assert found["summary"] == (
        "Drug-related crimes rose 50% from the previous year (3 in 2026, 2 in 2025); "
        "2 suspects arrested in 1 case."
    )
    months = {m["month"]: (m["count"], m["previousCount"]) for m in found["months"]}
    assert len(months) == 12 and months[3] == (3, 0) and months[8] == (0, 2)
    assert sum(c for c, _ in months.values()) == 3
    assert [(d["substance"], d["unit"], d["totalQuantity"]) for d in found["drugSeizures"]] == [
        ("heroin", "kg", "0.02"),
        ("methamphetamine", "kg", "4"),
        ("yaba", "tablet", "1000"),
    ]
    assert found["crackdown"] == {"operations": 2, "arrests": 17, "seizures": 3, "drugSeizures": 2}
    assert [(p["province"], p["count"], p["previousCount"]) for p in found["topProvinces"]] == [
        ("12", 2, 2),
        ("17", 1, 0),
    ]


async def test_the_query_reports_drugs_by_default(data: None, graphql: Any) -> None:
    result = await graphql(DEFAULT, {"year": 2026})
    assert result.errors is None, result.errors
    assert result.data["yearlyReport"]["iccsPrefix"] == "06"
    assert result.data["yearlyReport"]["offences"] == 3


async def test_the_sentence_follows_the_numbers(data: None, graphql: Any) -> None:
    fraud = await report(graphql, 2026, "07")
    assert fraud["summary"] == (
        "Crimes of ICCS 07 (Acts involving fraud, deception or corruption) rose 75% from the "
        "previous year (7 in 2026, 4 in 2025); 0 suspects arrested in 0 cases."
    )
    assert fraud["crackdown"] is None and fraud["drugSeizures"] == []
    thefts = await report(graphql, 2026, "05")
    assert thefts["summary"].startswith(
        "Crimes of ICCS 05 (Acts against property only) were unchanged from the previous year "
        "(10 in 2026, 10 in 2025)"
    )
    drugs_2025 = await report(graphql, 2025)
    assert drugs_2025["summary"] == (
        "Drug-related crimes: 2 in 2025, none recorded the previous year; "
        "0 suspects arrested in 0 cases."
    )
    everything = await report(graphql, 2026, "")
    assert (everything["subject"], everything["offences"], everything["previousOffences"]) == (
        "crimes",
        21,
        16,
    )


async def test_a_provincial_report_counts_only_the_province(data: None, graphql: Any) -> None:
    phnom_penh = await report(graphql, 2026, who=provincial("12"))
    assert phnom_penh["summary"] == (
        "Drug-related crimes were unchanged from the previous year (2 in 2026, 2 in 2025); "
        "2 suspects arrested in 1 case."
    )
    assert [p["province"] for p in phnom_penh["topProvinces"]] == ["12"]
    assert [d["substance"] for d in phnom_penh["drugSeizures"]] == ["methamphetamine"]
    assert phnom_penh["crackdown"] == {
        "operations": 1,
        "arrests": 14,
        "seizures": 2,
        "drugSeizures": 1,
    }
    siem_reap = await report(graphql, 2026, who=provincial("17"))
    assert (siem_reap["offences"], siem_reap["cases"], siem_reap["suspectsArrested"]) == (1, 0, 0)
    assert [p["province"] for p in siem_reap["topProvinces"]] == ["17"]
    assert siem_reap["crackdown"]["arrests"] == 3


async def test_a_ministry_report_counts_only_its_jurisdiction(data: None, graphql: Any) -> None:
    drugs = await report(graphql, 2026, who=MPTC)
    assert (drugs["offences"], drugs["cases"], drugs["crackdown"], drugs["drugSeizures"]) == (
        0,
        0,
        None,
        [],
    )
    cyber = await report(graphql, 2026, "09", who=MPTC)
    assert (cyber["offences"], cyber["topProvinces"]) == (
        1,
        [{"province": "02", "count": 1, "previousCount": 0}],
    )


async def test_an_anonymous_report_is_empty(data: None, graphql: Any) -> None:
    found = await report(graphql, 2026, who=Principal.anonymous())
    assert (found["offences"], found["previousOffences"], found["topProvinces"]) == (0, 0, [])


@pytest.mark.parametrize(
    ("year", "prefix", "message"),
    [(1999, "06", "year: between 2000"), (2027, "06", "year:"), (2026, "drugs", "iccsPrefix")],
)
async def test_bad_arguments_are_refused(
    graphql: Any, year: int, prefix: str, message: str
) -> None:
    result = await graphql(REPORT, {"year": year, "prefix": prefix})
    assert result.errors is not None and message in result.errors[0].message
