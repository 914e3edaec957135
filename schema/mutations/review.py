"""Mutations of the review workflow: file, approve, reject; and reading the inbox."""

from __future__ import annotations

from typing import Annotated

import strawberry

from db import tables as t
from resolvers import inbox, review, review_input
from resolvers.context import Context
from schema.results import Forbidden, NotFound, ValidationFailed, mutation, outcome
from schema.types.review import InboxEntry, ReviewRequest

Info = strawberry.Info[Context, None]


@strawberry.input(description="A new value proposed for one of the request's fields.")
class ProposedValueInput:
    field: str
    value: str | None = None


@strawberry.input(description="A document supporting the request: its name and SHA-256.")
class AttachmentInput:
    name: str
    sha256: str


@strawberry.input(description="A formal request to correct a locked record of your province.")
class ReviewRequestInput:
    record_id: strawberry.ID = strawberry.field(description="An Offence, Person or Case.")
    fields: list[str] = strawberry.field(description="Its fields to correct: 'occurredAt', …")
    reason: str = strawberry.field(description="Why: at least 10 characters.")
    proposed: list[ProposedValueInput] = strawberry.field(default_factory=list)
    attachments: list[AttachmentInput] = strawberry.field(default_factory=list)

    def to_data(self) -> review_input.ReviewRequestData:
        return review_input.ReviewRequestData(
            record_id=self.record_id,
            fields=tuple(self.fields),
            reason=self.reason,
            proposed=tuple(
                review_input.Proposed(field=p.field, value=p.value) for p in self.proposed
            ),
            attachments=tuple(
                review_input.Attachment(name=a.name, sha256=a.sha256) for a in self.attachments
            ),
        )


@strawberry.type
class ReviewRequestSuccess:
    request: ReviewRequest


@strawberry.type
class InboxSuccess:
    entries: list[InboxEntry]


Failures = ValidationFailed | NotFound | Forbidden
ReviewRequestResult = Annotated[
    ReviewRequestSuccess | Failures, strawberry.union("ReviewRequestResult")
]
InboxResult = Annotated[InboxSuccess | Failures, strawberry.union("InboxResult")]


def _request(view: review.ReviewView) -> ReviewRequestSuccess:
    return ReviewRequestSuccess(request=ReviewRequest.from_view(view))


def _entries(rows: list[t.InboxEntry]) -> InboxSuccess:
    return InboxSuccess(entries=[InboxEntry.from_row(row) for row in rows])


@strawberry.type
class ReviewMutations:
    @mutation("File a request to correct a locked record of your province (chiefs).")
    async def file_review_request(
        self, info: Info, input: ReviewRequestInput
    ) -> ReviewRequestResult:
        return await outcome(review.file_review_request(info.context, input.to_data()), _request)

    @mutation(
        "Approve a pending request: opens a correction window for its fields (planning head)."
    )
    async def approve_review_request(
        self, info: Info, id: strawberry.ID, comment: str = ""
    ) -> ReviewRequestResult:
        return await outcome(review.approve_review_request(info.context, id, comment), _request)

    @mutation("Reject a pending request, saying why; no window opens (planning head).")
    async def reject_review_request(
        self, info: Info, id: strawberry.ID, comment: str
    ) -> ReviewRequestResult:
        return await outcome(review.reject_review_request(info.context, id, comment), _request)

    @mutation("Mark inbox entries read.")
    async def mark_inbox_read(self, info: Info, ids: list[strawberry.ID]) -> InboxResult:
        return await outcome(inbox.mark_read(info.context, list(ids)), _entries)

    @mutation("Acknowledge inbox entries: you have taken them in hand (also marks them read).")
    async def acknowledge_inbox(self, info: Info, ids: list[strawberry.ID]) -> InboxResult:
        return await outcome(inbox.acknowledge(info.context, list(ids)), _entries)
