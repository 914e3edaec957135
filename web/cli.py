"""The `ecrime` command: serve, migrate, demo (later issues add user, token, audit, import)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence

from db.clock import SystemClock
from db.engine import Database
from db.migrate import upgrade
from web import cli_audit, cli_hits, cli_import, cli_match, cli_policy, cli_users, cli_warrants
from web.settings import ConfigurationError, Settings, from_environment


async def _migrate(settings: Settings) -> None:
    database = Database.from_url(settings.database_url)
    try:
        await upgrade(database.engine)
    finally:
        await database.dispose()


async def _demo(settings: Settings, size: str, seed: int, if_empty: bool) -> int:
    from db.demo import DemoError, is_empty, load_demo

    database = Database.from_url(settings.database_url)
    try:
        if if_empty and not await is_empty(database):
            print("demo: the database already holds data; nothing loaded")
            return 0
        now = SystemClock().now()
        try:
            summary = await load_demo(
                database, size=size, seed=seed, now=now, progress=lambda m: print(f"  {m}")
            )
        except DemoError as error:
            print(f"demo: {error}", file=sys.stderr)
            return 1
        print(
            f"demo: loaded the {size} data set (seed {seed}, ending {summary.now:%Y-%m-%d %H:%M} UTC)"
        )
        for line in summary.lines():
            print(f"  {line}")
        return 0
    finally:
        await database.dispose()


def _serve(settings: Settings) -> None:
    import uvicorn

    from web.app import create_app

    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, proxy_headers=False)


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="ecrime", description="National crime-records system")
    commands = root.add_subparsers(dest="command", required=True)
    commands.add_parser("serve", help="serve the GraphQL API and admin")
    commands.add_parser("migrate", help="bring the database schema and reference data up to date")
    demo = commands.add_parser("demo", help="load the deterministic demo data set")
    demo.add_argument("--size", choices=("small", "medium", "large"), default="small")
    demo.add_argument("--seed", type=int, default=20261122)
    demo.add_argument("--if-empty", action="store_true", help="do nothing if data is present")
    cli_audit.register(commands)
    cli_match.register(commands)
    cli_users.register(commands)
    cli_policy.register(commands)
    cli_warrants.register(commands)
    cli_hits.register(commands)
    cli_import.register(commands)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        settings = from_environment()
    except ConfigurationError as error:
        print(f"ecrime: configuration: {error}", file=sys.stderr)
        return 2
    if args.command == "migrate":
        asyncio.run(_migrate(settings))
        print("migrate: database is up to date")
        return 0
    if args.command == "demo":
        return asyncio.run(_demo(settings, args.size, args.seed, args.if_empty))
    if args.command == "match-eval":
        return cli_match.run(args)
    if args.command == "audit":
        return cli_audit.run(args, settings)
    if args.command == "policy":
        return cli_policy.run(args, settings)
    if args.command == "warrants":
        return cli_warrants.run(args, settings)
    if args.command == "hits":
        return cli_hits.run(args, settings)
    if args.command == "import":
        return cli_import.run(args, settings)
    if args.command in cli_users.COMMANDS:
        return cli_users.run(args, settings)
    if args.command == "serve":
        _serve(settings)
        return 0
    raise AssertionError(args.command)


if __name__ == "__main__":
    raise SystemExit(main())
