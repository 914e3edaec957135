"""Queries of hits and hit alerts: what is in force, who is in custody, who sees what."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, false, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from db.alert_bus import CHANNEL, stage
from db.paging import Page, count_rows, fetch_page
from db.tables.hits import Hit, HitAlert
from db.tables.orders import Notice, Warrant
from db.tables.persons import Person
from db.tables.records import CaseParticipant, ParticipantEvent

CUSTODY_EVENTS = ("arrest", "detention")


def _warrant_in_force(today: date) -> ColumnElement[bool]:
    return and_(
        col(Warrant.status) == "active",
        or_(col(Warrant.expires_on).is_(None), col(Warrant.expires_on) >= today),
    )


def _notice_in_force(today: date) -> ColumnElement[bool]:
    return and_(
        col(Notice.valid_from) <= today,
        or_(col(Notice.valid_until).is_(None), col(Notice.valid_until) >= today),
    )


def subjects_in_force(today: date) -> Select[Any]:
    """Ids of persons who are the subject of an active warrant or of a notice valid today.

    Put as a test of each person rather than a list of subjects: matching (db.match_candidates)
    asks it of its few candidates, a few index probes each, instead of first collecting the
    subjects of every order in force in the country.
    """
    person = col(Person.id)
    return select(person).where(
        or_(
            exists().where(col(Warrant.subject_person_id) == person, _warrant_in_force(today)),
            exists().where(col(Notice.person_id) == person, _notice_in_force(today)),
        )
    )


async def orders_against(
    *, session: AsyncSession, subject_ids: Sequence[int], today: date
) -> tuple[list[Warrant], list[Notice]]:
    """The warrants and notices in force whose subject is one of these persons."""
    if not subject_ids:
        return [], []
    warrants = await session.execute(
        select(Warrant)
        .where(col(Warrant.subject_person_id).in_(subject_ids), _warrant_in_force(today))
        .order_by(col(Warrant.id))
    )
    notices = await session.execute(
        select(Notice)
        .where(col(Notice.person_id).in_(subject_ids), _notice_in_force(today))
        .order_by(col(Notice.id))
    )
    return list(warrants.scalars()), list(notices.scalars())


async def in_custody(*, session: AsyncSession, person_id: int) -> bool:
    """Whether the person's latest arrest, detention or release event is not a release."""
    latest = await session.execute(
        select(col(ParticipantEvent.kind))
        .join(CaseParticipant, col(CaseParticipant.id) == col(ParticipantEvent.participant_id))
        .where(col(CaseParticipant.person_id) == person_id)
        .order_by(col(ParticipantEvent.occurred_at).desc(), col(ParticipantEvent.id).desc())
        .limit(1)
    )
    return latest.scalar_one_or_none() in CUSTODY_EVENTS


HITS_LOCK = 0x6869  # pg_advisory_xact_lock(HITS_LOCK, person id): one person's hits


async def lock_hits_of(*, session: AsyncSession, person_id: int) -> None:
    """Until commit, be the only transaction making hits for this person (PostgreSQL; SQLite has
    one writer at a time): two writes recording the same person at once would otherwise both find
    no hit for an order and both create it."""
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(select(func.pg_advisory_xact_lock(HITS_LOCK, person_id)))


async def hits_of(*, session: AsyncSession, person_id: int) -> list[Hit]:
    rows = await session.execute(select(Hit).where(col(Hit.person_id) == person_id))
    return list(rows.scalars())


async def add_hit(*, session: AsyncSession, hit: Hit) -> Hit:
    session.add(hit)
    await session.flush()
    return hit


async def add_alerts(*, session: AsyncSession, alerts: Sequence[HitAlert]) -> None:
    session.add_all(alerts)
    await session.flush()
    ids = [alert.id for alert in alerts if alert.id is not None]
    if not ids:
        return
    notified = session.get_bind().dialect.name == "postgresql"
    if notified:
        # Sent inside the writing transaction: PostgreSQL delivers it to every listening server
        # process on commit and drops it on rollback. Through the connection, not the ORM, so
        # that the read auditing hook (resolvers.audit) does not see a query.
        connection = await session.connection()
        await connection.execute(select(func.pg_notify(CHANNEL, json.dumps(ids))))
    stage(session, ids, notified=notified)


