"""Opening and changing case files, and linking offences to them.

Rules (beyond the field limits of the tables):
- a case number is unique nationwide; the case belongs to its lead unit's province (the
  principal's own, for a national unit without one);
- a case opens as open, investigating or sent to court, never closed; ``openedAt`` is never in
  the future and never after the case's first arrest, detention or release, because it is the start
  of the case's timeline;
- status moves forward (open → investigating → sent to court → closed), a court may send a case back
  for investigation, and a closed case may be reopened for investigation, which clears its closing
  time and disposition;
- closing needs a disposition and sets ``closedAt`` (now unless given), never before ``openedAt``;
- a closed case's make-up (participants, offences) is frozen until it is reopened.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import UNSET

from db import cases
from db import tables as t
from db.errors import NotFound
from resolvers.context import Context
from resolvers.lifecycle import authored, check_version, reach_for_change
from resolvers.offences import changing_offence
from resolvers.references import CASE_LEAD, CASE_LINK, parse_id, resolve, target_id
from resolvers.validation import Problems
from resolvers.writing import default_unit, given, patched, require_user

STATUSES = {"open", "investigating", "sent_to_court", "closed"}
_NEXT = {
    "open": {"investigating", "sent_to_court", "closed"},
    "investigating": {"sent_to_court", "closed"},
    "sent_to_court": {"investigating", "closed"},
    "closed": {"investigating"},
}


@dataclass(frozen=True)
class CaseInput:
    number: str
    title: str
    status: str = "open"
    lead_unit_id: str | None = None  # global id; default: the principal's unit
    opened_at: datetime | None = None  # default: now
    sealed: bool = False


@dataclass(frozen=True)
class CasePatch:
    """Only the fields that are set (not UNSET) change; None clears where clearing makes sense."""

    number: str | None = UNSET
    title: str | None = UNSET
    status: str | None = UNSET
    lead_unit_id: str | None = UNSET
    opened_at: datetime | None = UNSET
    closed_at: datetime | None = UNSET
    disposition: str | None = UNSET
    sealed: bool | None = UNSET


async def changing_case(
    ctx: Context, session: AsyncSession, case_id: int, expected_version: int | None = None
) -> t.Case | None:
    """The one door to changing a case or its make-up: the lifecycle guard belongs here, and the
    version moves here, so that no write path forgets either."""
    row = await reach_for_change(
        ctx.principal,
        session,
        t.Case,
        lambda where: cases.case_for_update(session=session, case_id=case_id, scope=where),
        ctx.clock.now(),
    )
    if row is not None:
        check_version(f"case {case_id}", row, expected_version)
        row.version += 1
    return row


async def open_case(ctx: Context, data: CaseInput) -> t.Case:
    require_user(ctx)
    now = ctx.clock.now()
    problems = Problems()
    number, title = data.number.strip(), data.title.strip()
    problems.text("number", number, max_length=40, required=True)
    problems.text("title", title, max_length=200, required=True)
    if problems.choice("status", data.status, STATUSES) and data.status == "closed":
        problems.add("status", "invalid", "a case cannot open closed; close it with updateCase")
    opened_at = data.opened_at or now
    if problems.aware("openedAt", opened_at):
        problems.not_future("openedAt", opened_at, now)
    lead_id = data.lead_unit_id or default_unit(ctx)
    if lead_id is None:
        problems.add("leadUnitId", "required", "is required: you belong to no unit")
    async with ctx.transaction() as session:
        lead = await _lead(ctx, problems, session, lead_id)
        if not problems.has("number") and await cases.case_number_taken(
            session=session, number=number
        ):
            problems.add("number", "conflict", f"case {number} already exists")
        problems.raise_if_any()
        assert lead is not None
        return await cases.insert(
            session=session,
            row=authored(
                t.Case(
                    number=number,
                    title=title,
                    status=data.status,
                    lead_unit_id=lead[0],
                    province_code=lead[1],
                    opened_at=opened_at,
                    sealed=data.sealed,
                    created_at=now,
                ),
                ctx.principal,
            ),
        )


async def update_case(
    ctx: Context, case_id: str, patch: CasePatch, expected_version: int | None = None
) -> t.Case:
    require_user(ctx)
    ident = target_id(case_id, "Case")
    now = ctx.clock.now()
    async with ctx.transaction() as session:
        row = await changing_case(ctx, session, ident, expected_version)
        if row is None:
            raise NotFound("Case", case_id)
        problems = Problems()
        changes: dict[str, object] = {}
        await _check_identity(ctx, problems, session, row, patch, changes)
        await _check_timeline(problems, session, row, patch, now, changes)
        problems.raise_if_any()
        for name, value in changes.items():
            setattr(row, name, value)
        await session.flush()
        return row


async def _lead(
    ctx: Context, problems: Problems, session: AsyncSession, unit_id: str | None
) -> tuple[int, str] | None:
    """The lead unit's id and the province the case then belongs to."""
    unit = await resolve(
        session, ctx.principal, CASE_LEAD, unit_id, field="leadUnitId", problems=problems
    )
    if unit is None:
        return None
    province = unit.province_code or ctx.principal.province_code
    if province is None:
        problems.add("leadUnitId", "invalid", "a national unit can lead a case only for a province")
        return None
    return unit.id, province


