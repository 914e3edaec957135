"""Build the ASGI application. Everything it needs is passed in, so tests build their own."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, cast

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http.async_base_view import AsyncWebSocketAdapter
from strawberry.schema import BaseSchema
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
    Operation,
)
from strawberry.subscriptions.protocols.graphql_ws.handlers import BaseGraphQLWSHandler

from db.alert_listen import AlertListener, asyncpg_dsn
from db.clock import Clock, SystemClock
from db.engine import Database
from resolvers.context import Context
from schema import Limits, build_schema
from web.admin import admin_routes
from web.admin.render import Templates
from web.auth import COOKIE, Auth, Authenticate
from web.auth import routes as auth_routes
from web.middleware import RequestContext
from web.photos import photo_routes
from web.read_audit import WriteRequestReads
from web.settings import PROJECT_ROOT, Settings
from web.ws_operations import CLOSE_CODE, CLOSE_REASON, OperationGate

STATIC = PROJECT_ROOT / "web" / "static"
GRAPHIQL_PAGE = (PROJECT_ROOT / "web" / "templates" / "graphiql.html").read_text(encoding="utf-8")


async def _close_if_signed_out(context: Context, websocket: AsyncWebSocketAdapter) -> None:
    # An operation refused at the gate, or a subscription that found its credential ended, has
    # sent its error ("your session has ended; sign in again"); the connection goes too.
    if context.credential is not None and context.credential.ended:
        await websocket.close(CLOSE_CODE, CLOSE_REASON)


def _gated(handler: Any, view: EcrimeGraphQL) -> None:
    # Every operation reaches the schema through the gate (web.ws_operations); the handlers
    # only ever call its stream() and subscribe().
    gate = OperationGate(
        handler.schema,
        policies=view.auth.policies,
        database=view.database,
        max_tokens=view.settings.max_query_tokens,
    )
    handler.schema = cast(BaseSchema, gate)


class _TransportWS(BaseGraphQLTransportWSHandler[Context, None]):
    def __init__(self, view: EcrimeGraphQL, *args: Any, **kwargs: Any) -> None:
        super().__init__(view, *args, **kwargs)
        _gated(self, view)

    async def run_operation(self, operation: Operation[Context, None]) -> None:
        await super().run_operation(operation)
        await _close_if_signed_out(self.context, self.websocket)


class _LegacyWS(BaseGraphQLWSHandler[Context, None]):
    def __init__(self, view: EcrimeGraphQL, *args: Any, **kwargs: Any) -> None:
        super().__init__(view, *args, **kwargs)
        _gated(self, view)

    async def handle_async_results(
        self,
        operation_id: str,
        query: str,
        operation_name: str | None,
        variables: dict[str, object] | None,
    ) -> None:
        await super().handle_async_results(operation_id, query, operation_name, variables)
        await _close_if_signed_out(self.context, self.websocket)


class EcrimeGraphQL(GraphQL[Context, None]):
    graphql_transport_ws_handler_class = _TransportWS
    graphql_ws_handler_class = _LegacyWS

    def __init__(
        self, *, database: Database, clock: Clock, settings: Settings, auth: Auth, **kwargs: Any
    ) -> None:
        kwargs.setdefault("allowed_origins", settings.allowed_origins)
        super().__init__(**kwargs)
        self.database = database
        self.clock = clock
        self.settings = settings
        self.auth = auth

    def is_websocket_origin_allowed(self, request: WebSocket, origin: str) -> bool:
        # Strawberry's own check, for cross-origin upgrades. Authenticate has already held
        # every upgrade carrying the session cookie to web.ws_origin's stricter rule (the
        # Origin must be sent, the scheme must match); the rest carry no ambient credential,
        # so a partner's page holding a bearer token may connect from its own origin.
        return COOKIE not in request.cookies or super().is_websocket_origin_allowed(request, origin)

    async def render_graphql_ide(self, request: Request) -> Response:
        # Our own page, loading GraphiQL from /static rather than from a CDN.
        return HTMLResponse(GRAPHIQL_PAGE)

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket | None
    ) -> Context:
        return Context(
            session=self.database.sessions(),
            principal=request.state.principal,
            clock=self.clock,
            max_page_size=self.settings.max_page_size,
            debug=self.settings.debug,
            owns_session=True,
            ip=request.client.host if request.client else None,
            user_agent=request.headers.get("user-agent"),
            request_id=getattr(request.state, "request_id", None),
            sessions=self.database.sessions,
            credential=request.state.credential,
        )


def create_app(
    settings: Settings, *, database: Database | None = None, clock: Clock | None = None
) -> Starlette:
    database = database or Database.from_url(settings.database_url)
    clock = clock or SystemClock()
    auth = Auth.build(settings, database, clock)
    limits = Limits(
        max_depth=settings.max_query_depth,
        max_aliases=settings.max_aliases,
        max_tokens=settings.max_query_tokens,
    )
    graphql = EcrimeGraphQL(
        schema=build_schema(limits, mask_errors=not settings.debug),
        database=database,
        clock=clock,
        settings=settings,
        auth=auth,
        graphql_ide="graphiql",
    )

    async def healthz(request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        # On PostgreSQL, alerts written by any process reach this one's subscribers through
        # LISTEN/NOTIFY; on SQLite there is one process and the bus's after-commit hook suffices.
        listener = None
        if database.dialect == "postgresql":
            listener = AlertListener(asyncpg_dsn(database.engine.url.render_as_string(False)))
            await listener.start()
        try:
            yield
        finally:
            if listener is not None:
                await listener.stop()

    app = Starlette(
        debug=settings.debug,
        lifespan=lifespan,
        routes=[
            Route("/healthz", healthz),
            *auth_routes(auth),
            Route("/graphql", graphql, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", graphql),
            *admin_routes(),
            *photo_routes(),
            Mount("/static", StaticFiles(directory=STATIC), name="static"),
        ],
        middleware=[
            Middleware(RequestContext),
            Middleware(Authenticate, auth=auth),
            Middleware(WriteRequestReads),
        ],
    )
    app.state.database = database
    # what the admin's views read (web/admin): they call the same resolvers as GraphQL
    app.state.auth, app.state.clock, app.state.settings = auth, clock, settings
    app.state.templates = Templates.load()
    app.state.idle_seconds = settings.session_idle_minutes * 60
    return app
