"""Who you are: passwords, the lockout, the second factor, the principal, and their audit.

Rules (DESIGN security posture, anchored in the FBI CJIS Security Policy):
- passwords are argon2id hashes, rehashed on sign-in when the parameters change;
- 5 failed sign-ins for one username within 15 minutes lock it until the window passes; every
  attempt is recorded, known username or not, so the lock says nothing about who exists;
- a refusal never says which part was wrong, and an unknown username costs the same hash check;
- admins must present a TOTP code (RFC 6238); others must once they have enrolled.

Browser sessions are in resolvers.sessions, bearer tokens in resolvers.tokens.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pyotp
from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.ext.asyncio import AsyncSession

from db import auth as queries
from db import tables as t
from db.audit import record_security_event
from db.clock import Clock
from db.errors import EcrimeError
from policies.principal import Principal

MFA_REQUIRED_POSITIONS = frozenset({"admin"})  # CJIS: advanced authentication for privileged users


@dataclass(frozen=True)
class AuthRules:
    idle_timeout: timedelta = timedelta(minutes=30)
    max_session: timedelta = timedelta(hours=12)
    lockout_failures: int = 5
    lockout_window: timedelta = timedelta(minutes=15)
    sign_in_token_lifetime: timedelta = timedelta(minutes=15)
    # last_seen_at / last_used_at move at most this often, not on every request; the idle
    # timeout is therefore measured up to this much early, never late.
    touch_every: timedelta = timedelta(minutes=1)


@dataclass(frozen=True)
class Origin:
    """Where a request came from, for the attempt log and the audit trail."""

    ip: str = ""
    user_agent: str = ""


class SignInRefused(EcrimeError):
    """Wrong credentials (of any kind), or a locked username. Says nothing more to the caller."""

    def __init__(self, *, locked: bool) -> None:
        super().__init__("too many failed sign-ins; try later" if locked else "sign-in refused")
        self.locked = locked


class Passwords:
    """argon2id through argon2-cffi. Production uses the library's defaults (RFC 9106 low-memory
    profile); tests pass the CHEAPEST profile through settings so the suite stays fast."""

    def __init__(self, profile: str = "RFC_9106_LOW_MEMORY") -> None:
        self.hasher = PasswordHasher.from_parameters(getattr(profiles, profile))
        self._dummy: str | None = None

    def hash(self, password: str) -> str:
        return self.hasher.hash(password)

    def needs_rehash(self, stored: str) -> bool:
        return self.hasher.check_needs_rehash(stored)

    async def verify(self, stored: str | None, password: str) -> bool:
        """Check in a worker thread (argon2 is slow on purpose); without a stored hash, check a
        dummy one so that an unknown username takes as long as a known one."""
        if stored is None:
            if self._dummy is None:
                self._dummy = self.hasher.hash(secrets.token_urlsafe(16))
            stored = self._dummy
        try:
            return await asyncio.to_thread(self.hasher.verify, stored, password)
        except (VerificationError, InvalidHashError):
            return False


def digest(secret: str) -> str:
    """SHA-256 of a session or token secret. These secrets carry 190+ random bits, so a fast
    hash is enough (no dictionary to guess from); argon2 is for what people choose."""
    return hashlib.sha256(secret.encode()).hexdigest()


def user_roles(user: t.User) -> tuple[str, ...]:
    """The roles a user holds: their position (Casbin's role inheritance widens it from there)."""
    return (user.position,)


async def principal_for(
    session: AsyncSession,
    user: t.User,
    *,
    roles: tuple[str, ...] | None = None,
    token_name: str | None = None,
    token_id: int | None = None,
    session_id: int | None = None,
    mfa_verified: bool = False,
) -> Principal:
    """The user as they are now. ``roles`` (a token's) are cut to the user's current roles:
    whatever a token says, it never acts with a role its owner has since lost."""
    held = user_roles(user)
    return Principal(
        username=user.username,
        user_id=user.id,
        roles=held if roles is None else tuple(r for r in roles if r in held),
        province_code=user.province_code,
        ministry_code=user.ministry_code,
        unit_id=user.unit_id,
        rank=user.rank or None,
        token_name=token_name,
        token_id=token_id,
        session_id=session_id,
        mfa_verified=mfa_verified,
        jurisdiction=await queries.jurisdiction(session=session, ministry_code=user.ministry_code),
    )


async def audit(
    session: AsyncSession,
    *,
    action: str,
    who: Principal | str,
    outcome: str,
    origin: Origin,
    at: datetime,
    details: dict[str, Any] | None = None,
) -> None:
    """The one call site for security events: sign-in attempts, sign-out, token creation and
    revocation, appended to the audit trail in the caller's transaction."""
    await record_security_event(
        session,
        action=action,
        principal_or_username=who,
        outcome=outcome,
        ip=origin.ip or None,
        user_agent=origin.user_agent or None,
        details=details or {},
        at=at,
    )


# --- the second factor ---------------------------------------------------------------------


def new_totp_secret() -> str:
    return pyotp.random_base32()  # 160 bits, as RFC 4226 §4 recommends


def totp_uri(secret: str, username: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name="ecrime")


def totp_step(secret: str, code: str, at: datetime) -> int | None:
    """The time step ``code`` is valid for at ``at`` (one step either way for clock drift,
    RFC 6238 §5.2), or None."""
    code = code.replace(" ", "")
    if len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    now = totp.timecode(at)
    for step in (now - 1, now, now + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


async def enrol_totp(session: AsyncSession, *, user: t.User, clock: Clock) -> str:
    """Give ``user`` a new authenticator seed (replacing any earlier one); returns the seed."""
    assert user.id is not None
    row = await queries.totp_for_user(session=session, user_id=user.id)
    secret = new_totp_secret()
    if row is None:
        await queries.add(
            session=session, row=t.UserTotp(user_id=user.id, secret=secret, enrolled_at=clock.now())
        )
    else:
        row.secret, row.enrolled_at, row.last_used_step = secret, clock.now(), None
    return secret


# --- checking credentials ------------------------------------------------------------------


@dataclass(frozen=True)
class Credentials:
    username: str
    password: str
    code: str = ""  # TOTP code, when the user has a second factor


async def check_credentials(
    session: AsyncSession,
    *,
    rules: AuthRules,
    passwords: Passwords,
    clock: Clock,
    given: Credentials,
    origin: Origin,
) -> tuple[t.User, bool]:
    """The user and whether a second factor was checked; SignInRefused otherwise.

    Records the attempt (and audits it) in ``session``; the caller commits, refused or not.
    """
    now = clock.now()
    username = given.username.strip()[:64]
    await queries.lock_username(session=session, username=username)
    failures = await queries.failures_since(
        session=session, username=username, since=now - rules.lockout_window
    )
    if failures >= rules.lockout_failures:
        await _attempt(session, username, now, origin, reason="locked")
        raise SignInRefused(locked=True)
    user = await queries.user_by_username(session=session, username=username)
    stored = user.password_hash if user is not None else None
    matched = await passwords.verify(stored, given.password)
    reason = (
        "unknown_user"
        if user is None
        else "password"
        if not matched
        else ""
        if user.active
        else "inactive"
    )
    mfa = False
    if not reason and user is not None:
        assert user.id is not None
        totp = await queries.totp_for_user(session=session, user_id=user.id)
        if totp is None and user.position in MFA_REQUIRED_POSITIONS:
            reason = "totp_not_enrolled"
        elif totp is not None:
            step = totp_step(totp.secret, given.code, now)
            if step is None or (totp.last_used_step is not None and step <= totp.last_used_step):
                reason = "totp"
            else:
                totp.last_used_step, mfa = step, True
    if reason or user is None:
        await _attempt(session, username, now, origin, reason=reason)
        raise SignInRefused(locked=False)
    if user.password_hash is not None and passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash(given.password)
    await _attempt(session, username, now, origin, reason="")
    return user, mfa


async def _attempt(
    session: AsyncSession, username: str, now: datetime, origin: Origin, *, reason: str
) -> None:
    row = t.LoginAttempt(
        username=username,
        at=now,
        ip=origin.ip,
        user_agent=origin.user_agent,
        success=not reason,
        reason=reason,
    )
    await queries.add(session=session, row=row)
    outcome = "ok" if not reason else "denied" if reason == "locked" else "failed"
    details = {"reason": reason} if reason else {}
    await audit(
        session,
        action="login",
        who=username,
        outcome=outcome,
        origin=origin,
        at=now,
        details=details,
    )
