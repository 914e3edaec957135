"""The employment check answers only yes/no and the end date, and every check is audited."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from db import tables as t
from policies.enforcer import default_policy
from policies.principal import Principal
from tests import factories as f

CHECK = """
query ($doc: String, $name: String, $born: String) {
  employmentCheck(documentNumber: $doc, name: $name, birthDate: $born) { blacklisted until }
}"""

CHECKER = Principal(username="ministry.hr", roles=("employment_checker",), policy=default_policy())


async def official(session: AsyncSession, **kw: Any) -> t.Person:
    row = await f.person(
        session,
        family_name_latin="Chan",
        given_name_latin="Sophal",
        birth_year=1980,
        birth_month=4,
        birth_day=17,
        **kw,
    )
    session.add(
        t.IdentityDocument(
            person_id=row.id,
            kind="national_id",
            number="010 234 567",
            number_key="010234567",
            issuing_country="KH",
        )
    )
    await session.flush()
    return row


async def blacklist(session: AsyncSession, person: t.Person, until: date) -> t.Notice:
    return await f.notice(
        session,
        subject=person,
        kind="blacklist",
        valid_from=date(2025, 1, 1),
        valid_until=until,
        position="Deputy director",
        ministry_code="MOI",
        basis="PP-77/2024",
        summary="Convicted of trafficking methamphetamine",
    )


async def check(graphql: Any, principal: Principal = CHECKER, **terms: str) -> Any:
    result = await graphql(CHECK, terms, principal=principal)
    assert result.errors is None, result.errors
    return result.data["employmentCheck"]


async def test_a_blacklisted_document_answers_yes_with_the_end_date(session, graphql) -> None:
    await blacklist(session, await official(session), date(2028, 6, 30))
    answer = await check(graphql, doc="n° 010-234-567")
    assert answer == {"blacklisted": True, "until": "2028-06-30"}


async def test_name_and_full_birth_date_match_in_either_order(session, graphql) -> None:
    await blacklist(session, await official(session), date(2028, 6, 30))
    assert (await check(graphql, name="sophal CHAN", born="1980-04-17"))["blacklisted"] is True
    assert (await check(graphql, name="Chan Sophal", born="1980-04-17"))["blacklisted"] is True
    # A different birth date, or a different name, is another person.
    assert (await check(graphql, name="Chan Sophal", born="1980-04-18"))["blacklisted"] is False
    assert (await check(graphql, name="Chan Sopheap", born="1980-04-17"))["blacklisted"] is False


async def test_an_expired_blacklisting_answers_no(session, graphql, clock) -> None:
    await blacklist(session, await official(session), date(2026, 10, 31))
    assert await check(graphql, doc="010234567") == {"blacklisted": False, "until": None}


async def test_an_unknown_person_answers_no(session, graphql) -> None:
    assert await check(graphql, doc="999999999") == {"blacklisted": False, "until": None}


async def test_other_notices_about_the_person_answer_no(session, graphql) -> None:
    person = await official(session)
    await f.notice(session, subject=person, kind="wanted", valid_until=date(2030, 1, 1))
    assert (await check(graphql, doc="010234567"))["blacklisted"] is False


async def test_the_answer_type_has_exactly_two_fields(graphql) -> None:
    query = '{ __type(name: "EmploymentCheck") { fields { name } } }'
    result = await graphql(query)
    names = sorted(field["name"] for field in result.data["__type"]["fields"])
    assert names == ["blacklisted", "until"]


async def test_a_principal_who_may_not_check_is_refused_and_that_is_audited(
    session, graphql
) -> None:
    result = await graphql(CHECK, {"doc": "010234567"})  # a national analyst
    assert result.data is None
    assert result.errors
    stmt = select(t.AuditEntry).where(col(t.AuditEntry.action) == "blacklist.check")
    (entry,) = (await session.execute(stmt)).scalars()
    assert entry.outcome == "denied"


async def test_a_check_is_given_terms(graphql) -> None:
    result = await graphql(CHECK, {"name": "Chan Sophal"}, principal=CHECKER)
    assert result.errors and "date of birth" in result.errors[0].message


async def test_every_check_is_audited_with_its_terms_and_answer_not_the_person(
    session, graphql
) -> None:
    person = await official(session)
    await blacklist(session, person, date(2028, 6, 30))
    await check(graphql, doc="010234567")
    stmt = select(t.AuditEntry).where(col(t.AuditEntry.action) == "blacklist.check")
    (entry,) = (await session.execute(stmt)).scalars()
    assert (entry.actor_username, entry.outcome, entry.object_id) == ("ministry.hr", "ok", None)
    details = json.loads(entry.details)
    assert details["document_number"] == "010234567"
    assert details["blacklisted"] is True
    assert str(person.id) not in json.dumps(
        {k: v for k, v in details.items() if k != "document_number"}
    )


@pytest.mark.parametrize("born", ["1980", "1980-04", "17/04/1980"])
async def test_a_partial_birth_date_is_refused(graphql, born: str) -> None:
    result = await graphql(CHECK, {"name": "Chan Sophal", "born": born}, principal=CHECKER)
    assert result.errors
