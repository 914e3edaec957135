"""What GraphQL errors may say to a client: an allow-list, applied where results leave the engine.

Domain errors (``db.errors.EcrimeError``) and graphql-core's own errors about the document (syntax,
validation, argument coercion: they carry no original exception) pass. Everything else reads
"Unexpected error." with ``extensions.code = INTERNAL``: driver and ORM text, tracebacks, anything a
library raised.

Masking is done by ``MaskedSchema`` on the final result of ``execute`` and on every result of
``stream`` (subscriptions and the WebSocket transports), not by a schema extension: an exception
that escapes another extension's exit (closing a broken connection, say) is turned into an error
after every extension has run, so an extension cannot mask it.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator
from typing import Any

import strawberry
from graphql import GraphQLError

from db.errors import EcrimeError

MASKED_MESSAGE = "Unexpected error."


def may_show(error: GraphQLError) -> bool:
    original = error.original_error
    return original is None or isinstance(original, EcrimeError)


def _masked(error: GraphQLError) -> GraphQLError:
    if may_show(error):
        return error
    return GraphQLError(
        MASKED_MESSAGE,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions={"code": "INTERNAL"},
    )


def mask_result(result: Any) -> Any:
    errors = getattr(result, "errors", None)
    if errors:
        result.errors = [_masked(e) for e in errors]
    return result


async def _masked_stream(results: AsyncIterator[Any]) -> AsyncGenerator[Any, None]:
    try:
        async for result in results:
            yield mask_result(result)
    finally:
        close = getattr(results, "aclose", None)
        if close is not None:
            await close()


class MaskedSchema(strawberry.Schema):
    """A strawberry schema whose every answer has passed the allow-list (``mask=False``: debug)."""

    def __init__(self, *args: Any, mask: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.mask = mask

    async def execute(self, *args: Any, **kwargs: Any) -> Any:
        result = await super().execute(*args, **kwargs)
        return mask_result(result) if self.mask else result

    async def stream(self, *args: Any, **kwargs: Any) -> Any:
        results = await super().stream(*args, **kwargs)
        if not self.mask:
            return results
        if isinstance(results, AsyncIterator):
            return _masked_stream(results)
        return mask_result(results)
