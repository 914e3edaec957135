"""A smoke run of the benchmark harness (``make bench`` itself is not part of the suite).

One scenario on the small demo set, one worker, two clients, one second: enough to prove that
the data set is built and marked, the servers start and stop, the load runs in its own process,
the floor gives the API's answer, and the report has its shape. No timing is asserted.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from pathlib import Path
from typing import Any

import asyncpg

from bench.__main__ import main
from bench.dataset import plain_dsn
from bench.load import percentile
from bench.report import judge


async def _drop(admin_url: str, name: str) -> None:
    conn = await asyncpg.connect(plain_dsn(admin_url))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


def test_a_short_run_measures_the_api_against_a_floor_that_gives_the_same_answer(
    postgresql_url: str, tmp_path: Path
) -> None:
    name = f"ecrime_bench_smoke_{uuid.uuid4().hex[:8]}"
    report_path = tmp_path / "report.json"
    argv = ["--url", postgresql_url, "--database", name, "--scale", "small"]
    argv += ["--scenarios", "profile", "--duration", "1", "--warmup", "0"]
    argv += ["--clients", "2", "--workers", "1", "--json", str(report_path)]
    try:
        code = main(argv)
    finally:
        asyncio.run(_drop(postgresql_url, name))
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert code == 0, report
    assert report["dataset"]["size"] == "small"
    assert report["dataset"]["persons"] == 2000
    assert report["load"] == {"clients": 2, "duration_s": 1.0, "warmup_s": 0.0, "workers": 1}
    [line] = report["scenarios"]
    assert line["scenario"] == "profile"
    assert line["same answer as floor"] is True
    for side in ("api", "floor"):
        measured = line[side]
        assert measured["requests"] > 0 and measured["errors"] == 0
        assert 0 < measured["p50_ms"] <= measured["p95_ms"] <= measured["p99_ms"]
    statements, data = line["api"]["statements"], line["api"]["data_statements"]
    assert data["min"] >= 1 and data["max"] < statements["max"]  # auth and audit left out
    assert line["floor"]["statements"] is None  # the floor does not count its own
    assert 0 < line["memory"]["peak_rss_mb"] < 1000
    assert line["targets"]["no errors"] is True
    assert {"p50 <= 2x floor", "data SQL <= depth+1"} <= set(line["targets"])
    assert set(report["not_measured"]) == {"hit_latency"}


def test_percentiles_are_nearest_rank() -> None:
    ordered = [float(x) for x in range(1, 101)]  # 1..100
    assert (percentile(ordered, 0.50), percentile(ordered, 0.99)) == (50.0, 99.0)
    assert percentile(ordered, 0.995) == 100.0
    assert percentile([7.0], 0.99) == 7.0
    assert percentile([], 0.5) == 0.0


def test_targets_judge_the_nested_reads_against_their_floor_and_depth() -> None:
    measured = {"errors": 0, "p50_ms": 30.0, "p95_ms": 40.0, "data_statements": {"max": 4}}
    line: dict[str, Any] = {
        "scenario": "profile",
        "depth": 3,
        "api": measured,
        "floor": {"errors": 0, "p50_ms": 10.0},
        "memory": {"peak_rss_mb": 120.0},
    }
    assert judge(line) == {
        "no errors": True,
        "floor without errors": True,
        "RSS <= 300 MB": True,
        "p50 <= 2x floor": False,  # 3x
        "data SQL <= depth+1": True,
    }
    line["floor"]["p50_ms"] = 15.0
    line["api"]["data_statements"] = {"max": 5}
    verdicts = judge(line)
    assert verdicts["p50 <= 2x floor"] and not verdicts["data SQL <= depth+1"]
