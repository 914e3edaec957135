"""``python -m bench``: run the scenarios on PostgreSQL, print a table, write a JSON report."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import import_orders

DEFAULT_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--url",
        default=os.environ.get("ECRIME_BENCH_PG_URL", DEFAULT_URL),
        help="a PostgreSQL database to create the benchmark databases from (they are dropped "
        "and created afresh: ecrime_bench_*)",
    )
    parser.add_argument("--rows", type=int, default=200_000, help="court orders in the file")
    parser.add_argument("--batch", type=int, default=5000, help="rows per transaction")
    parser.add_argument("--no-resume", action="store_true", help="skip the kill-and-resume run")
    parser.add_argument("--json", type=Path, default=Path("var/bench/report.json"))
    return parser.parse_args()


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


def main() -> int:
    args = _arguments()
    work = args.json.parent
    result = asyncio.run(
        import_orders.run(args.url, args.rows, args.batch, work, resume=not args.no_resume)
    )
    lines = import_orders.table(result)
    show(lines)
    report = {
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "scenarios": lines,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(f"report: {args.json}")
    return 0 if all(result.checks.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
