"""Administering users: create, change position/unit/rank, disable, reset a password, enrol an
authenticator. The admin (through a Context) and ``ecrime user …`` (without a principal) share
these; every change is recorded in the audit trail in its own transaction — the row change by the
session hook (resolvers.audit; the password hash redacted), the rest as a security event.

Rules: passwords of at least 12 characters (MIN_PASSWORD); a user with a unit takes its province
and ministry. A new password, disabling, or a change that takes rights away (policies.demotion)
ends, in the same transaction and audited as ``user.credentials_ended``, every open session and
every exchanged (sign-in) token of the user — all their tokens when disabled. Admin-made tokens
outlive a demotion, acting from then on with the roles the owner still holds (resolvers.auth).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from db import auth as queries
from db import paging
from db import tables as t
from db import users as stored
from db.clock import Clock
from db.demo.org import POSITIONS
from db.errors import NotFound
from policies.authorize import authorize
from policies.demotion import inherited_roles, rights_removed
from policies.principal import Principal
from policies.scope import scope
from resolvers import auth
from resolvers.context import Context
from resolvers.user_credentials import EVERY_TOKEN, Actor, end_credentials, standing
from resolvers.validation import Problems

MIN_PASSWORD = 12  # NIST SP 800-63B's floor is 8; these accounts guard criminal records


@dataclass(frozen=True)
class NewUser:
    username: str
    password: str
    position: str
    family_name: str
    given_name: str
    rank: str = ""
    unit_code: str | None = None
    province_code: str | None = None
    ministry_code: str | None = None


@dataclass(frozen=True)
class UserChange:
    position: str
    rank: str
    unit_code: str | None  # None: no unit (the province stays as given)
    province_code: str | None = None


def check_password(problems: Problems, password: str, field: str = "password") -> None:
    if len(password) < MIN_PASSWORD:
        problems.add(field, "too_short", f"must be at least {MIN_PASSWORD} characters")


async def _placement(
    session: AsyncSession, problems: Problems, unit_code: str | None, province_code: str | None
) -> tuple[t.Unit | None, str | None]:
    unit = None
    if unit_code:
        unit = await queries.unit_by_code(session=session, code=unit_code)
        if unit is None:
            problems.add("unitCode", "unknown", f"no unit {unit_code!r}")
    if province_code and await stored.province(session=session, code=province_code) is None:
        problems.add("provinceCode", "unknown", f"no province {province_code!r}")
    return unit, province_code or (unit.province_code if unit else None)


def _check_role(problems: Problems, position: str, rank: str) -> None:
    """Any rank may be recorded (ranks off the ladder count as the lowest: policies/ranks.py)."""
    problems.choice("position", position, set(POSITIONS))
    problems.text("rank", rank, max_length=48)


async def create(
    session: AsyncSession, *, passwords: auth.Passwords, clock: Clock, data: NewUser
) -> t.User:
    """A new user, validated; InvalidInput names every problem. The caller commits."""
    problems = Problems()
    problems.text("username", data.username, max_length=64, required=True)
    if data.username.strip() != data.username or " " in data.username:
        problems.add("username", "invalid", "must not contain spaces")
    elif await queries.user_by_username(session=session, username=data.username) is not None:
        problems.add("username", "conflict", f"user {data.username!r} exists already")
    check_password(problems, data.password)
    problems.text("familyName", data.family_name, max_length=64, required=True)
    problems.text("givenName", data.given_name, max_length=64, required=True)
    _check_role(problems, data.position, data.rank)
    unit, province = await _placement(session, problems, data.unit_code, data.province_code)
    ministry = data.ministry_code or (unit.ministry_code if unit else "MOI")
    if data.ministry_code and not await stored.ministry_exists(session=session, code=ministry):
        problems.add("ministryCode", "unknown", f"no ministry {ministry!r}")
    problems.raise_if_any()
    user = t.User(
        username=data.username,
        family_name=data.family_name.strip(),
        given_name=data.given_name.strip(),
        rank=data.rank,
        position=data.position,
        unit_id=unit.id if unit else None,
        province_code=province,
        ministry_code=ministry,
        password_hash=passwords.hash(data.password),
        created_at=clock.now(),
    )
    await queries.add(session=session, row=user)
    return user


async def change(
    session: AsyncSession,
    *,
    clock: Clock,
    user: t.User,
    data: UserChange,
    rules: Sequence[tuple[str, ...]],
    by: Actor,
) -> list[str]:
    """Change a user's place or position; what it took away (policies.demotion, by the policy's
    ``rules``), which ends their sessions and exchanged tokens."""
    problems = Problems()
    _check_role(problems, data.position, data.rank)
    unit, province = await _placement(session, problems, data.unit_code, data.province_code)
    problems.raise_if_any()
    before = standing(user)
    user.position, user.rank = data.position, data.rank
    user.unit_id = unit.id if unit else None
    user.province_code = province
    if unit is not None:
        user.ministry_code = unit.ministry_code
    await session.flush()
    if lost := rights_removed(before, standing(user), rules):
        await end_credentials(session, clock=clock, user=user, reason="demoted", by=by, lost=lost)
    return lost


async def set_password(
    session: AsyncSession,
    *,
    passwords: auth.Passwords,
    clock: Clock,
    user: t.User,
    password: str,
    by: Actor,
) -> None:
    """A new password ends every session and exchanged token made with the old one."""
    problems = Problems()
    check_password(problems, password)
    problems.raise_if_any()
    user.password_hash = passwords.hash(password)
    await session.flush()
    await end_credentials(session, clock=clock, user=user, reason="password_changed", by=by)


async def disable(session: AsyncSession, *, clock: Clock, user: t.User, by: Actor) -> None:
    """Disabled users cannot sign in; their sessions end and all their tokens are revoked."""
    user.active = False
    await session.flush()
    await end_credentials(
        session, clock=clock, user=user, reason="disabled", by=by, kinds=EVERY_TOKEN
    )


async def enrol(
    session: AsyncSession, *, clock: Clock, user: t.User, by: Principal | str, origin: auth.Origin
) -> str:
    """A new authenticator seed (replacing any earlier one); the otpauth:// URI, shown once.
    The seed's table is not audited (it holds the secret), so the event is recorded here."""
    secret = await auth.enrol_totp(session, user=user, clock=clock)
    await auth.audit(
        session,
        action="user.enrol_totp",
        who=by,
        outcome="ok",
        origin=origin,
        at=clock.now(),
        details={"user": user.username},
    )
    return auth.totp_uri(secret, user.username)


