"""Persons: identity in Khmer and Latin script, aliases, documents, photos, and what they touch."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, ClassVar

import strawberry
from strawberry import relay

from db import relations
from db import tables as t
from policies.masks import VICTIM_PHOTOS, FieldMask
from resolvers.photos import photo_url
from schema.enums import DocumentKind, NameScript, Sex
from schema.masking import Masked, MaskedField, masked_fields
from schema.relay import Connection, TableNode, child_connection, child_list, reference, related
from schema.types.lifecycle import RecordVersion, record_history

if TYPE_CHECKING:
    from schema.types.orders import Notice, Warrant
    from schema.types.org import Unit
    from schema.types.records import Case, CaseParticipant, Offence

Records = "schema.types.records"
Orders = "schema.types.orders"


@strawberry.type(description="A date of birth that may be partial: year only, or year and month.")
class PartialDate:
    year: int | None
    month: int | None
    day: int | None

    @strawberry.field(description="ISO 8601 with the known part only: 1984, 1984-03, 1984-03-07.")
    def text(self) -> str | None:
        if self.year is None:
            return None
        parts = [f"{self.year:04d}"]
        if self.month is not None:
            parts.append(f"{self.month:02d}")
            if self.day is not None:
                parts.append(f"{self.day:02d}")
        return "-".join(parts)


@strawberry.type
class PersonAlias:
    name: str
    script: NameScript

    @classmethod
    def from_row(cls, row: t.PersonAlias) -> PersonAlias:
        return cls(name=row.name, script=NameScript(row.script))


@strawberry.type
class IdentityDocument:
    kind: DocumentKind
    number: str
    issuing_country: str

    @classmethod
    def from_row(cls, row: t.IdentityDocument) -> IdentityDocument:
        return cls(
            kind=DocumentKind(row.kind), number=row.number, issuing_country=row.issuing_country
        )


@strawberry.type(
    description="Photo metadata; the image itself is served by a permission-checked route."
)
class PersonPhoto:
    sha256: str
    content_type: str
    size_bytes: int
    caption: str
    taken_at: datetime | None
    person_id: strawberry.Private[int]
    photo_id: strawberry.Private[int]

    @strawberry.field(
        description="Where the image is served (web/photos.py), by person and photo: only to "
        "callers to whom this field lists it, with the same session or bearer token; never a "
        "public file, never by hash."
    )
    def url(self) -> str:
        return photo_url(self.person_id, self.photo_id)

    @classmethod
    def from_row(cls, row: t.PersonPhoto) -> PersonPhoto:
        assert row.id is not None
        return cls(
            person_id=row.person_id,
            photo_id=row.id,
            sha256=row.sha256,
            content_type=row.content_type,
            size_bytes=row.size_bytes,
            caption=row.caption,
            taken_at=row.taken_at,
        )


@dataclass(frozen=True)
class PersonFacts:
    """What the person masks look at beyond the row itself (policies.masks.VICTIM_PHOTOS)."""

    victim: bool


@strawberry.type(description="A person known to the police: suspect, offender, victim, witness...")
class Person(TableNode):
    table: ClassVar[type[t.Person]] = t.Person

    id: relay.NodeID[int]
    family_name_latin: str
    given_name_latin: str
    family_name_km: str
    given_name_km: str
    sex: Sex
    birth_date: PartialDate
    nationality: str = strawberry.field(description="ISO 3166-1 alpha-2 country code.")
    province_code: str = strawberry.field(
        description="The province whose unit recorded the person."
    )
    created_at: datetime
    updated_at: datetime
    version: int
    row: strawberry.Private[t.Person]

    @classmethod
    def from_row(cls, row: t.Person) -> Person:
        assert row.id is not None
        return cls(
            id=row.id,
            family_name_latin=row.family_name_latin,
            given_name_latin=row.given_name_latin,
            family_name_km=row.family_name_km,
            given_name_km=row.given_name_km,
            sex=Sex(row.sex),
            birth_date=PartialDate(year=row.birth_year, month=row.birth_month, day=row.birth_day),
            nationality=row.nationality,
            province_code=row.province_code,
            created_at=row.created_at,
            updated_at=row.updated_at,
            version=row.version,
            row=row,
        )

    async def mask_rows(
        self, info: strawberry.Info, masks: tuple[FieldMask, ...] = ()
    ) -> tuple[PersonFacts, t.Person]:
        """``masks``: the ones about to be judged (none: all). Whether the person is a victim
        costs a query, so it is asked only when the victim-photo mask is among them."""
        victim = False
        if not masks or VICTIM_PHOTOS in masks:
            assert self.row.id is not None
            victim = await info.context.loaders.victims().load(self.row.id)
        return PersonFacts(victim=victim), self.row

    @strawberry.field(
        description="Every version of this record, oldest first: the changed fields, who, when, "
        "and the correction grant and review request under which a locked record changed."
    )
    async def history(self, info: strawberry.Info) -> list[RecordVersion]:
        return await record_history(info, "Person", self.row, await self.mask_rows(info))

    @strawberry.field(description="Fields hidden from you on this person, and why.")
    async def masked_fields(self, info: strawberry.Info) -> list[MaskedField]:
        return await masked_fields(self, info, "Person")

    @strawberry.field(extensions=[Masked("Person", "background")])
    async def background(self) -> str | None:
        return self.row.background

    @strawberry.field(
        description="Provinces holding cases this person appears in (part of the summary)."
    )
    async def case_provinces(
        self, info: strawberry.Info
    ) -> list[Annotated[Province, strawberry.lazy("schema.types.geo")]]:
        from schema.types.geo import Province

        codes = await info.context.loaders.case_provinces().load(self.id)
        rows = await info.context.loaders.row(t.Province, "code").load_many(codes)
        return [Province.from_row(r) for r in rows if r is not None]

    @strawberry.field(description="Whom to contact: the unit that recorded this person.")
    async def contact_unit(
        self, info: strawberry.Info
    ) -> Annotated[Unit, strawberry.lazy("schema.types.org")] | None:
        from schema.types.org import Unit

        return await related(info, Unit, self.row.recorded_unit_id)

    @strawberry.field(description="Latin name, family name first, as written in Cambodia.")
    def full_name_latin(self) -> str:
        return " ".join(p for p in (self.family_name_latin, self.given_name_latin) if p)

    @strawberry.field(description="Khmer name, family name first.")
    def full_name_km(self) -> str:
        return " ".join(p for p in (self.family_name_km, self.given_name_km) if p)

    @strawberry.field
    async def aliases(self, info: strawberry.Info) -> list[PersonAlias]:
        return await child_list(
            info.context, relations.PERSON_ALIASES, self.id, PersonAlias.from_row
        )

    @strawberry.field
    async def documents(self, info: strawberry.Info) -> list[IdentityDocument]:
        return await child_list(
            info.context, relations.PERSON_DOCUMENTS, self.id, IdentityDocument.from_row
        )

    @strawberry.field(extensions=[Masked("Person", "photos")])
    async def photos(self, info: strawberry.Info) -> list[PersonPhoto] | None:
        return await child_list(
            info.context, relations.PERSON_PHOTOS, self.id, PersonPhoto.from_row
        )

    @strawberry.field(
        description="The person's roles in cases, with arrest and release events.",
        extensions=[Masked("Person", "participations")],
    )
    async def participations(
        self, info: strawberry.Info, first: int | None = None, after: str | None = None
    ) -> Connection[Annotated[CaseParticipant, strawberry.lazy(Records)]] | None:
        from schema.types.records import CaseParticipant

        return await child_connection(
            info.context,
            relations.PERSON_PARTICIPATIONS,
            self.id,
            CaseParticipant.from_row,
            first=first,
            after=after,
        )

    @strawberry.field(
        description="Cases the person appears in, in any role, newest first.",
        extensions=[Masked("Person", "cases")],
    )
    async def cases(
        self, info: strawberry.Info, first: int | None = None, after: str | None = None
    ) -> Connection[Annotated[Case, strawberry.lazy(Records)]] | None:
        from schema.types.records import Case

        return await child_connection(
            info.context, relations.PERSON_CASES, self.id, Case.from_row, first=first, after=after
        )

    @strawberry.field(
        description="Offences the person is directly involved in, newest first.",
        extensions=[Masked("Person", "offences")],
    )
    async def offences(
        self, info: strawberry.Info, first: int | None = None, after: str | None = None
    ) -> Connection[Annotated[Offence, strawberry.lazy(Records)]] | None:
        from schema.types.records import Offence

        return await child_connection(
            info.context,
            relations.PERSON_OFFENCES,
            self.id,
            Offence.from_row,
            first=first,
            after=after,
        )

    @strawberry.field(description="Warrants and court orders naming the person.")
    async def warrants(
        self, info: strawberry.Info, first: int | None = None, after: str | None = None
    ) -> Connection[Annotated[Warrant, strawberry.lazy(Orders)]]:
        from schema.types.orders import Warrant

        return await child_connection(
            info.context,
            relations.PERSON_WARRANTS,
            self.id,
            Warrant.from_row,
            first=first,
            after=after,
        )

    @strawberry.field(description="Red notices, wanted and escaped notices, monitoring, blacklist.")
    async def notices(
        self, info: strawberry.Info, first: int | None = None, after: str | None = None
    ) -> Connection[Annotated[Notice, strawberry.lazy(Orders)]]:
        from schema.types.orders import Notice

        return await child_connection(
            info.context,
            relations.PERSON_NOTICES,
            self.id,
            Notice.from_row,
            first=first,
            after=after,
        )

    @strawberry.field
    async def province(
        self, info: strawberry.Info
    ) -> Annotated[Province, strawberry.lazy("schema.types.geo")]:
        from schema.types.geo import Province

        return await reference(info, Province, self.province_code)


if TYPE_CHECKING:
    from schema.types.geo import Province
