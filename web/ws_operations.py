"""Rights checked at use on a WebSocket: every operation asks again who is asking.

A WebSocket is authenticated once, when it opens (web.auth.Authenticate), and may then live for
hours. So every operation it carries — a graphql-transport-ws ``subscribe`` of a query, mutation
or subscription, a legacy graphql-ws ``start`` — goes through ``OperationGate`` before the schema
sees it:

- the credential the socket opened with is asked again (``Credential.recheck``, the same rules
  as a request's: a signed-out, idle or expired session, a revoked, expired or unaccepted token,
  a disabled user all end it); anonymous sockets take the current policy;
- the operation runs in a context of its own (``Context.renewed``): its own database session, and
  the principal as it is now — roles, unit, province, rank, and the policy snapshot;
- once the credential has ended, the operation is refused before it runs: an ``error`` message
  for it (``CREDENTIAL_ENDED``, ``extensions.code`` UNAUTHENTICATED), then the socket is closed
  with 4401 (web.app), which graphql-ws clients do not retry. A refused mutation is recorded in
  the audit trail (``mutation <field>``, denied), under the caller as they last stood, as every
  refused mutation is (schema.refusals covers those that reach the schema).

The handlers hand every operation to the gate in place of the schema, so no resolver checks
anything itself; long-running subscriptions keep checking on their own (resolvers.hit_alerts).
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Awaitable, Callable
from dataclasses import replace
from typing import Any

from graphql import FieldNode, GraphQLError, OperationDefinitionNode, OperationType, parse
from strawberry.schema import BaseSchema
from strawberry.types.execution import PreExecutionError

from db.engine import Database
from db.errors import Forbidden
from policies.enforcer import Policy
from policies.principal import Principal
from policies.store import PolicyStore
from resolvers.audit import record_refused_operation
from resolvers.context import CREDENTIAL_ENDED, Context

CLOSE_CODE = 4401  # graphql-transport-ws "Unauthorized"
CLOSE_REASON = "session ended; sign in again"
UNAUTHENTICATED = {"code": "UNAUTHENTICATED"}


async def principal_now(
    connection: Context, policy_now: Callable[[], Awaitable[Policy]]
) -> Principal | None:
    """Who the socket's caller is at this moment; None once their credential has ended."""
    if connection.credential is None:  # anonymous: nothing to end, but the policy moves on
        return replace(connection.principal, policy=await policy_now())
    return await connection.credential.recheck(activity=True)


async def _refused() -> AsyncGenerator[PreExecutionError, None]:
    error = GraphQLError(CREDENTIAL_ENDED, extensions=UNAUTHENTICATED)
    yield PreExecutionError(data=None, errors=[error])


class OperationGate:
    """Stands in for the schema in one socket's handler (``stream`` and ``subscribe`` are all
    the handlers call); the socket's own context is only the template of each operation's."""

    def __init__(
        self, schema: BaseSchema, *, policies: PolicyStore, database: Database, max_tokens: int
    ) -> None:
        self.schema, self.policies, self.database = schema, policies, database
        self.max_tokens = max_tokens  # the schema's own limit, for the refused too

    async def _context(self, connection: Context) -> Context | None:
        principal = await principal_now(connection, lambda: self.policies.fresh(self.database))
        if principal is None:
            return None
        return connection.renewed(session=self.database.sessions(), principal=principal)

    async def _refuse(self, connection: Context, query: str | None, name: str | None) -> Any:
        fields = mutation_fields(query, name, self.max_tokens)
        if fields:
            ended = Forbidden(CREDENTIAL_ENDED)
            ctx = connection.renewed(
                session=self.database.sessions(), principal=connection.principal
            )
            try:
                for field in fields:
                    await record_refused_operation(ctx, ended, action=f"mutation {field}")
            finally:
                await ctx.session.close()
        return _refused()

    async def stream(self, query: str | None, **kwargs: Any) -> Any:
        connection = kwargs.pop("context_value")
        context = await self._context(connection)
        if context is None:
            return await self._refuse(connection, query, kwargs.get("operation_name"))
        return await self.schema.stream(query, context_value=context, **kwargs)

    async def subscribe(self, query: str | None, **kwargs: Any) -> Any:
        connection = kwargs.pop("context_value")
        context = await self._context(connection)
        if context is None:
            return await self._refuse(connection, query, kwargs.get("operation_name"))
        return await self.schema.subscribe(query, context_value=context, **kwargs)


def mutation_fields(query: str | None, name: str | None, max_tokens: int) -> list[str]:
    """The root fields of the mutation ``query`` would run; none for anything else."""
    try:
        document = parse(query or "", max_tokens=max_tokens)
    except GraphQLError:
        return []
    for definition in document.definitions:
        if not isinstance(definition, OperationDefinitionNode):
            continue
        if name is not None and (definition.name is None or definition.name.value != name):
            continue
        if definition.operation != OperationType.MUTATION:
            return []
        return [
            s.name.value for s in definition.selection_set.selections if isinstance(s, FieldNode)
        ]
    return []
