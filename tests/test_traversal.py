"""The graph can be walked in every natural direction, filtered, ordered and paged."""

from __future__ import annotations

import base64
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from db import tables as t
from policies.enforcer import default_policy
from policies.principal import Principal
from tests import factories as f

SIEM_REAP_SPECIALIST = Principal(
    username="specialist.sr", roles=("specialist",), province_code="17", policy=default_policy()
)


def gid(type_name: str, key: object) -> str:
    return base64.b64encode(f"{type_name}:{key}".encode()).decode()


async def _scene(session: AsyncSession) -> dict[str, object]:
    """Two provinces; a suspect with a case in Siem Reap and a warrant, plus a victim."""
    sr_unit = await f.unit(session, province="17")
    recorder = await f.user(session, unit_row=sr_unit)
    suspect = await f.person(session, family_name_latin="Chea", given_name_latin="Sokha")
    victim = await f.person(session, family_name_latin="Lim", given_name_latin="Bopha", sex="F")
    kase = await f.case(session, lead=sr_unit, number="SR-2026-000001")
    await f.participant(session, case_row=kase, person_row=suspect, role="suspect")
    await f.participant(session, case_row=kase, person_row=victim, role="victim")
    drug = await f.offence(
        session,
        recorder=recorder,
        persons=[suspect],
        case_id=kase.id,
        type_code="DRUG_TRAFFICKING",
        iccs_code="06012",
        drug_substance="methamphetamine",
        drug_quantity=12,
        drug_unit="g",
        occurred_at=f.at(-30),
    )
    theft = await f.offence(session, recorder=recorder, persons=[victim], occurred_at=f.at(-10))
    first = await f.warrant(session, subject=suspect, case_id=kase.id, number="W-A")
    second = await f.warrant(
        session, subject=suspect, number="W-B", status="executed", issued_on=date(2024, 5, 1)
    )
    await f.notice(
        session, subject=suspect, kind="red_notice", reference="A-1/1-2025", issuing_country="TH"
    )
    await session.commit()
    return {
        "suspect": suspect,
        "victim": victim,
        "case": kase,
        "drug": drug,
        "theft": theft,
        "first": first,
        "second": second,
    }


async def test_person_to_cases_to_offences_and_to_warrants_and_notices(session, graphql) -> None:  # type: ignore[no-untyped-def]
    scene = await _scene(session)
    suspect: t.Person = scene["suspect"]  # type: ignore[assignment]
    result = await graphql(
        """query ($id: ID!) { node(id: $id) { ... on Person {
            fullNameLatin fullNameKm
            cases(first: 5) { totalCount edges { node { number offences { edges { node { type { code } drug { substance unit } } } } } } }
            warrants { totalCount edges { node { number status } } }
            notices { edges { node { kind reference issuingCountry } } }
        } } }""",
        {"id": gid("Person", suspect.id)},
    )
    assert result.errors is None, result.errors
    person = result.data["node"]
    assert person["fullNameLatin"] == "Chea Sokha"
    assert person["cases"]["totalCount"] == 1
    offences = person["cases"]["edges"][0]["node"]["offences"]["edges"]
    assert [o["node"]["type"]["code"] for o in offences] == ["DRUG_TRAFFICKING"]
    assert offences[0]["node"]["drug"] == {"substance": "methamphetamine", "unit": "g"}
    assert {w["node"]["number"] for w in person["warrants"]["edges"]} == {"W-A", "W-B"}
    assert person["notices"]["edges"][0]["node"] == {
        "kind": "RED_NOTICE",
        "reference": "A-1/1-2025",
        "issuingCountry": "TH",
    }


async def test_offence_to_case_to_persons(session, graphql) -> None:  # type: ignore[no-untyped-def]
    scene = await _scene(session)
    drug: t.Offence = scene["drug"]  # type: ignore[assignment]
    result = await graphql(
        """query ($id: ID!) { node(id: $id) { ... on Offence {
            case { number participants { edges { node { role person { fullNameLatin } } } } }
            persons { role person { fullNameLatin } }
            province { nameLatin } category { code parent { code } }
        } } }""",
        {"id": gid("Offence", drug.id)},
        principal=SIEM_REAP_SPECIALIST,  # victims' identities need the owning province's grant
    )
    assert result.errors is None, result.errors
    offence = result.data["node"]
    roles = {
        (p["node"]["role"], p["node"]["person"]["fullNameLatin"])
        for p in offence["case"]["participants"]["edges"]
    }
    assert roles == {("SUSPECT", "Chea Sokha"), ("VICTIM", "Lim Bopha")}
    assert offence["persons"] == [{"role": "SUSPECT", "person": {"fullNameLatin": "Chea Sokha"}}]
    assert offence["province"]["nameLatin"] == "Siemreap"  # the gazetteer's spelling
    assert offence["category"] == {"code": "06012", "parent": {"code": "0601"}}


