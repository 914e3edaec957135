"""The migration that grants ``export`` on warrants and notices in existing databases: it adds
only the lines a database lacks, bumps the policy version only when it added some (so that
running processes reload, policies/store.py), and its downgrade removes exactly those lines.
Runs inside a transaction rolled back afterwards, on both databases."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import sqlalchemy as sa
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

from db.engine import make_engine
from db.migrate import MIGRATIONS, alembic_config
from policies.enforcer import default_rules

FILE = "_export_orders_policy.py"


def _migration() -> ModuleType:
    [path] = (MIGRATIONS / "versions").glob(f"*{FILE}")
    spec = importlib.util.spec_from_file_location("export_orders_policy", Path(path))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MIGRATION = _migration()
LINES = {("p", *line) for line in MIGRATION.LINES}


def _state(connection: Connection) -> tuple[list[tuple[str, ...]], int]:
    rows = connection.execute(sa.text("SELECT ptype, v0, v1, v2, v3, v4, v5 FROM policy_rule"))
    version = connection.execute(sa.text("SELECT version FROM policy_version WHERE id = 1"))
    return [tuple(row) for row in rows], int(version.scalar_one())


def _round_trip(connection: Connection) -> list[tuple[list[tuple[str, ...]], int]]:
    config = alembic_config()
    config.attributes["connection"] = connection
    before = ScriptDirectory.from_config(config).get_revision(MIGRATION.revision)
    assert before is not None and isinstance(before.down_revision, str)
    states = [_state(connection)]
    # later migrations first (0018 has a policy line of its own): only this one's lines move below
    command.downgrade(config, MIGRATION.revision)
    states.append(_state(connection))
    command.downgrade(config, before.down_revision)
    states.append(_state(connection))
    # an older database that already holds one of the lines (say, added in the policy editor)
    connection.execute(
        sa.text(
            "INSERT INTO policy_rule (ptype, v0, v1, v2, v3, v4, v5) "
            "VALUES ('p', 'national_analyst', '*', 'warrant', 'export', '-', 'allow')"
        )
    )
    command.upgrade(config, MIGRATION.revision)
    states.append(_state(connection))
    return states


def test_the_migrations_lines_are_the_default_policys() -> None:
    assert LINES.issubset(default_rules())
    assert {(line[3], line[4]) for line in LINES} == {("warrant", "export"), ("notice", "export")}


async def test_the_export_grants_go_down_and_up_again_without_duplicates(
    database_url: str,
) -> None:
    engine = make_engine(database_url)
    try:
        async with engine.connect() as connection:
            transaction = await connection.begin()
            states = await connection.run_sync(_round_trip)
            await transaction.rollback()
    finally:
        await engine.dispose()
    (head, v_head), (fresh, v0), (down, v1), (up, v2) = states
    # a fresh database got the lines from the CSV through 0005, so this migration added nothing
    assert all(head.count(line) == 1 for line in LINES) and v_head == 1
    assert all(fresh.count(line) == 1 for line in LINES)
    assert not LINES & set(down) and v1 == v0 + 1
    assert sorted(set(fresh) - LINES) == sorted(set(down))  # nothing else was removed
    assert all(up.count(line) == 1 for line in LINES) and v2 == v1 + 1
    assert sorted(up) == sorted(fresh)
