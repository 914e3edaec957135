"""Filing, approving and rejecting review requests, through GraphQL on both databases."""

from __future__ import annotations

from sqlalchemy import func, select

from db import tables as t
from tests import factories as f
from tests.review_helpers import (
    APPROVE,
    FILE,
    LIST,
    LOCKED,
    REJECT,
    filing,
    gid,
    member,
    offence,
)


async def _filed(session, graphql, clock) -> tuple:  # type: ignore[no-untyped-def]
    chief = await member(session, "provincial_chief")
    record = await offence(session)
    clock.advance(LOCKED)
    result = await graphql(FILE, filing(gid("Offence", record.id)), principal=chief)
    request = result.data["fileReviewRequest"]["request"]
    return chief, record, request


async def test_the_chief_files_a_request_on_a_locked_record_of_the_province(
    session, graphql, clock
) -> None:  # type: ignore[no-untyped-def]
    chief, record, request = await _filed(session, graphql, clock)
    assert request["status"] == "PENDING"
    assert request["recordId"] == gid("Offence", record.id)
    assert request["recordType"] == "Offence"
    assert request["fields"] == ["description"]
    assert request["proposed"] == [
        {"field": "description", "value": "Stolen motorbike, red Honda Dream"}
    ]
    assert request["attachments"] == [{"name": "statement.pdf", "sha256": "ab" * 32}]
    assert request["filedBy"] == chief.username
    assert request["windowOpensAt"] is None


async def test_an_unlocked_record_is_refused_naming_the_record(session, graphql, clock) -> None:  # type: ignore[no-untyped-def]
    chief = await member(session, "provincial_chief")
    record = await offence(session)
    result = await graphql(FILE, filing(gid("Offence", record.id)), principal=chief)
    answer = result.data["fileReviewRequest"]
    assert answer["__typename"] == "ValidationFailed"
    assert [(e["field"], e["code"]) for e in answer["errors"]] == [("recordId", "invalid")]
    assert "not locked" in answer["errors"][0]["message"]


async def test_another_provinces_record_is_refused(session, graphql, clock) -> None:  # type: ignore[no-untyped-def]
    chief = await member(session, "provincial_chief", province="12")
    record = await offence(session, province="17")
    person = await f.person(session, province_code="17")
    await session.commit()
    clock.advance(LOCKED)
    result = await graphql(FILE, filing(gid("Offence", record.id)), principal=chief)
    assert result.data["fileReviewRequest"]["__typename"] == "ValidationFailed"  # unseen
    result = await graphql(
        FILE,
        filing(gid("Person", person.id), fields=["background"], proposed=[]),
        principal=chief,
    )
    assert result.data["fileReviewRequest"]["__typename"] == "Forbidden"  # seen, not theirs


async def test_a_specialist_cannot_file(session, graphql, clock) -> None:  # type: ignore[no-untyped-def]
    specialist = await member(session, "specialist")
    record = await offence(session)
    clock.advance(LOCKED)
    result = await graphql(FILE, filing(gid("Offence", record.id)), principal=specialist)
    assert result.data["fileReviewRequest"]["__typename"] == "Forbidden"
    assert (
        int((await session.execute(select(func.count()).select_from(t.ReviewRequest))).scalar_one())
        == 0
    )


async def test_bad_input_names_every_field(session, graphql, clock) -> None:  # type: ignore[no-untyped-def]
    chief = await member(session, "provincial_chief")
    record = await offence(session)
    clock.advance(LOCKED)
    variables = filing(
        gid("Offence", record.id),
        fields=["version", "occurredAt", "nonsense"],
        proposed=[{"field": "plateNumber", "value": "x"}],
        reason="because",
        attachments=[{"name": "", "sha256": "xyz"}],
    )
    result = await graphql(FILE, variables, principal=chief)
    answer = result.data["fileReviewRequest"]
    assert answer["__typename"] == "ValidationFailed"
    assert {e["field"] for e in answer["errors"]} == {
        "fields.0",
        "fields.2",
        "proposed.0.field",
        "reason",
        "attachments.0.name",
        "attachments.0.sha256",
    }


async def test_the_planning_head_approves_and_a_window_opens_on_the_fields(
    session, graphql, clock
) -> None:  # type: ignore[no-untyped-def]
    _, record, request = await _filed(session, graphql, clock)
    head = await member(session, "planning_head")
    result = await graphql(APPROVE, {"id": request["id"], "comment": "Agreed."}, principal=head)
    approved = result.data["approveReviewRequest"]["request"]
    assert approved["status"] == "APPROVED"
    assert approved["decidedBy"] == head.username
    assert approved["windowOpensAt"] == clock.now().isoformat()
    grants = (await session.execute(select(t.CorrectionGrant))).scalars().all()
    assert [(g.table_name, g.record_id, g.fields) for g in grants] == [
        ("offence", record.id, "description")
    ]
    again = await graphql(APPROVE, {"id": request["id"], "comment": ""}, principal=head)
    assert again.data["approveReviewRequest"]["__typename"] == "ValidationFailed"


