"""Ending what a user's old rights made: their sessions and tokens, when a password changes, the
account is disabled, or a change takes rights away (policies.demotion).

Called by the user operations (resolvers.users) in their own transaction, so the change and the
end of its credentials commit or roll back together, audited as ``user.credentials_ended`` (who
ended what, why, how many). Sessions (``login_session``) and exchanged tokens end; a disabled
user's admin-made tokens are revoked too. An admin-made token outlives a password change or a
demotion: it was accepted for a purpose, not derived from the password, and acts from then on
with the roles its owner still holds (resolvers.auth.principal_for).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from db import auth as queries
from db import tables as t
from db.clock import Clock
from policies.demotion import Standing
from policies.principal import Principal
from resolvers import auth


@dataclass(frozen=True)
class Actor:
    """Who changes a user, and from where: for the audit entry of the credentials it ends."""

    who: Principal | str
    origin: auth.Origin


EXCHANGED = ("sign_in",)
EVERY_TOKEN = ("sign_in", "api")


async def end_credentials(
    session: AsyncSession,
    *,
    clock: Clock,
    user: t.User,
    reason: str,
    by: Actor,
    kinds: tuple[str, ...] = EXCHANGED,
    lost: Sequence[str] = (),
) -> None:
    """End the user's sessions and tokens of ``kinds``, audited in the caller's transaction."""
    assert user.id is not None
    now = clock.now()
    by_id = by.who.user_id if isinstance(by.who, Principal) else None
    sessions = await queries.end_sessions(session=session, user_id=user.id, at=now, reason=reason)
    ended = await queries.end_tokens(
        session=session, user_id=user.id, at=now, kinds=kinds, by_id=by_id
    )
    details = {"user": user.username, "reason": reason, "sessions": sessions, "tokens": ended}
    if lost:
        details["lost"] = list(lost)
    await auth.audit(
        session,
        action="user.credentials_ended",
        who=by.who,
        outcome="ok",
        origin=by.origin,
        at=now,
        details=details,
    )


def standing(user: t.User) -> Standing:
    return Standing(user.position, user.rank, user.unit_id, user.province_code, user.ministry_code)
