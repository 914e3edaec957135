"""API tokens: made by admins for front-end apps and partner ministries, or by exchanging a
user's credentials for a short-lived one; sent as ``Authorization: Bearer ecr_…``.

Rules (DESIGN security posture: API tokens hashed at rest, scoped, expiring, revocable):
- the secret is shown once, when made; only its SHA-256 is stored;
- every token expires: an admin's within one year, an exchanged one after 15 minutes;
- a token's roles are a subset of its owner's (today: the owner's position) when it is made, and
  it acts with its roles *and the owner's current ones* (resolvers.auth.principal_for), so a
  token never does what its owner can no longer do. ``admin`` is never put on an admin-made
  token: admin work needs a second factor, which a long-lived token would bypass. Exchanged
  tokens carry the owner's roles, admins' included, since the exchange checked the second factor;
- a token made by one user for another (an admin's, for a partner's app) acts only once its owner
  has accepted it, signed in as themselves (resolvers.token_consent): an admin cannot mint a way
  into case data by themselves. ``ecrime token create`` is run by whoever holds the database
  credentials, outside the application's separation of duties, and needs no consent;
- an expired, revoked or unaccepted token, or one whose owner is disabled, is refused like an
  unknown one.
"""

from __future__ import annotations

import re
import secrets
import string
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from db import auth as queries
from db import paging
from db import tables as t
from db.clock import Clock
from db.errors import NotFound
from policies.authorize import authorize
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
    user_roles,
)
from resolvers.context import Context
from resolvers.references import TOKEN_OWNER, resolve, target_id
from resolvers.validation import Problems

PREFIX = "ecr_"  # recognisable in logs and by secret scanners
_ALPHABET = string.ascii_letters + string.digits
_SECRET = re.compile(r"ecr_[A-Za-z0-9]{40}")  # 40 characters of 62: 238 random bits
MAX_LIFETIME = timedelta(days=365)
UNGRANTABLE = frozenset({"admin"})


def new_secret() -> str:
    return PREFIX + "".join(secrets.choice(_ALPHABET) for _ in range(40))


def well_formed(secret: str) -> bool:
    return _SECRET.fullmatch(secret) is not None


@dataclass(frozen=True)
class TokenInput:
    name: str
    owner_id: str  # global id of a User
    expires_at: datetime
    roles: list[str] | None = None  # None: all of the owner's grantable roles


@dataclass(frozen=True)
class IssuedToken:
    row: t.ApiToken
    secret: str  # shown to the caller once, never stored


async def issue_token(
    session: AsyncSession,
    *,
    clock: Clock,
    name: str,
    owner: t.User | None,
    roles: list[str] | None,
    expires_at: datetime,
    created_by: Principal | str,
    origin: Origin,
    problems: Problems | None = None,
) -> IssuedToken:
    """An admin-made token, validated; InvalidInput names every problem."""
    problems = problems or Problems()
    now = clock.now()
    problems.text("name", name, max_length=80, required=True)
    if owner is not None and not owner.active:
        problems.add("ownerId", "invalid", "the owner's account is disabled")
    if expires_at.tzinfo is None:
        problems.add("expiresAt", "invalid", "needs a time zone")
    elif expires_at <= now:
        problems.add("expiresAt", "out_of_range", "must be in the future")
    elif expires_at > now + MAX_LIFETIME:
        problems.add("expiresAt", "out_of_range", "must be within one year")
    grantable = [r for r in user_roles(owner) if r not in UNGRANTABLE] if owner else []
    wanted = grantable if roles is None else list(dict.fromkeys(roles))
    if owner is not None and not wanted:
        problems.add("roles", "required", "the owner holds no role a token may carry")
    elif any(role not in grantable for role in wanted):
        problems.add("roles", "invalid", f"must be among the owner's: {', '.join(grantable)}")
    problems.raise_if_any()
    assert owner is not None and owner.id is not None
    secret = new_secret()
    row = t.ApiToken(
        name=name.strip(),
        kind="api",
        owner_id=owner.id,
        roles=" ".join(wanted),
        secret_hash=digest(secret),
        created_at=now,
        created_by_id=created_by.user_id if isinstance(created_by, Principal) else None,
        expires_at=expires_at,
    )
    if not row.made_for_another:
        row.consented_at = now
    await queries.add(session=session, row=row)
    details = {
        "token_id": row.id,
        "name": row.name,
        "owner": owner.username,
        "made_by": created_by.username if isinstance(created_by, Principal) else created_by,
        "roles": wanted,
        "awaiting_consent": row.awaiting_consent,
    }
    await audit(
        session,
        action="token.create",
        who=created_by,
        outcome="ok",
        origin=origin,
        at=clock.now(),
        details=details,
    )
    return IssuedToken(row=row, secret=secret)


