"""Planned reads (schema.planned) answer exactly what the field-by-field path answers.

Each query runs twice on PostgreSQL, planned and not, as several callers: the two answers must
be equal byte for byte (keys in the same order), errors included. The planned path must also
have been taken: it runs fewer statements. On SQLite there is one path, so these run on
PostgreSQL only.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from db import tables as t
from db.clock import FixedClock
from db.engine import Database
from policies.enforcer import default_policy
from policies.principal import Principal
from resolvers.context import Context
from schema.relay import encode_cursor
from tests import factories as f
from tests.conftest import NATIONAL_READER, SCHEMA, T0, StatementCounter

pytestmark = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)

OFFENCE_FIELDS = """
  id occurredAt recordedAt late historical delaySeconds latitude longitude version
  type { id code nameEn nameKm kind iccsCode category { id code nameEn level parentCode } }
  category { code nameEn }
  case { id number status sealed province { code nameLatin } }
  province { id code nameLatin nameKm typeEn seatLatin seatLatitude seatLongitude }
  persons { role person { id fullNameLatin sex } }
"""
PROFILE = f"""
query Profile($id: ID!, $withNotices: Boolean!, $after: String) {{
  node(id: $id) {{
    __typename
    ... on Person {{
      id name: familyNameLatin givenNameLatin familyNameKm givenNameKm sex nationality
      provinceCode createdAt updatedAt version background fullNameLatin fullNameKm
      birthDate {{ year month day text __typename }}
      aliases {{ name script }}
      documents {{ kind number issuingCountry }}
      contactUnit {{ id code nameEn }}
      caseProvinces {{ code nameLatin }}
      province {{ code }}
      ...Orders
      cases(first: 2) {{
        __typename totalCount
        pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }}
        edges {{ cursor node {{
          id number title status openedAt closedAt disposition sealed version
          offences(first: 5) {{
            totalCount nodes {{ {OFFENCE_FIELDS} }} pageInfo {{ hasNextPage }}
          }}
        }} }}
      }}
      notices(first: 1, after: $after) @include(if: $withNotices) {{
        edges {{ node {{ id kind validFrom validUntil reference summary active }} }}
        pageInfo {{ hasPreviousPage hasNextPage }}
      }}
      offences(first: 3) {{ edges {{ node {{ id occurredAt }} }} }}
    }}
  }}
}}
fragment Orders on Person {{
  warrants(first: 10) {{ edges {{ node {{
    id court number kind status issuedOn expiresOn notes version historical
  }} }} }}
}}
"""
PAGE = f"""
query Page($province: String!) {{
  offences(first: 100, filter: {{provinceCodes: [$province]}}) {{
    edges {{ node {{ {OFFENCE_FIELDS} }} }}
  }}
}}
"""
# A field the planner does not know (Person.photos): the whole person is left to the
# resolvers, and the answer is still the same.
UNPLANNED = """
query ($id: ID!) { node(id: $id) { ... on Person { id photos { sha256 } cases { edges {
  node { id } } } } } }
