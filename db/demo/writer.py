"""The bulk insert path: Core executemany in chunks, or COPY on PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlmodel import SQLModel

import db.tables  # noqa: F401  (registers every table on SQLModel.metadata)
from db.demo.world import ID_TABLES, INSERT_ORDER, Batch, Row

EXECUTEMANY_CHUNK = 5000


def table(name: str) -> Table:
    return SQLModel.metadata.tables[name]


class Writer:
    """Writes batches parents-first on one connection (one transaction) and counts the rows."""

    def __init__(self, connection: AsyncConnection, *, copy: bool) -> None:
        self.connection = connection
        self.copy = copy
        self.counts: dict[str, int] = dict.fromkeys(INSERT_ORDER, 0)

    async def write(self, batch: Batch) -> None:
        for name in INSERT_ORDER:
            rows = batch.rows.get(name)
            if rows:
                await (self._copy if self.copy else self._insert)(table(name), rows)
                self.counts[name] += len(rows)

    async def write_all(self, batches: Iterator[Batch], after: Callable[[], None]) -> None:
        """Generate the next batch in a worker thread while the database takes the previous one:
        Python and the server then work at the same time instead of taking turns."""
        pending: asyncio.Task[None] | None = None
        try:
            while True:
                batch = await asyncio.to_thread(next, batches, None)
                if pending is not None:
                    await pending
                    pending = None
                    after()
                if batch is None:
                    return
                pending = asyncio.create_task(self.write(batch))
        finally:
            if pending is not None:
                pending.cancel()

    async def _insert(self, target: Table, rows: list[Row]) -> None:
        for start in range(0, len(rows), EXECUTEMANY_CHUNK):
            await self.connection.execute(insert(target), rows[start : start + EXECUTEMANY_CHUNK])

    async def _copy(self, target: Table, rows: list[Row]) -> None:
        # COPY bypasses SQLAlchemy's type processing: the generator already hands out values
        # asyncpg encodes directly (aware datetimes, dates, Decimals).
        # Only the columns the generator fills; the rest take their server defaults, as with
        # INSERT, so a migration adding a defaulted column does not break the loader.
        columns = [column.name for column in target.columns if column.name in rows[0]]
        raw = await self.connection.get_raw_connection()
        await raw.driver_connection.copy_records_to_table(  # type: ignore[union-attr]
            target.name, records=[tuple(row[c] for c in columns) for row in rows], columns=columns
        )


async def last_ids(connection: AsyncConnection) -> dict[str, int]:
    found: dict[str, int] = {}
    for name in ID_TABLES:
        found[name] = (await connection.execute(select(func.max(table(name).c.id)))).scalar() or 0
    return found


async def taken(
    connection: AsyncConnection, name: str, column: str, values: list[str]
) -> list[str]:
    target = table(name)
    query = select(target.c[column]).where(target.c[column].in_(values)).order_by(target.c[column])
    return list((await connection.execute(query)).scalars())


async def reset_sequences(connection: AsyncConnection) -> None:
    """Explicit ids leave PostgreSQL's serial sequences behind; move each past its max(id)."""
    for name in ID_TABLES:
        await connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                f"COALESCE((SELECT max(id) FROM {name}), 0) + 1, false)"
            )
        )
