"""``ecrime user …`` and ``ecrime token …``: the first admin, and scripts.

Whoever runs these holds the database credentials, so they act without a principal (recorded in
the audit trail as ``cli:<os user>``). Passwords never come as arguments, which would leave them
in shell history and the process list: they are typed (getpass) or piped (--password-stdin).
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from db import auth as queries
from db import tables as t
from db.clock import Clock, SystemClock
from db.demo.org import POSITIONS
from db.engine import Database
from db.errors import InvalidInput, NotFound
from resolvers import auth, tokens, users
from resolvers.user_credentials import Actor
from web.settings import Settings

COMMANDS = ("user", "token")
CLI_ORIGIN = auth.Origin(ip="", user_agent="ecrime cli")


class CliError(Exception):
    pass


def actor() -> str:
    return f"cli:{getpass.getuser()}"


async def _user(session: AsyncSession, username: str) -> t.User:
    user = await queries.user_by_username(session=session, username=username)
    if user is None:
        raise CliError(f"no user {username!r}")
    return user


async def add_user(
    database: Database,
    *,
    passwords: auth.Passwords,
    clock: Clock,
    username: str,
    password: str,
    position: str,
    family_name: str,
    given_name: str,
    rank: str = "",
    unit_code: str | None = None,
    province_code: str | None = None,
    ministry_code: str | None = None,
) -> t.User:
    data = users.NewUser(
        username=username,
        password=password,
        position=position,
        family_name=family_name,
        given_name=given_name,
        rank=rank,
        unit_code=unit_code,
        province_code=province_code,
        ministry_code=ministry_code,
    )
    async with database.session() as session:
        try:
            user = await users.create(session, passwords=passwords, clock=clock, data=data)
        except InvalidInput as error:
            raise CliError(str(error)) from error
        await session.commit()
        return user


async def set_password(
    database: Database, *, passwords: auth.Passwords, clock: Clock, username: str, password: str
) -> None:
    """A new password ends every session and exchanged token of the user."""
    async with database.session() as session:
        user = await _user(session, username)
        try:
            await users.set_password(
                session,
                passwords=passwords,
                clock=clock,
                user=user,
                password=password,
                by=Actor(actor(), CLI_ORIGIN),
            )
        except InvalidInput as error:
            raise CliError(str(error)) from error
        await session.commit()


async def disable_user(database: Database, *, clock: Clock, username: str) -> None:
    """Disabled users cannot sign in; their sessions end and their tokens are revoked."""
    async with database.session() as session:
        user = await _user(session, username)
        await users.disable(session, clock=clock, user=user, by=Actor(actor(), CLI_ORIGIN))
        await session.commit()


async def enrol_totp(database: Database, *, clock: Clock, username: str) -> str:
    """A new authenticator seed (replacing any earlier one); the otpauth:// URI to scan."""
    async with database.session() as session:
        user = await _user(session, username)
        uri = await users.enrol(session, clock=clock, user=user, by=actor(), origin=CLI_ORIGIN)
        await session.commit()
        return uri


async def list_users(database: Database) -> list[str]:
    async with database.session() as session:
        rows = await queries.users(session=session)
        enrolled = {r.user_id for r in await queries.totp_rows(session=session)}
    return [
        f"{u.username:<28} {u.position:<24} {u.province_code or '-':<3} "
        f"{'active' if u.active else 'disabled':<8} {'totp' if u.id in enrolled else '-'}"
        for u in rows
    ]


async def create_token(
    database: Database,
    *,
    clock: Clock,
    name: str,
    owner: str,
    roles: list[str] | None,
    days: int,
) -> tuple[int, str]:
    """A token's id and its secret (the only time the secret is seen)."""
    async with database.session() as session:
        user = await _user(session, owner)
        try:
            issued = await tokens.issue_token(
                session,
                clock=clock,
                name=name,
                owner=user,
                roles=roles,
                expires_at=clock.now() + timedelta(days=days),
                created_by=actor(),
                origin=CLI_ORIGIN,
            )
        except InvalidInput as error:
            raise CliError(str(error)) from error
        await session.commit()
        assert issued.row.id is not None
        return issued.row.id, issued.secret


async def revoke_token(database: Database, *, clock: Clock, token_id: int) -> None:
    async with database.session() as session:
        try:
            await tokens.revoke_token(
                session, clock=clock, token_id=token_id, revoked_by=actor(), origin=CLI_ORIGIN
            )
        except NotFound as error:
            raise CliError(f"no token {token_id}") from error
        await session.commit()


