"""Review requests and inbox entries as GraphQL sees them."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry
from strawberry import relay
from strawberry.relay import GlobalID

from db import tables as t
from resolvers import inbox as inboxes
from resolvers import review
from resolvers.context import Context
from resolvers.review import ReviewView
from resolvers.review_input import graphql_name
from schema.relay import Connection, TableNode, build, page_args
from schema.types.persons import Person
from schema.types.records import Case, Offence

Info = strawberry.Info[Context, None]
RECORD_TYPES: dict[str, type[TableNode]] = {"offence": Offence, "person": Person, "case_file": Case}


@strawberry.enum(
    description="Where a review request stands; applied and expired follow its window."
)
class ReviewStatus(Enum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    APPLIED = "applied"
    EXPIRED = "expired"


@strawberry.type(description="A proposed new value for one field.")
class ProposedValue:
    field: str
    value: str | None


@strawberry.type(description="A document attached to a request: its name and content hash.")
class Attachment:
    name: str
    sha256: str


@strawberry.type(description="A formal request to correct a locked record.")
class ReviewRequest:
    id: strawberry.ID
    record_id: strawberry.ID = strawberry.field(description="The Offence, Person or Case.")
    record_type: str
    province_code: str
    fields: list[str] = strawberry.field(description="The fields to correct.")
    proposed: list[ProposedValue]
    reason: str
    attachments: list[Attachment]
    status: ReviewStatus
    filed_by: str | None = strawberry.field(description="The filing chief's username.")
    filed_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    comment: str
    window_opens_at: datetime | None = strawberry.field(
        description="When approval opened the correction window."
    )
    window_expires_at: datetime | None
    window_closed_at: datetime | None = strawberry.field(
        description="When the correction was applied, if it was."
    )
    row: strawberry.Private[t.ReviewRequest]

    @strawberry.field(description="The record itself; null if it is not yours to see.")
    async def record(self, info: Info) -> relay.Node | None:
        node_type = RECORD_TYPES[self.row.table_name]
        found = await info.context.loaders.row(node_type.table).load(self.row.record_id)
        return node_type.from_row(found) if found is not None else None

    @classmethod
    def from_view(cls, view: ReviewView) -> ReviewRequest:
        r, grant = view.request, view.grant
        return cls(
            id=strawberry.ID(str(GlobalID("ReviewRequest", str(r.id)))),
            record_id=strawberry.ID(view.record_gid),
            record_type=GlobalID.from_id(view.record_gid).type_name,
            province_code=r.province_code,
            fields=[graphql_name(f) for f in r.field_names],
            proposed=[ProposedValue(field=p.field, value=p.value) for p in view.proposed],
            reason=r.reason,
            attachments=[Attachment(name=a.name, sha256=a.sha256) for a in view.attachments],
            status=ReviewStatus(view.state),
            filed_by=view.filed_by,
            filed_at=r.filed_at,
            decided_by=view.decided_by,
            decided_at=r.decided_at,
            comment=r.comment,
            window_opens_at=grant.opened_at if grant else None,
            window_expires_at=grant.expires_at if grant else None,
            window_closed_at=grant.closed_at if grant else None,
            row=r,
        )


@strawberry.type(description="Something the review workflow asks of you, or tells you.")
class InboxEntry:
    id: strawberry.ID
    kind: str = strawberry.field(
        description="review_filed, review_approved, review_rejected, correction_window_open"
    )
    request_id: strawberry.ID | None
    addressed_to_role: str | None = strawberry.field(
        description="Set when the entry is for a role rather than for you by name."
    )
    created_at: datetime
    read_at: datetime | None
    acknowledged_at: datetime | None

    @classmethod
    def from_row(cls, row: t.InboxEntry) -> InboxEntry:
        request = GlobalID("ReviewRequest", str(row.request_id)) if row.request_id else None
        return cls(
            id=strawberry.ID(str(GlobalID("InboxEntry", str(row.id)))),
            kind=row.kind,
            request_id=strawberry.ID(str(request)) if request else None,
            addressed_to_role=row.role,
            created_at=row.created_at,
            read_at=row.read_at,
            acknowledged_at=row.acknowledged_at,
        )


@strawberry.type
class ReviewQuery:
    @strawberry.field(
        description=(
            "Review requests, newest first: a chief sees the province's, the planning head and "
            "the technical working group see all."
        )
    )
    async def review_requests(
        self,
        info: Info,
        status: ReviewStatus | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[ReviewRequest]:
        ctx = info.context
        page = page_args(ctx, first, after)
        wanted = status.value if status else None
        views = await review.review_page(ctx, wanted, page)

        async def total() -> int:
            return await review.review_count(ctx, wanted)

        return build(views, page, ReviewRequest.from_view, total)

    @strawberry.field(description="Your inbox, newest first: for you, and for your roles.")
    async def inbox(
        self,
        info: Info,
        unread_only: bool = False,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[InboxEntry]:
        ctx = info.context
        page = page_args(ctx, first, after)
        rows = await inboxes.inbox_page(ctx, unread_only, page)

        async def total() -> int:
            return await inboxes.inbox_count(ctx, unread_only)

        return build(rows, page, InboxEntry.from_row, total)
