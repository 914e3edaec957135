"""Shared set-up for the review workflow tests: people in their roles, and the operations."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.relay import GlobalID

from db import tables as t
from policies.enforcer import default_policy
from policies.principal import Principal
from tests import factories as f

LOCKED = timedelta(hours=48, minutes=1)
FAILURES = """
  __typename
  ... on ValidationFailed { errors { field code message } }
  ... on NotFound { id }
  ... on Forbidden { message }
"""
REQUEST = """request {
  id recordId recordType provinceCode fields proposed { field value } reason
  attachments { name sha256 } status filedBy filedAt decidedBy decidedAt comment
  windowOpensAt windowExpiresAt windowClosedAt
}"""
FILE = (
    "mutation ($input: ReviewRequestInput!) { fileReviewRequest(input: $input) {"
    + FAILURES
    + "... on ReviewRequestSuccess { "
    + REQUEST
    + " } } }"
)
APPROVE = (
    "mutation ($id: ID!, $comment: String!) { approveReviewRequest(id: $id, comment: $comment) {"
    + FAILURES
    + "... on ReviewRequestSuccess { "
    + REQUEST
    + " } } }"
)
REJECT = (
    "mutation ($id: ID!, $comment: String!) { rejectReviewRequest(id: $id, comment: $comment) {"
    + FAILURES
    + "... on ReviewRequestSuccess { "
    + REQUEST
    + " } } }"
)
LIST = """query ($status: ReviewStatus) { reviewRequests(status: $status, first: 50) {
  totalCount edges { node { id status recordId } } } }"""
INBOX = """query ($unread: Boolean!) { inbox(unreadOnly: $unread, first: 50) {
  totalCount edges { node { id kind requestId addressedToRole readAt acknowledgedAt } } } }"""


def gid(type_name: str, ident: int | None) -> str:
    return str(GlobalID(type_name, str(ident)))


async def member(session: AsyncSession, role: str, *, province: str = "12") -> Principal:
    unit = await f.unit(session, province=province)
    user = await f.user(session, unit_row=unit, position=role, rank="Colonel")
    await session.commit()
    return Principal(
        username=user.username,
        user_id=user.id,
        province_code=user.province_code,
        unit_id=user.unit_id,
        rank=user.rank,
        roles=(role,),
        policy=default_policy(),
    )


async def offence(session: AsyncSession, *, province: str = "12") -> t.Offence:
    unit = await f.unit(session, province=province)
    author = await f.user(session, unit_row=unit)
    # Entered 5 h after it occurred, as recordOffence would have stamped it.
    row = await f.offence(
        session, recorder=author, description="Stolen motorbike", delay_seconds=5 * 3600
    )
    await session.commit()
    return row


def filing(record: str, **kw: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "recordId": record,
        "fields": ["description"],
        "proposed": [{"field": "description", "value": "Stolen motorbike, red Honda Dream"}],
        "reason": "The victim's statement names the model; the entry left it out.",
        "attachments": [{"name": "statement.pdf", "sha256": "ab" * 32}],
    }
    values.update(kw)
    return {"input": values}
