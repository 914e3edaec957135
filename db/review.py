"""Queries of review requests and the inbox.

Applied and expired are not stored: an approved request is ``applied`` once its grant was closed
inside the window (the correction used it), ``expired`` once the window passed unused. Both are
computed from the grant, in Python (``state_of``) and in SQL (``status_is``), the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, false, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from db.paging import Page
from db.tables.lifecycle import CorrectionGrant
from db.tables.org import User
from db.tables.review import InboxEntry, ReviewRequest

STATES = ("pending", "approved", "rejected", "applied", "expired")
Pair = tuple[ReviewRequest, CorrectionGrant | None]


def state_of(request: ReviewRequest, grant: CorrectionGrant | None, now: datetime) -> str:
    if request.status != "approved" or grant is None:
        return request.status
    if grant.closed_at is not None:
        return "applied" if grant.closed_at < grant.expires_at else "expired"
    return "expired" if grant.expires_at <= now else "approved"


def status_is(state: str, now: datetime) -> ColumnElement[bool]:
    status = col(ReviewRequest.status)
    closed, expires = col(CorrectionGrant.closed_at), col(CorrectionGrant.expires_at)
    if state in ("pending", "rejected"):
        return status == state
    approved = status == "approved"
    if state == "approved":
        return and_(
            approved, or_(col(CorrectionGrant.id).is_(None), and_(closed.is_(None), expires > now))
        )
    if state == "applied":
        return and_(approved, closed.is_not(None), closed < expires)
    if state == "expired":
        return and_(approved, or_(and_(closed.is_(None), expires <= now), closed >= expires))
    return false()


async def record(
    *, session: AsyncSession, model: type[Any], record_id: int, visible: ColumnElement[bool]
) -> Any:
    found = await session.execute(select(model).where(col(model.id) == record_id, visible))
    return found.scalars().first()


async def has_pending(*, session: AsyncSession, table_name: str, record_id: int) -> bool:
    stmt = select(col(ReviewRequest.id)).where(
        col(ReviewRequest.table_name) == table_name,
        col(ReviewRequest.record_id) == record_id,
        col(ReviewRequest.status) == "pending",
    )
    return (await session.execute(stmt.limit(1))).first() is not None


async def insert_request(*, session: AsyncSession, request: ReviewRequest) -> ReviewRequest:
    session.add(request)
    await session.flush()
    return request


async def request_for_update(
    *, session: AsyncSession, request_id: int, visible: ColumnElement[bool]
) -> ReviewRequest | None:
    stmt = (
        select(ReviewRequest)
        .where(col(ReviewRequest.id) == request_id, visible)
        .with_for_update(of=ReviewRequest)  # two deciders at once: the second waits, then sees it
    )
    return (await session.execute(stmt)).scalars().first()


async def grant_of(*, session: AsyncSession, grant_id: int | None) -> CorrectionGrant | None:
    if grant_id is None:
        return None
    return await session.get(CorrectionGrant, grant_id)


def _with_grants(where: Sequence[ColumnElement[bool]]) -> Any:
    return (
        select(ReviewRequest, CorrectionGrant)
        .outerjoin(CorrectionGrant, col(CorrectionGrant.id) == col(ReviewRequest.grant_id))
        .where(*where)
    )


async def page_requests(
    *, session: AsyncSession, where: Sequence[ColumnElement[bool]], page: Page
) -> list[Pair]:
    stmt = (
        _with_grants(where)
        .order_by(col(ReviewRequest.filed_at).desc(), col(ReviewRequest.id).desc())
        .limit(page.limit + 1)
        .offset(page.offset)
    )
    return [(request, grant) for request, grant in (await session.execute(stmt)).all()]


async def count_requests(*, session: AsyncSession, where: Sequence[ColumnElement[bool]]) -> int:
    sub = _with_grants(where).subquery()
    return int((await session.execute(select(func.count()).select_from(sub))).scalar_one())


async def usernames(*, session: AsyncSession, ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    stmt = select(col(User.id), col(User.username)).where(col(User.id).in_(wanted))
    found = (await session.execute(stmt)).all()
    return {ident: name for ident, name in found if ident is not None}


async def add_inbox(*, session: AsyncSession, entries: Sequence[InboxEntry]) -> None:
    session.add_all(entries)
    await session.flush()


def inbox_of(
    user_id: int | None, roles: Sequence[str], province_code: str | None
) -> ColumnElement[bool]:
    """Entries addressed to this user, or to one of their roles here or nationwide."""
    mine = [col(InboxEntry.user_id) == user_id] if user_id is not None else []
    if roles:
        where: ColumnElement[bool] = col(InboxEntry.province_code).is_(None)
        if province_code is not None:
            where = or_(where, col(InboxEntry.province_code) == province_code)
        mine.append(and_(col(InboxEntry.role).in_(roles), where))
    return or_(*mine) if mine else false()


async def page_inbox(
    *, session: AsyncSession, where: Sequence[ColumnElement[bool]], page: Page
) -> list[InboxEntry]:
    stmt = (
        select(InboxEntry)
        .where(*where)
        .order_by(col(InboxEntry.created_at).desc(), col(InboxEntry.id).desc())
        .limit(page.limit + 1)
        .offset(page.offset)
    )
    return list((await session.execute(stmt)).scalars().all())


async def count_inbox(*, session: AsyncSession, where: Sequence[ColumnElement[bool]]) -> int:
    stmt = select(func.count()).select_from(InboxEntry).where(*where)
    return int((await session.execute(stmt)).scalar_one())


async def mark_inbox(
    *,
    session: AsyncSession,
    ids: Sequence[int],
    visible: ColumnElement[bool],
    column: str,
    at: datetime,
) -> list[InboxEntry]:
    """Set ``read_at`` or ``acknowledged_at`` where still unset; acknowledging also reads."""
    rows = list(
        (await session.execute(select(InboxEntry).where(col(InboxEntry.id).in_(ids), visible)))
        .scalars()
        .all()
    )
    for row in rows:
        if getattr(row, column) is None:
            setattr(row, column, at)
        if row.read_at is None:
            row.read_at = at
    await session.flush()
    return sorted(rows, key=lambda row: row.id or 0)
