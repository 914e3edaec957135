"""Build the ASGI application. Everything it needs is passed in, so tests build their own."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from db.alert_listen import AlertListener, asyncpg_dsn
from db.clock import Clock, SystemClock
from db.engine import Database
from resolvers.context import Context
from schema import Limits, build_schema
from web.auth import Auth, Authenticate
from web.auth import routes as auth_routes
from web.middleware import RequestContext
from web.settings import PROJECT_ROOT, Settings

STATIC = PROJECT_ROOT / "web" / "static"
GRAPHIQL_PAGE = (PROJECT_ROOT / "web" / "templates" / "graphiql.html").read_text(encoding="utf-8")


class EcrimeGraphQL(GraphQL[Context, None]):
    def __init__(
        self, *, database: Database, clock: Clock, settings: Settings, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.database = database
        self.clock = clock
        self.settings = settings

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
            Mount("/static", StaticFiles(directory=STATIC), name="static"),
        ],
        middleware=[Middleware(RequestContext), Middleware(Authenticate, auth=auth)],
    )
    app.state.database = database
    return app
