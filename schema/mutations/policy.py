"""Admin mutations that change the access policy. Effective in every process within a second."""

from __future__ import annotations

from typing import Annotated

import strawberry

from db import tables as t
from db.errors import FieldProblem, InvalidInput
from resolvers import policy
from resolvers.context import Context
from schema.results import Forbidden, NotFound, ValidationFailed, mutation, outcome
from schema.types.policy import PolicyRule

Info = strawberry.Info[Context, None]


@strawberry.input(description="A policy line: ptype p with six values, or g with two.")
class PolicyRuleInput:
    ptype: str
    values: list[str]


@strawberry.type
class PolicyRuleChanged:
    rule: PolicyRule


AddPolicyRuleResult = Annotated[
    PolicyRuleChanged | ValidationFailed | NotFound | Forbidden,
    strawberry.union("AddPolicyRuleResult"),
]
RemovePolicyRuleResult = Annotated[
    PolicyRuleChanged | ValidationFailed | NotFound | Forbidden,
    strawberry.union("RemovePolicyRuleResult"),
]


def _rule_id(value: strawberry.ID) -> int:
    try:
        return int(value)
    except ValueError as error:
        raise InvalidInput([FieldProblem("id", "invalid", "not a policy line id")]) from error


@strawberry.type
class PolicyMutations:
    @mutation("Add a policy line (admins). Refused by name if any value is not in the vocabulary.")
    async def add_policy_rule(self, info: Info, input: PolicyRuleInput) -> AddPolicyRuleResult:
        rule = (input.ptype.strip(), *(v.strip() for v in input.values))
        return await outcome(
            policy.add_rule(info.context, rule),
            lambda row: PolicyRuleChanged(rule=PolicyRule.from_row(row)),
        )

    @mutation("Remove a policy line (admins).")
    async def remove_policy_rule(self, info: Info, id: strawberry.ID) -> RemovePolicyRuleResult:
        async def remove() -> t.PolicyRule:
            return await policy.remove_rule(info.context, _rule_id(id))

        return await outcome(remove(), lambda row: PolicyRuleChanged(rule=PolicyRule.from_row(row)))
