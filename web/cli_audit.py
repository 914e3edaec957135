"""`ecrime audit verify` and `ecrime audit prune`: the audit trail from the command line."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Callable
from datetime import timedelta

from db import audit
from db.clock import PHNOM_PENH, Clock, SystemClock
from db.engine import Database
from web.settings import Settings

Print = Callable[[str], None]


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("audit", help="check or prune the audit trail")
    actions = parser.add_subparsers(dest="audit_command", required=True)
    actions.add_parser("verify", help="recompute every hash; name the first entry that fails")
    actions.add_parser(
        "prune", help="delete entries older than ECRIME_AUDIT_RETENTION_DAYS (at least 365)"
    )


async def verify(database: Database, say: Print) -> int:
    async with database.session() as session:
        status = await audit.verify(session=session)
    if status.intact:
        say(f"audit chain intact: {status.count} entries")
        return 0
    assert status.broken_at is not None
    when = status.broken_at.astimezone(PHNOM_PENH).isoformat(timespec="seconds")
    say(f"audit chain broken at entry {status.broken_id} ({when}): {status.reason}")
    return 1


async def prune(database: Database, retention_days: int, clock: Clock, say: Print) -> int:
    now = clock.now()
    before = now - timedelta(days=retention_days)
    async with database.session() as session:
        deleted = await audit.prune(session=session, before=before, source=audit.Source(), now=now)
        await session.commit()
    say(f"audit prune: deleted {deleted} entries recorded before {audit.format_time(before)}")
    return 0


def run(args: argparse.Namespace, settings: Settings) -> int:
    async def main() -> int:
        database = Database.from_url(settings.database_url)
        try:
            if args.audit_command == "verify":
                return await verify(database, print)
            return await prune(database, settings.audit_retention_days, SystemClock(), print)
        finally:
            await database.dispose()

    return asyncio.run(main())
