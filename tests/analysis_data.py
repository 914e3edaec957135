"""The analysis test data set (tests/test_analysis.py) and the queries that read it.

Offences (occurred, UTC):
  Phnom Penh (12)  2025: 10 thefts, one a month January..October
                   2026: a theft at 2025-12-31 23:30 UTC (1 January 06:30 in Phnom Penh), 9 thefts
                         February..October (district 1201 in March), 2 drug trafficking offences
                         in March (methamphetamine 500 g and 1.5 kg) -> 12, a rise of 0.2
  Siem Reap (17)   2025: 4 online scams (May)    2026: 2 online scams (May), 1 heroin 20 g (March)
  Battambang (02)  2026: 5 online scams (June), 1 unlawful access to a computer (ICCS 09031)
Cases: Phnom Penh, opened March 2026, holding both drug offences, two suspects arrested;
       Siem Reap, opened May 2025, no offences, one arrest with no place (counts for the case's).
Persons: suspect A in both drug offences, suspect B in one; suspect C in a 2025 Siem Reap scam.
Operations: Phnom Penh April 2026 seizes 2 kg methamphetamine and 3 weapons (not drugs);
            Siem Reap April 2026 seizes 1000 yaba tablets.
Every offence is entered at T0 (November 2026), on time.

``build_report`` adds, for the yearly report, crackdown and on-time figures:
  Phnom Penh 2025: 2 drug possession offences (August, cannabis 100 g), entered the next day;
  arrests reported by the operations: Phnom Penh 14, Siem Reap 3; a Siem Reap operation of
  July 2025 with 5 arrests and no seizures;
  Battambang's 6 offences entered in June 2026, the unlawful access and one scam after 48 h.
So the 2026 drug report: 3 offences against 2 (a rise of 50%), 1 case, 2 suspects arrested.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from db import tables as t
from db.lifecycle import pin_database_clock
from policies.enforcer import default_policy
from policies.principal import Principal
from tests import factories as f
from tests.conftest import T0

FIGURES = """
query ($measure: Measure!, $by: [AnalysisGrouping!]!, $filter: AnalysisFilter) {
  figures(measure: $measure, groupBy: $by, filter: $filter) {
    province district category offenceType period count previousCount change
  }
}"""
TOP = """
query ($measure: Measure!, $filter: AnalysisFilter, $limit: Int!) {
  topProvinces(measure: $measure, filter: $filter, limit: $limit) {
    province count previousCount change
  }
}"""
DRUGS = """
query ($filter: AnalysisFilter) {
  drugSeizures(filter: $filter) {
    substance unit totalQuantity offenceQuantity offences seizureQuantity seizures
  }
}"""
TRAFFICKING = {"type_code": "DRUG_TRAFFICKING", "iccs_code": "06012"}
YEAR_2026 = {"from": "2026-01-01", "to": "2026-12-31"}


def utc(year: int, month: int, day: int, hour: int = 3, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


async def build(session: AsyncSession) -> None:
    pp, sr, bb = [await f.unit(session, province=p) for p in ("12", "17", "02")]
    pp_user, sr_user, bb_user = [await f.user(session, unit_row=u) for u in (pp, sr, bb)]
    a, b = [await f.person(session, family_name_latin=n) for n in ("Chea", "Lim")]
    c = await f.person(session, family_name_latin="Keo", province_code="17")
    for month in range(1, 11):
        await f.offence(session, recorder=pp_user, occurred_at=utc(2025, month, 10))
    await f.offence(session, recorder=pp_user, occurred_at=utc(2025, 12, 31, 23, 30))
    for month in range(2, 11):
        district = "1201" if month == 3 else None
        await f.offence(
            session, recorder=pp_user, occurred_at=utc(2026, month, 10), district_code=district
        )
    kase = await f.case(session, lead=pp, opened_at=utc(2026, 3, 15))
    for substance, quantity, unit, persons in (
        ("Methamphetamine", "500", "g", [a]),
        ("methamphetamine", "1.5", "kg", [a, b]),  # names are compared without case
    ):
        await f.offence(
            session,
            recorder=pp_user,
            persons=persons,
            occurred_at=utc(2026, 3, 15),
            case_id=kase.id,
            drug_substance=substance,
            drug_quantity=Decimal(quantity),
            drug_unit=unit,
            **TRAFFICKING,
        )
    for suspect in (a, b):
        held = await f.participant(session, case_row=kase, person_row=suspect)
        arrest = t.ParticipantEvent(
            participant_id=held.id, kind="arrest", occurred_at=utc(2026, 3, 16), province_code="12"
        )
        session.add(arrest)
    old_case = await f.case(session, lead=sr, opened_at=utc(2025, 5, 2))
    held = await f.participant(session, case_row=old_case, person_row=c)
    session.add(
        t.ParticipantEvent(participant_id=held.id, kind="arrest", occurred_at=utc(2025, 5, 3))
    )
    session.add(
        t.ParticipantEvent(participant_id=held.id, kind="release", occurred_at=utc(2025, 6, 3))
    )
    scam = {"type_code": "ONLINE_SCAM", "iccs_code": "07011"}
    for n in range(4):
        persons = [c] if n == 0 else []
        await f.offence(
            session, recorder=sr_user, persons=persons, occurred_at=utc(2025, 5, 1), **scam
        )
    for _ in range(2):
        await f.offence(session, recorder=sr_user, occurred_at=utc(2026, 5, 1), **scam)
    await f.offence(
        session,
        recorder=sr_user,
        occurred_at=utc(2026, 3, 20),
        type_code="DRUG_POSSESSION_USE",
        iccs_code="06011",
        drug_substance="heroin",
        drug_quantity=Decimal(20),
        drug_unit="g",
    )
    for _ in range(5):
        await f.offence(session, recorder=bb_user, occurred_at=utc(2026, 6, 1), **scam)
    await f.offence(
        session,
        recorder=bb_user,
        occurred_at=utc(2026, 6, 2),
        type_code="CYBER_UNLAWFUL_ACCESS",
        iccs_code="09031",
    )
    for unit_row, items in (
        (pp, [("methamphetamine", "2", "kg"), ("weapon", "3", "piece")]),
        (sr, [("yaba", "1000", "tablet")]),
    ):
        operation = t.Operation(
            name="Crackdown",
            started_on=date(2026, 4, 1),
            province_code=unit_row.province_code,
            lead_unit_id=unit_row.id,
            created_at=T0,
        )
        session.add(operation)
        await session.flush()
        for item, quantity, measure in items:
            session.add(
                t.Seizure(
                    operation_id=operation.id, item=item, quantity=Decimal(quantity), unit=measure
                )
            )
    await session.commit()


async def build_report(session: AsyncSession) -> None:
    await build(session)
    pp_user = await f.user(session, unit_row=await f.unit(session, province="12"))
    for _ in range(2):
        await f.offence(
            session,
            recorder=pp_user,
            occurred_at=utc(2025, 8, 1),
            recorded_at=utc(2025, 8, 2),
            type_code="DRUG_POSSESSION_USE",
            iccs_code="06011",
            drug_substance="cannabis",
            drug_quantity=Decimal(100),
            drug_unit="g",
        )
    operation = t.Operation
    for province, arrests in (("12", 14), ("17", 3)):
        await session.execute(
            sa.update(operation)
            .where(col(operation.province_code) == province)
            .values(arrests=arrests)
        )
    sr = await f.unit(session, province="17")
    session.add(
        t.Operation(
            name="Dry season",
            started_on=date(2025, 7, 1),
            province_code="17",
            lead_unit_id=sr.id,
            arrests=5,
            created_at=T0,
        )
    )
    # Corrections of records entered at T0 are open at T0 only (the PostgreSQL lock trigger).
    await pin_database_clock(session=session, now=T0)
    o = t.Offence
    battambang = col(o.province_code) == "02"
    ids = [i for (i,) in (await session.execute(sa.select(col(o.id)).where(battambang))).all()]
    late = sorted(ids)[-2:]  # a scam and the unlawful access
    for chosen, values in (
        (late, {"recorded_at": utc(2026, 6, 9), "late": True, "delay_seconds": 8 * 86400}),
        ([i for i in ids if i not in late], {"recorded_at": utc(2026, 6, 2)}),
    ):
        await session.execute(sa.update(o).where(col(o.id).in_(chosen)).values(**values))
    await session.commit()


async def rows(
    graphql: Any, query: str, field: str, who: Principal | None = None, **variables: Any
) -> list[dict[str, Any]]:
    result = await graphql(query, variables, principal=who)
    assert result.errors is None, result.errors
    found: list[dict[str, Any]] = result.data[field]
    return found


def counts(found: list[dict[str, Any]], *keys: str) -> dict[tuple[Any, ...], tuple[Any, ...]]:
    return {tuple(r[k] for k in keys): (r["count"], r["previousCount"], r["change"]) for r in found}


def provincial(province: str) -> Principal:
    return Principal(
        username=f"specialist.{province}",
        user_id=10_000,
        roles=("specialist",),
        province_code=province,
        policy=default_policy(),
    )


MPTC = Principal(
    username="mptc.analyst",
    user_id=10_001,
    roles=("ministry_analyst",),
    ministry_code="MPTC",
    jurisdiction=("0903",),
    policy=default_policy(),
)
