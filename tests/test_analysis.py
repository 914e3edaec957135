"""Analysis figures on a constructed data set with known answers (tests/analysis_data.py
describes it), including year-over-year change, Phnom Penh periods, and the caller's scope."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from policies.principal import Principal
from tests.analysis_data import (
    DRUGS,
    FIGURES,
    MPTC,
    TOP,
    YEAR_2026,
    build,
    counts,
    provincial,
    rows,
)


@pytest.fixture
async def data(session: AsyncSession) -> None:
    await build(session)


async def test_offences_by_province_and_year_with_the_change_from_the_year_before(
    data: None, graphql: Any
) -> None:
    found = await rows(graphql, FIGURES, "figures", measure="OFFENCES", by=["PROVINCE", "YEAR"])
    assert counts(found, "province", "period") == {
        ("02", "2026"): (6, 0, None),
        ("12", "2025"): (10, 0, None),
        ("12", "2026"): (12, 10, 0.2),
        ("17", "2025"): (4, 0, None),
        ("17", "2026"): (3, 4, -0.25),
    }
    assert [(r["province"], r["period"]) for r in found] == sorted(
        (r["province"], r["period"]) for r in found
    )
    assert {r["district"] for r in found} == {None}


async def test_offences_by_province_and_month_compare_with_the_month_before(
    data: None, graphql: Any
) -> None:
    wanted = {"provinceCodes": ["12"], "from": "2026-01-01", "to": "2026-03-31"}
    found = await rows(
        graphql, FIGURES, "figures", measure="OFFENCES", by=["PROVINCE", "MONTH"], filter=wanted
    )
    assert counts(found, "province", "period") == {
        ("12", "2026-01"): (1, 0, None),
        ("12", "2026-02"): (1, 1, 0.0),
        ("12", "2026-03"): (3, 1, 2.0),
    }


async def test_periods_are_phnom_penh_days_not_utc_days(data: None, graphql: Any) -> None:
    pp = {"provinceCodes": ["12"]}
    months = await rows(graphql, FIGURES, "figures", measure="OFFENCES", by=["MONTH"], filter=pp)
    periods = {r["period"]: r["count"] for r in months}
    assert "2025-12" not in periods and periods["2026-01"] == 1
    until_new_year = {**pp, "to": "2025-12-31"}
    years = await rows(
        graphql, FIGURES, "figures", measure="OFFENCES", by=["YEAR"], filter=until_new_year
    )
    assert counts(years, "period") == {("2025",): (10, 0, None)}
    new_year = {**pp, "from": "2026-01-01", "to": "2026-01-01"}
    day = await rows(graphql, FIGURES, "figures", measure="OFFENCES", by=[], filter=new_year)
    assert counts(day) == {(): (1, 0, None)}


async def test_a_date_range_compares_with_the_span_of_equal_length_just_before(
    data: None, graphql: Any
) -> None:
    found = await rows(
        graphql, FIGURES, "figures", measure="OFFENCES", by=["PROVINCE"], filter=YEAR_2026
    )
    assert counts(found, "province") == {
        ("02",): (6, 0, None),
        ("12",): (12, 10, 0.2),
        ("17",): (3, 4, -0.25),
    }
    unbounded = await rows(graphql, FIGURES, "figures", measure="OFFENCES", by=["PROVINCE"])
    assert counts(unbounded, "province")[("12",)] == (22, None, None)


async def test_offences_by_category_type_and_district(data: None, graphql: Any) -> None:
    sections = await rows(
        graphql, FIGURES, "figures", measure="OFFENCES", by=["CATEGORY"], filter=YEAR_2026
    )
    assert counts(sections, "category") == {
        ("05",): (10, 10, 0.0),
        ("06",): (3, 0, None),
        ("07",): (7, 4, 0.75),
        ("09",): (1, 0, None),
    }
    drugs = await rows(
        graphql,
        FIGURES,
        "figures",
        measure="OFFENCES",
        by=["OFFENCE_TYPE"],
        filter={"iccsPrefix": "06"},
    )
    assert counts(drugs, "offenceType") == {
        ("DRUG_POSSESSION_USE",): (1, None, None),
        ("DRUG_TRAFFICKING",): (2, None, None),
    }
    districts = await rows(
        graphql,
        FIGURES,
        "figures",
        measure="OFFENCES",
        by=["DISTRICT"],
        filter={"provinceCodes": ["12"]},
    )
    assert counts(districts, "district") == {(None,): (21, None, None), ("1201",): (1, None, None)}


async def test_cases_arrests_and_persons(data: None, graphql: Any) -> None:
    cases = await rows(graphql, FIGURES, "figures", measure="CASES", by=["PROVINCE", "YEAR"])
    assert counts(cases, "province", "period") == {
        ("12", "2026"): (1, 0, None),
        ("17", "2025"): (1, 0, None),
    }
    arrests = await rows(graphql, FIGURES, "figures", measure="ARRESTS", by=["PROVINCE"])
    assert counts(arrests, "province") == {("12",): (2, None, None), ("17",): (1, None, None)}
    # By category through the case's offences: the Siem Reap case holds none.
    by_category = await rows(
        graphql, FIGURES, "figures", measure="ARRESTS", by=["PROVINCE", "CATEGORY"]
    )
    assert counts(by_category, "province", "category") == {("12", "06"): (2, None, None)}
    persons = await rows(graphql, FIGURES, "figures", measure="PERSONS", by=["PROVINCE", "YEAR"])
    assert counts(persons, "province", "period") == {
        ("12", "2026"): (2, 0, None),
        ("17", "2025"): (1, 0, None),
    }


async def test_drug_quantities_by_substance_from_offences_and_seizures(
    data: None, graphql: Any
) -> None:
    found = await rows(graphql, DRUGS, "drugSeizures")
    assert found == [
        {
            "substance": "heroin",
            "unit": "kg",
            "totalQuantity": "0.02",
            "offenceQuantity": "0.02",
            "offences": 1,
            "seizureQuantity": "0",
            "seizures": 0,
        },
        {
            "substance": "methamphetamine",
            "unit": "kg",
            "totalQuantity": "4",
            "offenceQuantity": "2",
            "offences": 2,
            "seizureQuantity": "2",
            "seizures": 1,
        },
        {
            "substance": "yaba",
            "unit": "tablet",
            "totalQuantity": "1000",
            "offenceQuantity": "0",
            "offences": 0,
            "seizureQuantity": "1000",
            "seizures": 1,
        },
    ]
    trafficking = await rows(
        graphql, DRUGS, "drugSeizures", filter={"nationalTypes": ["DRUG_TRAFFICKING"]}
    )
    assert [(r["substance"], r["totalQuantity"], r["seizures"]) for r in trafficking] == [
        ("methamphetamine", "2", 0)
    ]
    siem_reap = await rows(graphql, DRUGS, "drugSeizures", filter={"provinceCodes": ["17"]})
    assert [r["substance"] for r in siem_reap] == ["heroin", "yaba"]


async def test_top_provinces_most_first(data: None, graphql: Any) -> None:
    scams = {**YEAR_2026, "nationalTypes": ["ONLINE_SCAM"]}
    found = await rows(graphql, TOP, "topProvinces", measure="OFFENCES", filter=scams, limit=10)
    assert [(r["province"], r["count"], r["previousCount"], r["change"]) for r in found] == [
        ("02", 5, 0, None),
        ("17", 2, 4, -0.5),
    ]
    first = await rows(graphql, TOP, "topProvinces", measure="OFFENCES", filter=scams, limit=1)
    assert [r["province"] for r in first] == ["02"]
    overall = await rows(graphql, TOP, "topProvinces", measure="OFFENCES", limit=2)
    assert [(r["province"], r["count"]) for r in overall] == [("12", 22), ("17", 7)]


async def test_a_provincial_officer_counts_only_own_province(data: None, graphql: Any) -> None:
    siem_reap = provincial("17")
    found = await rows(
        graphql, FIGURES, "figures", siem_reap, measure="OFFENCES", by=["PROVINCE", "YEAR"]
    )
    assert counts(found, "province", "period") == {
        ("17", "2025"): (4, 0, None),
        ("17", "2026"): (3, 4, -0.25),
    }
    # Asking for other provinces by name changes nothing: the scope is in the same WHERE.
    asked = {"provinceCodes": ["12", "02"]}
    assert (
        await rows(graphql, FIGURES, "figures", siem_reap, measure="OFFENCES", by=[], filter=asked)
        == []
    )
    top = await rows(graphql, TOP, "topProvinces", siem_reap, measure="OFFENCES", limit=25)
    assert [(r["province"], r["count"]) for r in top] == [("17", 7)]
    cases = await rows(graphql, FIGURES, "figures", siem_reap, measure="CASES", by=["PROVINCE"])
    assert counts(cases, "province") == {("17",): (1, None, None)}
    drugs = await rows(graphql, DRUGS, "drugSeizures", siem_reap)
    assert [(r["substance"], r["offences"], r["seizures"]) for r in drugs] == [
        ("heroin", 1, 0),
        ("yaba", 0, 1),
    ]


async def test_a_partner_ministry_sees_only_its_jurisdiction(data: None, graphql: Any) -> None:
    found = await rows(
        graphql, FIGURES, "figures", MPTC, measure="OFFENCES", by=["PROVINCE", "CATEGORY"]
    )
    assert counts(found, "province", "category") == {("02", "09"): (1, None, None)}
    for measure in ("CASES", "ARRESTS", "PERSONS"):  # no read of cases or persons at all
        assert await rows(graphql, FIGURES, "figures", MPTC, measure=measure, by=["PROVINCE"]) == []
    assert await rows(graphql, DRUGS, "drugSeizures", MPTC) == []
    top = await rows(graphql, TOP, "topProvinces", MPTC, measure="OFFENCES", limit=25)
    assert [(r["province"], r["count"]) for r in top] == [("02", 1)]


async def test_an_anonymous_caller_sees_no_figures(data: None, graphql: Any) -> None:
    nobody = Principal.anonymous()
    for measure in ("OFFENCES", "CASES", "ARRESTS", "PERSONS"):
        assert await rows(graphql, FIGURES, "figures", nobody, measure=measure, by=["YEAR"]) == []
        assert await rows(graphql, TOP, "topProvinces", nobody, measure=measure, limit=5) == []
    assert await rows(graphql, DRUGS, "drugSeizures", nobody) == []


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"measure": "OFFENCES", "by": ["MONTH", "YEAR"]}, "not both"),
        ({"measure": "CASES", "by": ["DISTRICT"]}, "cannot be grouped by district"),
        ({"measure": "OFFENCES", "by": [], "filter": {"iccsPrefix": "drugs"}}, "iccsPrefix"),
        (
            {"measure": "OFFENCES", "by": [], "filter": {"from": "2026-02-01", "to": "2026-01-01"}},
            "must not come before",
        ),
    ],
)
async def test_bad_arguments_are_refused(
    graphql: Any, variables: dict[str, Any], message: str
) -> None:
    result = await graphql(FIGURES, variables)
    assert result.errors is not None and message in result.errors[0].message


async def test_a_figure_is_counted_in_sql_one_aggregate_per_period(
    data: None, graphql: Any, statements: Any
) -> None:
    statements.statements.clear()
    found = await rows(
        graphql,
        FIGURES,
        "figures",
        provincial("17"),
        measure="PERSONS",
        by=["PROVINCE", "YEAR"],
        filter=YEAR_2026,
    )
    assert found == []  # the 2026 Siem Reap offences involve no recorded person
    selects = [s for s in statements.statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 2  # this period and the one before: no rows fetched to count
    assert all("GROUP BY" in s and "count(DISTINCT" in s for s in selects)