def alerts_of(
    user_id: int | None, unit_id: int | None, roles: Sequence[str], province_code: str | None
) -> ColumnElement[bool]:
    """Alerts addressed to this user, their unit, or one of their roles here or nationwide."""
    mine: list[ColumnElement[bool]] = []
    if user_id is not None:
        mine.append(col(HitAlert.user_id) == user_id)
    if unit_id is not None:
        mine.append(col(HitAlert.unit_id) == unit_id)
    if roles:
        where: ColumnElement[bool] = col(HitAlert.province_code).is_(None)
        if province_code is not None:
            where = or_(where, col(HitAlert.province_code) == province_code)
        mine.append(and_(col(HitAlert.role).in_(roles), where))
    return or_(*mine) if mine else false()


def hits_seen_through(alerts: ColumnElement[bool]) -> ColumnElement[bool]:
    """A hit is visible to whoever one of its alerts is addressed to."""
    return exists().where(col(HitAlert.hit_id) == col(Hit.id), alerts)


async def hit_for_update(
    *, session: AsyncSession, hit_id: int, visible: ColumnElement[bool]
) -> Hit | None:
    stmt = select(Hit).where(col(Hit.id) == hit_id, visible).with_for_update()
    return (await session.execute(stmt)).scalar_one_or_none()


def _hits(where: Sequence[ColumnElement[bool]]) -> Select[Any]:
    return select(Hit).where(*where).order_by(col(Hit.created_at).desc(), col(Hit.id).desc())


async def page_hits(
    *, session: AsyncSession, where: Sequence[ColumnElement[bool]], page: Page
) -> list[Hit]:
    return await fetch_page(session=session, stmt=_hits(where), page=page)


async def count_hits(*, session: AsyncSession, where: Sequence[ColumnElement[bool]]) -> int:
    return await count_rows(session=session, stmt=_hits(where))


def _alerts(where: Sequence[ColumnElement[bool]]) -> Select[Any]:
    return (
        select(HitAlert)
        .where(*where)
        .order_by(col(HitAlert.created_at).desc(), col(HitAlert.id).desc())
    )


async def page_alerts(
    *, session: AsyncSession, where: Sequence[ColumnElement[bool]], page: Page
) -> list[HitAlert]:
    return await fetch_page(session=session, stmt=_alerts(where), page=page)


async def count_alerts(*, session: AsyncSession, where: Sequence[ColumnElement[bool]]) -> int:
    return await count_rows(session=session, stmt=_alerts(where))


async def mark_alerts(
    *,
    session: AsyncSession,
    ids: Sequence[int],
    visible: ColumnElement[bool],
    column: str,
    at: datetime,
) -> list[HitAlert]:
    """Set ``read_at`` or ``acknowledged_at`` where still unset; acknowledging also reads."""
    stmt = select(HitAlert).where(col(HitAlert.id).in_(ids), visible)
    rows = list((await session.execute(stmt)).scalars())
    for row in rows:
        if getattr(row, column) is None:
            setattr(row, column, at)
        if column == "acknowledged_at" and row.read_at is None:
            row.read_at = at
    await session.flush()
    return rows


async def open_hits(*, session: AsyncSession, due_by: datetime) -> list[Hit]:
    """Pending, not yet escalated hits whose deadline falls before ``due_by``."""
    stmt = (
        select(Hit)
        .where(
            col(Hit.status) == "pending",
            col(Hit.escalated).is_(False),
            col(Hit.deadline_at) <= due_by,
        )
        .order_by(col(Hit.deadline_at), col(Hit.id))
        .with_for_update(skip_locked=True)
    )
    return list((await session.execute(stmt)).scalars())


async def pending_hits_on(
    *, session: AsyncSession, warrant_id: int | None = None, notice_id: int | None = None
) -> list[Hit]:
    """The pending hits against one warrant or one notice, locked for the caller's change."""
    against = (
        col(Hit.warrant_id) == warrant_id
        if warrant_id is not None
        else col(Hit.notice_id) == notice_id
    )
    stmt = (
        select(Hit)
        .where(against, col(Hit.status) == "pending")
        .order_by(col(Hit.id))
        .with_for_update()
    )
    return list((await session.execute(stmt)).scalars())


async def alerts_by_id(
    *, session: AsyncSession, ids: Sequence[int], visible: ColumnElement[bool]
) -> list[HitAlert]:
    """Those of these alerts the caller may see, oldest first (the order they were announced)."""
    stmt = select(HitAlert).where(col(HitAlert.id).in_(ids), visible).order_by(col(HitAlert.id))
    return list((await session.execute(stmt)).scalars())
