"""Every refused mutation leaves an audit entry, anonymous callers' included, from here.

A refusal raised inside a write is recorded by ``Context.transaction`` after its rollback. Many
come earlier, before any transaction opens: nobody signed in (``require_user``), no right to the
operation (``authorize``), an id that names nothing. ``AuditRefusals`` sits on every root
Mutation field — put there when the root is merged (schema.mutation), so a mutation added later
has it without asking — and records the refusal the field answered with (a typed failure, which
keeps its domain error: schema.results; or a domain error raised) unless the transaction already
did. The entry's action is ``mutation <field>``.
"""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.extensions import FieldExtension
from strawberry.extensions.field_extension import AsyncExtensionResolver

from db.errors import EcrimeError
from resolvers.audit import record_refused_operation
from resolvers.context import Context


class AuditRefusals(FieldExtension):
    async def resolve_async(
        self, next_: AsyncExtensionResolver, source: Any, info: strawberry.Info, **kwargs: Any
    ) -> Any:
        ctx: Context = info.context
        recorded = ctx.refusals_recorded
        action = f"mutation {info.field_name}"
        try:
            result = await next_(source, info, **kwargs)
        except EcrimeError as error:
            if ctx.refusals_recorded == recorded:
                await record_refused_operation(ctx, error, action=action)
            raise
        refusal = getattr(result, "error", None)
        if isinstance(refusal, EcrimeError) and ctx.refusals_recorded == recorded:
            await record_refused_operation(ctx, refusal, action=action)
        return result


def audit_refusals(root: type) -> type:
    """Put ``AuditRefusals`` on every field of a merged Mutation root."""
    for field in root.__strawberry_definition__.fields:  # type: ignore[attr-defined]
        field.extensions.append(AuditRefusals())
    return root
