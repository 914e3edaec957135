"""Formal review of locked records: a chief files, the planning head decides, the TWG corrects.

Rule 3 of the National Police directive: after its 48-hour correction window a record changes
only when a provincial or municipal chief files a request with the head of the planning
department and the head approves it; approval opens a correction grant (db.lifecycle) for the
requested fields of that record only, for ``GRANT_WINDOW``. Each step leaves an inbox entry for
the next actor; the audit hook records every row written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, false, or_, true
from sqlmodel import col
from strawberry.relay import GlobalID

from db import lifecycle
from db import review as db
from db import tables as t
from db.errors import Forbidden, NotFound
from db.paging import Page
from db.tables.lifecycle import CorrectionGrant
from policies import lifecycle as lifecycle_rules
from policies.domains import OTHER_PROVINCE, OWN_PROVINCE
from policies.principal import Principal
from policies.scope import allowed_domains, row_allows
from resolvers.context import Context
from resolvers.references import REVIEWED, resolve, target_id
from resolvers.review_input import (
    BY_TABLE,
    KINDS,
    Attachment,
    Kind,
    Proposed,
    ReviewRequestData,
    check_input,
    column_name,
    granted_columns,
    graphql_name,
)
from resolvers.validation import Problems
from resolvers.writing import require_user

GRANT_WINDOW = timedelta(hours=48)  # how long an approved correction stays open


@dataclass(frozen=True)
class ReviewView:
    """A request as its reader sees it: with its grant, its state now, and who acted."""

    request: t.ReviewRequest
    grant: CorrectionGrant | None
    state: str
    filed_by: str | None
    decided_by: str | None

    @property
    def record_gid(self) -> str:
        return str(GlobalID(BY_TABLE[self.request.table_name], str(self.request.record_id)))

    @property
    def proposed(self) -> list[Proposed]:
        values: dict[str, str | None] = json.loads(self.request.proposed)
        return [Proposed(field=graphql_name(k), value=v) for k, v in values.items()]

    @property
    def attachments(self) -> list[Attachment]:
        return [Attachment(**item) for item in json.loads(self.request.attachments)]


def request_scope(principal: Principal) -> ColumnElement[bool]:
    """Who sees which requests: filers their province's, deciders and correctors all."""
    seen: list[ColumnElement[bool]] = []
    for kind in KINDS.values():
        domains: set[str] = set()
        for action in ("file_review", "approve_review", "correct"):
            domains |= allowed_domains(principal, action, kind.resource)
        table = col(t.ReviewRequest.table_name) == kind.table
        if {OWN_PROVINCE, OTHER_PROVINCE} <= domains:
            seen.append(table)
        elif OWN_PROVINCE in domains and principal.province_code:
            seen.append(and_(table, col(t.ReviewRequest.province_code) == principal.province_code))
    return or_(*seen) if seen else false()


async def file_review_request(ctx: Context, data: ReviewRequestData) -> ReviewView:
    user_id = require_user(ctx)
    p = Problems()
    kind, ident, columns = check_input(p, data)
    if kind is None or ident is None:
        p.raise_if_any()
        raise AssertionError("unreachable")
    now = ctx.clock.now()
    async with ctx.transaction() as session:
        row = await resolve(
            session,
            ctx.principal,
            REVIEWED[kind.model],
            data.record_id,
            field="recordId",
            problems=p,
        )
        if row is None:
            p.raise_if_any()
            raise AssertionError("unreachable: an unresolved id is a problem")
        if not row_allows(ctx.principal, "file_review", kind.model, row):
            raise Forbidden(f"not allowed: file_review {kind.resource} here")
        since = lifecycle_rules.locked_since(kind.model, row)
        if now <= since:
            p.add(
                "recordId",
                "invalid",
                f"is not locked: its unit may correct it until {since.isoformat()}; "
                "a review request is for locked records",
            )
        elif await db.has_pending(session=session, table_name=kind.table, record_id=ident):
            p.add("recordId", "conflict", "already has a pending review request")
        p.raise_if_any()
        proposed = {column_name(item.field): item.value for item in data.proposed}
        attachments = [
            {"name": a.name.strip(), "sha256": a.sha256.lower()} for a in data.attachments
        ]
        request = await db.insert_request(
            session=session,
            request=t.ReviewRequest(
                table_name=kind.table,
                record_id=ident,
                province_code=row.province_code,
                fields=",".join(columns),
                proposed=json.dumps(proposed, ensure_ascii=False, sort_keys=True),
                reason=data.reason.strip(),
                attachments=json.dumps(attachments, sort_keys=True),
                filed_by_id=user_id,
                filed_at=now,
            ),
        )
        await db.add_inbox(
            session=session,
            entries=[_entry(request, "review_filed", now, role="planning_head")],
        )
        return await _view(ctx, request, None)


