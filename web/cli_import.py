"""``ecrime import court-orders|offences|persons FILE``: records from CSV or XLSX (issue 7).

The rows are entered as the user named by ``--as`` (a specialist of the owning province, say):
the same checks, scope, matching and audit trail as entry by hand, under that user's principal.
The formats are db/imports/templates/{court_orders,offences,persons}.csv; the rules are
resolvers.imports (resolvers.imports.kinds lists the kinds).

Exit status: 0 when the run ended as asked (in valid-rows mode, with a warning count for the rows
not written), 1 when all-or-nothing refused the file (nothing written), 2 for a file or user that
cannot be used at all.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from dataclasses import replace
from pathlib import Path
from time import perf_counter
from typing import Any, TextIO

from db.auth import user_by_username
from db.clock import Clock, SystemClock
from db.engine import Database
from db.errors import InvalidArgument
from policies.store import PolicyStore
from resolvers.auth import principal_for
from resolvers.context import Context
from resolvers.imports.batches import AfterBatch, Mode
from resolvers.imports.files import read_table
from resolvers.imports.kinds import KINDS
from resolvers.imports.report import Outcome, write_report
from web.settings import Settings


def register(commands: Any) -> None:
    imports = commands.add_parser("import", help="bulk imports from CSV or XLSX files")
    kinds = imports.add_subparsers(dest="import_command", required=True)
    for kind in KINDS.values():
        sub = kinds.add_parser(
            kind.name,
            help=f"{kind.label.lower()} (format: db/imports/templates/{kind.template.name})",
        )
        sub.add_argument("file", type=Path, help="a .csv (UTF-8) or .xlsx file")
        sub.add_argument("--as", dest="username", required=True, help="the user entering them")
        sub.add_argument(
            "--mode", choices=[m.value for m in Mode], default=Mode.ALL_OR_NOTHING.value
        )
        sub.add_argument(
            "--report", type=Path, help="where to write the report (default: FILE.report.csv)"
        )
        sub.add_argument(
            "--batch",
            type=int,
            help="rows per transaction (default: 5000 for court orders on PostgreSQL, else 500)",
        )


class _Bar:
    """Rows done of the total and the rate, redrawn in place; only on a terminal."""

    def __init__(self, err: TextIO) -> None:
        self.err = err
        self.shown = err.isatty()
        self.started = perf_counter()

    def __call__(self, phase: str, done: int, total: int) -> None:
        if not self.shown:
            return
        rate = done / max(perf_counter() - self.started, 1e-9)
        self.err.write(f"\r{phase}: {done}/{total} rows ({rate:.0f} rows/s)   ")
        self.err.flush()

    def end(self) -> None:
        if self.shown:
            self.err.write("\n")


async def court_orders(database: Database, **kw: Any) -> int:
    return await import_file(database, kind="court-orders", **kw)


async def offences(database: Database, **kw: Any) -> int:
    return await import_file(database, kind="offences", **kw)


async def persons(database: Database, **kw: Any) -> int:
    return await import_file(database, kind="persons", **kw)


async def import_file(
    database: Database,
    *,
    kind: str,
    clock: Clock,
    path: Path,
    username: str,
    mode: Mode = Mode.ALL_OR_NOTHING,
    report_path: Path | None = None,
    batch: int | None = None,
    err: TextIO = sys.stderr,
    after_batch: AfterBatch | None = None,
) -> int:
    """The command, callable in-process (tests pass their Database, clock and a crash hook)."""
    mode = Mode(mode.value)  # court_orders keeps an enum of its own, with the same values
    try:
        table = read_table(path)
    except (OSError, UnicodeDecodeError, InvalidArgument) as error:
        print(f"import: {path}: {error}", file=err)
        return 2
    policy = await PolicyStore().fresh(database)
    bar = _Bar(err)
    async with database.session() as session:
        user = await user_by_username(session=session, username=username)
        if user is None or not user.active:
            print(f"import: no active user {username!r}", file=err)
            return 2
        principal = replace(await principal_for(session, user), policy=policy)
        ctx = Context(
            session=session,
            principal=principal,
            clock=clock,
            user_agent="ecrime import",
            request_id=f"import {kind} {path.name}",
        )
        try:
            report = await KINDS[kind].importer(
                ctx, table, mode=mode, batch_size=batch, progress=bar, after_batch=after_batch
            )
        except InvalidArgument as error:
            print(f"import: {path.name}: {error}", file=err)
            return 2
        finally:
            bar.end()
    report_path = report_path or path.with_name(f"{path.stem}.report.csv")
    write_report(report_path, report.problems)
    print(f"import: {report.summary()}", file=err)
    print(f"import: report: {report_path}", file=err)
    rejected = report.count(Outcome.REJECTED)
    if not report.written_to_database:
        print(f"import: nothing written: {rejected} rows have problems ({mode.value})", file=err)
        return 1
    if rejected or report.count(Outcome.SKIPPED):
        warnings = rejected + report.count(Outcome.SKIPPED)
        print(f"import: warning: {warnings} rows not written (see the report)", file=err)
    return 1 if rejected and mode is Mode.ALL_OR_NOTHING else 0


async def _main(args: argparse.Namespace, settings: Settings) -> int:
    database = Database.from_url(settings.database_url)
    try:
        return await import_file(
            database,
            kind=args.import_command,
            clock=SystemClock(),
            path=args.file,
            username=args.username,
            mode=Mode(args.mode),
            report_path=args.report,
            batch=args.batch,
        )
    finally:
        await database.dispose()


def run(args: argparse.Namespace, settings: Settings) -> int:
    if args.import_command in KINDS:
        return asyncio.run(_main(args, settings))
    raise AssertionError(args.import_command)
