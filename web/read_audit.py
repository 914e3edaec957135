"""Write the persons an HTTP request handed out (resolvers.read_log) before its response starts.

Admin pages, exports and photos record persons in the request's log (web.admin.context
``request_reads``) as they render or read them; this writes the log once, before the first byte
of the answer, so an answer whose audit entry could not be written is never sent. What a
streamed body emits after that is written when the request ends. GraphQL operations write their
own log when they end (schema.read_audit).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from db.engine import Database
from resolvers import read_log
from web.admin.context import request_context


async def _write(request: Request) -> None:
    reads: read_log.ReadLog | None = getattr(request.state, "reads", None)
    if reads is None or not reads.pending:
        return
    database: Database = request.app.state.database
    session = database.sessions()
    try:
        ctx = request_context(request, session)
        await read_log.write(ctx, f"{request.method} {request.url.path}")
    finally:
        await session.close()


class WriteRequestReads:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)

        async def send_after_writing(message: Message) -> None:
            if message["type"] == "http.response.start":
                await _write(request)
            await send(message)

        try:
            await self.app(scope, receive, send_after_writing)
        finally:
            await _write(request)
