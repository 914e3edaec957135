"""`ecrime policy list|add|remove|explain`: the policy editor for scripts and the first admin.

Runs the same operations as the GraphQL policy mutations (resolvers/policy.py), as the
principal "cli" with the admin role: whoever can run this command on the server can reach the
database anyway. Every change is audited and bumps the policy version.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

from db.clock import Clock, SystemClock
from db.engine import Database
from db.errors import EcrimeError, InvalidInput
from db.policy import as_rule
from policies.principal import Principal
from policies.store import PolicyStore
from resolvers import policy
from resolvers.context import Context
from web.settings import Settings

T = TypeVar("T")
Print = Callable[[str], None]


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("policy", help="list, change or explain the access policy")
    actions = parser.add_subparsers(dest="policy_command", required=True)
    actions.add_parser("list", help="every policy line, with its id")
    add = actions.add_parser(
        "add", help='add a line, e.g. "p, specialist, own_province, case, export, -, allow"'
    )
    add.add_argument("line")
    remove = actions.add_parser("remove", help="remove the line with this id")
    remove.add_argument("id", type=int)
    explain = actions.add_parser(
        "explain", help="can USER do ACTION on OBJECT, and which line decides"
    )
    explain.add_argument("username")
    explain.add_argument("action")
    explain.add_argument("object")
    explain.add_argument("--object-id", help="a record's global id, to judge that record")


async def _as_cli(database: Database, clock: Clock, work: Callable[[Context], Awaitable[T]]) -> T:
    current = await PolicyStore().fresh(database)
    principal = Principal(username="cli", roles=("admin",), policy=current)
    async with database.session() as session:
        return await work(Context(session=session, principal=principal, clock=clock))


async def command(args: argparse.Namespace, database: Database, clock: Clock, say: Print) -> int:
    try:
        if args.policy_command == "list":
            for row in await _as_cli(database, clock, policy.list_rules):
                say(f"{row.id:>5}  {', '.join(as_rule(row))}")
        elif args.policy_command == "add":
            rule = tuple(cell.strip() for cell in args.line.split(","))
            row = await _as_cli(database, clock, lambda ctx: policy.add_rule(ctx, rule))
            say(f"added {row.id}: {', '.join(as_rule(row))}")
        elif args.policy_command == "remove":
            row = await _as_cli(database, clock, lambda ctx: policy.remove_rule(ctx, args.id))
            say(f"removed {row.id}: {', '.join(as_rule(row))}")
        else:
            found = await _as_cli(
                database,
                clock,
                lambda ctx: policy.explain(
                    ctx,
                    username=args.username,
                    action=args.action,
                    obj=args.object,
                    object_id=args.object_id,
                ),
            )
            for item in found:
                verdict = "allowed" if item.decision.allowed else "denied"
                by = (
                    f" by {', '.join(item.decision.rule)} (as {item.decision.subject})"
                    if item.decision.rule
                    else ""
                )
                say(f"{item.domain:<17} {verdict}{by}")
    except InvalidInput as error:
        for problem in error.problems:
            say(f"policy: {problem.field}: {problem.message}")
        return 1
    except EcrimeError as error:
        say(f"policy: {error}")
        return 1
    return 0


def run(args: argparse.Namespace, settings: Settings) -> int:
    async def main() -> int:
        database = Database.from_url(settings.database_url)
        try:
            return await command(args, database, SystemClock(), print)
        finally:
            await database.dispose()

    return asyncio.run(main())
