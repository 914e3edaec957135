"""scope(principal, action, resource) -> the SQL predicate that every read of a resource carries.

Every list, count, nested page and node lookup ANDs this predicate into its WHERE clause, so a
row the principal may not see never leaves the database. The predicate is compiled from the
policy: for each relation a row can stand in to the caller (own province, another province, the
caller's ministry's jurisdiction) the policy is asked once, and the allowed relations' SQL
conditions are ORed. ``row_allows`` answers the same question for one row in Python; a property
test (tests/test_scope_property.py) holds the two together.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, false, not_, or_, true
from sqlmodel import col

from db import tables as t
from policies.domains import CHILDREN, DOMAINS, OTHER_PROVINCE, OWN_PROVINCE, PROTECTED, REFERENCE
from policies.enforcer import DENY_ALL, Policy
from policies.principal import Principal

# Seeing a person at all needs either grant; the detail fields check "read" row by row.
VISIBLE_AS = {("person", "read"): ("read", "read_summary")}
# Units are reference data everyone reads; naming one as the owner or leader of a record is
# acting for it, which a provincial caller does for the units of their province and the national
# ones (a national unit's records take the caller's province), a national caller for any unit.
ACT_FOR = "act_for"


def policy_of(principal: Principal) -> Policy:
    return principal.policy if principal.policy is not None else DENY_ALL


def allowed_domains(principal: Principal, action: str, resource: str) -> frozenset[str]:
    policy = policy_of(principal)
    actions = VISIBLE_AS.get((resource, action), (action,))
    return frozenset(
        domain
        for domain in DOMAINS
        for act in actions
        if policy.allows(principal, domain, resource, act)
    )


def _protected(principal: Principal, action: str, model: type[Any]) -> ColumnElement[bool]:
    spec = PROTECTED[model]
    domains = allowed_domains(principal, action, spec.resource)
    if {OWN_PROVINCE, OTHER_PROVINCE} <= domains:
        visible: ColumnElement[bool] = true()
    elif domains:
        visible = or_(*(spec.predicate(principal, d) for d in sorted(domains)))
    else:
        return false()
    if model is t.Case and action == "read":
        sealed = allowed_domains(principal, "read", "sealed_case")
        if {OWN_PROVINCE, OTHER_PROVINCE} <= sealed:
            return visible
        may_see_sealed = (
            or_(*(spec.predicate(principal, d) for d in sorted(sealed))) if sealed else false()
        )
        return and_(visible, or_(not_(col(t.Case.sealed)), may_see_sealed))
    return visible


def _units_acted_for(principal: Principal) -> ColumnElement[bool]:
    if principal.province_code is None:
        return true()
    province = col(t.Unit.province_code)
    return or_(province == principal.province_code, province.is_(None))


def scope(principal: Principal, action: str, resource: type[Any]) -> ColumnElement[bool]:
    if resource is t.Unit and action == ACT_FOR:
        return _units_acted_for(principal)
    if resource in REFERENCE:
        return true()
    if resource in PROTECTED:
        return _protected(principal, action, resource)
    if resource in CHILDREN:
        child = CHILDREN[resource]
        return child.link(_protected(principal, action, child.parent))
    if resource is t.User:
        if policy_of(principal).allows(principal, OTHER_PROVINCE, "users", "administer"):
            return true()
        return col(t.User.id) == principal.user_id if principal.user_id is not None else false()
    return false()  # a table nobody has described is nobody's to read


def reachable(principal: Principal, action: str, resource: type[Any]) -> ColumnElement[bool]:
    """The rows a caller may name or change for ``action``: those its rules admit among the rows
    the caller may read. Nobody changes, links to or names a row they cannot see — a sealed case
    below the sealing rank is out of reach for every action, not only for reading."""
    if action == "read":
        return scope(principal, action, resource)
    return and_(scope(principal, action, resource), scope(principal, "read", resource))


def row_allows(principal: Principal, action: str, resource: type[Any], row: Any) -> bool:
    """The per-row twin of ``scope`` for protected tables: what the enforcer says of this row."""
    spec = PROTECTED[resource]
    policy = policy_of(principal)
    actions = VISIBLE_AS.get((spec.resource, action), (action,))
    domains = spec.domains_of(principal, row)
    allowed = any(policy.allows(principal, d, spec.resource, a) for d in domains for a in actions)
    if allowed and resource is t.Case and action == "read" and row.sealed:
        return any(policy.allows(principal, d, "sealed_case", "read") for d in domains)
    return allowed
