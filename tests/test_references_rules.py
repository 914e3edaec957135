"""What the reference gate means for the cases issue 14 found, and the recording ministry rule:
answers name only what the caller may reach, and a partner ministry records as itself."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy import func, select

from db import tables as t
from policies.enforcer import Policy, default_rules
from tests.reference_bases import AN_HOUR_AGO
from tests.reference_scene import OWN, build

FAILURES = """__typename
  ... on ValidationFailed { errors { field code message } }
  ... on NotFound { id }
  ... on Forbidden { message }"""
RECORD = (
    "mutation ($i: OffenceInput!) { recordOffence(input: $i) { "
    + FAILURES
    + " ... on RecordOffenceSuccess { offence { ministry { code } case { number } } } } }"
)
UPDATE_OFFENCE = (
    "mutation ($id: ID!, $i: OffencePatch!) { updateOffence(id: $id, input: $i) { "
    + FAILURES
    + " ... on UpdateOffenceSuccess { offence { ministry { code } } } } }"
)
WARRANT = (
    "mutation ($i: CreateWarrantInput!) { createWarrant(input: $i) { "
    + FAILURES
    + " ... on CreateWarrantSuccess { warrant { owningUnit { id } } } } }"
)
UPDATE_CASE = (
    "mutation ($id: ID!, $p: CasePatchInput!) { updateCase(id: $id, patch: $p) { "
    + FAILURES
    + " ... on UpdateCaseSuccess { case { title } } } }"
)


def theft(**kw: Any) -> dict[str, Any]:
    return {"typeCode": "THEFT", "occurredAt": AN_HOUR_AGO, "place": {"provinceCode": OWN}, **kw}


def logging(**kw: Any) -> dict[str, Any]:
    return theft(typeCode="ILLEGAL_LOGGING", place={"provinceCode": "17"}, **kw)


def problems(result: Any) -> list[tuple[str, str, str]]:
    assert result.errors is None, result.errors
    (payload,) = result.data.values()
    assert payload["__typename"] == "ValidationFailed", payload
    return [(e["field"], e["code"], e["message"]) for e in payload["errors"]]


async def offences(session: Any) -> int:
    return int((await session.execute(select(func.count()).select_from(t.Offence))).scalar_one())


async def test_another_provinces_closed_sealed_or_open_case_is_no_such_case(
    session, graphql
) -> None:  # type: ignore[no-untyped-def]
    scene = await build(session)
    me = scene.principals["specialist"]
    before = await offences(session)
    for name in ("sr_closed", "sr_open", "pp_sealed"):
        answer = await graphql(RECORD, {"i": theft(caseId=scene.id(name))}, principal=me)
        assert problems(answer) == [("caseId", "unknown", "no such case")], name
        warrant = {
            "court": "Phnom Penh Municipal Court of First Instance",
            "number": f"W-{name}",
            "kind": "ARREST",
            "issuedOn": "2025-03-04",
            "subjectPersonId": scene.id("pp_person"),
            "caseId": scene.id(name),
        }
        answer = await graphql(WARRANT, {"i": warrant}, principal=me)
        assert problems(answer) == [("caseId", "unknown", "no such case")], name
    assert await offences(session) == before


async def test_an_own_closed_case_says_so(session, graphql) -> None:  # type: ignore[no-untyped-def]
    scene = await build(session)
    major = replace(scene.principals["specialist"], rank="Major")  # may see the sealed case
    answer = await graphql(RECORD, {"i": theft(caseId=scene.id("pp_sealed"))}, principal=major)
    assert problems(answer) == [("caseId", "invalid", "the case is closed; reopen it first")]


async def test_a_sealed_case_is_out_of_reach_below_the_sealing_rank_for_changes_too(  # type: ignore[no-untyped-def]
    session, graphql
) -> None:
    scene = await build(session)
    captain = scene.principals["specialist"]
    patch = {"p": {"expectedVersion": 1, "title": "renamed"}, "id": scene.id("pp_sealed")}
    answer = await graphql(UPDATE_CASE, patch, principal=captain)
    assert answer.data["updateCase"]["__typename"] == "NotFound"
    answer = await graphql(UPDATE_CASE, patch, principal=replace(captain, rank="Major"))
    assert answer.data["updateCase"]["__typename"] == "UpdateCaseSuccess"


async def test_an_owning_unit_is_one_the_caller_acts_for(session, graphql) -> None:  # type: ignore[no-untyped-def]
    scene = await build(session)
    me = scene.principals["specialist"]
    warrant = {
        "court": "Phnom Penh Municipal Court of First Instance",
        "number": "W-UNIT",
        "kind": "ARREST",
        "issuedOn": "2025-03-04",
        "subjectPersonId": scene.id("sr_person"),  # seen in summary: may be named
        "owningUnitId": scene.id("sr_unit"),
    }
    answer = await graphql(WARRANT, {"i": warrant}, principal=me)
    assert problems(answer) == [("owningUnitId", "unknown", "no such unit among those you act for")]
    for unit in ("pp_unit2", "national_unit"):
        warrant |= {"number": f"W-{unit}", "owningUnitId": scene.id(unit)}
        answer = await graphql(WARRANT, {"i": warrant}, principal=me)
        assert answer.data["createWarrant"]["warrant"]["owningUnit"]["id"] == scene.id(unit)


async def test_a_partner_ministry_records_under_its_own_ministry(session, graphql) -> None:  # type: ignore[no-untyped-def]
    scene = await build(session)
    maff = scene.principals["ministry_officer"]
    answer = await graphql(RECORD, {"i": logging()}, principal=maff)
    assert answer.data["recordOffence"]["offence"]["ministry"] == {"code": "MAFF"}
    before = await offences(session)
    answer = await graphql(RECORD, {"i": logging(ministryCode="MOI")}, principal=maff)
    assert problems(answer) == [("ministryCode", "invalid", "must be your own ministry, MAFF")]
    assert await offences(session) == before


async def test_a_partner_ministry_corrects_but_does_not_move_an_offence_to_another_ministry(  # type: ignore[no-untyped-def]
    session, graphql
) -> None:
    scene = await build(session)
    maff = scene.principals["ministry_officer"]
    recorded = await graphql(
        "mutation ($i: OffenceInput!) { recordOffence(input: $i) {"
        " ... on RecordOffenceSuccess { offence { id } } } }",
        {"i": logging()},
        principal=maff,
    )
    offence = recorded.data["recordOffence"]["offence"]["id"]
    moved = await graphql(
        UPDATE_OFFENCE, {"id": offence, "i": {"expectedVersion": 1, "ministryCode": "MOI"}}, maff
    )
    assert problems(moved) == [("ministryCode", "invalid", "must be your own ministry, MAFF")]
    kept = {"expectedVersion": 1, "ministryCode": "MAFF", "description": "logs seized"}
    answer = await graphql(UPDATE_OFFENCE, {"id": offence, "i": kept}, principal=maff)
    assert answer.data["updateOffence"]["offence"]["ministry"] == {"code": "MAFF"}


async def test_police_name_any_ministry_and_a_policy_line_may_let_a_partner_do_so(  # type: ignore[no-untyped-def]
    session, graphql
) -> None:
    scene = await build(session)
    police = scene.principals["specialist"]
    answer = await graphql(RECORD, {"i": theft(ministryCode="MOE")}, principal=police)
    assert problems(answer) == [
        ("ministryCode", "invalid", "THEFT (ICCS 05022) is outside the jurisdiction of MOE")
    ]
    answer = await graphql(RECORD, {"i": theft()}, principal=police)
    assert answer.data["recordOffence"]["offence"]["ministry"] == {"code": "MOI"}
    granted = Policy(
        [
            *default_rules(),
            ("p", "ministry_officer", "*", "offence", "record_for_ministry", "-", "allow"),
        ]
    )
    maff = replace(scene.principals["ministry_officer"], policy=granted)
    answer = await graphql(RECORD, {"i": logging(ministryCode="MOI")}, principal=maff)
    assert answer.data["recordOffence"]["offence"]["ministry"] == {"code": "MOI"}