"""


def _officer(province: str, *roles: str) -> Principal:
    return Principal(
        username=f"officer.{province}",
        user_id=None,
        roles=roles or ("officer",),
        province_code=province,
        rank="Captain",
        policy=default_policy(),
    )


CALLERS = {
    "national": NATIONAL_READER,
    "officer at home": _officer("12"),
    "officer elsewhere": _officer("17"),
    "specialist at home": _officer("12", "specialist"),
}


async def _run(
    db: Database, principal: Principal, query: str, variables: dict[str, Any], planned: bool
) -> tuple[str, int]:
    counter = StatementCounter()
    from sqlalchemy import event

    event.listen(db.engine.sync_engine, "before_cursor_execute", counter)
    try:
        async with db.session() as session:
            context = Context(
                session=session,
                principal=principal,
                clock=FixedClock(T0 + timedelta(days=400)),
                planned_reads=planned,
            )
            result = await SCHEMA.execute(query, variable_values=variables, context_value=context)
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", counter)
    errors = [e.formatted for e in result.errors or []]
    return json.dumps({"data": result.data, "errors": errors}, ensure_ascii=False), counter.reads


async def _world(session: AsyncSession) -> dict[str, Any]:
    home, away = await f.unit(session, province="12"), await f.unit(session, province="17")
    recorder = await f.user(session, unit_row=home)
    someone = await f.person(
        session, given_name_latin="Vicheka", birth_month=3, birth_day=7, recorded_unit_id=home.id
    )
    victim = await f.person(session, given_name_latin="Sophea", sex="F", birth_year=None)
    elsewhere = await f.person(
        session, province_code="17", background="a long story", recorded_unit_id=away.id
    )
    for who in (someone, elsewhere):
        someone_id = who.id
        session.add(t.PersonAlias(person_id=someone_id, name="Bong Thom", script="latin"))
        session.add(t.PersonAlias(person_id=someone_id, name="បងធំ", script="khmer"))
        session.add(
            t.IdentityDocument(
                person_id=someone_id,
                kind="national_id",
                number=f"0123{someone_id}",
                number_key=f"0123{someone_id}",
                issuing_country="KH",
            )
        )
        cases = [
            await f.case(session, lead=home, opened_at=T0 - timedelta(days=d)) for d in (1, 2, 3)
        ]
        cases.append(await f.case(session, lead=away, opened_at=T0))
        cases.append(await f.case(session, lead=home, sealed=True, opened_at=T0))
        for i, kase in enumerate(cases):
            await f.participant(session, case_row=kase, person_row=who)
            for hours in range(i + 1):
                row = await f.offence(
                    session,
                    recorder=recorder,
                    persons=[who],
                    case_id=kase.id,
                    occurred_at=T0 - timedelta(hours=5 + hours, microseconds=hours * 1500),
                    province_code=kase.province_code,
                )
                session.add(t.OffencePerson(offence_id=row.id, person_id=victim.id, role="victim"))
        await f.warrant(session, subject=who, expires_on=date(2026, 1, 1))
        await f.warrant(session, subject=who, kind="judgment", status="executed")
        for days in (0, 10, 20):
            await f.notice(session, subject=who, valid_from=date(2025, 1, 1) + timedelta(days))
    await session.commit()
    return {"someone": someone.id, "elsewhere": elsewhere.id}


def _gid(kind: str, key: int) -> str:
    from strawberry.relay.utils import to_base64

    return to_base64(kind, key)


@pytest.mark.parametrize("caller", sorted(CALLERS))
async def test_a_profile_reads_the_same_planned_or_not(
    db: Database, session: AsyncSession, caller: str
) -> None:
    ids = await _world(session)
    principal = CALLERS[caller]
    for key in ("someone", "elsewhere"):
        # Plans are kept across requests: variables used inside the selection must tell them apart.
        for after, notices in ((None, True), (encode_cursor(0), True), (None, False)):
            variables = {"id": _gid("Person", ids[key]), "withNotices": notices, "after": after}
            planned, planned_count = await _run(db, principal, PROFILE, variables, True)
            plain, plain_count = await _run(db, principal, PROFILE, variables, False)
            assert planned == plain
            assert planned_count < plain_count, "the planned path was not taken"
    home_caller = caller in ("officer at home", "specialist at home")
    assert ('"background": "a long story"' in plain) is not home_caller  # a mask was judged


@pytest.mark.parametrize("caller", sorted(CALLERS))
async def test_an_offence_page_reads_the_same_planned_or_not(
    db: Database, session: AsyncSession, caller: str
) -> None:
    await _world(session)
    for province in ("12", "17"):
        planned, planned_count = await _run(db, CALLERS[caller], PAGE, {"province": province}, True)
        plain, _ = await _run(db, CALLERS[caller], PAGE, {"province": province}, False)
        assert planned == plain
    assert planned_count <= 4


async def test_a_selection_it_cannot_plan_is_answered_by_the_resolvers(
    db: Database, session: AsyncSession
) -> None:
    ids = await _world(session)
    variables = {"id": _gid("Person", ids["someone"])}
    planned, planned_count = await _run(db, NATIONAL_READER, UNPLANNED, variables, True)
    plain, plain_count = await _run(db, NATIONAL_READER, UNPLANNED, variables, False)
    assert planned == plain and '"photos": []' in planned
    assert planned_count == plain_count


async def test_a_query_is_planned_once_whichever_person_it_asks_for(
    db: Database, session: AsyncSession
) -> None:
    from schema.planned.cache import PLANS

    ids = await _world(session)
    query = PROFILE + "\n# planned once"  # a text no other test sends
    made = PLANS.misses
    for key in ("someone", "elsewhere", "someone"):
        variables = {"id": _gid("Person", ids[key]), "withNotices": True, "after": None}
        await _run(db, NATIONAL_READER, query, variables, True)
    assert PLANS.misses == made + 1