async def revoke_token(
    session: AsyncSession,
    *,
    clock: Clock,
    token_id: int,
    revoked_by: Principal | str,
    origin: Origin,
) -> t.ApiToken:
    """Revoke a token (again is harmless); NotFound if there is no such token."""
    row = await queries.token_for_update(session=session, token_id=token_id)
    if row is None:
        raise NotFound("ApiToken", token_id)
    if row.revoked_at is None:
        row.revoked_at = clock.now()
        row.revoked_by_id = revoked_by.user_id if isinstance(revoked_by, Principal) else None
        await session.flush()
    details = {"token_id": row.id, "name": row.name}
    await audit(
        session,
        action="token.revoke",
        who=revoked_by,
        outcome="ok",
        origin=origin,
        at=clock.now(),
        details=details,
    )
    return row


# --- through GraphQL: admins only ----------------------------------------------------------


def _origin(ctx: Context) -> Origin:
    return Origin(ip=ctx.ip or "", user_agent=ctx.user_agent or "")


async def create_api_token(ctx: Context, data: TokenInput) -> IssuedToken:
    authorize(ctx.principal, "administer", "tokens")
    problems = Problems()
    if not data.owner_id:
        problems.add("ownerId", "required", "is required")
    async with ctx.transaction() as session:
        owner = await resolve(
            session, ctx.principal, TOKEN_OWNER, data.owner_id, field="ownerId", problems=problems
        )
        return await issue_token(
            session,
            clock=ctx.clock,
            name=data.name,
            owner=owner,
            roles=data.roles,
            expires_at=data.expires_at,
            created_by=ctx.principal,
            origin=_origin(ctx),
            problems=problems,
        )


async def revoke_api_token(ctx: Context, token_id: str) -> t.ApiToken:
    authorize(ctx.principal, "administer", "tokens")
    number = target_id(token_id, "ApiToken")
    async with ctx.transaction() as session:
        return await revoke_token(
            session,
            clock=ctx.clock,
            token_id=number,
            revoked_by=ctx.principal,
            origin=_origin(ctx),
        )


async def api_tokens_page(
    ctx: Context, *, include_inactive: bool, page: paging.Page
) -> list[t.ApiToken]:
    authorize(ctx.principal, "administer", "tokens")
    return await ctx.run(
        queries.tokens_page, include_inactive=include_inactive, now=ctx.clock.now(), page=page
    )


async def api_tokens_count(ctx: Context, *, include_inactive: bool) -> int:
    authorize(ctx.principal, "administer", "tokens")
    return await ctx.run(
        queries.tokens_count, include_inactive=include_inactive, now=ctx.clock.now()
    )


# --- exchanging credentials, and authenticating a bearer -----------------------------------


async def exchange_credentials(
    session: AsyncSession,
    *,
    rules: AuthRules,
    passwords: Passwords,
    clock: Clock,
    given: Credentials,
    origin: Origin,
) -> IssuedToken:
    """Credentials (and TOTP where required) for a short-lived token; the same lockout as
    signing in, since it is signing in. Commits either way."""
    try:
        user, mfa = await check_credentials(
            session, rules=rules, passwords=passwords, clock=clock, given=given, origin=origin
        )
    except SignInRefused:
        await session.commit()
        raise
    assert user.id is not None
    now = clock.now()
    secret = new_secret()
    row = t.ApiToken(
        name="sign-in",
        kind="sign_in",
        owner_id=user.id,
        roles=" ".join(user_roles(user)),
        secret_hash=digest(secret),
        mfa_verified=mfa,
        created_at=now,
        created_by_id=user.id,
        expires_at=now + rules.sign_in_token_lifetime,
    )
    await queries.add(session=session, row=row)
    await session.commit()
    return IssuedToken(row=row, secret=secret)


async def authenticate_token(
    session: AsyncSession, *, rules: AuthRules, clock: Clock, secret: str, touch: bool = True
) -> Principal | None:
    """The principal a bearer secret stands for, or None: why not is nobody's business.
    ``touch=False``: a re-check by a live subscription, not a use of the token."""
    if not well_formed(secret):
        return None
    found = await queries.token_by_hash(session=session, secret_hash=digest(secret))
    if found is None:
        return None
    row, owner = found
    now = clock.now()
    if row.revoked_at is not None or row.expires_at <= now or not owner.active:
        return None
    if row.awaiting_consent:
        return None
    if touch and (row.last_used_at is None or now - row.last_used_at >= rules.touch_every):
        row.last_used_at = now
        await session.commit()
    return await principal_for(
        session,
        owner,
        roles=row.role_list,
        token_name=row.name,
        token_id=row.id,
        mfa_verified=row.mfa_verified,
    )