async def list_tokens(database: Database, *, clock: Clock, include_inactive: bool) -> list[str]:
    async with database.session() as session:
        rows = await queries.tokens_all(
            session=session, include_inactive=include_inactive, now=clock.now()
        )
        owners = {u.id: u.username for u in await queries.users(session=session)}
    now = clock.now()
    return [
        f"{r.id:>5} {r.name:<30} {owners.get(r.owner_id, '?'):<24} {r.roles:<24} "
        f"{_state(r, now):<8} expires {r.expires_at:%Y-%m-%d %H:%M}Z"
        for r in rows
    ]


def _state(row: t.ApiToken, now: datetime) -> str:
    return "revoked" if row.revoked_at else "expired" if row.expires_at <= now else "active"


# --- argparse ------------------------------------------------------------------------------


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    user = commands.add_parser("user", help="add, change and list users").add_subparsers(
        dest="action", required=True
    )
    add = user.add_parser("add", help="add a user (the password is asked for)")
    add.add_argument("username")
    add.add_argument("--position", required=True, choices=POSITIONS)
    add.add_argument("--family-name", required=True)
    add.add_argument("--given-name", required=True)
    add.add_argument("--rank", default="")
    add.add_argument("--unit", help="unit code; the user takes its province and ministry")
    add.add_argument("--province", help="province code, for a user without a unit")
    add.add_argument("--ministry", help="ministry code (default: the unit's, else MOI)")
    passwd = user.add_parser("passwd", help="set a user's password; ends their sessions")
    for sub in (add, passwd):
        sub.add_argument("--password-stdin", action="store_true", help="read it from stdin")
    passwd.add_argument("username")
    user.add_parser("disable", help="disable a user").add_argument("username")
    enrol = user.add_parser("enrol-totp", help="enrol an authenticator; prints its URI once")
    enrol.add_argument("username")
    user.add_parser("list", help="list users")

    token = commands.add_parser("token", help="API tokens").add_subparsers(
        dest="action", required=True
    )
    create = token.add_parser("create", help="make a token; prints its secret once")
    create.add_argument("--name", required=True)
    create.add_argument("--owner", required=True, help="the username it acts as")
    create.add_argument("--role", action="append", dest="roles", help="repeat; default: all")
    create.add_argument("--days", type=int, default=90, help="lifetime, at most 365")
    token.add_parser("revoke", help="revoke a token").add_argument("id", type=int)
    listing = token.add_parser("list", help="list tokens")
    listing.add_argument("--all", action="store_true", help="include revoked and expired")


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("password: ")
    if getpass.getpass("again: ") != first:
        raise CliError("the passwords differ")
    return first


async def _dispatch(args: argparse.Namespace, settings: Settings, database: Database) -> None:
    clock, passwords = SystemClock(), auth.Passwords(settings.argon2_profile)
    match (args.command, args.action):
        case ("user", "add"):
            await add_user(
                database,
                passwords=passwords,
                clock=clock,
                username=args.username,
                password=_password(args.password_stdin),
                position=args.position,
                family_name=args.family_name,
                given_name=args.given_name,
                rank=args.rank,
                unit_code=args.unit,
                province_code=args.province,
                ministry_code=args.ministry,
            )
            print(f"user {args.username} added")
        case ("user", "passwd"):
            password = _password(args.password_stdin)
            await set_password(
                database,
                passwords=passwords,
                clock=clock,
                username=args.username,
                password=password,
            )
            print(f"password of {args.username} changed; their sessions have ended")
        case ("user", "disable"):
            await disable_user(database, clock=clock, username=args.username)
            print(f"user {args.username} disabled")
        case ("user", "enrol-totp"):
            uri = await enrol_totp(database, clock=clock, username=args.username)
            print("Scan this into the authenticator app now; it is not shown again:")
            print(uri)
        case ("user", "list"):
            print("\n".join(await list_users(database)))
        case ("token", "create"):
            token_id, secret = await create_token(
                database,
                clock=clock,
                name=args.name,
                owner=args.owner,
                roles=args.roles,
                days=args.days,
            )
            print(f"token {token_id} made. Its secret, shown only now:\n{secret}")
        case ("token", "revoke"):
            await revoke_token(database, clock=clock, token_id=args.id)
            print(f"token {args.id} revoked")
        case ("token", "list"):
            print("\n".join(await list_tokens(database, clock=clock, include_inactive=args.all)))


def run(args: argparse.Namespace, settings: Settings) -> int:
    async def go() -> None:
        database = Database.from_url(settings.database_url)
        try:
            await _dispatch(args, settings, database)
        finally:
            await database.dispose()

    try:
        asyncio.run(go())
    except CliError as error:
        print(f"ecrime {args.command} {args.action}: {error}", file=sys.stderr)
        return 1
    return 0
