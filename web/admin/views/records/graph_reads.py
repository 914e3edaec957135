"""Reading records for the record pages (offences, cases, history) through the GraphQL schema.

The pages show what the API shows: the same scoped nodes, the same masks (a hidden field reads
as null and is listed in ``maskedFields``), the same person-read audit entries. Running the
schema's own resolvers in-process with the view's ``Context`` guarantees that, instead of a
second copy of those rules here. Writes call the operations in ``resolvers/`` directly.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

import strawberry
from strawberry.relay import GlobalID

from db.errors import EcrimeError
from resolvers.context import Context
from schema import build_schema

# Fields the API answers as ISO 8601 text that the templates show as moments.
_MOMENTS = frozenset(
    {"occurredAt", "recordedAt", "openedAt", "closedAt", "at", "createdAt", "updatedAt"}
)


@cache
def _schema() -> strawberry.Schema:
    return build_schema()


async def read(ctx: Context, document: str, **variables: Any) -> dict[str, Any]:
    """The data of a query; an expected failure (a bad cursor, a missing purpose) is raised as
    the domain error it was, anything else as a RuntimeError."""
    result = await _schema().execute(document, variable_values=variables, context_value=ctx)
    for error in result.errors or ():
        if isinstance(error.original_error, EcrimeError):
            raise error.original_error
        raise RuntimeError(f"admin query failed: {error.message}")
    assert result.data is not None
    data: dict[str, Any] = moments(result.data)
    return data


def moments(value: Any) -> Any:
    """The answer with its timestamps as aware datetimes (for the ``when`` filter), and beside
    each global ``id`` its ``pk``, the database id the admin's URLs use."""
    if isinstance(value, dict):
        found = {
            key: datetime.fromisoformat(item)
            if key in _MOMENTS and isinstance(item, str)
            else moments(item)
            for key, item in value.items()
        }
        ident = found.get("id")
        if isinstance(ident, str):
            found["pk"] = local_id(ident)
        return found
    if isinstance(value, list):
        return [moments(item) for item in value]
    return value


def global_id(type_name: str, key: object) -> str:
    return str(GlobalID(type_name, str(key)))


def local_id(value: str) -> str:
    """The database id inside a global id ("Offence:12" → "12"), for short URLs."""
    try:
        return GlobalID.from_id(value).node_id
    except ValueError:
        return value
