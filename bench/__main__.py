"""``python -m bench``: run the scenarios on PostgreSQL, print a table, write a JSON report.

The read scenarios run against a data set built once per scale (bench.dataset) and served by
the API and by its hand-written floor, each with N worker processes (bench.reads). The write
scenarios (bench.writes, bench.hit_latency) write to copies of that data set. The import
scenario builds databases of its own (bench.import_orders).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import dataset, hit_latency, import_orders, reads, report, writes
from bench.scenarios import NOT_BUILT, SCENARIOS

DEFAULT_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
READS = [*SCENARIOS, "policy"]
ALL = [*READS, "record_offence", "hit_latency", "import"]
DATASET = [*READS, "record_offence", "hit_latency"]  # the scenarios that need the data set


def _arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--url",
        default=os.environ.get("ECRIME_BENCH_PG_URL", DEFAULT_URL),
        help="a PostgreSQL database to create the benchmark databases from (ecrime_bench_*)",
    )
    parser.add_argument(
        "--scenarios",
        default=",".join(ALL),
        help=f"comma-separated, of: {', '.join(ALL)} (default: all)",
    )
    parser.add_argument(
        "--scale",
        choices=("small", "medium", "large"),
        default="large",
        help="demo data set of the read scenarios (large: 500k persons, 2M offences)",
    )
    parser.add_argument(
        "--database", help="the read data set's database (default: ecrime_bench_<scale>)"
    )
    parser.add_argument("--rebuild", action="store_true", help="build the data set afresh")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds per scenario")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds sent, not counted")
    parser.add_argument("--clients", type=int, default=32, help="concurrent clients")
    parser.add_argument("--workers", type=int, default=2, help="server worker processes")
    parser.add_argument(
        "--rows", type=int, default=200_000, help="import: court orders in the file"
    )
    parser.add_argument("--batch", type=int, default=5000, help="import: rows per transaction")
    parser.add_argument("--no-resume", action="store_true", help="import: skip kill-and-resume")
    parser.add_argument("--json", type=Path, default=Path("var/bench/report.json"))
    args = parser.parse_args(argv)
    args.scenarios = [s.strip() for s in args.scenarios.split(",") if s.strip()]
    unknown = sorted(set(args.scenarios) - set(ALL))
    if unknown:
        parser.error(f"--scenarios: unknown {', '.join(unknown)}; choose from {', '.join(ALL)}")
    return args


def machine() -> dict[str, Any]:
    return {
        "host": platform.node(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "processor": platform.processor() or platform.machine(),
    }


def show(lines: list[dict[str, Any]]) -> None:
    for line in lines:
        for name, value in line.items():
            if isinstance(value, dict):
                value = ", ".join(f"{k}: {'ok' if v else 'FAILED'}" for k, v in value.items())
            print(f"{name:>26}  {value}")
        print()


async def _run(args: argparse.Namespace) -> tuple[dict[str, Any], bool]:
    lines: list[dict[str, Any]] = []
    info: dict[str, Any] = {}
    read_names = [s for s in args.scenarios if s in READS]
    if set(args.scenarios) & set(DATASET):
        data = await dataset.prepare(args.url, args.scale, name=args.database, rebuild=args.rebuild)
        info = {"database": data.url.rsplit("/", 1)[1], "size": data.size}
        info |= {"persons": data.persons, "offences": data.offences, "reused": data.reused}
        load = reads.Load(args.clients, args.duration, args.warmup, args.workers)
        if read_names:
            lines = await reads.run(data, read_names, load)
        if "record_offence" in args.scenarios:
            lines.append(await writes.record_offence(args.url, data, load, random.Random(8)))
        if "hit_latency" in args.scenarios:
            lines.append(await hit_latency.run(args.url, data, load))
        for line in lines:
            line["targets"] = report.judge(line)
    ok = all(_only_speed(line) for line in lines)
    if "import" in args.scenarios:
        work = args.json.parent
        result = await import_orders.run(
            args.url, args.rows, args.batch, work, resume=not args.no_resume
        )
        imported = import_orders.table(result)[0]
        imported["targets"] = {
            **result.checks,
            f"rate >= {report.IMPORT_SHARE:g}x raw COPY": result.ratio >= report.IMPORT_SHARE,
        }
        lines.append(imported)
        ok = ok and all(result.checks.values())
    result_report = {
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "dataset": info,
        "load": {"clients": args.clients, "duration_s": args.duration, "warmup_s": args.warmup,
                 "workers": args.workers},
        "scenarios": lines,
        "not_measured": NOT_BUILT,
    }  # fmt: skip
    return result_report, ok


def _only_speed(line: dict[str, Any]) -> bool:
    """Missed speed targets are reported, not failures; wrong answers and errors are."""
    targets = line["targets"]
    return all(
        targets.get(key, True)
        for key in ("same answer as floor", "no errors", "floor without errors")
    )


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    result, ok = asyncio.run(_run(args))
    lines = result["scenarios"]
    print(report.table(lines, result["not_measured"]))
    imported = [line for line in lines if line["scenario"] == "import court orders"]
    if imported:
        print()
        show(imported)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"report: {args.json}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
