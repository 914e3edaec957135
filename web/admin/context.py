"""The resolver context for an admin request: the same ``resolvers.context.Context`` that GraphQL
builds, so every admin view goes through the same operations, scope, guard and audit."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.requests import Request

from db.engine import Database
from resolvers.context import Context


@asynccontextmanager
async def view_context(request: Request, operation: str | None = None) -> AsyncIterator[Context]:
    database: Database = request.app.state.database
    session = database.sessions()
    try:
        yield Context(
            session=session,
            principal=request.state.principal,
            clock=request.app.state.clock,
            max_page_size=request.app.state.settings.max_page_size,
            ip=request.client.host if request.client else None,
            user_agent=request.headers.get("user-agent"),
            request_id=getattr(request.state, "request_id", None),
            operation=operation,
            sessions=database.sessions,
        )
    finally:
        await session.close()