async def test_warrant_to_subject_to_the_subjects_other_warrants(session, graphql) -> None:  # type: ignore[no-untyped-def]
    scene = await _scene(session)
    first: t.Warrant = scene["first"]  # type: ignore[assignment]
    result = await graphql(
        """query ($id: ID!) { node(id: $id) { ... on Warrant {
            subject { warrants { edges { node { number status case { number } } } } } } } }""",
        {"id": gid("Warrant", first.id)},
    )
    assert result.errors is None, result.errors
    warrants = {
        w["node"]["number"]: w["node"] for w in result.data["node"]["subject"]["warrants"]["edges"]
    }
    assert warrants["W-B"]["status"] == "EXECUTED"
    assert warrants["W-A"]["case"] == {"number": "SR-2026-000001"}


async def test_province_and_ministry_to_their_offences_with_filters(session, graphql) -> None:  # type: ignore[no-untyped-def]
    await _scene(session)
    result = await graphql(
        """{ province(code: "17") {
              all: offences { totalCount }
              drugs: offences(filter: {categories: ["06"]}) { totalCount edges { node { type { code } } } }
            }
            phnomPenh: province(code: "12") { offences { totalCount } }
            ministries { code offences(filter: {provinceCodes: ["17"]}) { totalCount } } }"""
    )
    assert result.errors is None, result.errors
    assert result.data["province"]["all"]["totalCount"] == 2
    assert result.data["province"]["drugs"]["totalCount"] == 1
    assert result.data["phnomPenh"]["offences"]["totalCount"] == 0
    counts = {m["code"]: m["offences"]["totalCount"] for m in result.data["ministries"]}
    assert counts["MOI"] == 2 and counts["MOJ"] == 0


async def test_pages_follow_cursors_to_the_end(session, graphql) -> None:  # type: ignore[no-untyped-def]
    recorder = await f.user(session)
    for hour in range(7):
        await f.offence(session, recorder=recorder, occurred_at=f.at(-hour - 1))
    await session.commit()
    seen: list[str] = []
    after = None
    while True:
        result = await graphql(
            "query ($after: String) { offences(first: 3, after: $after, orderBy: OCCURRED_OLDEST) { totalCount pageInfo { hasNextPage endCursor } edges { node { id occurredAt } } } }",
            {"after": after},
        )
        assert result.errors is None, result.errors
        page = result.data["offences"]
        assert page["totalCount"] == 7
        seen += [e["node"]["occurredAt"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == 7 and seen == sorted(seen)


async def test_filters_by_date_status_nationality_and_role(session, graphql) -> None:  # type: ignore[no-untyped-def]
    await _scene(session)
    await f.person(session, family_name_latin="Nguyen", given_name_latin="Van An", nationality="VN")
    await session.commit()
    result = await graphql(
        """{ vn: persons(filter: {nationality: "VN", purpose: "immigration report"}) { totalCount }
             executed: warrants(filter: {statuses: [EXECUTED]}) { totalCount }
             recent: offences(filter: {occurredFrom: "2026-11-01T12:00:00+00:00"}) { totalCount }
             redNotices: notices(filter: {kinds: [RED_NOTICE], validOn: "2026-11-02"}) { totalCount } }"""
    )
    assert result.errors is None, result.errors
    data = result.data
    assert data["vn"]["totalCount"] == 1
    assert data["executed"]["totalCount"] == 1
    assert (
        data["recent"]["totalCount"] == 1
    )  # the theft, 10 h before T0; the drug offence was 30 h before
    assert data["redNotices"]["totalCount"] == 1
    # The role filter matches only participations the caller may see as such: the Siem Reap
    # specialist holds the victim-identity grant for the Siem Reap case, the national analyst not.
    victims = """{ persons(filter: {role: VICTIM, purpose: "victim support audit"}) {
        edges { node { fullNameLatin } } } }"""
    granted = await graphql(victims, principal=SIEM_REAP_SPECIALIST)
    assert [e["node"]["fullNameLatin"] for e in granted.data["persons"]["edges"]] == ["Lim Bopha"]
    national = await graphql(victims)
    assert national.errors is None and national.data["persons"]["edges"] == []


async def test_nodes_answer_in_order_with_null_for_the_missing(session, graphql) -> None:  # type: ignore[no-untyped-def]
    scene = await _scene(session)
    suspect: t.Person = scene["suspect"]  # type: ignore[assignment]
    ids = [
        gid("Province", "17"),
        gid("Person", 999999),
        gid("Person", suspect.id),
        gid("Nothing", 1),
    ]
    result = await graphql(
        "query ($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }", {"ids": ids}
    )
    assert result.errors is None, result.errors
    nodes = result.data["nodes"]
    assert nodes[0] == {"__typename": "Province", "id": ids[0]}
    assert nodes[1] is None and nodes[3] is None
    assert nodes[2]["id"] == ids[2]
