"""Hits and hit alerts as GraphQL sees them; ids only for the records they point at, so that
reading a hit reveals no more of a person, warrant or notice than the caller's scope does."""

from __future__ import annotations

import json
from collections.abc import AsyncGenerator
from datetime import datetime
from enum import Enum

import strawberry
from strawberry.relay import GlobalID

from db import tables as t
from resolvers import hit_alerts
from resolvers.context import Context
from schema.relay import Connection, build, page_args

Info = strawberry.Info[Context, None]


def _gid(type_name: str, ident: int | None) -> strawberry.ID | None:
    return strawberry.ID(str(GlobalID(type_name, str(ident)))) if ident is not None else None


@strawberry.enum(
    description="pending until the owning unit confirms or rejects the hit; withdrawn when the "
    "warrant is executed or cancelled first (decisionReason says which)."
)
class HitStatus(Enum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


@strawberry.type(description="A recorded person who matches the subject of a warrant or notice.")
class Hit:
    id: strawberry.ID
    person_id: strawberry.ID = strawberry.field(description="The person as recorded.")
    subject_id: strawberry.ID = strawberry.field(description="The warrant's or notice's subject.")
    warrant_id: strawberry.ID | None
    notice_id: strawberry.ID | None
    province_code: str | None = strawberry.field(description="Where the person was recorded.")
    recorded_by_id: strawberry.ID | None
    recorded_unit_id: strawberry.ID | None
    owning_unit_id: strawberry.ID | None
    owning_province_code: str
    score: float
    reasons: list[str]
    custody: bool
    status: HitStatus
    escalated: bool
    created_at: datetime
    deadline_at: datetime
    reminded_at: datetime | None
    escalated_at: datetime | None
    decided_by_id: strawberry.ID | None
    decided_at: datetime | None
    decision_reason: str

    @classmethod
    def from_row(cls, row: t.Hit) -> Hit:
        return cls(
            id=strawberry.ID(str(GlobalID("Hit", str(row.id)))),
            person_id=strawberry.ID(str(GlobalID("Person", str(row.person_id)))),
            subject_id=strawberry.ID(str(GlobalID("Person", str(row.subject_person_id)))),
            warrant_id=_gid("Warrant", row.warrant_id),
            notice_id=_gid("Notice", row.notice_id),
            province_code=row.province_code,
            recorded_by_id=_gid("User", row.recorded_by_id),
            recorded_unit_id=_gid("Unit", row.recorded_unit_id),
            owning_unit_id=_gid("Unit", row.owning_unit_id),
            owning_province_code=row.owning_province_code,
            score=row.score,
            reasons=list(json.loads(row.reasons)),
            custody=row.custody,
            status=HitStatus(row.status),
            escalated=row.escalated,
            created_at=row.created_at,
            deadline_at=row.deadline_at,
            reminded_at=row.reminded_at,
            escalated_at=row.escalated_at,
            decided_by_id=_gid("User", row.decided_by_id),
            decided_at=row.decided_at,
            decision_reason=row.decision_reason,
        )


@strawberry.type(description="A hit alert addressed to you, your unit, or one of your roles.")
class HitAlert:
    id: strawberry.ID
    hit_id: strawberry.ID
    kind: str = strawberry.field(
        description="hit, recorded, reminder, escalation, confirmed, rejected, withdrawn"
    )
    addressed_to_role: str | None
    addressed_to_unit: strawberry.ID | None
    created_at: datetime
    read_at: datetime | None
    acknowledged_at: datetime | None

    @classmethod
    def from_row(cls, row: t.HitAlert) -> HitAlert:
        return cls(
            id=strawberry.ID(str(GlobalID("HitAlert", str(row.id)))),
            hit_id=strawberry.ID(str(GlobalID("Hit", str(row.hit_id)))),
            kind=row.kind,
            addressed_to_role=row.role,
            addressed_to_unit=_gid("Unit", row.unit_id),
            created_at=row.created_at,
            read_at=row.read_at,
            acknowledged_at=row.acknowledged_at,
        )


@strawberry.type
class HitsQuery:
    @strawberry.field(description="Hits you were alerted to, newest first.")
    async def hits(
        self,
        info: Info,
        status: HitStatus | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Hit]:
        ctx = info.context
        page = page_args(ctx, first, after)
        wanted = status.value if status else None
        rows = await hit_alerts.hits_page(ctx, wanted, page)

        async def total() -> int:
            return await hit_alerts.hits_count(ctx, wanted)

        return build(rows, page, Hit.from_row, total)

    @strawberry.field(description="Your hit alerts, newest first: for you, your unit, your roles.")
    async def hit_alerts(
        self,
        info: Info,
        unread_only: bool = False,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[HitAlert]:
        ctx = info.context
        page = page_args(ctx, first, after)
        rows = await hit_alerts.alerts_page(ctx, unread_only, page)

        async def total() -> int:
            return await hit_alerts.alerts_count(ctx, unread_only)

        return build(rows, page, HitAlert.from_row, total)


@strawberry.type
class Subscription:
    @strawberry.subscription(
        description="Your hit alerts as they happen (for you, your unit, your roles); "
        "the hitAlerts query lists the ones you missed."
    )
    async def alerts(self, info: Info) -> AsyncGenerator[HitAlert, None]:
        async for row in hit_alerts.watch_alerts(info.context):
            yield HitAlert.from_row(row)
