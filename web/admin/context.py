"""The resolver context for an admin request: the same ``resolvers.context.Context`` that GraphQL
builds, so every admin view goes through the same operations, scope, guard and audit.

Every context of one request shares the request's read log, which web.read_audit writes before
the response starts: the persons the page shows, wherever the view read them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request

from db.engine import Database
from resolvers.context import Context
from resolvers.read_log import ReadLog


def request_reads(request: Request) -> ReadLog:
    """The persons this HTTP request has handed out so far (resolvers.read_log)."""
    found: ReadLog | None = getattr(request.state, "reads", None)
    if found is None:
        found = request.state.reads = ReadLog(held=True)
    return found


def request_context(
    request: Request, session: AsyncSession, operation: str | None = None
) -> Context:
    """A Context on ``session`` for whoever made ``request`` (the caller owns the session)."""
    database: Database = request.app.state.database
    return Context(
        session=session,
        principal=request.state.principal,
        clock=request.app.state.clock,
        max_page_size=request.app.state.settings.max_page_size,
        ip=request.client.host if request.client else None,
        user_agent=request.headers.get("user-agent"),
        request_id=getattr(request.state, "request_id", None),
        operation=operation,
        sessions=database.sessions,
        # a stream that outlives the request asks again whether the credential still stands
        credential=getattr(request.state, "credential", None),
        reads=request_reads(request),
    )


@asynccontextmanager
async def view_context(request: Request, operation: str | None = None) -> AsyncIterator[Context]:
    database: Database = request.app.state.database
    session = database.sessions()
    try:
        yield request_context(request, session, operation)
    finally:
        await session.close()
