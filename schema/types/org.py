"""Ministries, units, users, and the offence classification (ICCS and national types)."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, ClassVar

import strawberry
from strawberry import relay

from db import relations
from db import tables as t
from db.filters import OffenceFilter
from policies import filtering
from schema.enums import OffenceKind
from schema.relay import Connection, TableNode, child_connection, child_list, reference, related

if TYPE_CHECKING:
    from schema.inputs import OffenceFilterInput
    from schema.types.records import Offence


@strawberry.type(description="A ministry and the offence categories under its jurisdiction.")
class Ministry(TableNode):
    table: ClassVar[type[t.Ministry]] = t.Ministry
    key_name: ClassVar[str] = "code"
    key_parse: ClassVar[Callable[[str], Hashable]] = str

    node_key: relay.NodeID[str]
    code: str
    name_en: str
    name_km: str

    @classmethod
    def from_row(cls, row: t.Ministry) -> Ministry:
        return cls(node_key=row.code, code=row.code, name_en=row.name_en, name_km=row.name_km)

    @strawberry.field(description="ICCS codes (any level) this ministry may record offences under.")
    async def jurisdiction(self, info: strawberry.Info) -> list[str]:
        return await child_list(
            info.context, relations.MINISTRY_JURISDICTION, self.code, lambda row: row.iccs_prefix
        )

    @strawberry.field(description="Offences recorded under this ministry's jurisdiction.")
    async def offences(
        self,
        info: strawberry.Info,
        first: int | None = None,
        after: str | None = None,
        filter: Annotated[OffenceFilterInput, strawberry.lazy("schema.inputs")] | None = None,
    ) -> Connection[Annotated[Offence, strawberry.lazy("schema.types.records")]]:
        from schema.types.records import Offence

        wanted = filter.to_filter() if filter else OffenceFilter()
        return await child_connection(
            info.context,
            relations.MINISTRY_OFFENCES,
            self.code,
            Offence.from_row,
            first=first,
            after=after,
            where=filtering.where(info.context.principal, wanted),
            where_key=wanted,
        )


@strawberry.type(description="A police station, department or ministry office.")
class Unit(TableNode):
    table: ClassVar[type[t.Unit]] = t.Unit

    id: relay.NodeID[int]
    code: str
    name_en: str
    name_km: str
    kind: str
    province_code: str | None
    ministry_code: str

    @classmethod
    def from_row(cls, row: t.Unit) -> Unit:
        assert row.id is not None
        return cls(
            id=row.id,
            code=row.code,
            name_en=row.name_en,
            name_km=row.name_km,
            kind=row.kind,
            province_code=row.province_code,
            ministry_code=row.ministry_code,
        )

    @strawberry.field
    async def ministry(self, info: strawberry.Info) -> Ministry:
        return await reference(info, Ministry, self.ministry_code)


@strawberry.type(
    description="A person who uses ecrime: an officer, analyst, ministry user or admin."
)
class User(TableNode):
    table: ClassVar[type[t.User]] = t.User

    id: relay.NodeID[int]
    username: str
    family_name: str
    given_name: str
    name_km: str
    rank: str
    position: str
    province_code: str | None
    ministry_code: str
    active: bool
    created_at: datetime
    unit_id: strawberry.Private[int | None]

    @classmethod
    def from_row(cls, row: t.User) -> User:
        assert row.id is not None
        return cls(
            id=row.id,
            username=row.username,
            family_name=row.family_name,
            given_name=row.given_name,
            name_km=row.name_km,
            rank=row.rank,
            position=row.position,
            province_code=row.province_code,
            ministry_code=row.ministry_code,
            active=row.active,
            created_at=row.created_at,
            unit_id=row.unit_id,
        )

    @strawberry.field
    async def unit(self, info: strawberry.Info) -> Unit | None:
        return await related(info, Unit, self.unit_id)


@strawberry.type(
    description="An ICCS category: section (2 digits), division (4), group (5), class (6)."
)
class OffenceCategory(TableNode):
    table: ClassVar[type[t.OffenceCategory]] = t.OffenceCategory
    key_name: ClassVar[str] = "code"
    key_parse: ClassVar[Callable[[str], Hashable]] = str

    node_key: relay.NodeID[str]
    code: str
    level: str
    name_en: str
    name_km: str
    parent_code: str | None

    @classmethod
    def from_row(cls, row: t.OffenceCategory) -> OffenceCategory:
        return cls(
            node_key=row.code,
            code=row.code,
            level=row.level,
            name_en=row.name_en,
            name_km=row.name_km,
            parent_code=row.parent_code,
        )

    @strawberry.field
    async def parent(self, info: strawberry.Info) -> OffenceCategory | None:
        return await related(info, OffenceCategory, self.parent_code)


@strawberry.type(description="A national offence type, as officers know it, mapped onto ICCS.")
class OffenceType(TableNode):
    table: ClassVar[type[t.OffenceType]] = t.OffenceType
    key_name: ClassVar[str] = "code"
    key_parse: ClassVar[Callable[[str], Hashable]] = str

    node_key: relay.NodeID[str]
    code: str
    kind: OffenceKind
    name_en: str
    name_km: str
    iccs_code: str

    @classmethod
    def from_row(cls, row: t.OffenceType) -> OffenceType:
        return cls(
            node_key=row.code,
            code=row.code,
            kind=OffenceKind(row.kind),
            name_en=row.name_en,
            name_km=row.name_km,
            iccs_code=row.iccs_code,
        )

    @strawberry.field
    async def category(self, info: strawberry.Info) -> OffenceCategory:
        return await reference(info, OffenceCategory, self.iccs_code)
