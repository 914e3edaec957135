"""The load generator: ``python -m bench.load`` in a process of its own, never the server's.

It reads a plan (JSON) on stdin: the URL to POST to, headers, a list of request bodies, how many
concurrent clients and for how long. Each client sends the bodies in turn (client ``i`` starts at
body ``i``), one request at a time, as fast as answers come. The first ``warmup`` seconds are sent
but not counted. It writes the result (JSON) on stdout: requests, errors, latency percentiles,
throughput, and the SQL statements per request that the server reported (``x-sql-statements``).

An answer counts as an error when its status is not 200, its body carries ``"errors"``, or it
lacks the plan's ``expect`` text (a mutation's success type).
"""

from __future__ import annotations

import asyncio
import json
import math
import sys
import time
from dataclasses import dataclass, field
from typing import Any

import httpx

STATEMENTS = "x-sql-statements"
DATA_STATEMENTS = "x-sql-statements-data"


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)  # seconds
    statements: list[int] = field(default_factory=list)
    data_statements: list[int] = field(default_factory=list)
    errors: int = 0
    sent: int = 0  # warm-up included
    first_error: str | None = None


def percentile(ordered: list[float], share: float) -> float:
    """Nearest-rank percentile of an ascending list (0 for an empty one)."""
    if not ordered:
        return 0.0
    rank = math.ceil(share * len(ordered) - 1e-9)  # 0.99 * 100 is 99.00000000000001
    return ordered[min(max(rank, 1), len(ordered)) - 1]


async def _client(
    http: httpx.AsyncClient, plan: dict[str, Any], start: int, counting: float, end: float
) -> Tally:
    tally = Tally()
    bodies: list[Any] = plan["bodies"]
    expect = plan["expect"].encode() if plan.get("expect") else None
    i = start
    while (asked := time.perf_counter()) < end:
        body = bodies[i % len(bodies)]
        i += 1
        try:
            answer = await http.post(plan["path"], json=body)
            problem = None if answer.status_code == 200 else f"HTTP {answer.status_code}"
            if problem is None and b'"errors"' in answer.content:
                problem = answer.text[:300]
            if problem is None and expect is not None and expect not in answer.content:
                problem = answer.text[:300]
        except httpx.HTTPError as error:
            answer, problem = None, f"{type(error).__name__}: {error}"
        done = time.perf_counter()
        tally.sent += 1
        if asked < counting:
            continue
        if problem is not None:
            tally.errors += 1
            tally.first_error = tally.first_error or problem
            continue
        tally.latencies.append(done - asked)
        if answer is not None and STATEMENTS in answer.headers:
            tally.statements.append(int(answer.headers[STATEMENTS]))
            if DATA_STATEMENTS in answer.headers:
                tally.data_statements.append(int(answer.headers[DATA_STATEMENTS]))
    return tally


async def run(plan: dict[str, Any]) -> dict[str, Any]:
    clients = int(plan["clients"])
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(
        base_url=plan["base"], headers=plan.get("headers", {}), limits=limits, timeout=60
    ) as http:
        began = time.perf_counter()
        counting = began + float(plan.get("warmup", 0))
        end = counting + float(plan["duration"])
        tallies = await asyncio.gather(
            *(_client(http, plan, i, counting, end) for i in range(clients))
        )
        seconds = time.perf_counter() - counting
    return summarise(tallies, seconds)


def summarise(tallies: list[Tally], seconds: float) -> dict[str, Any]:
    latencies = sorted(x for t in tallies for x in t.latencies)
    statements = [s for t in tallies for s in t.statements]
    data = [s for t in tallies for s in t.data_statements]
    errors = sum(t.errors for t in tallies)
    ms = [x * 1000 for x in latencies]
    return {
        "requests": len(latencies),
        "sent": sum(t.sent for t in tallies),
        "errors": errors,
        "first_error": next((t.first_error for t in tallies if t.first_error), None),
        "seconds": round(seconds, 2),
        "throughput": round(len(latencies) / seconds, 1) if seconds else 0.0,
        "p50_ms": round(percentile(ms, 0.50), 2),
        "p95_ms": round(percentile(ms, 0.95), 2),
        "p99_ms": round(percentile(ms, 0.99), 2),
        "max_ms": round(ms[-1], 2) if ms else 0.0,
        "statements": _spread(statements),
        "data_statements": _spread(data),
    }


def _spread(counts: list[int]) -> dict[str, float] | None:
    if not counts:
        return None
    return {"min": min(counts), "max": max(counts), "mean": round(sum(counts) / len(counts), 2)}


def main() -> int:
    plan = json.load(sys.stdin)
    json.dump(asyncio.run(run(plan)), sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
