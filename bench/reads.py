"""Run the read scenarios: the API and its floor, each under the same load, side by side.

For each scenario: draw the requests; ask the API and the floor the first few and require the
same JSON (a floor that answers another question measures nothing); then drive the API, then the
floor, from a separate process (bench.load) for the chosen duration with N clients.
"""

from __future__ import annotations

import asyncio
import json
import random
import sys
from dataclasses import dataclass
from typing import Any

import asyncpg
import httpx

from bench import cpu
from bench.dataset import Dataset
from bench.scenarios import SCENARIOS, Scenario
from bench.server import ROOT, Server

CHECKED = 5  # requests per scenario whose answers are compared with the floor's
ALONE_SECONDS = 20.0  # the one-client run of a scenario that asks for it


@dataclass(frozen=True)
class Load:
    clients: int
    duration: float
    warmup: float
    workers: int = 2


async def drive(
    server: Server,
    path: str,
    token: str,
    bodies: list[Any],
    load: Load,
    expect: str | None = None,
) -> dict[str, Any]:
    """Run bench.load in a child process against the server; its summary, with the CPU time
    the server's workers and PostgreSQL spent per request sent."""
    app_before = cpu.seconds(server.worker_pids())
    database = cpu.Meter()
    database.sample()
    task = asyncio.ensure_future(load_run(server.url, path, token, bodies, load, expect))
    while not task.done():
        await asyncio.wait({task}, timeout=0.25)  # a sampling tick of the meter
        database.sample()
    result = task.result()
    if result["errors"]:
        result["server_log"] = [line for line in server.log if "INFO" not in line][-20:]
    sent = max(1, result["sent"])
    app_seconds = cpu.seconds(server.worker_pids()) - app_before
    result["app_cpu_ms"] = round(app_seconds * 1000 / sent, 2)
    result["db_cpu_ms"] = round(database.total() * 1000 / sent, 2)
    return result


async def load_run(
    base: str,
    path: str,
    token: str,
    bodies: list[Any],
    load: Load,
    expect: str | None = None,
) -> dict[str, Any]:
    plan = {
        "base": base,
        "path": path,
        "headers": {"authorization": f"Bearer {token}"},
        "bodies": bodies,
        "clients": load.clients,
        "duration": load.duration,
        "warmup": load.warmup,
        "expect": expect,
    }
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench.load",
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        cwd=ROOT,
    )
    out, _ = await child.communicate(json.dumps(plan).encode())
    if child.returncode != 0:
        raise RuntimeError(f"bench.load exited {child.returncode}")
    result: dict[str, Any] = json.loads(out)
    return result


def api_body(scenario: Scenario, variables: dict[str, Any]) -> dict[str, Any]:
    return {"query": scenario.query, "variables": variables}


def _floor_body(scenario: Scenario, variables: dict[str, Any]) -> dict[str, Any]:
    return {"variables": scenario.floor_variables(variables)}


async def same_answers(
    api: Server, floor: Server | None, floor_name: str, scenario: Scenario, token: str,
    variables: list[dict[str, Any]],
) -> str | None:  # fmt: skip
    """None when the API and the floor agree on the first requests; else what differs."""
    headers = {"authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(headers=headers, timeout=120) as http:
        for v in variables[:CHECKED]:
            got = (await http.post(f"{api.url}/graphql", json=api_body(scenario, v))).json()
            if "errors" in got:
                return f"API error for {v}: {got['errors']}"
            if floor is None:
                continue
            answer = await http.post(
                f"{floor.url}/floor/{floor_name}", json=_floor_body(scenario, v)
            )
            want = answer.json()
            if got != want:
                return f"floor differs for {v}: api {json.dumps(got)[:400]} floor {json.dumps(want)[:400]}"
    return None


async def run_scenario(
    scenario: Scenario, dataset: Dataset, api: Server, floor: Server | None, load: Load,
    rng: random.Random, floor_name: str | None = None,
) -> dict[str, Any]:  # fmt: skip
    conn = await asyncpg.connect(dataset.dsn)
    try:
        variables = await scenario.sample(conn, rng)
    finally:
        await conn.close()
    token = dataset.tokens[scenario.user]
    floor_name = floor_name or scenario.name
    line: dict[str, Any] = {"scenario": scenario.name, "title": scenario.title, "as": scenario.user}
    line["requests drawn"] = len(variables)
    problem = await same_answers(api, floor, floor_name, scenario, token, variables)
    line["same answer as floor"] = problem is None if floor is not None else None
    if problem is not None:
        line["mismatch"] = problem
        return line
    bodies = [api_body(scenario, v) for v in variables]
    line["api"] = await drive(api, "/graphql", token, bodies, load)
    line["memory"] = api.memory_mb()
    if floor is not None:
        floor_bodies = [_floor_body(scenario, v) for v in variables]
        path = f"/floor/{floor_name}"
        line["floor"] = await drive(floor, path, token, floor_bodies, load)
    if scenario.depth is not None:
        line["depth"] = scenario.depth
    if scenario.alone:
        one = Load(clients=1, duration=min(load.duration, ALONE_SECONDS), warmup=load.warmup)
        line["alone"] = {"api": await drive(api, "/graphql", token, bodies, one)}
        if floor is not None:
            line["alone"]["floor"] = await drive(floor, path, token, floor_bodies, one)
    return line


async def run(
    dataset: Dataset, names: list[str], load: Load, seed: int = 8
) -> list[dict[str, Any]]:
    env = {"DATABASE_URL": dataset.url}
    api = Server("bench.server_app:app", env, load.workers)
    floor = Server("bench.floor_app:app", env, load.workers)
    rng = random.Random(seed)
    lines = []
    await asyncio.gather(api.start(), floor.start())
    try:
        for name in names:
            if name in SCENARIOS:
                lines.append(await run_scenario(SCENARIOS[name], dataset, api, floor, load, rng))
            elif name == "policy":
                from bench import policy  # it drives scenarios through this module

                lines.append(await policy.run(dataset, api, floor, load, rng))
    finally:
        await asyncio.gather(api.stop(), floor.stop())
    return lines
