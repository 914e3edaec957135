"""Browser sessions: opened by signing in, ended by signing out, by 30 minutes without a
request (CJIS session lock; DESIGN security posture), or after 12 hours in any case.

The cookie holds a random secret; the ``login_session`` row holds its SHA-256 and the session's
CSRF token. Every sign-in makes a new secret and ends the one the browser sent (no fixation).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from db import auth as queries
from db import tables as t
from db.clock import Clock
from policies.principal import Principal
from resolvers.auth import (
    AuthRules,
    Credentials,
    Origin,
    Passwords,
    SignInRefused,
    audit,
    check_credentials,
    digest,
    principal_for,
)


@dataclass(frozen=True)
class SignedIn:
    secret: str  # for the cookie; only its digest is stored
    row: t.LoginSession
    principal: Principal


async def sign_in(
    session: AsyncSession,
    *,
    rules: AuthRules,
    passwords: Passwords,
    clock: Clock,
    given: Credentials,
    origin: Origin,
    replacing: str | None = None,
) -> SignedIn:
    """Check credentials and open a session; commits either way (the attempt is always kept)."""
    try:
        user, mfa = await check_credentials(
            session, rules=rules, passwords=passwords, clock=clock, given=given, origin=origin
        )
    except SignInRefused:
        await session.commit()
        raise
    assert user.id is not None
    now = clock.now()
    if replacing:  # a new secret at every sign-in, and the old one ends: no session fixation
        await queries.end_session_by_hash(
            session=session, secret_hash=digest(replacing), at=now, reason="replaced"
        )
    secret = secrets.token_urlsafe(32)
    row = t.LoginSession(
        user_id=user.id,
        secret_hash=digest(secret),
        csrf_token=secrets.token_urlsafe(32),
        mfa_verified=mfa,
        created_at=now,
        last_seen_at=now,
        ip=origin.ip,
        user_agent=origin.user_agent,
    )
    await queries.add(session=session, row=row)
    principal = await principal_for(session, user, session_id=row.id, mfa_verified=mfa)
    await session.commit()
    return SignedIn(secret=secret, row=row, principal=principal)


@dataclass(frozen=True)
class SessionAuth:
    principal: Principal
    csrf_token: str


async def authenticate_session(
    session: AsyncSession, *, rules: AuthRules, clock: Clock, secret: str, touch: bool = True
) -> SessionAuth | None:
    """The principal of a live session, or None (the session is ended if it has expired).

    ``touch=False`` asks without counting as activity: a subscription re-checking its session
    (resolvers.hit_alerts.watch_alerts) must not keep an unattended browser signed in."""
    found = await queries.session_by_hash(session=session, secret_hash=digest(secret))
    if found is None:
        return None
    row, user = found
    now = clock.now()
    ended = (
        "disabled"
        if not user.active
        else "idle"
        if now - row.last_seen_at > rules.idle_timeout
        else "expired"
        if now - row.created_at > rules.max_session
        else None
    )
    if ended is not None:
        row.ended_at, row.end_reason = now, ended
        await session.commit()
        return None
    if touch and now - row.last_seen_at >= rules.touch_every:
        row.last_seen_at = now
        await session.commit()
    principal = await principal_for(session, user, session_id=row.id, mfa_verified=row.mfa_verified)
    return SessionAuth(principal=principal, csrf_token=row.csrf_token)


async def sign_out(
    session: AsyncSession, *, clock: Clock, principal: Principal, origin: Origin
) -> None:
    if principal.session_id is None or principal.user_id is None:
        return
    await queries.end_sessions(
        session=session,
        user_id=principal.user_id,
        at=clock.now(),
        reason="logout",
        session_id=principal.session_id,
    )
    await audit(
        session, action="logout", who=principal, outcome="ok", origin=origin, at=clock.now()
    )
    await session.commit()
