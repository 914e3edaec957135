"""The application as the benchmark serves it: ``uvicorn --factory bench.server_app:app``.

The same ``create_app`` as ``ecrime serve``, configured from the environment, with one addition
that stays out of the product: every response says how many SQL statements its request ran
(``x-sql-statements``; ``x-sql-statements-data``
leaves out authentication and the audit append), counted on the engine's ``before_cursor_execute`` event into a counter
held in a context variable. The asyncio tasks and SQLAlchemy's greenlets of one request share
its context, so concurrent requests never count each other's statements.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from sqlalchemy import event
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from db.engine import Database
from web.app import create_app
from web.settings import from_environment

HEADER = b"x-sql-statements"
DATA_HEADER = b"x-sql-statements-data"
# Statements every request pays whatever it asks: the bearer token and the caller's ministry
# (web.auth), and the audit chain's append. The rest answer the query ("data" statements).
OVERHEAD = ("api_token", "ministry_jurisdiction", "audit_entry", "pg_advisory_xact_lock")
_COUNTER: ContextVar[list[int] | None] = ContextVar("bench_statements", default=None)


def _count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
    counter = _COUNTER.get()
    if counter is not None:
        counter[0] += 1
        counter[1] += not any(marker in statement for marker in OVERHEAD)


class CountStatements:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        counter = [0, 0]  # all statements, data statements
        _COUNTER.set(counter)

        async def send_with_count(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [
                    *message.get("headers", []),
                    (HEADER, b"%d" % counter[0]),
                    (DATA_HEADER, b"%d" % counter[1]),
                ]
            await send(message)

        await self.app(scope, receive, send_with_count)


def app() -> ASGIApp:
    settings = from_environment()
    database = Database.from_url(settings.database_url)
    event.listen(database.engine.sync_engine, "before_cursor_execute", _count)
    return CountStatements(create_app(settings, database=database))