async def _check_identity(
    ctx: Context,
    problems: Problems,
    session: AsyncSession,
    row: t.Case,
    patch: CasePatch,
    changes: dict[str, object],
) -> None:
    """Number, title, lead unit, sealing: the facts that say which case this is."""
    if given(patch.number):
        number = (patch.number or "").strip()
        if problems.text("number", number, max_length=40, required=True):
            if await cases.case_number_taken(session=session, number=number, exclude_id=row.id):
                problems.add("number", "conflict", f"case {number} already exists")
            changes["number"] = number
    if given(patch.title):
        title = (patch.title or "").strip()
        if problems.text("title", title, max_length=200, required=True):
            changes["title"] = title
    if given(patch.sealed):
        if patch.sealed is None:
            problems.add("sealed", "required", "must be true or false")
        else:
            changes["sealed"] = patch.sealed
    if given(patch.lead_unit_id):
        if patch.lead_unit_id is None:
            problems.add("leadUnitId", "required", "a case always has a lead unit")
            return
        lead = await _lead(ctx, problems, session, patch.lead_unit_id)
        if lead is not None:
            changes.update(lead_unit_id=lead[0], province_code=lead[1])


async def _check_timeline(
    problems: Problems,
    session: AsyncSession,
    row: t.Case,
    patch: CasePatch,
    now: datetime,
    changes: dict[str, object],
) -> None:
    """Status, opening and closing: the transitions and the order of the dates."""
    opened_at = row.opened_at
    if given(patch.opened_at):
        if patch.opened_at is None:
            problems.add("openedAt", "required", "a case always has an opening time")
        elif problems.aware("openedAt", patch.opened_at) and problems.not_future(
            "openedAt", patch.opened_at, now
        ):
            first_event = await cases.earliest_event_at(session=session, case_id=row.id or 0)
            if first_event is not None and patch.opened_at > first_event:
                problems.add(
                    "openedAt", "out_of_range", f"must not be after the first event ({first_event})"
                )
            opened_at = changes["opened_at"] = patch.opened_at
    status = patched(patch.status, row.status)
    if status is None:
        problems.add("status", "required", "a case always has a status")
        return
    if not problems.choice("status", status, STATUSES):
        return
    if status != row.status and status not in _NEXT[row.status]:
        problems.add("status", "invalid", f"a case cannot go from {row.status} to {status}")
        return
    changes["status"] = status
    if status == "closed":
        _check_closing(problems, row, patch, now, opened_at, changes)
        return
    for field, value in (("closedAt", patch.closed_at), ("disposition", patch.disposition)):
        if given(value) and value:
            problems.add(field, "invalid", "only a closed case has one")
    changes.update(closed_at=None, disposition="")


def _check_closing(
    problems: Problems,
    row: t.Case,
    patch: CasePatch,
    now: datetime,
    opened_at: datetime,
    changes: dict[str, object],
) -> None:
    was_closed = row.status == "closed"
    closed_at = patched(patch.closed_at, row.closed_at if was_closed else now)
    if closed_at is None:
        problems.add("closedAt", "required", "a closed case has a closing time")
    elif problems.aware("closedAt", closed_at) and problems.not_future("closedAt", closed_at, now):
        if closed_at < opened_at:
            field = "closedAt" if given(patch.closed_at) or not was_closed else "openedAt"
            problems.add(field, "out_of_range", "a case cannot close before it opened")
        changes["closed_at"] = closed_at
    disposition = (patched(patch.disposition, row.disposition) or "").strip()
    if problems.text("disposition", disposition, max_length=400, required=True):
        changes["disposition"] = disposition


async def link_offence_to_case(
    ctx: Context, offence_id: str, case_id: str
) -> tuple[t.Offence, t.Case]:
    require_user(ctx)
    problems = Problems()
    # The offence is what changes: reached as a target is (resolvers.references), but named
    # here as the field it is.
    offence_ident = parse_id(offence_id, "Offence")
    if offence_ident is None:
        problems.add("offenceId", "invalid", "is not the id of a Offence")
    if not case_id:
        problems.add("caseId", "required", "is required")
    async with ctx.transaction() as session:
        offence = await changing_offence(ctx, session, offence_ident) if offence_ident else None
        if offence_ident and offence is None:
            problems.add("offenceId", "unknown", "no such offence")
        kase = await resolve(
            session, ctx.principal, CASE_LINK, case_id, field="caseId", problems=problems
        )
        if kase is not None:
            await changing_case(ctx, session, kase.id)  # its make-up changes: the version moves
            if kase.status == "closed":
                problems.add("caseId", "invalid", "the case is closed; reopen it first")
        elsewhere = offence.case_id if offence is not None else None
        if elsewhere is not None and (kase is None or elsewhere != kase.id):
            problems.add("offenceId", "conflict", "is linked to another case; unlink it first")
        problems.raise_if_any()
        assert offence is not None and kase is not None
        offence.case_id = kase.id
        await session.flush()
        return offence, kase


async def unlink_offence_from_case(ctx: Context, offence_id: str) -> tuple[t.Offence, t.Case]:
    require_user(ctx)
    ident = target_id(offence_id, "Offence")
    async with ctx.transaction() as session:
        offence = await changing_offence(ctx, session, ident)
        if offence is None:
            raise NotFound("Offence", offence_id)
        problems = Problems()
        kase = None
        if offence.case_id is None:
            problems.add("offenceId", "invalid", "is not linked to a case")
        else:
            kase = await changing_case(ctx, session, offence.case_id)
            if kase is None:
                problems.add("offenceId", "invalid", "its case is not one you may change")
            elif kase.status == "closed":
                problems.add("offenceId", "invalid", "its case is closed; reopen the case first")
        problems.raise_if_any()
        assert kase is not None
        offence.case_id = None
        await session.flush()
        return offence, kase
