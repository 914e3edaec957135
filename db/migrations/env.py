"""Alembic environment: runs on the connection handed in by db.migrate, or opens its own."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

import db.tables  # noqa: F401  (registers every table on SQLModel.metadata)
from db.engine import make_engine

target_metadata = SQLModel.metadata
# Indexes a migration keeps on one database only, which the models cannot declare: left out when
# the schema is compared with the models (tests/test_migrations.py).
UNMODELLED_INDEXES = frozenset({"ix_person_name_key_trgm"})  # 0015, PostgreSQL's trigram index


def _include(obj: object, name: str | None, kind: str, reflected: bool, compare_to: object) -> bool:
    return not (kind == "index" and reflected and name in UNMODELLED_INDEXES)


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=_include,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_own_engine(url: str) -> None:
    engine = make_engine(url)
    async with engine.connect() as connection:
        await connection.run_sync(_run)
        await connection.commit()
    await engine.dispose()


connection = context.config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    asyncio.run(_run_own_engine(context.config.get_main_option("sqlalchemy.url") or ""))
