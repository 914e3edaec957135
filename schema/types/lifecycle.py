"""GraphQL types of the record lifecycle: entry compliance and record history."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

import strawberry

from policies.masks import MASKS, hidden_reason
from resolvers import compliance, history


@strawberry.enum(description="How entryCompliance groups offences.")
class ComplianceGrouping(Enum):
    UNIT = "unit"
    PROVINCE = "province"
    MONTH = "month"


@strawberry.type(description="Offences of one unit, province or month of entry, and their timing.")
class EntryComplianceGroup:
    key: str = strawberry.field(
        description="The unit's global id, the province code, or the month of entry (2026-11)."
    )
    offences: int
    on_time: int = strawberry.field(description="Entered within 48 h of occurring.")
    on_time_share: float = strawberry.field(description="onTime / offences, 0 to 1.")
    median_delay_seconds: float | None = strawberry.field(
        description="Median time from occurrence to entry, in seconds."
    )

    @classmethod
    def from_group(
        cls, group: compliance.ComplianceGroup, grouping: ComplianceGrouping
    ) -> EntryComplianceGroup:
        key = group.key
        if grouping is ComplianceGrouping.UNIT:
            key = str(strawberry.relay.GlobalID("Unit", group.key))
        return cls(
            key=key,
            offences=group.offences,
            on_time=group.on_time,
            on_time_share=group.on_time_share,
            median_delay_seconds=group.median_delay_seconds,
        )


@strawberry.type(description="One changed field of one version: its value before and after.")
class FieldChange:
    field: str
    before: str | None = strawberry.field(description="As JSON; null when it had no value.")
    after: str | None = strawberry.field(description="As JSON; null when it has no value.")


@strawberry.type(description="One version of a record: what changed, who changed it, when, why.")
class RecordVersion:
    version: int | None
    action: str = strawberry.field(description="create or update")
    at: datetime
    by: str = strawberry.field(description="The username of who made the change.")
    changes: list[FieldChange]
    correction_grant_id: int | None = strawberry.field(
        description="The correction grant under which a locked record was changed."
    )
    review_request_id: int | None = strawberry.field(
        description="The review request whose approval opened that grant."
    )


async def record_history(
    info: strawberry.Info, type_name: str, row: Any, mask_rows: tuple[Any, Any] | None = None
) -> list[RecordVersion]:
    """The history field of every record type (Offence, Person, Case, Warrant, Notice, Operation)."""
    hidden: set[str] = set()
    if mask_rows is not None:
        for name, masks in MASKS.get(type_name, {}).items():
            if hidden_reason(info.context.principal, masks, *mask_rows) is not None:
                hidden.add(name)
    versions = await history.history(
        info.context, type(row).__tablename__, row.id, frozenset(hidden)
    )
    return [
        RecordVersion(
            version=v.version,
            action=v.action,
            at=v.at,
            by=v.by,
            changes=[FieldChange(field=c.field, before=c.before, after=c.after) for c in v.changes],
            correction_grant_id=v.correction_grant_id,
            review_request_id=v.review_request_id,
        )
        for v in versions
    ]
