"""authorize(principal, action, object): may this principal do this to this kind of object?

Object-level decisions for mutations and admin operations. List reads are narrowed by
``policies.scope`` instead, in SQL. The Casbin enforcer replaces the interim rule below.
"""

from __future__ import annotations

from policies.principal import Principal
from resolvers.errors import Forbidden

ADMIN_OBJECTS = frozenset({"users", "roles", "tokens", "policies", "audit"})


def allowed(principal: Principal, action: str, obj: str) -> bool:
    if obj in ADMIN_OBJECTS:
        return "admin" in principal.roles
    return principal.authenticated


def authorize(principal: Principal, action: str, obj: str) -> None:
    """Raise Forbidden unless allowed; the message says what was refused, never why in detail."""
    if not allowed(principal, action, obj):
        raise Forbidden(f"not allowed: {action} {obj}")
