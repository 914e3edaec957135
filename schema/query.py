"""The Query root: entry points into the graph."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry
from sqlmodel import col
from strawberry import relay

from db import filters
from db import tables as t
from db.errors import InvalidArgument
from resolvers import audit, compliance, reading, searching
from resolvers.context import Context
from schema.enums import OffenceKind, OffenceOrder, PersonOrder
from schema.inputs import (
    CaseFilterInput,
    NoticeFilterInput,
    OffenceFilterInput,
    PersonFilterInput,
    WarrantFilterInput,
)
from schema.relay import Connection, TableNode, page_args, table_connection
from schema.types.geo import Province
from schema.types.lifecycle import ComplianceGrouping, EntryComplianceGroup
from schema.types.orders import Notice, Operation, Warrant
from schema.types.org import Ministry, OffenceCategory, OffenceType, Unit
from schema.types.persons import Person
from schema.types.records import Case, Offence

Info = strawberry.Info[Context, None]


async def _resolve_global_ids(info: Info, ids: list[relay.GlobalID]) -> list[relay.Node | None]:
    """Group ids by type, load each group in one scoped query, answer in the order asked."""
    by_type: dict[type[TableNode], list[str]] = {}
    for gid in ids:
        node_type = _node_types().get(gid.type_name)
        if node_type is not None:
            by_type.setdefault(node_type, []).append(gid.node_id)
    found: dict[tuple[str, str], relay.Node | None] = {}
    for node_type, keys in by_type.items():
        rows = await node_type.resolve_nodes(info=info, node_ids=keys)
        for key, node in zip(keys, rows, strict=True):
            found[(node_type.__name__, key)] = node
    return [found.get((gid.type_name, gid.node_id)) for gid in ids]


def _node_types() -> dict[str, type[TableNode]]:
    from schema import NODE_TYPES

    return {node_type.__name__: node_type for node_type in NODE_TYPES}


@strawberry.type
class RecordsQuery:
    @strawberry.field(
        description="Any object by its global id; null if missing or not yours to see."
    )
    async def node(self, info: Info, id: relay.GlobalID) -> relay.Node | None:
        return (await _resolve_global_ids(info, [id]))[0]

    @strawberry.field(
        description="Objects by their global ids, in order; null where missing or unseen."
    )
    async def nodes(self, info: Info, ids: list[relay.GlobalID]) -> list[relay.Node | None]:
        if len(ids) > info.context.max_page_size:
            raise InvalidArgument(f"ids: at most {info.context.max_page_size} at a time")
        return await _resolve_global_ids(info, ids)

    @strawberry.field(
        description="Per unit, province or month of entry: offences entered, how many within "
        "48 h of occurring, the on-time share and the median delay. Historical records are left "
        "out; only offences you may read are counted."
    )
    async def entry_compliance(
        self,
        info: Info,
        group_by: ComplianceGrouping,
        from_: Annotated[datetime | None, strawberry.argument(name="from")] = None,
        to: datetime | None = None,
    ) -> list[EntryComplianceGroup]:
        groups = await compliance.entry_compliance(info.context, group_by.value, from_, to)
        return [EntryComplianceGroup.from_group(g, group_by) for g in groups]

    @strawberry.field(description="All 25 provinces, by official code.")
    async def provinces(self, info: Info) -> list[Province]:
        rows = await reading.list_page(
            info.context,
            t.Province,
            where=(),
            order_by=(col(t.Province.code),),
            page=page_args(info.context, 100, None),
        )
        return [Province.from_row(r) for r in rows]

    @strawberry.field
    async def province(self, info: Info, code: str) -> Province | None:
        row = await info.context.loaders.row(t.Province, "code").load(code)
        return Province.from_row(row) if row else None

    @strawberry.field
    async def ministries(self, info: Info) -> list[Ministry]:
        rows = await reading.list_page(
            info.context,
            t.Ministry,
            where=(),
            order_by=(col(t.Ministry.code),),
            page=page_args(info.context, 100, None),
        )
        return [Ministry.from_row(r) for r in rows]

    @strawberry.field(description="ICCS categories; give a parent code for its children.")
    async def offence_categories(
        self, info: Info, parent_code: str | None = None
    ) -> list[OffenceCategory]:
        parent = col(t.OffenceCategory.parent_code)
        where = [parent.is_(None) if parent_code is None else parent == parent_code]
        rows = await reading.list_page(
            info.context,
            t.OffenceCategory,
            where=where,
            order_by=(col(t.OffenceCategory.code),),
            page=page_args(info.context, 100, None),
        )
        return [OffenceCategory.from_row(r) for r in rows]

    @strawberry.field(description="National offence types, optionally of one kind.")
    async def offence_types(self, info: Info, kind: OffenceKind | None = None) -> list[OffenceType]:
        where = [col(t.OffenceType.kind) == kind.value] if kind else []
        rows = await reading.list_page(
            info.context,
            t.OffenceType,
            where=where,
            order_by=(col(t.OffenceType.code),),
            page=page_args(info.context, 100, None),
        )
        return [OffenceType.from_row(r) for r in rows]

    @strawberry.field
    async def units(
        self,
        info: Info,
        province_code: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Unit]:
        where = [col(t.Unit.province_code) == province_code] if province_code else []
        return await table_connection(
            info.context,
            t.Unit,
            Unit.from_row,
            first=first,
            after=after,
            where=where,
            order_by=(col(t.Unit.code),),
        )

    @strawberry.field(description="Offences nationwide, newest first unless ordered otherwise.")
    async def offences(
        self,
        info: Info,
        filter: OffenceFilterInput | None = None,
        order_by: OffenceOrder = OffenceOrder.OCCURRED_NEWEST,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Offence]:
        wanted = filter.to_filter() if filter else filters.OffenceFilter()
        listed = reading.compiled(info.context, wanted, filters.OFFENCE_ORDERS[order_by.value])
        return await table_connection(
            info.context,
            t.Offence,
            Offence.from_row,
            first=first,
            after=after,
            where=listed.where,
            order_by=listed.order_by,
        )

    @strawberry.field(description="Find persons by name (Khmer or Latin, any order) or document.")
    async def persons(
        self,
        info: Info,
        filter: PersonFilterInput | None = None,
        order_by: PersonOrder = PersonOrder.BEST_MATCH,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Person]:
        wanted = filter.to_filter() if filter else filters.PersonFilter()
        await searching.check_purpose(info.context, wanted)
        listed = reading.compiled(
            info.context, wanted, filters.person_order(order_by.value, wanted)
        )
        found = await table_connection(
            info.context,
            t.Person,
            Person.from_row,
            first=first,
            after=after,
            where=listed.where,
            order_by=listed.order_by,
        )
        terms = {k: v for k, v in vars(wanted).items() if v not in (None, ())}
        page = {"first": first, "after": after, "orderBy": order_by.name}
        results = [edge.node.id for edge in found.edges]
        details = {"filter": terms, "page": page, "results": results}
        await audit.record_read(
            info.context, action="person.search", object_type="person", details=details
        )
        return found

    @strawberry.field
    async def cases(
        self,
        info: Info,
        filter: CaseFilterInput | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Case]:
        wanted = filter.to_filter() if filter else filters.CaseFilter()
        listed = reading.compiled(info.context, wanted, filters.CASE_ORDER)
        return await table_connection(
            info.context,
            t.Case,
            Case.from_row,
            first=first,
            after=after,
            where=listed.where,
            order_by=listed.order_by,
        )

    @strawberry.field
    async def warrants(
        self,
        info: Info,
        filter: WarrantFilterInput | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Warrant]:
        wanted = filter.to_filter() if filter else filters.WarrantFilter()
        listed = reading.compiled(info.context, wanted, filters.WARRANT_ORDER)
        return await table_connection(
            info.context,
            t.Warrant,
            Warrant.from_row,
            first=first,
            after=after,
            where=listed.where,
            order_by=listed.order_by,
        )

    @strawberry.field
    async def notices(
        self,
        info: Info,
        filter: NoticeFilterInput | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Notice]:
        wanted = filter.to_filter() if filter else filters.NoticeFilter()
        listed = reading.compiled(info.context, wanted, filters.NOTICE_ORDER)
        return await table_connection(
            info.context,
            t.Notice,
            Notice.from_row,
            first=first,
            after=after,
            where=listed.where,
            order_by=listed.order_by,
        )

    @strawberry.field(description="Crackdown operations, newest first.")
    async def operations(
        self,
        info: Info,
        province_code: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Operation]:
        where = [col(t.Operation.province_code) == province_code] if province_code else []
        return await table_connection(
            info.context,
            t.Operation,
            Operation.from_row,
            first=first,
            after=after,
            where=where,
            order_by=(col(t.Operation.started_on).desc(), col(t.Operation.id).desc()),
        )
