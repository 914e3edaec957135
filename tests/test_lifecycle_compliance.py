"""48 h to digitise: late flags on entry and the compliance figures, on a data set with known
answers (delays in seconds: 1 h = 3600, 47 h = 169200, 50 h = 180000, 72 h = 259200)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.clock import FixedClock
from policies.principal import Principal
from resolvers.context import Context
from resolvers.inputs_offences import OffenceData, PlaceData
from resolvers.offences import record_offence
from tests import factories as f
from tests.conftest import T0
from tests.test_mutations_persons import gid, officer

RECORD = """
mutation ($input: OffenceInput!) {
  recordOffence(input: $input) {
    __typename
    ... on RecordOffenceSuccess { offence { late delaySeconds historical } }
  }
}"""
COMPLIANCE = """
query ($by: ComplianceGrouping!, $from: DateTime, $to: DateTime) {
  entryCompliance(groupBy: $by, from: $from, to: $to) {
    key offences onTime onTimeShare medianDelaySeconds
  }
}"""


async def offence_at(
    graphql: Any, clock: FixedClock, who: Principal, hours_before: float, province: str
) -> dict[str, Any]:
    occurred = clock.now() - timedelta(hours=hours_before)
    variables = {
        "input": {
            "typeCode": "THEFT",
            "occurredAt": occurred.isoformat(),
            "place": {"provinceCode": province},
        }
    }
    result = await graphql(RECORD, variables, principal=who)
    assert result.errors is None, result.errors
    payload: dict[str, Any] = result.data["recordOffence"]
    assert payload["__typename"] == "RecordOffenceSuccess", payload
    return payload["offence"]


async def build(
    session: AsyncSession, graphql: Any, clock: FixedClock
) -> tuple[Principal, Principal, Principal]:
    a = await officer(session)
    b = await officer(session)
    c = await officer(session, unit_row=await f.unit(session, province="17"))
    assert await offence_at(graphql, clock, a, 1, "12") == {
        "late": False,
        "delaySeconds": 3600,
        "historical": False,
    }
    assert (await offence_at(graphql, clock, a, 47, "12"))["late"] is False
    assert await offence_at(graphql, clock, a, 50, "12") == {
        "late": True,
        "delaySeconds": 180000,
        "historical": False,
    }
    assert (await offence_at(graphql, clock, b, 72, "12"))["late"] is True
    assert (await offence_at(graphql, clock, c, 2, "17"))["delaySeconds"] == 7200
    # A historical record (the bulk import of past records) is never late, and not counted.
    context = Context(session=session, principal=a, clock=clock)
    old = OffenceData(
        type_code="THEFT",
        occurred_at=datetime(2005, 3, 1, tzinfo=UTC),
        place=PlaceData(province_code="12"),
        historical=True,
    )
    historical = await record_offence(context, old)
    assert (historical.late, historical.delay_seconds, historical.historical) == (
        False,
        None,
        True,
    )
    clock.advance(timedelta(days=30))  # into December
    await offence_at(graphql, clock, a, 1, "12")
    return a, b, c


def figures(result: Any) -> dict[str, tuple[int, int, float, float | None]]:
    assert result.errors is None, result.errors
    return {
        g["key"]: (g["offences"], g["onTime"], g["onTimeShare"], g["medianDelaySeconds"])
        for g in result.data["entryCompliance"]
    }


async def test_compliance_per_unit_province_and_month(
    session: AsyncSession, graphql: Any, clock: FixedClock
) -> None:
    a, b, c = await build(session, graphql, clock)
    by_unit = figures(await graphql(COMPLIANCE, {"by": "UNIT"}))
    assert by_unit == {
        gid("Unit", a.unit_id): (4, 3, 0.75, 86400.0),
        gid("Unit", b.unit_id): (1, 0, 0.0, 259200.0),
        gid("Unit", c.unit_id): (1, 1, 1.0, 7200.0),
    }
    by_province = figures(await graphql(COMPLIANCE, {"by": "PROVINCE"}))
    assert by_province == {"12": (5, 3, 0.6, 169200.0), "17": (1, 1, 1.0, 7200.0)}
    by_month = figures(await graphql(COMPLIANCE, {"by": "MONTH"}))
    assert by_month == {"2026-11": (5, 3, 0.6, 169200.0), "2026-12": (1, 1, 1.0, 3600.0)}
    december = {"by": "MONTH", "from": (T0 + timedelta(days=1)).isoformat()}
    assert figures(await graphql(COMPLIANCE, december)) == {"2026-12": (1, 1, 1.0, 3600.0)}
    november = {"by": "MONTH", "to": (T0 + timedelta(days=1)).isoformat()}
    assert figures(await graphql(COMPLIANCE, november)) == {"2026-11": (5, 3, 0.6, 169200.0)}


async def test_compliance_counts_only_offences_the_caller_may_read(
    session: AsyncSession, graphql: Any, clock: FixedClock
) -> None:
    _, _, c = await build(session, graphql, clock)
    assert figures(await graphql(COMPLIANCE, {"by": "PROVINCE"}, principal=c)) == {
        "17": (1, 1, 1.0, 7200.0)
    }


async def test_a_bad_period_is_refused(graphql: Any) -> None:
    backwards = {"by": "UNIT", "from": T0.isoformat(), "to": (T0 - timedelta(days=1)).isoformat()}
    result = await graphql(COMPLIANCE, backwards)
    assert result.errors is not None
    assert "after" in result.errors[0].message
