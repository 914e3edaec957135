"""Mutations of hits: the owning unit confirms or rejects; anyone marks their alerts."""

from __future__ import annotations

from typing import Annotated

import strawberry

from db import tables as t
from resolvers import hit_alerts, hits
from resolvers.context import Context
from schema.results import Forbidden, NotFound, ValidationFailed, mutation, outcome
from schema.types.hits import Hit, HitAlert

Info = strawberry.Info[Context, None]


@strawberry.type
class HitSuccess:
    hit: Hit


@strawberry.type
class HitAlertsSuccess:
    alerts: list[HitAlert]


Failures = ValidationFailed | NotFound | Forbidden
HitResult = Annotated[HitSuccess | Failures, strawberry.union("HitResult")]
HitAlertsResult = Annotated[HitAlertsSuccess | Failures, strawberry.union("HitAlertsResult")]


def _hit(row: t.Hit) -> HitSuccess:
    return HitSuccess(hit=Hit.from_row(row))


def _alerts(rows: list[t.HitAlert]) -> HitAlertsSuccess:
    return HitAlertsSuccess(alerts=[HitAlert.from_row(row) for row in rows])


@strawberry.type
class HitsMutations:
    @mutation("Confirm a pending hit: it is the person (owning unit or its provincial chief).")
    async def confirm_hit(self, info: Info, id: strawberry.ID) -> HitResult:
        return await outcome(hits.confirm_hit(info.context, id), _hit)

    @mutation("Reject a pending hit, saying why (owning unit or its provincial chief).")
    async def reject_hit(self, info: Info, id: strawberry.ID, reason: str) -> HitResult:
        return await outcome(hits.reject_hit(info.context, id, reason), _hit)

    @mutation("Mark hit alerts read.")
    async def mark_hit_alerts_read(self, info: Info, ids: list[strawberry.ID]) -> HitAlertsResult:
        return await outcome(hit_alerts.mark_alerts(info.context, list(ids), "read_at"), _alerts)

    @mutation("Acknowledge hit alerts: taken in hand (also marks them read).")
    async def acknowledge_hit_alerts(self, info: Info, ids: list[strawberry.ID]) -> HitAlertsResult:
        return await outcome(
            hit_alerts.mark_alerts(info.context, list(ids), "acknowledged_at"), _alerts
        )
