"""Each step of a review tells the next actor, through their inbox."""

from __future__ import annotations

from tests.review_helpers import APPROVE, FILE, INBOX, LOCKED, REJECT, filing, gid, member, offence

MARK = """mutation ($ids: [ID!]!) { markInboxRead(ids: $ids) {
  __typename ... on InboxSuccess { entries { id readAt acknowledgedAt } }
  ... on ValidationFailed { errors { field code } } } }"""
ACK = """mutation ($ids: [ID!]!) { acknowledgeInbox(ids: $ids) {
  __typename ... on InboxSuccess { entries { id readAt acknowledgedAt } }
  ... on ValidationFailed { errors { field code } } } }"""


async def _kinds(graphql, who, unread: bool = False) -> list[str]:  # type: ignore[no-untyped-def]
    result = await graphql(INBOX, {"unread": unread}, principal=who)
    return [e["node"]["kind"] for e in result.data["inbox"]["edges"]]


async def test_each_step_reaches_the_next_actor(session, graphql, clock) -> None:  # type: ignore[no-untyped-def]
    chief = await member(session, "provincial_chief")
    head = await member(session, "planning_head")
    twg = await member(session, "technical_working_group")
    specialist = await member(session, "specialist")
    record = await offence(session)
    clock.advance(LOCKED)
    filed = await graphql(FILE, filing(gid("Offence", record.id)), principal=chief)
    request_id = filed.data["fileReviewRequest"]["request"]["id"]
    assert await _kinds(graphql, head) == ["review_filed"]
    assert await _kinds(graphql, twg) == []
    assert await _kinds(graphql, chief) == []
    await graphql(APPROVE, {"id": request_id, "comment": "Agreed."}, principal=head)
    assert await _kinds(graphql, twg) == ["correction_window_open"]
    assert await _kinds(graphql, chief) == ["review_approved"]
    assert await _kinds(graphql, specialist) == []
    entry = (await graphql(INBOX, {"unread": False}, principal=twg)).data["inbox"]["edges"][0]
    assert entry["node"]["requestId"] == request_id
    assert entry["node"]["addressedToRole"] == "technical_working_group"


async def test_the_filer_hears_of_a_rejection(session, graphql, clock) -> None:  # type: ignore[no-untyped-def]
    chief = await member(session, "provincial_chief")
    head = await member(session, "planning_head")
    twg = await member(session, "technical_working_group")
    record = await offence(session)
    clock.advance(LOCKED)
    filed = await graphql(FILE, filing(gid("Offence", record.id)), principal=chief)
    request_id = filed.data["fileReviewRequest"]["request"]["id"]
    await graphql(REJECT, {"id": request_id, "comment": "Not supported."}, principal=head)
    assert await _kinds(graphql, chief) == ["review_rejected"]
    assert await _kinds(graphql, twg) == []


async def test_entries_are_read_and_acknowledged_only_by_their_addressees(
    session, graphql, clock
) -> None:  # type: ignore[no-untyped-def]
    chief = await member(session, "provincial_chief")
    head = await member(session, "planning_head")
    record = await offence(session)
    clock.advance(LOCKED)
    await graphql(FILE, filing(gid("Offence", record.id)), principal=chief)
    entry_id = (await graphql(INBOX, {"unread": True}, principal=head)).data["inbox"]["edges"][0][
        "node"
    ]["id"]
    refused = await graphql(MARK, {"ids": [entry_id, "nonsense"]}, principal=chief)
    errors = refused.data["markInboxRead"]["errors"]
    assert {(e["field"], e["code"]) for e in errors} == {("ids.1", "invalid")}
    refused = await graphql(MARK, {"ids": [entry_id]}, principal=chief)
    assert refused.data["markInboxRead"]["errors"] == [{"field": "ids.0", "code": "unknown"}]
    read = await graphql(MARK, {"ids": [entry_id]}, principal=head)
    [marked] = read.data["markInboxRead"]["entries"]
    assert marked["readAt"] == clock.now().isoformat()
    assert marked["acknowledgedAt"] is None
    assert await _kinds(graphql, head, unread=True) == []
    assert await _kinds(graphql, head) == ["review_filed"]
    acked = await graphql(ACK, {"ids": [entry_id]}, principal=head)
    assert acked.data["acknowledgeInbox"]["entries"][0]["acknowledgedAt"] == clock.now().isoformat()
