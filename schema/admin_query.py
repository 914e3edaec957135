"""The administrators' entry points: who am I, API tokens, the audit trail, the access policy."""

from __future__ import annotations

import strawberry

from resolvers import audit, policy
from resolvers.context import Context
from schema.relay import Connection
from schema.types.audit import AuditChainStatus, AuditEntry, AuditFilterInput, audit_entries
from schema.types.auth import ApiToken, Viewer, api_tokens
from schema.types.policy import AccessDecision, PolicyRule

Info = strawberry.Info[Context, None]


@strawberry.type
class AdminQuery:
    @strawberry.field(description="Who is asking: you, as this request authenticated you.")
    def viewer(self, info: Info) -> Viewer:
        return Viewer.from_principal(info.context.principal)

    @strawberry.field(description="API tokens, newest first. Admins only.")
    async def api_tokens(
        self,
        info: Info,
        include_inactive: bool = False,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[ApiToken]:
        return await api_tokens(info.context, include_inactive, first, after)

    @strawberry.field(description="The audit trail, newest first. Admins only.")
    async def audit_entries(
        self,
        info: Info,
        filter: AuditFilterInput | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[AuditEntry]:
        return await audit_entries(info.context, filter, first, after)

    @strawberry.field(description="Checks every entry of the audit trail. Admins only.")
    async def audit_chain_status(self, info: Info) -> AuditChainStatus:
        return AuditChainStatus.from_status(await audit.chain_status(info.context))

    @strawberry.field(description="Every line of the access policy, in order. Admins only.")
    async def policy_rules(self, info: Info) -> list[PolicyRule]:
        return [PolicyRule.from_row(row) for row in await policy.list_rules(info.context)]

    @strawberry.field(
        description=(
            "Can this user do this action on this object, and which policy line decides? Per "
            "relation of a record to the user, or for one record given by objectId. Admins only."
        )
    )
    async def explain_access(
        self,
        info: Info,
        username: str,
        action: str,
        object: str,
        object_id: strawberry.ID | None = None,
    ) -> list[AccessDecision]:
        found = await policy.explain(
            info.context, username=username, action=action, obj=object, object_id=object_id
        )
        return [AccessDecision.from_explanation(e) for e in found]
