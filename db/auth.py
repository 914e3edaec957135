"""Queries for signing in: users by name, attempts, sessions, second factors and API tokens."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, func, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased
from sqlmodel import col, select

from db import paging
from db import tables as t


async def user_by_username(*, session: AsyncSession, username: str) -> t.User | None:
    stmt = select(t.User).where(col(t.User.username) == username)
    return (await session.execute(stmt)).scalars().first()


async def user_by_id(*, session: AsyncSession, user_id: int) -> t.User | None:
    return await session.get(t.User, user_id)


async def users(*, session: AsyncSession) -> Sequence[t.User]:
    stmt = select(t.User).order_by(col(t.User.username))
    return (await session.execute(stmt)).scalars().all()


async def unit_by_code(*, session: AsyncSession, code: str) -> t.Unit | None:
    stmt = select(t.Unit).where(col(t.Unit.code) == code)
    return (await session.execute(stmt)).scalars().first()


async def jurisdiction(*, session: AsyncSession, ministry_code: str) -> tuple[str, ...]:
    stmt = (
        select(t.MinistryJurisdiction.iccs_prefix)
        .where(col(t.MinistryJurisdiction.ministry_code) == ministry_code)
        .order_by(col(t.MinistryJurisdiction.iccs_prefix))
    )
    return tuple((await session.execute(stmt)).scalars().all())


async def add(*, session: AsyncSession, row: object) -> None:
    session.add(row)
    await session.flush()


async def lock_username(*, session: AsyncSession, username: str) -> None:
    """Serialise sign-in attempts for one username until commit (PostgreSQL), so that parallel
    guesses cannot all read the failure count before any of them is recorded."""
    if session.get_bind().dialect.name == "postgresql":
        key = int.from_bytes(hashlib.sha256(username.encode()).digest()[:8], "big", signed=True)
        await session.execute(select(func.pg_advisory_xact_lock(key)))


async def failures_since(*, session: AsyncSession, username: str, since: datetime) -> int:
    """Failed attempts for ``username`` after ``since`` and after its last success.

    Attempts refused because the name was already locked do not count, so that the lock lifts
    when the window passes however often it is tried meanwhile.
    """
    attempts = col(t.LoginAttempt.at)
    last_success = (
        select(func.max(attempts))
        .where(col(t.LoginAttempt.username) == username, col(t.LoginAttempt.success))
        .scalar_subquery()
    )
    stmt = select(func.count()).where(
        col(t.LoginAttempt.username) == username,
        ~col(t.LoginAttempt.success),
        col(t.LoginAttempt.reason) != "locked",
        attempts > since,
        attempts > func.coalesce(last_success, since),
    )
    return int((await session.execute(stmt)).scalar_one())


async def attempts(*, session: AsyncSession, username: str) -> Sequence[t.LoginAttempt]:
    stmt = (
        select(t.LoginAttempt)
        .where(col(t.LoginAttempt.username) == username)
        .order_by(col(t.LoginAttempt.id))
    )
    return (await session.execute(stmt)).scalars().all()


async def totp_for_user(*, session: AsyncSession, user_id: int) -> t.UserTotp | None:
    return await session.get(t.UserTotp, user_id)


async def totp_rows(*, session: AsyncSession) -> Sequence[t.UserTotp]:
    return (await session.execute(select(t.UserTotp))).scalars().all()


async def session_by_hash(
    *, session: AsyncSession, secret_hash: str
) -> tuple[t.LoginSession, t.User] | None:
    stmt = (
        select(t.LoginSession, t.User)
        .join(t.User, col(t.User.id) == col(t.LoginSession.user_id))
        .where(
            col(t.LoginSession.secret_hash) == secret_hash,
            col(t.LoginSession.ended_at).is_(None),
        )
    )
    row = (await session.execute(stmt)).first()
    return (row[0], row[1]) if row else None


async def end_sessions(
    *, session: AsyncSession, user_id: int, at: datetime, reason: str, session_id: int | None = None
) -> int:
    """End a user's open sessions (one of them, if ``session_id`` is given); how many ended."""
    stmt = update(t.LoginSession).where(
        col(t.LoginSession.user_id) == user_id, col(t.LoginSession.ended_at).is_(None)
    )
    if session_id is not None:
        stmt = stmt.where(col(t.LoginSession.id) == session_id)
    result = await session.execute(stmt.values(ended_at=at, end_reason=reason))
    return int(result.rowcount)  # type: ignore[attr-defined]


