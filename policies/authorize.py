"""authorize(principal, action, object): may this principal do this to this kind of object?

For decisions that are not about one row — administering users, tokens, policies; reading the
audit trail. Row decisions go through ``policies.scope`` (reads and updates, in SQL) and
``policies.guard`` (creates).
"""

from __future__ import annotations

from collections.abc import Iterable

from db.errors import Forbidden
from policies.domains import DOMAINS
from policies.principal import Principal
from policies.scope import policy_of


def allowed(principal: Principal, action: str, obj: str, domains: Iterable[str] = DOMAINS) -> bool:
    policy = policy_of(principal)
    return any(policy.allows(principal, domain, obj, action) for domain in domains)


def authorize(
    principal: Principal, action: str, obj: str, domains: Iterable[str] = DOMAINS
) -> None:
    """Raise Forbidden unless allowed; the message says what was refused, not which rule."""
    if not allowed(principal, action, obj, domains):
        raise Forbidden(f"not allowed: {action} {obj}")
