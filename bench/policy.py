"""Policy overhead: one query (Phnom Penh's offence page) as a provincial officer and as a
national analyst, who see the same rows; what the narrower scope costs.

Latency is compared in one concurrent run (half the clients each, against the same server at
the same moment), so that a machine busier at one moment than another cannot tilt the ratio.
CPU per request needs each caller alone on the server, so each is also driven by itself first
(which also checks both answers against the floor).
"""

from __future__ import annotations

import asyncio
import random
from dataclasses import replace
from typing import Any

from bench.dataset import PROVINCIAL_PROVINCE, Dataset
from bench.reads import Load, api_body, load_run, run_scenario
from bench.scenarios import POLICY_PAIR
from bench.server import Server


async def run(
    dataset: Dataset, api: Server, floor: Server, load: Load, rng: random.Random
) -> dict[str, Any]:
    alone = [
        await run_scenario(s, dataset, api, floor, load, rng, "offence_page") for s in POLICY_PAIR
    ]
    line = _line(*alone)
    if "api" not in line:
        return line
    half = replace(load, clients=max(1, load.clients // 2))
    # Both scenarios ask for the provincial officer's home province (scenarios._home).
    body = [api_body(POLICY_PAIR[0], {"province": PROVINCIAL_PROVINCE})]
    provincial, national = await asyncio.gather(
        *(load_run(api.url, "/graphql", dataset.tokens[s.user], body, half) for s in POLICY_PAIR)
    )
    line["together"] = {"provincial": provincial, "national": national}
    base = national["p50_ms"]
    line["overhead"] = round(provincial["p50_ms"] / base, 3) if base else None
    line["api"]["errors"] += provincial["errors"] + national["errors"]
    return line


def _line(provincial: dict[str, Any], national: dict[str, Any]) -> dict[str, Any]:
    line: dict[str, Any] = {"scenario": "policy", "title": "policy overhead (prov./national)"}
    line["provincial"], line["national"] = provincial, national
    if "api" in provincial and "api" in national:
        line["api"] = dict(provincial["api"])
        line["memory"] = provincial.get("memory")
        spent = national["api"]["app_cpu_ms"] + national["api"]["db_cpu_ms"]
        mine = provincial["api"]["app_cpu_ms"] + provincial["api"]["db_cpu_ms"]
        line["cpu overhead"] = round(mine / spent, 3) if spent else None
    return line
