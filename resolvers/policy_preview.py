"""Whom a policy change affects, before it is saved: the policy is evaluated with and without the
change for every active user, and each (object, action, domain) someone gains or loses is listed
with who.

Users are grouped by what Casbin sees of them (position, ministry, rank; their own name only when
some line names ``user:<name>``), so the cost follows the number of distinct groups, not users.
Only (object, action) pairs that some line of either policy mentions can change.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from db import policy as stored
from db import tables as t
from db import users as user_queries
from db.errors import NotFound
from policies.authorize import authorize
from policies.domains import DOMAINS
from policies.enforcer import Policy, Rule, subjects
from policies.principal import Principal
from policies.ranks import rank_index
from resolvers.context import Context
from resolvers.policy import check_rule


@dataclass
class Effect:
    obj: str
    action: str
    domain: str
    gained: bool  # False: lost
    users: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Preview:
    rule: Rule
    adding: bool
    effects: list[Effect]

    @property
    def users(self) -> list[str]:
        return sorted({name for effect in self.effects for name in effect.users})


async def preview_add(ctx: Context, rule: Rule) -> Preview:
    """Validated like addPolicyRule (InvalidInput names the field) and compared."""
    authorize(ctx.principal, "administer", "policies")
    check_rule(rule)
    _, before = await ctx.run(stored.rules)
    return Preview(rule, True, await _compare(ctx, before, [*before, rule], rule))


async def preview_remove(ctx: Context, rule_id: int) -> tuple[t.PolicyRule, Preview]:
    authorize(ctx.principal, "administer", "policies")
    rows = await ctx.run(stored.rule_rows)
    row = next((r for r in rows if r.id == rule_id), None)
    if row is None:
        raise NotFound("PolicyRule", rule_id)
    before = [stored.as_rule(r) for r in rows]
    after = [stored.as_rule(r) for r in rows if r.id != rule_id]
    rule = stored.as_rule(row)
    return row, Preview(rule, False, await _compare(ctx, before, after, rule))


def _pairs(rules: list[Rule]) -> set[tuple[str, str]]:
    return {(r[3], r[4]) for r in rules if r[0] == "p"}


def _named_users(rules: list[Rule]) -> set[str]:
    return {
        value.removeprefix("user:") for r in rules for value in r[1:3] if value.startswith("user:")
    }


async def _compare(
    ctx: Context, before: list[Rule], after: list[Rule], changed: Rule
) -> list[Effect]:
    old, new = Policy(before), Policy(after)
    # A permission line changes only its own (object, action); a role assignment, any.
    pairs = sorted(_pairs([changed]) if changed[0] == "p" else _pairs(before) | _pairs(after))
    named = _named_users(before) | _named_users(after)
    groups: dict[tuple[object, ...], tuple[Principal, list[str]]] = {}
    for user in await ctx.run(user_queries.active_users):
        probe = Principal(
            username=user.username,
            user_id=user.id,
            roles=(user.position,),
            ministry_code=user.ministry_code,
            rank=user.rank or None,
        )
        own = user.username if user.username in named else None
        key = (subjects(probe)[:1], probe.ministry_code, rank_index(probe.rank), own)
        groups.setdefault(key, (probe, []))[1].append(user.username)
    effects: dict[tuple[str, str, str, bool], Effect] = {}
    for probe, names in groups.values():
        for obj, action in pairs:
            for domain in DOMAINS:
                was = old.allows(probe, domain, obj, action)
                now = new.allows(probe, domain, obj, action)
                if was != now:
                    found = effects.setdefault(
                        (obj, action, domain, now), Effect(obj, action, domain, now)
                    )
                    found.users.extend(names)
    ordered = sorted(effects.values(), key=lambda e: (not e.gained, e.obj, e.action, e.domain))
    for effect in ordered:
        effect.users.sort()
    return ordered
