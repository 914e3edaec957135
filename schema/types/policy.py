"""The access policy as GraphQL sees it: lines, and explained decisions."""

from __future__ import annotations

import strawberry

from db import tables as t
from db.policy import as_rule
from resolvers.policy import Explanation


@strawberry.type(description="One line of the access policy, as Casbin reads it.")
class PolicyRule:
    id: strawberry.ID
    ptype: str = strawberry.field(description="p: a permission; g: a role assignment.")
    values: list[str]

    @strawberry.field(description="The line as written in policies/default_policy.csv.")
    def text(self) -> str:
        return ", ".join([self.ptype, *self.values])

    @classmethod
    def from_row(cls, row: t.PolicyRule) -> PolicyRule:
        rule = as_rule(row)
        return cls(id=strawberry.ID(str(row.id)), ptype=rule[0], values=list(rule[1:]))


@strawberry.type(description="What the policy says for one relation of the record to the user.")
class AccessDecision:
    domain: str = strawberry.field(
        description="own_province, other_province or own_jurisdiction: how the record stands to the user."
    )
    allowed: bool
    subject: str | None = strawberry.field(description="Which of the user's roles matched.")
    rule: str | None = strawberry.field(description="The policy line that decided, if any allowed.")

    @classmethod
    def from_explanation(cls, found: Explanation) -> AccessDecision:
        decision = found.decision
        return cls(
            domain=found.domain,
            allowed=decision.allowed,
            subject=decision.subject,
            rule=", ".join(decision.rule) if decision.rule else None,
        )
