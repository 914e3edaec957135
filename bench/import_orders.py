"""Bulk import of court orders on PostgreSQL: rate, exact report, rerun, kill and resume.

One run, on a database of its own that it creates afresh (migrated, demo data for the users):

1. a generated file (bench.orders_file, 1% bad rows) is imported in valid-rows mode; the rate is
   rows of the file per second, checks, matching and audit included, and the report must equal
   the generated bad rows line for line;
2. the same file again must add nothing;
0. the floor, first: the same good rows (subjects, documents, orders) COPYed straight into the
   tables in one transaction, rolled back: what the import's own work costs is the ratio to it;
4. on a second fresh database, ``ecrime import`` in a child process is killed (SIGKILL) once about
   half the orders are stored, then run again: the database must end with exactly the good rows.
"""

from __future__ import annotations

import asyncio
import csv
import io
import os
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from time import perf_counter
from typing import Any

import asyncpg

from bench import orders_file
from bench.dataset import plain_dsn, recreate
from db.clock import SystemClock
from db.engine import Database
from db.names import document_key
from resolvers.imports.court_orders import Mode
from web import cli_import

USER = "specialist.pp"


@dataclass
class ImportResult:
    rows: int
    seconds: float = 0.0
    rate: float = 0.0
    rerun_seconds: float = 0.0
    floor_seconds: float = 0.0
    floor_rate: float = 0.0
    checks: dict[str, bool] = field(default_factory=dict)
    killed_at: int = 0

    @property
    def ratio(self) -> float:
        """The import's rate as a share of the raw COPY's: 0.5 is half as fast."""
        return self.rate / self.floor_rate if self.floor_rate else 0.0


async def fresh_database(admin_url: str, name: str) -> str:
    """Drop and create database ``name``; migrate it and load the small demo (its users)."""
    url = await recreate(admin_url, name)
    env = {**os.environ, "DATABASE_URL": url}
    for command in (["migrate"], ["demo", "--size", "small"]):
        await _run([_ecrime(), *command], env)
    return url