# --- for admins, through a Context ---------------------------------------------------------


def _origin(ctx: Context) -> auth.Origin:
    return auth.Origin(ip=ctx.ip or "", user_agent=ctx.user_agent or "")


async def _target(session: AsyncSession, user_id: int) -> t.User:
    user = await queries.user_by_id(session=session, user_id=user_id)
    if user is None:
        raise NotFound("User", user_id)
    return user


async def users_page(
    ctx: Context, where: stored.UserFilter, page: paging.Page
) -> tuple[list[t.User], int]:
    authorize(ctx.principal, "administer", "users")
    visible = scope(ctx.principal, "read", t.User)
    rows = await ctx.run(stored.users_page, where=where, scope=visible, page=page)
    total = await ctx.run(stored.users_count, where=where, scope=visible)
    return rows, total


@dataclass(frozen=True)
class UserDetail:
    user: t.User
    unit: t.Unit | None
    enrolled: bool  # has an authenticator
    inherits: list[str]  # the roles their position inherits, by the current policy


async def user_detail(ctx: Context, user_id: int) -> UserDetail:
    authorize(ctx.principal, "administer", "users")
    async with ctx.lock:
        user = await _target(ctx.session, user_id)
        unit = await ctx.session.get(t.Unit, user.unit_id) if user.unit_id else None
        totp = await queries.totp_for_user(session=ctx.session, user_id=user_id)
    rules = ctx.principal.policy.rules if ctx.principal.policy else ()
    return UserDetail(user, unit, totp is not None, inherited_roles(rules, user.position))


async def choices(ctx: Context) -> tuple[Sequence[t.Unit], Sequence[t.Province]]:
    authorize(ctx.principal, "administer", "users")
    return await ctx.run(stored.units), await ctx.run(stored.provinces)


async def create_user(ctx: Context, passwords: auth.Passwords, data: NewUser) -> t.User:
    authorize(ctx.principal, "administer", "users")
    async with ctx.transaction() as session:
        return await create(session, passwords=passwords, clock=ctx.clock, data=data)


def _actor(ctx: Context) -> Actor:
    return Actor(ctx.principal, _origin(ctx))


async def change_user(ctx: Context, user_id: int, data: UserChange) -> list[str]:
    """The change, and what it took away (its sessions and exchanged tokens end then)."""
    authorize(ctx.principal, "administer", "users")
    rules = ctx.principal.policy.rules if ctx.principal.policy else ()
    async with ctx.transaction() as session:
        user = await _target(session, user_id)
        return await change(
            session, clock=ctx.clock, user=user, data=data, rules=rules, by=_actor(ctx)
        )


async def reset_password(
    ctx: Context, passwords: auth.Passwords, user_id: int, password: str
) -> None:
    authorize(ctx.principal, "administer", "users")
    async with ctx.transaction() as session:
        user = await _target(session, user_id)
        await set_password(
            session,
            passwords=passwords,
            clock=ctx.clock,
            user=user,
            password=password,
            by=_actor(ctx),
        )


async def disable_user(ctx: Context, user_id: int) -> None:
    authorize(ctx.principal, "administer", "users")
    async with ctx.transaction() as session:
        user = await _target(session, user_id)
        await disable(session, clock=ctx.clock, user=user, by=_actor(ctx))


async def enrol_totp(ctx: Context, user_id: int) -> str:
    authorize(ctx.principal, "administer", "users")
    async with ctx.transaction() as session:
        user = await _target(session, user_id)
        return await enrol(
            session, clock=ctx.clock, user=user, by=ctx.principal, origin=_origin(ctx)
        )


# --- reading users for other admin pages (token owners): the User scope decides -----------


async def usernames(ctx: Context, ids: Sequence[int]) -> dict[int, str]:
    visible = scope(ctx.principal, "read", t.User)
    rows = await ctx.run(stored.by_ids, ids=sorted(set(ids)), scope=visible)
    return {row.id: row.username for row in rows if row.id is not None}


async def find_user(ctx: Context, username: str) -> t.User | None:
    visible = scope(ctx.principal, "read", t.User)
    return await ctx.run(stored.by_username, username=username, scope=visible)
