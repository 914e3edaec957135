"""The application as the benchmark serves it: ``uvicorn --factory bench.server_app:app``.

The same ``create_app`` as ``ecrime serve``, configured from the environment, with two additions
that stay out of the product. Every response says how many SQL statements its request ran
(``x-sql-statements``; ``x-sql-statements-data`` leaves out authentication and the audit
append), counted on the engine's ``before_cursor_execute`` event. A response whose request
committed hit alerts says when, as ``time.time()``: ``x-commit-began-at`` just before the COMMIT
went to PostgreSQL (the engine's ``commit`` event) and ``x-committed-at`` once it had returned
(the session's ``after_commit``). PostgreSQL commits, and sends the alerts' NOTIFY, in between;
bench.hit_latency measures from there to the subscriber on another process. Both are held per
request in a context variable: the asyncio tasks and SQLAlchemy's greenlets of one request share
its context, so concurrent requests never see each other's.
"""

from __future__ import annotations

import time
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from db.alert_bus import NOTIFIED_KEY, STAGED_KEY
from db.engine import Database
from web.app import create_app
from web.settings import from_environment

HEADER = b"x-sql-statements"
DATA_HEADER = b"x-sql-statements-data"
BEGAN_HEADER = b"x-commit-began-at"
COMMITTED_HEADER = b"x-committed-at"
# Statements every request pays whatever it asks: the bearer token and the caller's ministry
# (web.auth), and the audit chain's append. The rest answer the query ("data" statements).
OVERHEAD = ("api_token", "ministry_jurisdiction", "audit_entry", "pg_advisory_xact_lock")


@dataclass
class _Request:
    statements: int = 0
    data_statements: int = 0
    commit_sent: float = 0.0  # the last COMMIT of any transaction
    # Of the last transaction that announced hit alerts:
    commit_began: float | None = None
    committed_at: float | None = None


_REQUEST: ContextVar[_Request | None] = ContextVar("bench_request", default=None)


def _count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
    request = _REQUEST.get()
    if request is not None:
        request.statements += 1
        request.data_statements += not any(marker in statement for marker in OVERHEAD)


def _commit_sent(_conn: Any) -> None:
    request = _REQUEST.get()
    if request is not None:
        request.commit_sent = time.time()


def _committed(session: Session) -> None:
    request = _REQUEST.get()
    if request is not None and (NOTIFIED_KEY in session.info or STAGED_KEY in session.info):
        request.commit_began, request.committed_at = request.commit_sent, time.time()


class Measure:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = _Request()
        _REQUEST.set(request)

        async def send_with_facts(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (HEADER, b"%d" % request.statements),
                    (DATA_HEADER, b"%d" % request.data_statements),
                ]
                if request.commit_began is not None and request.committed_at is not None:
                    headers.append((BEGAN_HEADER, b"%.6f" % request.commit_began))
                    headers.append((COMMITTED_HEADER, b"%.6f" % request.committed_at))
                message["headers"] = [*message.get("headers", []), *headers]
            await send(message)

        await self.app(scope, receive, send_with_facts)


def app() -> ASGIApp:
    settings = from_environment()
    database = Database.from_url(settings.database_url)
    event.listen(database.engine.sync_engine, "before_cursor_execute", _count)
    event.listen(database.engine.sync_engine, "commit", _commit_sent)
    # Ahead of db.alert_bus's own listener, which takes the alert ids off the session.
    event.listen(Session, "after_commit", _committed, insert=True)
    return Measure(create_app(settings, database=database))