async def test_only_the_planning_head_decides(session, graphql, clock) -> None:  # type: ignore[no-untyped-def]
    chief, _, request = await _filed(session, graphql, clock)
    twg = await member(session, "technical_working_group")
    for who in (chief, twg):
        result = await graphql(APPROVE, {"id": request["id"], "comment": ""}, principal=who)
        assert result.data["approveReviewRequest"]["__typename"] == "Forbidden"


async def test_a_rejected_request_opens_nothing(session, graphql, clock) -> None:  # type: ignore[no-untyped-def]
    _, _, request = await _filed(session, graphql, clock)
    head = await member(session, "planning_head")
    missing = await graphql(REJECT, {"id": request["id"], "comment": ""}, principal=head)
    assert missing.data["rejectReviewRequest"]["errors"][0]["field"] == "comment"
    result = await graphql(
        REJECT, {"id": request["id"], "comment": "The statement does not say so."}, principal=head
    )
    rejected = result.data["rejectReviewRequest"]["request"]
    assert rejected["status"] == "REJECTED"
    assert rejected["windowOpensAt"] is None
    count = select(func.count()).select_from(t.CorrectionGrant)
    assert int((await session.execute(count)).scalar_one()) == 0


async def test_requests_are_seen_by_province_and_follow_their_window(
    session, graphql, clock
) -> None:  # type: ignore[no-untyped-def]
    chief, _, request = await _filed(session, graphql, clock)
    other_chief = await member(session, "provincial_chief", province="17")
    head = await member(session, "planning_head")
    twg = await member(session, "technical_working_group")
    specialist = await member(session, "specialist")
    for who, seen in ((chief, 1), (other_chief, 0), (head, 1), (twg, 1), (specialist, 0)):
        result = await graphql(LIST, {}, principal=who)
        assert result.data["reviewRequests"]["totalCount"] == seen, who.roles
    await graphql(APPROVE, {"id": request["id"], "comment": ""}, principal=head)
    result = await graphql(LIST, {"status": "APPROVED"}, principal=chief)
    assert result.data["reviewRequests"]["totalCount"] == 1
    clock.advance(LOCKED)  # the 48-hour correction window passes unused
    result = await graphql(LIST, {"status": "EXPIRED"}, principal=head)
    assert [e["node"]["status"] for e in result.data["reviewRequests"]["edges"]] == ["EXPIRED"]
    result = await graphql(LIST, {"status": "APPROVED"}, principal=head)
    assert result.data["reviewRequests"]["totalCount"] == 0


async def test_each_step_is_audited(session, graphql, clock) -> None:  # type: ignore[no-untyped-def]
    chief, _, request = await _filed(session, graphql, clock)
    head = await member(session, "planning_head")
    await graphql(APPROVE, {"id": request["id"], "comment": "Agreed."}, principal=head)
    rows = await session.execute(
        select(t.AuditEntry.action, t.AuditEntry.actor_username).order_by(t.AuditEntry.id)
    )
    actions = [(action, who) for action, who in rows.all() if action.startswith(("review", "corr"))]
    assert actions == [
        ("review_request.create", chief.username),
        ("correction_grant.create", head.username),
        ("review_request.update", head.username),
    ]


async def test_persons_and_cases_are_reviewed_too(session, graphql, clock) -> None:  # type: ignore[no-untyped-def]
    chief = await member(session, "provincial_chief")
    person = await f.person(session, province_code="12")
    case = await f.case(session, lead=await f.unit(session, province="12"))
    await session.commit()
    clock.advance(LOCKED)
    for record, fields in (
        (gid("Person", person.id), ["birthYear"]),
        (gid("Case", case.id), ["title"]),
    ):
        result = await graphql(FILE, filing(record, fields=fields, proposed=[]), principal=chief)
        request = result.data["fileReviewRequest"]["request"]
        assert (request["recordId"], request["fields"]) == (record, fields)


async def test_a_record_has_one_pending_request_at_a_time(session, graphql, clock) -> None:  # type: ignore[no-untyped-def]
    chief, record, _ = await _filed(session, graphql, clock)
    again = await graphql(FILE, filing(gid("Offence", record.id)), principal=chief)
    errors = again.data["fileReviewRequest"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("recordId", "conflict")]


async def test_a_request_leads_to_its_record_within_the_readers_scope(
    session, graphql, clock
) -> None:  # type: ignore[no-untyped-def]
    chief, record, _ = await _filed(session, graphql, clock)
    query = "{ reviewRequests { edges { node { record { __typename id } } } } }"
    result = await graphql(query, principal=chief)
    [edge] = result.data["reviewRequests"]["edges"]
    assert edge["node"]["record"] == {"__typename": "Offence", "id": gid("Offence", record.id)}
