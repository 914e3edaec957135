"""`ecrime warrants expire`: store the expiry of warrants past their expiry day (run daily, e.g.
from cron just after midnight Phnom Penh time). Reads never depend on it having run: an active
warrant past its day already reads as expired (resolvers.warrant_actions.effective_status)."""

from __future__ import annotations

import argparse
import asyncio
from typing import Any

from db.clock import PHNOM_PENH, SystemClock
from db.engine import Database
from db.warrants import expire_due
from web.settings import Settings


def register(commands: Any) -> None:
    warrants = commands.add_parser("warrants", help="warrant lifecycle chores")
    actions = warrants.add_subparsers(dest="warrants_command", required=True)
    actions.add_parser("expire", help="mark active warrants past their expiry day as expired")


async def _expire(settings: Settings) -> int:
    database = Database.from_url(settings.database_url)
    try:
        today = SystemClock().now().astimezone(PHNOM_PENH).date()
        async with database.session() as session:
            count = await expire_due(session=session, today=today)
            await session.commit()
        print(f"warrants: {count} expired (today {today})")
        return 0
    finally:
        await database.dispose()


def run(args: argparse.Namespace, settings: Settings) -> int:
    if args.warrants_command == "expire":
        return asyncio.run(_expire(settings))
    raise AssertionError(args.warrants_command)
