"""Signing in: second factors, server-side sessions, login attempts, and API tokens.

No secret that grants access is stored: sessions and tokens keep only the SHA-256 of their secret
(DESIGN security posture: API tokens hashed at rest). The TOTP seed must be kept readable to check
codes; a database reader can see it, which is why it is a second factor and never the only one.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index
from sqlmodel import Field, SQLModel

from db.types import UTCDateTime


class UserTotp(SQLModel, table=True):
    """A user's enrolled authenticator (RFC 6238). Admins must have one to sign in."""

    __tablename__ = "user_totp"
    user_id: int = Field(foreign_key="app_user.id", primary_key=True)
    secret: str = Field(max_length=64)  # base32 seed
    enrolled_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    # The time step of the last accepted code: a code is good once (RFC 6238 §5.2).
    last_used_step: int | None = None


class LoginSession(SQLModel, table=True):
    """A browser sign-in. The cookie holds the secret; the row holds its SHA-256."""

    __tablename__ = "login_session"
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    secret_hash: str = Field(unique=True, max_length=64)
    # Not a credential by itself (useless without the cookie); the page reads it to send back.
    csrf_token: str = Field(max_length=64)
    mfa_verified: bool = False
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    last_seen_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    ended_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    end_reason: str | None = Field(default=None, max_length=24)  # logout, idle, expired, …
    ip: str = Field(default="", max_length=45)
    user_agent: str = Field(default="", max_length=255)


class LoginAttempt(SQLModel, table=True):
    """Every sign-in attempt, by the username given (known or not): the lockout counts these."""

    __tablename__ = "login_attempt"
    __table_args__ = (Index("ix_login_attempt_username_at", "username", "at"),)
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64)
    at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    ip: str = Field(default="", max_length=45)
    user_agent: str = Field(default="", max_length=255)
    success: bool
    reason: str = Field(default="", max_length=24)  # why it failed; never shown to the caller


class ApiToken(SQLModel, table=True):
    """A bearer token: made by an admin (kind "api") or by exchanging credentials ("sign_in").

    One made by someone for another user acts for that user only once they consent
    (``consented_at``, set when they accept it signed in as themselves): separation of duties,
    so that an admin cannot mint themselves a way into case data (resolvers.tokens).
    """

    __tablename__ = "api_token"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=80)
    kind: str = Field(default="api", max_length=16)
    owner_id: int = Field(foreign_key="app_user.id", index=True)
    roles: str = Field(default="", max_length=255)  # space-separated
    secret_hash: str = Field(unique=True, max_length=64)
    mfa_verified: bool = False
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    created_by_id: int | None = Field(default=None, foreign_key="app_user.id")  # None: the CLI
    expires_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    revoked_at: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True)
    )
    revoked_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    last_used_at: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True)
    )
    consented_at: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True)
    )

    @property
    def role_list(self) -> tuple[str, ...]:
        return tuple(self.roles.split())

    @property
    def made_for_another(self) -> bool:
        """Made by an app user for someone else (not by its owner, not by ``ecrime token``)."""
        return self.created_by_id is not None and self.created_by_id != self.owner_id

    @property
    def awaiting_consent(self) -> bool:
        return self.made_for_another and self.consented_at is None