async def end_session_by_hash(
    *, session: AsyncSession, secret_hash: str, at: datetime, reason: str
) -> None:
    stmt = update(t.LoginSession).where(
        col(t.LoginSession.secret_hash) == secret_hash, col(t.LoginSession.ended_at).is_(None)
    )
    await session.execute(stmt.values(ended_at=at, end_reason=reason))


async def token_by_hash(
    *, session: AsyncSession, secret_hash: str
) -> tuple[t.ApiToken, t.User] | None:
    stmt = (
        select(t.ApiToken, t.User)
        .join(t.User, col(t.User.id) == col(t.ApiToken.owner_id))
        .where(col(t.ApiToken.secret_hash) == secret_hash)
    )
    row = (await session.execute(stmt)).first()
    return (row[0], row[1]) if row else None


async def token_for_update(*, session: AsyncSession, token_id: int) -> t.ApiToken | None:
    stmt = select(t.ApiToken).where(col(t.ApiToken.id) == token_id).with_for_update()
    return (await session.execute(stmt)).scalars().first()


def _tokens_where(include_inactive: bool, now: datetime) -> list[ColumnElement[bool]]:
    if include_inactive:
        return [col(t.ApiToken.kind) == "api"]
    return [
        col(t.ApiToken.kind) == "api",
        col(t.ApiToken.revoked_at).is_(None),
        col(t.ApiToken.expires_at) > now,
    ]


async def tokens_page(
    *, session: AsyncSession, include_inactive: bool, now: datetime, page: paging.Page
) -> list[t.ApiToken]:
    stmt = (
        select(t.ApiToken)
        .where(*_tokens_where(include_inactive, now))
        .order_by(col(t.ApiToken.created_at).desc(), col(t.ApiToken.id).desc())
    )
    return await paging.fetch_page(session=session, stmt=stmt, page=page)


async def tokens_count(*, session: AsyncSession, include_inactive: bool, now: datetime) -> int:
    stmt = select(t.ApiToken).where(*_tokens_where(include_inactive, now))
    return await paging.count_rows(session=session, stmt=stmt)


async def tokens_all(
    *, session: AsyncSession, include_inactive: bool, now: datetime
) -> Sequence[t.ApiToken]:
    stmt = (
        select(t.ApiToken).where(*_tokens_where(include_inactive, now)).order_by(col(t.ApiToken.id))
    )
    return (await session.execute(stmt)).scalars().all()


async def end_tokens(
    *, session: AsyncSession, user_id: int, at: datetime, kinds: Sequence[str], by_id: int | None
) -> int:
    """Revoke a user's live tokens of these kinds; how many were revoked."""
    stmt = update(t.ApiToken).where(
        col(t.ApiToken.owner_id) == user_id,
        col(t.ApiToken.kind).in_(kinds),
        col(t.ApiToken.revoked_at).is_(None),
        col(t.ApiToken.expires_at) > at,
    )
    result = await session.execute(stmt.values(revoked_at=at, revoked_by_id=by_id))
    return int(result.rowcount)  # type: ignore[attr-defined]


async def owned_tokens(
    *, session: AsyncSession, owner_id: int, now: datetime
) -> list[tuple[t.ApiToken, str | None]]:
    """A user's live admin-made tokens, newest first, with who made each (None: the CLI)."""
    maker = aliased(t.User)
    stmt = (
        select(t.ApiToken, maker.username)
        .outerjoin(maker, col(maker.id) == col(t.ApiToken.created_by_id))
        .where(
            col(t.ApiToken.owner_id) == owner_id,
            col(t.ApiToken.kind) == "api",
            col(t.ApiToken.revoked_at).is_(None),
            col(t.ApiToken.expires_at) > now,
        )
        .order_by(col(t.ApiToken.created_at).desc(), col(t.ApiToken.id).desc())
    )
    return [(row[0], row[1]) for row in (await session.execute(stmt)).all()]


async def tokens_by_id(*, session: AsyncSession, ids: Sequence[int]) -> Sequence[t.ApiToken]:
    stmt = select(t.ApiToken).where(col(t.ApiToken.id).in_(ids))
    return (await session.execute(stmt)).scalars().all()


async def usernames(*, session: AsyncSession, ids: Sequence[int]) -> dict[int, str]:
    stmt = select(t.User.id, t.User.username).where(col(t.User.id).in_(ids))
    return {row[0]: row[1] for row in (await session.execute(stmt)).all() if row[0] is not None}
