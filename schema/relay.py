"""Relay connections: edges, cursors, pageInfo, and a totalCount computed only when asked for.

Cursors are opaque to clients; today they carry a row offset. Pages hold at most
``Context.max_page_size`` rows (100 by default: DESIGN, OWASP GraphQL cheat sheet).
"""

from __future__ import annotations

import base64
from collections.abc import Awaitable, Callable, Hashable, Iterable, Sequence
from typing import Any, ClassVar, Generic, Self, TypeVar

import strawberry
from sqlalchemy import ColumnElement
from strawberry import relay

from db.errors import InvalidArgument
from db.paging import Page
from db.relations import Relation
from resolvers import reading
from resolvers.context import Context

N = TypeVar("N")
DEFAULT_PAGE = 20
_PREFIX = "cursor:"


@strawberry.type(description="An item in a connection, with the cursor that points at it.")
class Edge(Generic[N]):
    cursor: str
    node: N


@strawberry.type(description="A page of a list, with what is needed to fetch the next page.")
class Connection(Generic[N]):
    edges: list[Edge[N]]
    page_info: relay.PageInfo
    total: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="All matching items you may see, across every page.")
    async def total_count(self) -> int:
        return await self.total()

    @strawberry.field(description="The nodes of this page, without their cursors.")
    def nodes(self) -> list[N]:
        return [edge.node for edge in self.edges]


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"{_PREFIX}{offset}".encode()).decode()


def decode_cursor(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor.encode()).decode()
        if not text.startswith(_PREFIX):
            raise ValueError(cursor)
        offset = int(text.removeprefix(_PREFIX))
    except ValueError as error:
        raise InvalidArgument(f"after: {cursor!r} is not a cursor from this API") from error
    if offset < 0:
        raise InvalidArgument(f"after: {cursor!r} is not a cursor from this API")
    return offset


def page_args(ctx: Context, first: int | None, after: str | None) -> Page:
    limit = DEFAULT_PAGE if first is None else first
    if not 0 <= limit <= ctx.max_page_size:
        raise InvalidArgument(f"first: must be between 0 and {ctx.max_page_size}, not {limit}")
    offset = decode_cursor(after) + 1 if after else 0
    return Page(limit=limit, offset=offset)


def build(
    rows: Sequence[Any],
    page: Page,
    convert: Callable[[Any], N],
    total: Callable[[], Awaitable[int]],
) -> Connection[N]:
    shown = rows[: page.limit]
    edges = [
        Edge(cursor=encode_cursor(page.offset + i), node=convert(row))
        for i, row in enumerate(shown)
    ]
    info = relay.PageInfo(
        has_next_page=len(rows) > page.limit,
        has_previous_page=page.offset > 0,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )
    return Connection(edges=edges, page_info=info, total=total)


async def child_connection(
    ctx: Context,
    relation: Relation,
    parent: Hashable,
    convert: Callable[[Any], N],
    *,
    first: int | None,
    after: str | None,
    where: Sequence[ColumnElement[bool]] = (),
    where_key: Hashable = (),
) -> Connection[N]:
    """A nested connection, batched with its siblings through the loaders."""
    page = page_args(ctx, first, after)
    rows = await ctx.loaders.page(relation, page, where, where_key).load(parent)

    async def total() -> int:
        return await ctx.loaders.count(relation, where, where_key).load(parent)

    return build(rows, page, convert, total)


async def child_list(
    ctx: Context, relation: Relation, parent: Hashable, convert: Callable[[Any], N]
) -> list[N]:
    """A short nested list (aliases, documents, events): every row, no pagination."""
    rows = await ctx.loaders.page(relation, Page(limit=1000)).load(parent)
    return [convert(row) for row in rows]


async def nodes_of(
    ctx: Context,
    model: type[Any],
    ids: Sequence[str],
    required: bool,
    *,
    key_name: str = "id",
    parse: Callable[[str], Hashable] = int,
) -> list[Any]:
    """Rows for node ids, None where missing or unseen (the two look the same to the caller)."""
    keys: list[Hashable | None] = []
    for raw in ids:
        try:
            keys.append(parse(raw))
        except ValueError:
            keys.append(None)
    found = await ctx.loaders.row(model, key_name).load_many([k for k in keys if k is not None])
    by_key = dict(zip([k for k in keys if k is not None], found, strict=True))
    rows = [by_key.get(k) if k is not None else None for k in keys]
    if required and any(row is None for row in rows):
        raise InvalidArgument("id: no such object")
    return rows


class TableNode(relay.Node):
    """A node backed by one table: ``node(id)`` and ``nodes(ids)`` load it through the scope."""

    table: ClassVar[type[Any]]
    key_name: ClassVar[str] = "id"
    key_parse: ClassVar[Callable[[str], Hashable]] = int

    @classmethod
    def from_row(cls, row: Any) -> Self:
        raise NotImplementedError

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls,
        *,
        info: strawberry.Info[Context, None],
        node_ids: Iterable[str],
        required: bool = False,
    ) -> list[Self | None]:
        rows = await nodes_of(
            info.context,
            cls.table,
            list(node_ids),
            required,
            key_name=cls.key_name,
            parse=cls.key_parse,
        )
        return [cls.from_row(row) if row is not None else None for row in rows]


async def table_connection(
    ctx: Context,
    model: type[Any],
    convert: Callable[[Any], N],
    *,
    first: int | None,
    after: str | None,
    where: Sequence[ColumnElement[bool]],
    order_by: Sequence[Any],
) -> Connection[N]:
    """A top-level connection over one table, scoped and filtered in SQL."""
    page = page_args(ctx, first, after)
    rows = await reading.list_page(ctx, model, where=where, order_by=order_by, page=page)

    async def total() -> int:
        return await reading.count(ctx, model, where=where)

    return build(rows, page, convert, total)


TN = TypeVar("TN", bound=TableNode)


async def related(
    info: strawberry.Info[Context, None], node_type: type[TN], key: Hashable | None
) -> TN | None:
    """The node a row points at (a foreign key), loaded through the scope; None if absent or unseen."""
    if key is None:
        return None
    row = await info.context.loaders.row(node_type.table, node_type.key_name).load(key)
    return node_type.from_row(row) if row is not None else None


async def reference(info: strawberry.Info[Context, None], node_type: type[TN], key: Hashable) -> TN:
    """A node of shared reference data (province, ministry, category…), which always exists."""
    found = await related(info, node_type, key)
    if found is None:
        raise LookupError(f"{node_type.__name__} {key!r} is missing from the reference data")
    return found
