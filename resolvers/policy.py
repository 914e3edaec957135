"""Changing the access policy, and explaining a decision. Admin-only; every change is audited
and bumps the policy version in the same transaction, which every process watches."""

from __future__ import annotations

from dataclasses import dataclass, replace

from strawberry.relay import GlobalID

from db import policy as stored
from db import tables as t
from db.auth import user_by_username
from db.errors import FieldProblem, InvalidInput, NotFound
from policies.authorize import authorize
from policies.domains import DOMAINS, PROTECTED
from policies.enforcer import Decision
from policies.principal import Principal
from policies.vocabulary import ACTIONS, EFFECTS, OBJECTS, POLICY_DOMAINS, RANKS
from resolvers.auth import principal_for
from resolvers.context import Context
from resolvers.validation import Problems

P_FIELDS = ("subject", "domain", "object", "action", "minRank", "effect")


def check_rule(rule: tuple[str, ...]) -> None:
    problems = Problems()
    if not rule or rule[0] not in ("p", "g"):
        problems.add("ptype", "invalid", "must be p (a permission) or g (a role assignment)")
        problems.raise_if_any()
    if rule[0] == "g":
        if len(rule) != 3:
            problems.add("values", "invalid", "a role assignment has two values: member, role")
        for name, value in zip(("member", "role"), rule[1:], strict=False):
            problems.text(name, value, max_length=80, required=True)
        problems.raise_if_any()
        return
    if len(rule) != 7:
        problems.add("values", "invalid", f"a permission has six values: {', '.join(P_FIELDS)}")
        problems.raise_if_any()
    subject, domain, obj, action, min_rank, effect = rule[1:]
    problems.text("subject", subject, max_length=80, required=True)
    allowed = {
        "domain": (domain, POLICY_DOMAINS),
        "object": (obj, OBJECTS),
        "action": (action, ACTIONS),
        "minRank": (min_rank, RANKS),
        "effect": (effect, EFFECTS),
    }
    for name, (value, vocabulary) in allowed.items():
        if value not in vocabulary:
            problems.add(
                name, "invalid", f"{value!r} is not one of: {', '.join(sorted(vocabulary))}"
            )
    problems.raise_if_any()


async def list_rules(ctx: Context) -> list[t.PolicyRule]:
    authorize(ctx.principal, "administer", "policies")
    return await ctx.run(stored.rule_rows)


async def add_rule(ctx: Context, rule: tuple[str, ...]) -> t.PolicyRule:
    authorize(ctx.principal, "administer", "policies")
    check_rule(rule)
    async with ctx.transaction() as session:
        if await stored.find(session=session, rule=rule) is not None:
            raise InvalidInput(
                [_problem("values", "conflict", "this line is already in the policy")]
            )
        row = await stored.add(session=session, rule=rule)
        await stored.bump(session=session, at=ctx.clock.now(), by=ctx.principal.username)
    return row


async def remove_rule(ctx: Context, rule_id: int) -> t.PolicyRule:
    authorize(ctx.principal, "administer", "policies")
    async with ctx.transaction() as session:
        row = await session.get(t.PolicyRule, rule_id)
        if row is None:
            raise NotFound("PolicyRule", rule_id)
        await session.delete(row)
        await session.flush()
        await stored.bump(session=session, at=ctx.clock.now(), by=ctx.principal.username)
    return row


@dataclass(frozen=True)
class Explanation:
    domain: str
    decision: Decision


async def explain(
    ctx: Context, *, username: str, action: str, obj: str, object_id: str | None
) -> list[Explanation]:
    """Can this user do this, and which line decides — per relation, or for one named row."""
    authorize(ctx.principal, "administer", "policies")
    async with ctx.lock:
        user = await user_by_username(session=ctx.session, username=username)
        if user is None:
            raise InvalidInput([_problem("username", "unknown", f"no user {username!r}")])
        subject = replace(await principal_for(ctx.session, user), policy=ctx.principal.policy)
        domains: tuple[str, ...] = DOMAINS
        if object_id is not None:
            domains = tuple(sorted(await _domains_of_object(ctx, subject, object_id)))
    policy = ctx.principal.policy
    assert policy is not None
    return [Explanation(d, policy.decide(subject, d, obj, action)) for d in domains]


async def _domains_of_object(ctx: Context, subject: Principal, object_id: str) -> set[str]:
    try:
        gid = GlobalID.from_id(object_id)
        model = next(m for m in PROTECTED if m.__name__ == gid.type_name)
        row = await ctx.session.get(model, int(gid.node_id))
    except (ValueError, StopIteration):
        row = None
    if row is None:
        raise InvalidInput([_problem("objectId", "unknown", "no such record")])
    return PROTECTED[type(row)].domains_of(subject, row)


def _problem(field: str, code: str, message: str) -> FieldProblem:
    return FieldProblem(field=field, code=code, message=message)
