"""What happens to a warrant or notice after entry: execution, cancellation, expiry, validation.

These write progress columns (policies.lifecycle.PROGRESS), so they stay open after the 48 h
lock to whoever the policy lets ``update`` the record: the owning province's specialists, and
criminal police nationally for warrants (policies/default_policy.csv).

Expiry: a warrant is in force through its ``expires_on`` day. ``db.warrants.expire_due`` stores
the change (``ecrime warrants expire``, run daily); until it has run, ``effective_status`` is
what reads show, so no reader ever sees a lapsed warrant as active, and execution refuses it.

Executing or cancelling a warrant withdraws its pending hits in the same transaction
(resolvers.hits.withdraw_hits): its owning unit no longer wants the subject.

Validation (INTERPOL-style review of wanted lists): an active warrant or notice must be
confirmed still valid first about 90 days after entry, then every year after each validation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from db import cases, orders, warrants
from db import tables as t
from db.clock import PHNOM_PENH
from db.errors import NotFound
from policies.scope import reachable
from resolvers.context import Context
from resolvers.hits import withdraw_hits
from resolvers.lifecycle import check_version
from resolvers.references import UNIT_NAMED, resolve, target_id
from resolvers.validation import Problems
from resolvers.writing import check_province, local_now, require_user

FIRST_VALIDATION = timedelta(days=90)
VALIDATION_PERIOD = timedelta(days=365)


def first_validation_due(entered_on: date) -> date:
    return entered_on + FIRST_VALIDATION


def effective_status(row: t.Warrant, today: date) -> str:
    """The stored status, except that an active warrant past its expiry day reads as expired."""
    if row.status == "active" and row.expires_on is not None and row.expires_on < today:
        return "expired"
    return row.status


@dataclass(frozen=True)
class Execution:
    executed_at: datetime
    province_code: str
    place: str = ""
    unit_id: str | None = None  # a global id; default: the executing officer's unit


async def execute_warrant(
    ctx: Context, warrant_id: str, expected_version: int | None, data: Execution
) -> t.Warrant:
    """Record where, when and by whom an active warrant was executed, and, when it belongs to
    a case, the subject's arrest in that case (as a suspect if not yet a participant)."""
    require_user(ctx)
    p = Problems()
    now = ctx.clock.now()
    when_ok = p.aware("executedAt", data.executed_at) and p.not_future(
        "executedAt", data.executed_at, now
    )
    p.text("place", data.place, max_length=200)
    async with ctx.transaction() as session:
        row = await _warrant(ctx, session, warrant_id)
        unit = await resolve(
            session, ctx.principal, UNIT_NAMED, data.unit_id, field="unitId", problems=p
        )
        unit_id = unit.id if unit is not None else ctx.principal.unit_id
        check_version(f"warrant {row.id}", row, expected_version)
        _require_active(p, row, local_now(ctx).date())
        if when_ok and data.executed_at.astimezone(PHNOM_PENH).date() < row.issued_on:
            p.add("executedAt", "out_of_range", "cannot be before the warrant was issued")
        await check_province(p, session, "provinceCode", data.province_code)
        p.raise_if_any()
        row.status = "executed"
        row.executed_at = data.executed_at
        row.executed_province_code = data.province_code
        row.executed_place = data.place.strip()
        row.executed_by_unit_id = unit_id
        row.version += 1
        await session.flush()
        assert row.id is not None
        await withdraw_hits(ctx, session, warrant_id=row.id, reason="warrant executed")
        if row.case_id is not None:
            await _record_arrest(session, row, data, unit_id)
        return row


async def _record_arrest(
    session: AsyncSession, row: t.Warrant, data: Execution, unit_id: int | None
) -> None:
    assert row.case_id is not None
    participant = await warrants.participant_for(
        session=session, case_id=row.case_id, person_id=row.subject_person_id
    )
    if participant is None:
        participant = await cases.insert(
            session=session,
            row=t.CaseParticipant(
                case_id=row.case_id,
                person_id=row.subject_person_id,
                role="suspect",
                notes=f"added on execution of warrant {row.number}",
            ),
        )
    assert participant.id is not None
    await cases.insert(
        session=session,
        row=t.ParticipantEvent(
            participant_id=participant.id,
            kind="arrest",
            occurred_at=data.executed_at,
            province_code=data.province_code,
            place=data.place.strip(),
            reason=f"warrant {row.court} {row.number}",
            unit_id=unit_id,
        ),
    )
    kase = await session.get(t.Case, row.case_id)
    if kase is not None:
        kase.version += 1  # linked information added: bookkeeping, open after the lock
        await session.flush()


async def cancel_warrant(
    ctx: Context, warrant_id: str, expected_version: int | None, reason: str
) -> t.Warrant:
    require_user(ctx)
    p = Problems()
    p.text("reason", reason, max_length=400, required=True)
    async with ctx.transaction() as session:
        row = await _warrant(ctx, session, warrant_id)
        check_version(f"warrant {row.id}", row, expected_version)
        _require_active(p, row, local_now(ctx).date())
        p.raise_if_any()
        row.status = "cancelled"
        row.cancel_reason = reason.strip()
        row.version += 1
        await session.flush()
        assert row.id is not None
        await withdraw_hits(ctx, session, warrant_id=row.id, reason="warrant cancelled")
        return row


async def validate_warrant(ctx: Context, warrant_id: str) -> t.Warrant:
    require_user(ctx)
    p = Problems()
    async with ctx.transaction() as session:
        row = await _warrant(ctx, session, warrant_id)
        today = local_now(ctx).date()
        _require_active(p, row, today)
        p.raise_if_any()
        row.validation_due_on = today + VALIDATION_PERIOD
        row.version += 1
        await session.flush()
        return row


async def validate_notice(ctx: Context, notice_id: str) -> t.Notice:
    require_user(ctx)
    ident = target_id(notice_id, "Notice")
    p = Problems()
    async with ctx.transaction() as session:
        row = await orders.notice_for_update(
            session=session, notice_id=ident, scope=reachable(ctx.principal, "update", t.Notice)
        )
        if row is None:
            raise NotFound("Notice", notice_id)
        today = local_now(ctx).date()
        if row.valid_until is not None and row.valid_until < today:
            p.add("id", "conflict", "the notice has expired; it stays in history only")
        p.raise_if_any()
        row.validation_due_on = today + VALIDATION_PERIOD
        row.version += 1
        await session.flush()
        return row


async def _warrant(ctx: Context, session: AsyncSession, warrant_id: str) -> t.Warrant:
    ident = target_id(warrant_id, "Warrant")
    row = await orders.warrant_for_update(
        session=session, warrant_id=ident, scope=reachable(ctx.principal, "update", t.Warrant)
    )
    if row is None:
        raise NotFound("Warrant", warrant_id)
    return row


def _require_active(p: Problems, row: t.Warrant, today: date) -> None:
    status = effective_status(row, today)
    if status != "active":
        p.add("id", "conflict", f"the warrant is {status}, not active")
