"""``python -m bench.profile``: where one scenario's request spends its time, in process.

Runs the scenario's requests through the whole application (middleware, authentication,
GraphQL, database) over httpx's ASGI transport, one at a time, under cProfile, and prints the
functions by their own time and by cumulative time, and the SQL statements of one request.
For finding what to optimise; the numbers of record come from ``python -m bench``.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import pstats
import random
import time

import asyncpg
import httpx
from sqlalchemy import event

from bench import dataset
from bench.__main__ import DEFAULT_URL
from bench.scenarios import POLICY_PAIR, SCENARIOS, Scenario
from db.engine import Database
from web.app import create_app
from web.settings import from_environment

ALL = {**SCENARIOS, **{s.name: s for s in POLICY_PAIR}}


async def _profile(args: argparse.Namespace) -> None:
    data = await dataset.prepare(args.url, args.scale, name=args.database)
    os.environ["DATABASE_URL"] = data.url
    scenario: Scenario = ALL[args.scenario]
    conn = await asyncpg.connect(data.dsn)
    try:
        variables = await scenario.sample(conn, random.Random(8))
    finally:
        await conn.close()
    database = Database.from_url(data.url)
    statements: list[str] = []
    event.listen(
        database.engine.sync_engine,
        "before_cursor_execute",
        lambda _c, _cur, statement, *_a: statements.append(" ".join(statement.split())),
    )
    app = create_app(from_environment(), database=database)
    headers = {"authorization": f"Bearer {data.tokens[scenario.user]}"}
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://bench", headers=headers) as http,
    ):
        for v in variables[:3]:  # warm: caches, pools, compiled statements
            statements.clear()
            await http.post("/graphql", json={"query": scenario.query, "variables": v})
        print(f"SQL statements of one request: {len(statements)}")
        for statement in statements:
            print(f"  {statement[:160]}")
        profiler = cProfile.Profile()
        started = time.perf_counter()
        profiler.enable()
        for i in range(args.requests):
            v = variables[i % len(variables)]
            await http.post("/graphql", json={"query": scenario.query, "variables": v})
        profiler.disable()
        took = (time.perf_counter() - started) / args.requests
    print(f"\n{args.requests} requests, {took * 1000:.1f} ms each (profiled)\n")
    stats = pstats.Stats(profiler)
    stats.sort_stats("tottime").print_stats(args.top)
    stats.sort_stats("cumulative").print_stats(args.top)
    await database.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__)
    parser.add_argument("scenario", choices=sorted(ALL))
    parser.add_argument("--url", default=os.environ.get("ECRIME_BENCH_PG_URL", DEFAULT_URL))
    parser.add_argument("--scale", choices=("small", "medium", "large"), default="medium")
    parser.add_argument("--database", help="default: ecrime_bench_<scale>")
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--top", type=int, default=25)
    asyncio.run(_profile(parser.parse_args()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
