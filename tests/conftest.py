"""Real databases for every test: SQLite and PostgreSQL, each test in a transaction rolled back.

Set ECRIME_TEST_PG_URL to point at a PostgreSQL server (default: the local one, trust auth).
Without one, the PostgreSQL half of the suite skips with the reason, unless
ECRIME_REQUIRE_POSTGRES=1 (as in CI), where a missing server is a failure.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.clock import FixedClock
from db.engine import Database, make_engine
from db.migrate import upgrade
from policies.enforcer import default_policy
from policies.principal import Principal
from resolvers.context import Context
from schema import build_schema

PG_ADMIN_URL = os.environ.get(
    "ECRIME_TEST_PG_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
)
REQUIRE_POSTGRES = os.environ.get("ECRIME_REQUIRE_POSTGRES") == "1"
T0 = datetime(2026, 11, 2, 3, 0, tzinfo=UTC)  # 10:00 in Phnom Penh

SCHEMA = build_schema()
# Tests that are not about access rules read as a national analyst (everything, no writes).
NATIONAL_READER = Principal(
    username="analyst.test", roles=("national_analyst",), policy=default_policy()
)


async def _migrate(url: str) -> None:
    engine = make_engine(url)
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()


async def _admin(statement: str) -> None:
    import asyncpg

    dsn = PG_ADMIN_URL.replace("postgresql+asyncpg://", "postgresql://")
    connection = await asyncpg.connect(dsn, timeout=5)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    path: Path = tmp_path_factory.mktemp("db") / "ecrime-test.sqlite3"
    url = f"sqlite+aiosqlite:///{path}"
    asyncio.run(_migrate(url))
    return url


def pin_clock_statement(database: str) -> str:
    """The test clock as the database's default ``ecrime.now``: the lifecycle trigger reads it
    when a transaction has not set its own (the app always does; a test's raw session may not),
    so no test meets the real date in the trigger. The app's per-transaction setting still wins."""
    return f"ALTER DATABASE \"{database}\" SET ecrime.now TO '{T0.isoformat()}'"


@contextmanager
def _own_database(prefix: str) -> Iterator[str]:
    """A new, migrated PostgreSQL database, dropped afterwards; skipped with the reason when the
    server cannot be reached (failed instead under ECRIME_REQUIRE_POSTGRES=1)."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    try:
        asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    except (TimeoutError, OSError, Exception) as error:  # noqa: BLE001 - any failure to reach it
        reason = f"PostgreSQL not reachable at {PG_ADMIN_URL} ({type(error).__name__}: {error})"
        if REQUIRE_POSTGRES:
            pytest.fail(f"{reason}; ECRIME_REQUIRE_POSTGRES=1 forbids skipping")
        pytest.skip(f"{reason}; set ECRIME_TEST_PG_URL to run the PostgreSQL tests")
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    asyncio.run(_admin(pin_clock_statement(name)))
    asyncio.run(_migrate(url))
    try:
        yield url
    finally:
        asyncio.run(_admin(f'DROP DATABASE "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def postgresql_url() -> Iterator[str]:
    with _own_database("ecrime_test") as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest) -> str:
    url: str = request.getfixturevalue(f"{request.param}_url")
    return url


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    """A Database whose sessions all join one outer transaction, rolled back after the test.

    Code under test commits as usual; its commits become savepoints, so nothing outlives the test.
    """
    engine = make_engine(database_url)
    async with engine.connect() as connection:
        outer = await connection.begin()
        sessions = async_sessionmaker(
            bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
        )
        yield Database(engine, sessions)
        await outer.rollback()
    await engine.dispose()


@pytest.fixture
def committed_postgres() -> Iterator[str]:
    """A migrated PostgreSQL database of the test's own, whose commits are real (for tests across
    processes or connections); dropped afterwards."""
    with _own_database("ecrime_proc") as url:
        yield url


@pytest.fixture
async def pg_session(postgresql_url: str) -> AsyncIterator[AsyncSession]:
    """A session on PostgreSQL only, for what exists only there (triggers); rolled back after."""
    engine = make_engine(postgresql_url)
    async with engine.connect() as connection:
        outer = await connection.begin()
        sessions = async_sessionmaker(
            bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
        )
        async with sessions() as session:
            yield session
        await outer.rollback()
    await engine.dispose()


@pytest.fixture
async def session(db: Database) -> AsyncIterator[AsyncSession]:
    async with db.session() as session:
        yield session


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(T0)


class StatementCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        self.statements.append(statement)

    @property
    def count(self) -> int:
        return len(self.statements)

    @property
    def reads(self) -> int:
        """Statements other than the audit append of the persons read (resolvers.read_log),
        which runs after the reads in transactions of its own."""
        return sum(1 for s in self.statements if not _audit_write(s))


def _audit_write(statement: str) -> bool:
    return statement.startswith(("SAVEPOINT", "RELEASE SAVEPOINT")) or any(
        word in statement for word in ("audit_entry", "pg_advisory_xact_lock")
    )


@pytest.fixture
def statements(db: Database) -> Iterator[StatementCounter]:
    counter = StatementCounter()
    event.listen(db.engine.sync_engine, "before_cursor_execute", counter)
    yield counter
    event.remove(db.engine.sync_engine, "before_cursor_execute", counter)


GraphQL = Callable[..., Awaitable[Any]]


@pytest.fixture
def graphql(db: Database, clock: FixedClock) -> GraphQL:
    """Run a GraphQL operation as a principal (a national reader by default)."""

    async def run(
        query: str, variables: dict[str, Any] | None = None, principal: Principal | None = None
    ) -> Any:
        async with db.session() as session:
            context = Context(session=session, principal=principal or NATIONAL_READER, clock=clock)
            return await SCHEMA.execute(query, variable_values=variables, context_value=context)

    return run


# last: tests.admin_support needs the names above (through tests.factories)
from tests.admin_support import admin_client  # noqa: E402, F401  (the admin app)
