"""Persons in cases, and their arrests, detentions and releases.

Rules:
- a person holds each role in a case once (a victim may also be a witness);
- participants join or leave only an open case (see resolvers.cases); a participant with recorded
  events is not removed, so that a person's custody history never silently disappears;
- an event happens neither in the future nor before the case opened: the case's ``openedAt`` is
  the start of its timeline, so an arrest in flagrante that came before the paperwork is recorded
  by moving ``openedAt`` back to the arrest;
- a release needs a reason, and the person must be in custody at that moment: the event just before
  it in time is an arrest or a detention. A release entered late may not leave a later release
  without custody before it.
Every change here is a change to the case: it goes through ``changing_case`` and moves its version.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from db import cases
from db import tables as t
from db.errors import NotFound
from policies.scope import reachable
from resolvers.cases import changing_case
from resolvers.context import Context
from resolvers.references import CASE_LINK, PARTICIPANT, PERSON_NAMED, resolve, target_id
from resolvers.validation import Problems
from resolvers.writing import check_province, require_user

ROLES = {"suspect", "offender", "victim", "witness", "complainant"}
EVENT_KINDS = {"arrest", "detention", "release"}
CUSTODY = {"arrest", "detention"}


@dataclass(frozen=True)
class ParticipantInput:
    case_id: str
    person_id: str
    role: str
    notes: str = ""


@dataclass(frozen=True)
class EventInput:
    participant_id: str
    kind: str
    occurred_at: datetime
    province_code: str | None = None
    place: str = ""
    reason: str = ""


async def add_case_participant(ctx: Context, data: ParticipantInput) -> t.CaseParticipant:
    require_user(ctx)
    problems = Problems()
    for field, value in (("caseId", data.case_id), ("personId", data.person_id)):
        if not value:
            problems.add(field, "required", "is required")
    problems.choice("role", data.role, ROLES)
    problems.text("notes", data.notes, max_length=400)
    async with ctx.transaction() as session:
        person = await resolve(
            session,
            ctx.principal,
            PERSON_NAMED,
            data.person_id,
            field="personId",
            problems=problems,
        )
        linked = await resolve(
            session, ctx.principal, CASE_LINK, data.case_id, field="caseId", problems=problems
        )
        kase = await _case_open_for_change(
            ctx, problems, session, "caseId", linked.id if linked else None
        )
        if (
            kase is not None
            and person is not None
            and not problems.has("role")
            and await cases.participant_exists(
                session=session, case_id=kase.id or 0, person_id=person.id, role=data.role
            )
        ):
            problems.add("personId", "conflict", f"is already a {data.role} in this case")
        problems.raise_if_any()
        assert kase is not None and kase.id is not None and person is not None
        return await cases.insert(
            session=session,
            row=t.CaseParticipant(
                case_id=kase.id, person_id=person.id, role=data.role, notes=data.notes.strip()
            ),
        )


async def remove_case_participant(ctx: Context, participant_id: str) -> tuple[int, t.Case]:
    """Remove a participant entered by mistake; returns its id and the case it left."""
    require_user(ctx)
    ident = target_id(participant_id, "CaseParticipant")
    async with ctx.transaction() as session:
        row = await _participant(ctx, session, ident)
        if row is None:
            raise NotFound("CaseParticipant", participant_id)
        problems = Problems()
        kase = await _case_open_for_change(ctx, problems, session, "participantId", row.case_id)
        if await cases.participant_events(session=session, participant_id=ident):
            problems.add(
                "participantId", "conflict", "has recorded arrests, detentions or releases"
            )
        problems.raise_if_any()
        assert kase is not None
        await cases.delete_participant(session=session, row=row)
        return ident, kase


async def record_participant_event(
    ctx: Context, data: EventInput
) -> tuple[t.ParticipantEvent, t.CaseParticipant]:
    require_user(ctx)
    now = ctx.clock.now()
    problems = Problems()
    kind_ok = problems.choice("kind", data.kind, EVENT_KINDS)
    when_ok = problems.aware("occurredAt", data.occurred_at) and problems.not_future(
        "occurredAt", data.occurred_at, now
    )
    problems.text("place", data.place, max_length=200)
    problems.text("reason", data.reason, max_length=400, required=data.kind == "release")
    province = data.province_code or None
    if not data.participant_id:
        problems.add("participantId", "required", "is required")
    async with ctx.transaction() as session:
        await check_province(problems, session, "provinceCode", province)
        participant = await resolve(
            session,
            ctx.principal,
            PARTICIPANT,
            data.participant_id,
            field="participantId",
            problems=problems,
        )
        if participant is not None:
            kase = await changing_case(ctx, session, participant.case_id)
            if kase is None:
                problems.add("participantId", "unknown", PARTICIPANT.message)
            elif when_ok and data.occurred_at < kase.opened_at:
                problems.add("occurredAt", "out_of_range", "cannot be before the case opened")
            if kind_ok and when_ok:
                events = await cases.participant_events(
                    session=session, participant_id=participant.id
                )
                _check_custody(problems, events, data.kind, data.occurred_at)
        problems.raise_if_any()
        assert participant is not None and participant.id is not None
        event = await cases.insert(
            session=session,
            row=t.ParticipantEvent(
                participant_id=participant.id,
                kind=data.kind,
                occurred_at=data.occurred_at,
                province_code=province,
                place=data.place.strip(),
                reason=data.reason.strip(),
                unit_id=ctx.principal.unit_id,
            ),
        )
        return event, participant


def _check_custody(
    problems: Problems, events: list[t.ParticipantEvent], kind: str, occurred_at: datetime
) -> None:
    """Insert the new event into the timeline and check every release still follows custody."""
    if kind != "release":
        return  # an arrest or detention never takes custody away from a later release
    timeline = [(e.occurred_at, False, e.kind) for e in events]
    timeline.append((occurred_at, True, kind))  # after existing events at the same moment
    timeline.sort(key=lambda item: (item[0], item[1]))
    for index, (at, is_new, what) in enumerate(timeline):
        if what != "release":
            continue
        before = timeline[index - 1][2] if index else None
        if before not in CUSTODY:
            if is_new:
                problems.add("kind", "invalid", "a release needs an earlier arrest or detention")
            else:
                problems.add(
                    "occurredAt", "invalid", f"would leave the release at {at} without custody"
                )
            return


async def _participant(
    ctx: Context, session: AsyncSession, participant_id: int
) -> t.CaseParticipant | None:
    return await cases.participant_for_update(
        session=session,
        participant_id=participant_id,
        scope=reachable(ctx.principal, "update", t.CaseParticipant),
    )


async def _case_open_for_change(
    ctx: Context, problems: Problems, session: AsyncSession, field: str, case_id: int | None
) -> t.Case | None:
    if case_id is None:
        return None
    kase = await changing_case(ctx, session, case_id)
    if kase is None:
        problems.add(field, "unknown", "no such case")
    elif kase.status == "closed":
        problems.add(field, "invalid", "the case is closed; reopen it first")
    return kase
