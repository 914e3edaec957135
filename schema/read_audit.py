"""Write the persons an operation handed out (resolvers.read_log) before its answer goes out.

When the operation ends, errors included: a query that failed half-way still answers the persons
it completed. A subscription lives for hours, so each of its events writes what it emitted
before it is sent. An admin page runs the schema in process on a log the HTTP request holds and
writes itself (web.read_audit); operations leave that log alone.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from sqlalchemy.exc import SQLAlchemyError
from strawberry.extensions import SchemaExtension
from strawberry.types import StreamExecutionResult

from resolvers import read_log
from resolvers.context import Context


class ReadNotAudited(RuntimeError):
    """The audit entry could not be written, so the answer is withheld."""


class WriteReads(SchemaExtension):
    async def on_operation(self) -> AsyncIterator[None]:
        try:
            yield
        finally:
            await self._write()

    async def on_stream_result(self, result: StreamExecutionResult) -> AsyncIterator[None]:
        await self._write()
        yield

    async def _write(self) -> None:
        context = self.execution_context.context
        if not isinstance(context, Context) or context.reads.held:
            return
        try:
            await read_log.write(context, context.operation)
        except SQLAlchemyError as error:
            raise ReadNotAudited("the read could not be audited; try again") from error
