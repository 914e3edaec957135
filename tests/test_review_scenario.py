"""Issue 4, "Done when": the chief files, the planning head approves, the technical working group
corrects an approved field inside the window and nothing else, and nothing after it closes."""

from __future__ import annotations

from datetime import timedelta

from strawberry.relay import GlobalID

from db import tables as t
from tests.conftest import T0
from tests.review_helpers import APPROVE, FILE, LIST, LOCKED, filing, gid, member, offence

EARLIER = (T0 - timedelta(hours=6)).isoformat()
UPDATE = """mutation ($id: ID!, $input: OffencePatch!) { updateOffence(id: $id, input: $input) {
  __typename
  ... on UpdateOffenceSuccess { offence { description version } }
  ... on RecordLocked { message since }
  ... on Forbidden { message }
  ... on NotFound { id }
  ... on ValidationFailed { errors { field code message } }
} }"""


def offence_id_number(value: str) -> str:
    return GlobalID.from_id(value).node_id


async def _approved(session, graphql, clock):  # type: ignore[no-untyped-def]
    chief = await member(session, "provincial_chief")
    head = await member(session, "planning_head")
    twg = await member(session, "technical_working_group")
    record = await offence(session)
    clock.advance(LOCKED)
    filed = await graphql(FILE, filing(gid("Offence", record.id)), principal=chief)
    request_id = filed.data["fileReviewRequest"]["request"]["id"]
    approved = await graphql(APPROVE, {"id": request_id, "comment": "Agreed."}, principal=head)
    assert approved.data["approveReviewRequest"]["request"]["status"] == "APPROVED"
    return twg, gid("Offence", record.id), head


async def test_the_twg_corrects_the_approved_field_once_inside_the_window(
    session, graphql, clock
) -> None:  # type: ignore[no-untyped-def]
    twg, offence_id, head = await _approved(session, graphql, clock)
    clock.advance(timedelta(hours=47))
    refused = await graphql(
        UPDATE,
        {"id": offence_id, "input": {"expectedVersion": 1, "occurredAt": EARLIER}},
        principal=twg,
    )
    assert refused.data["updateOffence"]["__typename"] == "RecordLocked"
    assert "occurred_at" in refused.data["updateOffence"]["message"]
    corrected = await graphql(
        UPDATE,
        {
            "id": offence_id,
            "input": {"expectedVersion": 1, "description": "Stolen motorbike, red Honda Dream"},
        },
        principal=twg,
    )
    answer = corrected.data["updateOffence"]
    assert answer["__typename"] == "UpdateOffenceSuccess", answer
    assert answer["offence"]["version"] == 2  # the description itself is masked from the TWG
    stored = await session.get(
        t.Offence, int(offence_id_number(offence_id)), populate_existing=True
    )
    assert stored.description == "Stolen motorbike, red Honda Dream"
    result = await graphql(LIST, {"status": "APPLIED"}, principal=head)
    assert result.data["reviewRequests"]["totalCount"] == 1
    again = await graphql(
        UPDATE,
        {"id": offence_id, "input": {"expectedVersion": 2, "description": "Once more"}},
        principal=twg,
    )
    assert again.data["updateOffence"]["__typename"] == "RecordLocked"  # a grant corrects once


async def test_after_the_window_closes_the_next_change_is_refused(session, graphql, clock) -> None:  # type: ignore[no-untyped-def]
    twg, offence_id, head = await _approved(session, graphql, clock)
    clock.advance(timedelta(hours=48, seconds=1))
    refused = await graphql(
        UPDATE,
        {"id": offence_id, "input": {"expectedVersion": 1, "description": "Too late"}},
        principal=twg,
    )
    assert refused.data["updateOffence"]["__typename"] == "RecordLocked"
    result = await graphql(LIST, {"status": "EXPIRED"}, principal=head)
    assert result.data["reviewRequests"]["totalCount"] == 1


async def test_a_granted_offence_type_brings_its_category_along(session, graphql, clock) -> None:  # type: ignore[no-untyped-def]
    chief = await member(session, "provincial_chief")
    head = await member(session, "planning_head")
    twg = await member(session, "technical_working_group")
    record = await offence(session)
    clock.advance(LOCKED)
    variables = filing(gid("Offence", record.id), fields=["typeCode"], proposed=[])
    filed = await graphql(FILE, variables, principal=chief)
    request_id = filed.data["fileReviewRequest"]["request"]["id"]
    await graphql(APPROVE, {"id": request_id, "comment": ""}, principal=head)
    corrected = await graphql(
        UPDATE,
        {
            "id": gid("Offence", record.id),
            "input": {"expectedVersion": 1, "typeCode": "MOTORBIKE_THEFT"},
        },
        principal=twg,
    )
    assert corrected.data["updateOffence"]["__typename"] == "UpdateOffenceSuccess", corrected.data
    stored = await session.get(t.Offence, record.id, populate_existing=True)
    assert (stored.type_code, stored.iccs_code) == ("MOTORBIKE_THEFT", "05021")
