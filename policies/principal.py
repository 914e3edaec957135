"""The principal: who is asking. Built once per request by the web layer, read everywhere else."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from policies.enforcer import Policy


@dataclass(frozen=True)
class Principal:
    username: str
    user_id: int | None = None
    roles: tuple[str, ...] = ()
    province_code: str | None = None
    ministry_code: str | None = None
    unit_id: int | None = None
    rank: str | None = None
    token_name: str | None = None  # set when the request came with an API token
    token_id: int | None = None  # that token's row, for the audit trail and for consent
    session_id: int | None = None  # set when the request came with a session cookie
    mfa_verified: bool = False  # a second factor (TOTP) was checked at sign-in
    # ICCS prefixes under the caller's ministry's jurisdiction (partner-ministry users)
    jurisdiction: tuple[str, ...] = ()
    # The policy snapshot this request is judged by; none means nothing is allowed.
    policy: Policy | None = field(default=None, compare=False, repr=False)

    @classmethod
    def anonymous(cls) -> Principal:
        return cls(username="anonymous")

    @property
    def authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def token_label(self) -> str | None:
        """How the audit trail names the token: names repeat, so its number goes with it."""
        if self.token_id is None:
            return self.token_name
        return f"{self.token_name} #{self.token_id}"