async def _run(command: list[str], env: dict[str, str]) -> None:
    child = await asyncio.create_subprocess_exec(
        *command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    if await child.wait() != 0:
        raise RuntimeError(f"{' '.join(command)} exited {child.returncode}")


def _ecrime() -> str:
    return str(Path(sys.executable).with_name("ecrime"))


async def _stored(url: str) -> int:
    conn = await asyncpg.connect(plain_dsn(url))
    try:
        found = await conn.fetchval(
            "SELECT count(*) FROM warrant WHERE court = $1", orders_file.COURT
        )
        return int(found)
    finally:
        await conn.close()


def _report(path: Path) -> list[tuple[int, str, str, str]]:
    with path.open(encoding="utf-8") as handle:
        lines = list(csv.reader(handle))
    return [(int(r), c, v, p) for r, c, v, p in lines[1:]]


async def _import(url: str, path: Path, report: Path, batch: int) -> float:
    database = Database.from_url(url)
    try:
        started = perf_counter()
        code = await cli_import.court_orders(
            database,
            clock=SystemClock(),
            path=path,
            username=USER,
            mode=Mode.VALID_ROWS,
            report_path=report,
            batch=batch,
            err=io.StringIO(),
        )
        if code != 0:
            raise RuntimeError(f"the import exited {code}")
        return perf_counter() - started
    finally:
        await database.engine.dispose()


async def floor(url: str, path: Path) -> float:
    """Seconds to COPY the file's good rows straight into person, identity_document and warrant
    (no checks, no matching, no audit), in one transaction that is rolled back."""
    good = [row for row, bad in orders_file.rows(_count(path)) if bad is None]
    conn = await asyncpg.connect(plain_dsn(url))
    try:
        now = datetime.now(UTC)
        tx = conn.transaction()
        await tx.start()
        started = perf_counter()
        first = await conn.fetchval(
            "SELECT nextval(pg_get_serial_sequence('person', 'id')) FROM generate_series(1, $1)"
            " ORDER BY 1 LIMIT 1",
            len(good),
        )
        persons, documents, warrants = [], [], []
        for offset, row in enumerate(good):
            pid = first + offset
            year, month = row["subject_birth_date"].split("-")
            persons.append(
                (pid, row["subject_family_name_latin"], row["subject_given_name_latin"], "", "",
                 row["subject_sex"], int(year), int(month), "KH", "", "12", now, now, 1)
            )  # fmt: skip
            number = row["subject_document_number"]
            documents.append((pid, "national_id", number, document_key(number), "KH"))
            expires = date.fromisoformat(row["expires_on"]) if row["expires_on"] else None
            warrants.append(
                (row["court"], row["number"], row["kind"], date.fromisoformat(row["issued_on"]),
                 expires, pid, "active", "12", row["notes"], "", "", False, now, 1)
            )  # fmt: skip
        await conn.copy_records_to_table(
            "person",
            records=persons,
            columns=["id", "family_name_latin", "given_name_latin", "family_name_km",
                     "given_name_km", "sex", "birth_year", "birth_month", "nationality",
                     "background", "province_code", "created_at", "updated_at", "version"],
        )  # fmt: skip
        await conn.copy_records_to_table(
            "identity_document",
            records=documents,
            columns=["person_id", "kind", "number", "number_key", "issuing_country"],
        )
        await conn.copy_records_to_table(
            "warrant",
            records=warrants,
            columns=["court", "number", "kind", "issued_on", "expires_on", "subject_person_id",
                     "status", "province_code", "notes", "executed_place", "cancel_reason",
                     "historical", "created_at", "version"],
        )  # fmt: skip
        seconds = perf_counter() - started
        await tx.rollback()
        return seconds
    finally:
        await conn.close()


def _count(path: Path) -> int:
    with path.open(encoding="utf-8") as handle:
        return sum(1 for _ in handle) - 1


async def kill_and_resume(admin_url: str, path: Path, batch: int, good: int) -> tuple[int, int]:
    """Start ``ecrime import`` in a child, SIGKILL it once half the good rows are stored, run it
    again to the end; (orders stored when killed, orders stored at the end)."""
    url = await fresh_database(admin_url, "ecrime_bench_resume")
    env = {**os.environ, "DATABASE_URL": url}
    batch = min(batch, max(1, good // 10))  # at least ten commits, so a kill lands between two
    command = [_ecrime(), "import", "court-orders", str(path), "--as", USER]
    command += ["--mode", "valid-rows", "--batch", str(batch)]
    command += ["--report", str(path.with_suffix(".resume.csv"))]
    child = await asyncio.create_subprocess_exec(
        *command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    killed_at = 0
    while child.returncode is None:
        killed_at = await _stored(url)
        if killed_at >= good // 2:
            child.send_signal(signal.SIGKILL)
            break
        await asyncio.sleep(0.05)  # a benchmark watching a child, not a test's synchronisation
    await child.wait()
    await _run(command, env)
    return killed_at, await _stored(url)


async def run(admin_url: str, rows: int, batch: int, work: Path, *, resume: bool) -> ImportResult:
    path = work / f"court-orders-{rows}.csv"
    expected = await asyncio.to_thread(orders_file.write, path, rows)
    good = rows - len(expected)
    result = ImportResult(rows=rows)
    url = await fresh_database(admin_url, "ecrime_bench_import")
    result.floor_seconds = await floor(url, path)  # first: the rows must not be on file yet
    result.floor_rate = good / result.floor_seconds
    report = work / "import.report.csv"
    result.seconds = await _import(url, path, report, batch)
    result.rate = rows / result.seconds
    result.checks["report is exact"] = _report(report) == expected
    result.checks["good rows stored"] = await _stored(url) == good
    result.rerun_seconds = await _import(url, path, work / "rerun.report.csv", batch)
    result.checks["rerun adds nothing"] = await _stored(url) == good
    result.checks["rerun reports every row"] = len(_report(work / "rerun.report.csv")) == rows
    if resume:
        killed_at, end = await kill_and_resume(admin_url, path, batch, good)
        result.killed_at = killed_at
        result.checks["killed part-way"] = 0 < killed_at < good
        result.checks["resumed to exactly the good rows"] = end == good
    return result


def table(result: ImportResult) -> list[dict[str, Any]]:
    return [
        {
            "scenario": "import court orders",
            "rows": result.rows,
            "seconds": round(result.seconds, 2),
            "rows/s": round(result.rate),
            "floor rows/s (raw COPY)": round(result.floor_rate),
            "ratio to floor": round(result.ratio, 3),
            "rerun seconds": round(result.rerun_seconds, 2),
            "killed at": result.killed_at,
            "checks": result.checks,
        }
    ]
