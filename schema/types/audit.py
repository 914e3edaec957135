"""The audit trail as admins read it: entries, their filter, and the state of the chain."""

from __future__ import annotations

import base64
import json
from datetime import datetime
from typing import Any

import strawberry
from strawberry import relay
from strawberry.scalars import JSON

from db import audit as chain
from db import tables as t
from db.errors import InvalidArgument
from resolvers import audit
from resolvers.context import Context
from schema.relay import DEFAULT_PAGE, Connection, Edge


@strawberry.input(description="Every given field must match; times are UTC, `to` exclusive.")
class AuditFilterInput:
    actor: str | None = strawberry.field(default=None, description="A username.")
    action: str | None = strawberry.field(
        default=None, description="An action, or a prefix ending in '.': 'person.' for all."
    )
    object_type: str | None = strawberry.field(default=None, description="A table: person, …")
    object_id: str | None = None
    outcome: str | None = strawberry.field(default=None, description="ok, denied or failed.")
    since: datetime | None = strawberry.field(default=None, name="from")
    until: datetime | None = strawberry.field(default=None, name="to")

    def to_filter(self) -> chain.AuditFilter:
        return chain.AuditFilter(
            actor=self.actor,
            action=self.action,
            object_type=self.object_type,
            object_id=self.object_id,
            outcome=self.outcome,
            since=self.since,
            until=self.until,
        )


@strawberry.type(description="One recorded act: who, what, when, from where, and the outcome.")
class AuditEntry:
    id: int
    at: datetime
    actor_user_id: int | None
    actor_username: str
    token_name: str | None
    ip: str | None
    user_agent: str | None
    request_id: str | None
    action: str
    object_type: str | None
    object_id: str | None
    outcome: str
    details: JSON = strawberry.field(
        description="Before and after of changed fields; search terms; the stated purpose."
    )
    prev_hash: str
    hash: str

    @classmethod
    def from_row(cls, row: t.AuditEntry) -> AuditEntry:
        details: Any = json.loads(row.details)
        return cls(
            id=row.id,
            at=row.at,
            actor_user_id=row.actor_user_id,
            actor_username=row.actor_username,
            token_name=row.token_name,
            ip=row.ip,
            user_agent=row.user_agent,
            request_id=row.request_id,
            action=row.action,
            object_type=row.object_type,
            object_id=row.object_id,
            outcome=row.outcome,
            details=details,
            prev_hash=row.prev_hash,
            hash=row.hash,
        )


@strawberry.type(description="Whether every entry still matches its hash and links to the last.")
class AuditChainStatus:
    intact: bool
    count: int = strawberry.field(description="Entries checked: all of them when intact.")
    last_id: int | None = strawberry.field(description="The last entry that held.")
    last_hash: str | None = strawberry.field(
        description="Its hash: note it elsewhere; a later check that still finds it proves the "
        "trail before it was not rewritten."
    )
    broken_entry_id: int | None = strawberry.field(description="The first entry that does not.")
    broken_at: datetime | None
    reason: str | None

    @classmethod
    def from_status(cls, status: chain.ChainStatus) -> AuditChainStatus:
        return cls(
            intact=status.intact,
            count=status.count,
            last_id=status.last_id,
            last_hash=status.last_hash,
            broken_entry_id=status.broken_id,
            broken_at=status.broken_at,
            reason=status.reason,
        )


def _cursor(entry_id: int) -> str:
    return base64.urlsafe_b64encode(f"audit:{entry_id}".encode()).decode()


def _before_id(cursor: str | None) -> int | None:
    if cursor is None:
        return None
    try:
        return int(base64.urlsafe_b64decode(cursor.encode()).decode().removeprefix("audit:"))
    except ValueError as error:
        raise InvalidArgument(f"after: {cursor!r} is not a cursor of auditEntries") from error


async def audit_entries(
    ctx: Context, filter: AuditFilterInput | None, first: int | None, after: str | None
) -> Connection[AuditEntry]:
    """Keyset pages (the cursor is an entry id): the trail grows at the top while admins page."""
    limit = DEFAULT_PAGE if first is None else first
    if not 0 <= limit <= ctx.max_page_size:
        raise InvalidArgument(f"first: must be between 0 and {ctx.max_page_size}, not {limit}")
    where = filter.to_filter() if filter else chain.AuditFilter()
    rows = await audit.audit_entries(ctx, where, _before_id(after), limit)
    edges = [Edge(cursor=_cursor(row.id), node=AuditEntry.from_row(row)) for row in rows[:limit]]
    info = relay.PageInfo(
        has_next_page=len(rows) > limit,
        has_previous_page=after is not None,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )

    async def total() -> int:
        return await audit.count_audit_entries(ctx, where)

    return Connection(edges=edges, page_info=info, total=total)
