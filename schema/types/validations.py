"""Overdue validations: active warrants and notices whose validation due date has passed, for
the caller's own unit (or province, for a principal without a unit; everything for a national
one), always within the caller's read scope. Two connections, one per table, because a page
across two tables has no single order to cursor on."""

from __future__ import annotations

import strawberry
from sqlmodel import col

from db import tables as t
from db import warrants
from db.clock import PHNOM_PENH
from resolvers.context import Context
from schema.relay import Connection, table_connection
from schema.types.orders import Notice, Warrant

Info = strawberry.Info[Context, None]


@strawberry.type
class ValidationsQuery:
    @strawberry.field(
        description="Active warrants of your unit whose validation is overdue, longest first."
    )
    async def overdue_warrant_validations(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[Warrant]:
        ctx = info.context
        today = ctx.clock.now().astimezone(PHNOM_PENH).date()
        return await table_connection(
            ctx,
            t.Warrant,
            Warrant.from_row,
            first=first,
            after=after,
            where=warrants.overdue_warrants(
                today, ctx.principal.unit_id, ctx.principal.province_code
            ),
            order_by=(col(t.Warrant.validation_due_on), col(t.Warrant.id)),
        )

    @strawberry.field(
        description="Notices in force of your unit whose validation is overdue, longest first."
    )
    async def overdue_notice_validations(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[Notice]:
        ctx = info.context
        today = ctx.clock.now().astimezone(PHNOM_PENH).date()
        return await table_connection(
            ctx,
            t.Notice,
            Notice.from_row,
            first=first,
            after=after,
            where=warrants.overdue_notices(
                today, ctx.principal.unit_id, ctx.principal.province_code
            ),
            order_by=(col(t.Notice.validation_due_on), col(t.Notice.id)),
        )
