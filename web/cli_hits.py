"""`ecrime hits tick`: send the reminders and escalations of unanswered hits that are due.

Run it every minute (cron, or a systemd timer): the 10-minute custody deadline needs that
resolution. It is idempotent, and safe to run from several machines at once.
"""

from __future__ import annotations

import argparse
import asyncio
from typing import Any

from db.clock import SystemClock
from db.engine import Database
from resolvers.hits import process_due_hits
from web.settings import Settings


def register(commands: Any) -> None:
    hits = commands.add_parser("hits", help="hit deadline chores")
    actions = hits.add_subparsers(dest="hits_command", required=True)
    actions.add_parser("tick", help="send due reminders and escalate hits past their deadline")


async def _tick(settings: Settings) -> int:
    database = Database.from_url(settings.database_url)
    try:
        async with database.session() as session:
            reminded, escalated = await process_due_hits(session=session, now=SystemClock().now())
            await session.commit()
        print(f"hits: {reminded} reminded, {escalated} escalated")
        return 0
    finally:
        await database.dispose()


def run(args: argparse.Namespace, settings: Settings) -> int:
    if args.hits_command == "tick":
        return asyncio.run(_tick(settings))
    raise AssertionError(args.hits_command)
