"""Migration 0018 puts the default policy's ``record_for_ministry`` line into databases that lack
it, once, bumping the policy version only then; its downgrade takes exactly that line out.
Runs inside a transaction rolled back afterwards, on both databases."""

from __future__ import annotations

from alembic import command
from sqlalchemy.engine import Connection

from db.engine import make_engine
from db.migrate import alembic_config
from policies.enforcer import default_rules
from tests.test_exports_policy_migration import _state

LINE = ("p", "specialist", "*", "offence", "record_for_ministry", "-", "allow")


def _round_trip(connection: Connection) -> list[tuple[list[tuple[str, ...]], int]]:
    config = alembic_config()
    config.attributes["connection"] = connection
    states = [_state(connection)]
    command.downgrade(config, "0017")
    states.append(_state(connection))
    command.upgrade(config, "head")
    states.append(_state(connection))
    command.upgrade(config, "head")  # at head already: nothing runs, nothing doubles
    states.append(_state(connection))
    return states


async def test_the_ministry_grant_goes_down_and_up_again_once(database_url: str) -> None:
    assert LINE in default_rules()
    engine = make_engine(database_url)
    try:
        async with engine.connect() as connection:
            transaction = await connection.begin()
            states = await connection.run_sync(_round_trip)
            await transaction.rollback()
    finally:
        await engine.dispose()
    (fresh, v0), (down, v1), (up, v2), (again, v3) = states
    assert fresh.count(LINE) == 1 and v0 == 1  # from the CSV through 0005: 0018 added nothing
    assert LINE not in down and sorted(set(fresh) - {LINE}) == sorted(set(down)) and v1 == v0 + 1
    assert sorted(up) == sorted(fresh) and v2 == v1 + 1
    assert (sorted(again), v3) == (sorted(up), v2)
