"""The floor as a server: ``uvicorn --factory bench.floor_app:app``, hand-written asyncpg.

``POST /floor/{scenario}`` with ``{"variables": {...}}`` and the same bearer token as the API
answers ``{"data": ...}`` equal to the API's answer to that scenario's query. Served by the same
uvicorn, with as many workers as the API, so the ratio API/floor is the cost of what lies between
HTTP and SQL: GraphQL, the ORM, the policy engine.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, cast

import asyncpg
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from bench import floor_lists, floor_reads
from bench.floor_support import Caller, caller

Floor = Callable[[asyncpg.Connection, Caller, dict[str, Any]], Awaitable[Any]]
FLOORS: dict[str, Floor] = {
    "profile": floor_reads.profile,
    "summary": floor_reads.summary,
    "offence_page": floor_lists.offence_page,
    "search": floor_lists.name_search,
    "aggregate": floor_lists.monthly_figures,
}


def app() -> Starlette:
    dsn = os.environ["DATABASE_URL"].replace("postgresql+asyncpg://", "postgresql://")
    pools: list[asyncpg.Pool] = []

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        # As many connections as the API's engine may hold (db.engine: 10 + 10 overflow).
        pools.append(await asyncpg.create_pool(dsn, min_size=2, max_size=20))
        try:
            yield
        finally:
            await pools[0].close()

    async def answer(request: Request) -> JSONResponse:
        floor = FLOORS.get(request.path_params["scenario"])
        if floor is None:
            return JSONResponse({"errors": [{"message": "no such floor"}]}, status_code=404)
        body = await request.json()
        async with pools[0].acquire() as proxy:
            conn = cast(asyncpg.Connection, proxy)  # the pool hands out a proxy of one
            who = await caller(
                conn,
                request.headers.get("authorization", ""),
                request.headers.get("user-agent"),
            )
            if who is None:
                return JSONResponse({"errors": [{"message": "unauthorized"}]}, status_code=401)
            data = await floor(conn, who, body.get("variables") or {})
        return JSONResponse({"data": data})

    return Starlette(
        lifespan=lifespan, routes=[Route("/floor/{scenario}", answer, methods=["POST"])]
    )
