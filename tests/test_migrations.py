"""The migrated schema is exactly what the models declare, on both databases."""

from __future__ import annotations

from alembic import command
from sqlalchemy.engine import Connection

from db.engine import make_engine
from db.migrate import alembic_config


def _check(connection: Connection) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.check(config)  # raises if autogenerate would add anything


async def test_migrations_and_models_agree(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_check)
    finally:
        await engine.dispose()