def _entry(
    request: t.ReviewRequest,
    kind: str,
    now: datetime,
    *,
    user_id: int | None = None,
    role: str | None = None,
) -> t.InboxEntry:
    return t.InboxEntry(
        user_id=user_id, role=role, kind=kind, request_id=request.id, created_at=now
    )


async def _deciding(ctx: Context, request_id: str) -> tuple[t.ReviewRequest, Kind]:
    ident = target_id(request_id, "ReviewRequest")
    request = await db.request_for_update(
        session=ctx.session, request_id=ident, visible=request_scope(ctx.principal)
    )
    if request is None:
        raise NotFound("ReviewRequest", request_id)
    kind = KINDS[BY_TABLE[request.table_name]]
    row = await db.record(
        session=ctx.session, model=kind.model, record_id=request.record_id, visible=true()
    )
    if row is None or not row_allows(ctx.principal, "approve_review", kind.model, row):
        raise Forbidden(f"not allowed: approve_review {kind.resource}")
    if request.status != "pending":
        p = Problems()
        p.add("id", "conflict", f"was already {request.status}")
        p.raise_if_any()
    return request, kind


async def approve_review_request(ctx: Context, request_id: str, comment: str) -> ReviewView:
    user_id = require_user(ctx)
    p = Problems()
    p.text("comment", comment, max_length=4000)
    p.raise_if_any()
    now = ctx.clock.now()
    async with ctx.transaction() as session:
        request, kind = await _deciding(ctx, request_id)
        assert request.id is not None
        grant = await lifecycle.open_grant(
            session=session,
            table_name=kind.table,
            record_id=request.record_id,
            fields=granted_columns(request.field_names),
            opened_at=now,
            expires_at=now + GRANT_WINDOW,
            opened_by_id=user_id,
            request_id=request.id,
        )
        request.status, request.decided_by_id, request.decided_at = "approved", user_id, now
        request.comment, request.grant_id = comment.strip(), grant.id
        await db.add_inbox(
            session=session,
            entries=[
                _entry(request, "correction_window_open", now, role="technical_working_group"),
                _entry(request, "review_approved", now, user_id=request.filed_by_id),
            ],
        )
        return await _view(ctx, request, grant)


async def reject_review_request(ctx: Context, request_id: str, comment: str) -> ReviewView:
    user_id = require_user(ctx)
    p = Problems()
    p.text("comment", comment, max_length=4000, required=True)  # the filer is owed a reason
    p.raise_if_any()
    now = ctx.clock.now()
    async with ctx.transaction() as session:
        request, _ = await _deciding(ctx, request_id)
        request.status, request.decided_by_id, request.decided_at = "rejected", user_id, now
        request.comment = comment.strip()
        await db.add_inbox(
            session=session,
            entries=[_entry(request, "review_rejected", now, user_id=request.filed_by_id)],
        )
        await session.flush()
        return await _view(ctx, request, None)


async def _view(
    ctx: Context, request: t.ReviewRequest, grant: CorrectionGrant | None
) -> ReviewView:
    views = await views_of(ctx, [(request, grant)], locked=True)
    return views[0]


async def views_of(ctx: Context, pairs: list[db.Pair], *, locked: bool = False) -> list[ReviewView]:
    """Review requests with their grants as shown to callers, with who filed and decided."""
    ids = {r.filed_by_id for r, _ in pairs} | {r.decided_by_id for r, _ in pairs}
    if locked:  # inside ctx.transaction, which holds the lock already
        names = await db.usernames(session=ctx.session, ids=ids)
    else:
        names = await ctx.run(db.usernames, ids=ids)
    now = ctx.clock.now()
    return [
        ReviewView(
            request=request,
            grant=grant,
            state=db.state_of(request, grant, now),
            filed_by=names.get(request.filed_by_id),
            decided_by=names.get(request.decided_by_id) if request.decided_by_id else None,
        )
        for request, grant in pairs
    ]


def _listed(ctx: Context, status: str | None) -> list[ColumnElement[bool]]:
    where = [request_scope(ctx.principal)]
    if status is not None:
        where.append(db.status_is(status, ctx.clock.now()))
    return where


async def review_page(ctx: Context, status: str | None, page: Page) -> list[ReviewView]:
    pairs = await ctx.run(db.page_requests, where=_listed(ctx, status), page=page)
    return await views_of(ctx, pairs)


async def review_count(ctx: Context, status: str | None) -> int:
    return await ctx.run(db.count_requests, where=_listed(ctx, status))
