"""Case participants' events, and offences linked to cases: typed errors, nothing half-written."""

from __future__ import annotations

from datetime import timedelta

from db import tables as t
from tests import factories as f
from tests.conftest import T0
from tests.test_mutations_cases import (
    LINK,
    RECORD_EVENT,
    UNLINK,
    count,
    fields,
    fresh,
    gid,
    kase,  # noqa: F401  (a fixture)
    officer,  # noqa: F401  (a fixture)
    run,
)

# recordParticipantEvent


async def test_arrest_then_release_with_a_reason(session, graphql, officer, kase) -> None:
    part = await f.participant(session, case_row=kase, person_row=await f.person(session))
    pid = gid("CaseParticipant", part.id)
    arrest = {
        "id": pid,
        "kind": "ARREST",
        "at": (T0 - timedelta(days=2)).isoformat(),
        "province": "12",
    }
    payload = await run(graphql, RECORD_EVENT, arrest, officer)
    assert payload["__typename"] == "RecordParticipantEventSuccess"
    assert payload["event"]["provinceCode"] == "12"
    release = {"id": pid, "kind": "RELEASE", "at": T0.isoformat(), "reason": "Bail granted"}
    payload = await run(graphql, RECORD_EVENT, release, officer)
    assert [e["kind"] for e in payload["participant"]["events"]] == ["ARREST", "RELEASE"]
    assert await count(session, t.ParticipantEvent) == 2
    assert (await fresh(session, t.Case, kase.id)).version == 3


async def test_a_release_needs_a_reason_and_custody_before_it(
    session, graphql, officer, kase
) -> None:
    part = await f.participant(session, case_row=kase, person_row=await f.person(session))
    pid = gid("CaseParticipant", part.id)
    release = {"id": pid, "kind": "RELEASE", "at": T0.isoformat(), "province": "99"}
    payload = await run(graphql, RECORD_EVENT, release, officer)
    assert sorted(fields(payload)) == ["kind", "provinceCode", "reason"]
    assert await count(session, t.ParticipantEvent) == 0


async def test_a_late_release_cannot_strip_custody_from_a_later_release(
    session, graphql, officer, kase
) -> None:
    part = await f.participant(session, case_row=kase, person_row=await f.person(session))
    for kind, days in (("arrest", 5), ("release", 1)):
        session.add(
            t.ParticipantEvent(
                participant_id=part.id, kind=kind, occurred_at=T0 - timedelta(days=days)
            )
        )
    await session.flush()
    between = {
        "id": gid("CaseParticipant", part.id),
        "kind": "RELEASE",
        "at": (T0 - timedelta(days=3)).isoformat(),
        "reason": "Charges dropped",
    }
    assert fields(await run(graphql, RECORD_EVENT, between, officer)) == ["occurredAt"]
    assert await count(session, t.ParticipantEvent) == 2


async def test_an_event_is_neither_in_the_future_nor_before_the_case_opened(
    session, graphql, officer, kase
) -> None:
    part = await f.participant(session, case_row=kase, person_row=await f.person(session))
    pid = gid("CaseParticipant", part.id)
    for at in (T0 + timedelta(minutes=1), kase.opened_at - timedelta(minutes=1)):
        payload = await run(
            graphql, RECORD_EVENT, {"id": pid, "kind": "ARREST", "at": at.isoformat()}, officer
        )
        assert fields(payload) == ["occurredAt"]
    unknown = {"id": gid("CaseParticipant", 999_999), "kind": "ARREST", "at": T0.isoformat()}
    assert fields(await run(graphql, RECORD_EVENT, unknown, officer)) == ["participantId"]
    assert await count(session, t.ParticipantEvent) == 0


# linkOffenceToCase and unlinkOffenceFromCase


async def test_link_and_unlink_an_offence(session, graphql, officer, kase) -> None:
    recorder = await fresh(session, t.User, officer.user_id)
    offence = await f.offence(session, recorder=recorder)
    variables = {"offence": gid("Offence", offence.id), "case": gid("Case", kase.id)}
    payload = await run(graphql, LINK, variables, officer)
    assert payload["__typename"] == "LinkOffenceToCaseSuccess"
    assert payload["offence"] == {"version": 2, "case": {"number": kase.number}}
    assert (await fresh(session, t.Offence, offence.id)).case_id == kase.id

    payload = await run(graphql, UNLINK, {"offence": gid("Offence", offence.id)}, officer)
    assert payload == {
        "__typename": "UnlinkOffenceFromCaseSuccess",
        "offence": {"case": None},
        "case": {"number": kase.number},
    }
    row = await fresh(session, t.Offence, offence.id)
    assert (row.case_id, row.version) == (None, 3)


async def test_link_names_an_unknown_case_and_an_offence_in_another_case(
    session, graphql, officer, kase
) -> None:
    recorder = await fresh(session, t.User, officer.user_id)
    lead = await fresh(session, t.Unit, officer.unit_id)
    other = await f.case(session, lead=lead)
    offence = await f.offence(session, recorder=recorder, case_id=other.id)
    variables = {"offence": gid("Offence", offence.id), "case": gid("Case", 999_999)}
    assert sorted(fields(await run(graphql, LINK, variables, officer))) == ["caseId", "offenceId"]
    variables["case"] = gid("Case", kase.id)
    payload = await run(graphql, LINK, variables, officer)
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("offenceId", "conflict")]
    row = await fresh(session, t.Offence, offence.id)
    assert (row.case_id, row.version) == (other.id, 1)
    assert (await fresh(session, t.Case, kase.id)).version == 1


async def test_unlink_an_offence_that_is_in_no_case(session, graphql, officer) -> None:
    recorder = await fresh(session, t.User, officer.user_id)
    offence = await f.offence(session, recorder=recorder)
    payload = await run(graphql, UNLINK, {"offence": gid("Offence", offence.id)}, officer)
    assert fields(payload) == ["offenceId"]
    assert (await fresh(session, t.Offence, offence.id)).version == 1
    missing = await run(graphql, UNLINK, {"offence": gid("Case", offence.id)}, officer)
    assert missing["__typename"] == "NotFound"
