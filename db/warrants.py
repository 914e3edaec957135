"""Queries for the warrant and notice lifecycle: expiry, validation due dates, arrests made on
execution, and the blacklist lookup behind the employment check."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, and_, or_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from db import tables as t
from db.names import document_key

Where = list[ColumnElement[bool]]


async def expire_due(*, session: AsyncSession, today: date) -> int:
    """Mark active warrants whose expiry day has passed as expired; returns how many.

    A warrant is in force through its ``expires_on`` day and expired from the day after. This is
    system work (no principal): status is a progress column, open after the 48 h lock.
    """
    # Row by row through the ORM rather than one UPDATE, so that each change gets its audit
    # entry like every other change.
    stmt = select(t.Warrant).where(
        col(t.Warrant.status) == "active",
        col(t.Warrant.expires_on).is_not(None),
        col(t.Warrant.expires_on) < today,
    )
    rows = list((await session.execute(stmt.with_for_update())).scalars().all())
    for row in rows:
        row.status = "expired"
        row.version += 1
    await session.flush()
    return len(rows)


def overdue_warrants(today: date, unit_id: int | None, province_code: str | None) -> Where:
    """Active, unexpired warrants whose validation is overdue, for an owning unit or province."""
    where: Where = [
        col(t.Warrant.status) == "active",
        or_(col(t.Warrant.expires_on).is_(None), col(t.Warrant.expires_on) >= today),
        col(t.Warrant.validation_due_on) < today,
    ]
    where.extend(_owned(t.Warrant, unit_id, province_code))
    return where


def overdue_notices(today: date, unit_id: int | None, province_code: str | None) -> Where:
    where: Where = [
        col(t.Notice.valid_from) <= today,
        or_(col(t.Notice.valid_until).is_(None), col(t.Notice.valid_until) >= today),
        col(t.Notice.validation_due_on) < today,
    ]
    where.extend(_owned(t.Notice, unit_id, province_code))
    return where


def _owned(
    model: type[t.Warrant] | type[t.Notice], unit_id: int | None, province_code: str | None
) -> Where:
    """A unit's officers see what their unit owns; a province-wide principal the province's;
    a national one everything (the read scope still applies on top)."""
    if unit_id is not None:
        return [col(model.owning_unit_id) == unit_id]
    if province_code is not None:
        return [col(model.province_code) == province_code]
    return []


async def participant_for(
    *, session: AsyncSession, case_id: int, person_id: int
) -> t.CaseParticipant | None:
    stmt = (
        select(t.CaseParticipant)
        .where(
            col(t.CaseParticipant.case_id) == case_id,
            col(t.CaseParticipant.person_id) == person_id,
        )
        .order_by(col(t.CaseParticipant.id))
    )
    return (await session.execute(stmt.limit(1))).scalars().first()


def _blacklist_in_force(today: date) -> Where:
    return [
        col(t.Notice.kind) == "blacklist",
        col(t.Notice.valid_from) <= today,
        col(t.Notice.valid_until).is_not(None),
        col(t.Notice.valid_until) >= today,
    ]


async def blacklisted_until(
    *,
    session: AsyncSession,
    today: date,
    document_number: str | None,
    person_ids: list[int] | None = None,
) -> date | None:
    """The latest end of a blacklist entry in force today for the person holding this document
    (or for any of ``person_ids``); None when there is none."""
    matches: Where = []
    if document_number:
        key = document_key(document_number)
        if key:
            holders = select(t.IdentityDocument.person_id).where(
                col(t.IdentityDocument.number_key) == key
            )
            matches.append(col(t.Notice.person_id).in_(holders))
    if person_ids:
        matches.append(col(t.Notice.person_id).in_(person_ids))
    if not matches:
        return None
    stmt = select(col(t.Notice.valid_until)).where(and_(*_blacklist_in_force(today)), or_(*matches))
    ends = [row for row in (await session.execute(stmt)).scalars().all() if row is not None]
    return max(ends) if ends else None


async def persons_born_on(*, session: AsyncSession, born_on: date) -> list[t.Person]:
    """Persons with exactly this full date of birth."""
    stmt = select(t.Person).where(
        col(t.Person.birth_year) == born_on.year,
        col(t.Person.birth_month) == born_on.month,
        col(t.Person.birth_day) == born_on.day,
    )
    return list((await session.execute(stmt)).scalars().all())
