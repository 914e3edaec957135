"""Provinces, districts and communes: the gazetteer as graph nodes."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Annotated, ClassVar

import strawberry
from strawberry import relay

from db import relations
from db import tables as t
from db.filters import OffenceFilter
from policies import filtering
from schema.relay import Connection, TableNode, child_connection, child_list, reference

if TYPE_CHECKING:
    from schema.inputs import OffenceFilterInput
    from schema.types.records import Offence


@strawberry.type(description="A province, or the capital Phnom Penh, with its official code.")
class Province(TableNode):
    table: ClassVar[type[t.Province]] = t.Province
    key_name: ClassVar[str] = "code"
    key_parse: ClassVar[Callable[[str], Hashable]] = str

    node_key: relay.NodeID[str]
    code: str
    type_en: str
    type_km: str
    name_km: str
    name_latin: str
    seat_latin: str
    seat_latitude: float
    seat_longitude: float

    @classmethod
    def from_row(cls, row: t.Province) -> Province:
        return cls(
            node_key=row.code,
            code=row.code,
            type_en=row.type_en,
            type_km=row.type_km,
            name_km=row.name_km,
            name_latin=row.name_latin,
            seat_latin=row.seat_latin,
            seat_latitude=row.seat_lat,
            seat_longitude=row.seat_lon,
        )

    @strawberry.field
    async def districts(self, info: strawberry.Info) -> list[District]:
        return await child_list(
            info.context, relations.PROVINCE_DISTRICTS, self.code, District.from_row
        )

    @strawberry.field(description="Offences that took place in this province, newest first.")
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
            relations.PROVINCE_OFFENCES,
            self.code,
            Offence.from_row,
            first=first,
            after=after,
            where=filtering.where(info.context.principal, wanted),
            where_key=wanted,
        )


@strawberry.type
class District(TableNode):
    table: ClassVar[type[t.District]] = t.District
    key_name: ClassVar[str] = "code"
    key_parse: ClassVar[Callable[[str], Hashable]] = str

    node_key: relay.NodeID[str]
    code: str
    province_code: str
    type_en: str
    type_km: str
    name_km: str
    name_latin: str

    @classmethod
    def from_row(cls, row: t.District) -> District:
        return cls(
            node_key=row.code,
            code=row.code,
            province_code=row.province_code,
            type_en=row.type_en,
            type_km=row.type_km,
            name_km=row.name_km,
            name_latin=row.name_latin,
        )

    @strawberry.field
    async def province(self, info: strawberry.Info) -> Province:
        return await reference(info, Province, self.province_code)

    @strawberry.field
    async def communes(self, info: strawberry.Info) -> list[Commune]:
        return await child_list(
            info.context, relations.DISTRICT_COMMUNES, self.code, Commune.from_row
        )


@strawberry.type
class Commune(TableNode):
    table: ClassVar[type[t.Commune]] = t.Commune
    key_name: ClassVar[str] = "code"
    key_parse: ClassVar[Callable[[str], Hashable]] = str

    node_key: relay.NodeID[str]
    code: str
    district_code: str
    province_code: str
    type_en: str
    type_km: str
    name_km: str
    name_latin: str

    @classmethod
    def from_row(cls, row: t.Commune) -> Commune:
        return cls(
            node_key=row.code,
            code=row.code,
            district_code=row.district_code,
            province_code=row.province_code,
            type_en=row.type_en,
            type_km=row.type_km,
            name_km=row.name_km,
            name_latin=row.name_latin,
        )

    @strawberry.field
    async def district(self, info: strawberry.Info) -> District:
        return await reference(info, District, self.district_code)
