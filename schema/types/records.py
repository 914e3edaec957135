"""Offences, cases, and the people in them."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, ClassVar

import strawberry
from strawberry import relay

from db import relations
from db import tables as t
from policies.masks import FieldMask
from schema.enums import CaseRole, CaseStatus, EventKind
from schema.masking import Masked, MaskedField, masked_fields
from schema.relay import Connection, TableNode, child_connection, child_list, reference, related
from schema.types.geo import Commune, District, Province
from schema.types.lifecycle import RecordVersion, record_history
from schema.types.org import Ministry, OffenceCategory, OffenceType, Unit, User

if TYPE_CHECKING:
    from schema.types.orders import Warrant
    from schema.types.persons import Person

Persons = "schema.types.persons"


@strawberry.type(description="Details recorded for drug offences.")
class DrugDetails:
    substance: str | None
    quantity: Decimal | None
    unit: str | None


@strawberry.type(description="Details recorded for traffic violations.")
class TrafficDetails:
    vehicle_type: str | None
    plate_number: str | None


@strawberry.type(description="A person directly involved in an offence, with their role.")
class OffenceInvolvement:
    role: CaseRole
    person_id: strawberry.Private[int]
    offence_row: strawberry.Private[t.Offence]

    async def mask_rows(
        self, info: strawberry.Info, masks: tuple[FieldMask, ...] = ()
    ) -> tuple[t.OffencePerson, t.Offence]:
        link = t.OffencePerson(
            offence_id=self.offence_row.id or 0, person_id=self.person_id, role=self.role.value
        )
        return link, self.offence_row

    @strawberry.field(description="Fields hidden from you here, and why.")
    async def masked_fields(self, info: strawberry.Info) -> list[MaskedField]:
        return await masked_fields(self, info, "OffenceInvolvement")

    @strawberry.field(extensions=[Masked("OffenceInvolvement", "person")])
    async def person(
        self, info: strawberry.Info
    ) -> Annotated[Person, strawberry.lazy(Persons)] | None:
        from schema.types.persons import Person

        return await related(info, Person, self.person_id)


@strawberry.type(description="One offence, recorded once and findable from every province.")
class Offence(TableNode):
    table: ClassVar[type[t.Offence]] = t.Offence

    id: relay.NodeID[int]
    occurred_at: datetime
    recorded_at: datetime
    latitude: float | None
    longitude: float | None
    version: int
    row: strawberry.Private[t.Offence]

    @classmethod
    def from_row(cls, row: t.Offence) -> Offence:
        assert row.id is not None
        return cls(
            id=row.id,
            occurred_at=row.occurred_at,
            recorded_at=row.recorded_at,
            latitude=row.latitude,
            longitude=row.longitude,
            version=row.version,
            row=row,
        )

    async def mask_rows(
        self, info: strawberry.Info, masks: tuple[FieldMask, ...] = ()
    ) -> tuple[t.Offence, t.Offence]:
        return self.row, self.row

    @strawberry.field(
        description="Every version of this record, oldest first: the changed fields, who, when, "
        "and the correction grant and review request under which a locked record changed."
    )
    async def history(self, info: strawberry.Info) -> list[RecordVersion]:
        return await record_history(info, "Offence", self.row, (self.row, self.row))

    @strawberry.field(description="Fields hidden from you on this offence, and why.")
    async def masked_fields(self, info: strawberry.Info) -> list[MaskedField]:
        return await masked_fields(self, info, "Offence")

    @strawberry.field(
        description="Entered more than 48 h after it occurred (National Police directive)."
    )
    def late(self) -> bool:
        return self.row.late

    @strawberry.field(description="Seconds from occurrence to entry; null for historical records.")
    def delay_seconds(self) -> int | None:
        return self.row.delay_seconds

    @strawberry.field(description="Entered by the bulk import of past records: never late.")
    def historical(self) -> bool:
        return self.row.historical

    @strawberry.field(
        description="The narrative of what happened.", extensions=[Masked("Offence", "description")]
    )
    async def description(self) -> str | None:
        return self.row.description

    @strawberry.field
    async def type(self, info: strawberry.Info) -> OffenceType:
        return OffenceType.from_row(
            await info.context.loaders.row(t.OffenceType, "code").load(self.row.type_code)
        )

    @strawberry.field(description="The ICCS category (the most specific level known).")
    async def category(self, info: strawberry.Info) -> OffenceCategory:
        return OffenceCategory.from_row(
            await info.context.loaders.row(t.OffenceCategory, "code").load(self.row.iccs_code)
        )

    @strawberry.field
    async def province(self, info: strawberry.Info) -> Province:
        return await reference(info, Province, self.row.province_code)

    @strawberry.field
    async def district(self, info: strawberry.Info) -> District | None:
        return await related(info, District, self.row.district_code)

    @strawberry.field
    async def commune(self, info: strawberry.Info) -> Commune | None:
        return await related(info, Commune, self.row.commune_code)

    @strawberry.field(description="The ministry whose jurisdiction the offence falls under.")
    async def ministry(self, info: strawberry.Info) -> Ministry:
        return await reference(info, Ministry, self.row.ministry_code)

    @strawberry.field
    async def recorded_by(self, info: strawberry.Info) -> User | None:
        return await related(info, User, self.row.recorded_by_id)

    @strawberry.field
    async def recorded_unit(self, info: strawberry.Info) -> Unit | None:
        return await related(info, Unit, self.row.recorded_unit_id)

    @strawberry.field
    async def case(self, info: strawberry.Info) -> Case | None:
        return await related(info, Case, self.row.case_id)

    @strawberry.field(description="Persons directly involved, with their roles.")
    async def persons(self, info: strawberry.Info) -> list[OffenceInvolvement]:
        return await child_list(
            info.context,
            relations.OFFENCE_PERSONS,
            self.id,
            lambda row: OffenceInvolvement(
                role=CaseRole(row.role), person_id=row.person_id, offence_row=self.row
            ),
        )

    @strawberry.field
    def drug(self) -> DrugDetails | None:
        if self.row.drug_substance is None:
            return None
        return DrugDetails(
            substance=self.row.drug_substance,
            quantity=self.row.drug_quantity,
            unit=self.row.drug_unit,
        )

    @strawberry.field
    def traffic(self) -> TrafficDetails | None:
        if self.row.vehicle_type is None and self.row.plate_number is None:
            return None
        return TrafficDetails(
            vehicle_type=self.row.vehicle_type, plate_number=self.row.plate_number
        )


@strawberry.type(description="An arrest, detention or release of a case participant.")
class ParticipantEvent:
    kind: EventKind
    occurred_at: datetime
    province_code: str | None
    place: str
    reason: str

    @classmethod
    def from_row(cls, row: t.ParticipantEvent) -> ParticipantEvent:
        return cls(
            kind=EventKind(row.kind),
            occurred_at=row.occurred_at,
            province_code=row.province_code,
            place=row.place,
            reason=row.reason,
        )


@strawberry.type(description="A person's part in a case.")
class CaseParticipant(TableNode):
    table: ClassVar[type[t.CaseParticipant]] = t.CaseParticipant

    id: relay.NodeID[int]
    role: CaseRole
    case_id: strawberry.Private[int]
    person_id: strawberry.Private[int]
    row: strawberry.Private[t.CaseParticipant]

    @classmethod
    def from_row(cls, row: t.CaseParticipant) -> CaseParticipant:
        assert row.id is not None
        return cls(
            id=row.id,
            role=CaseRole(row.role),
            case_id=row.case_id,
            person_id=row.person_id,
            row=row,
        )

    async def mask_rows(
        self, info: strawberry.Info, masks: tuple[FieldMask, ...] = ()
    ) -> tuple[t.CaseParticipant, t.Case | None]:
        return self.row, await info.context.loaders.row(t.Case).load(self.case_id)

    @strawberry.field(description="Fields hidden from you on this participant, and why.")
    async def masked_fields(self, info: strawberry.Info) -> list[MaskedField]:
        return await masked_fields(self, info, "CaseParticipant")

    @strawberry.field(extensions=[Masked("CaseParticipant", "notes")])
    async def notes(self) -> str | None:
        return self.row.notes

    @strawberry.field(extensions=[Masked("CaseParticipant", "person")])
    async def person(
        self, info: strawberry.Info
    ) -> Annotated[Person, strawberry.lazy(Persons)] | None:
        from schema.types.persons import Person

        return await related(info, Person, self.person_id)

    @strawberry.field
    async def case(self, info: strawberry.Info) -> Case | None:
        return await related(info, Case, self.case_id)

    @strawberry.field
    async def events(self, info: strawberry.Info) -> list[ParticipantEvent]:
        return await child_list(
            info.context, relations.PARTICIPANT_EVENTS, self.id, ParticipantEvent.from_row
        )


@strawberry.type(description="A case file: offences, participants, warrants.")
class Case(TableNode):
    table: ClassVar[type[t.Case]] = t.Case

    id: relay.NodeID[int]
    number: str
    title: str
    status: CaseStatus
    opened_at: datetime
    closed_at: datetime | None
    disposition: str
    sealed: bool
    version: int
    row: strawberry.Private[t.Case]

    @classmethod
    def from_row(cls, row: t.Case) -> Case:
        assert row.id is not None
        return cls(
            id=row.id,
            number=row.number,
            title=row.title,
            status=CaseStatus(row.status),
            opened_at=row.opened_at,
            closed_at=row.closed_at,
            disposition=row.disposition,
            sealed=row.sealed,
            version=row.version,
            row=row,
        )

    @strawberry.field(
        description="Every version of this record, oldest first: the changed fields, who, when, "
        "and the correction grant and review request under which a locked record changed."
    )
    async def history(self, info: strawberry.Info) -> list[RecordVersion]:
        return await record_history(info, "Case", self.row)

    @strawberry.field
    async def lead_unit(self, info: strawberry.Info) -> Unit | None:
        return await related(info, Unit, self.row.lead_unit_id)

    @strawberry.field
    async def province(self, info: strawberry.Info) -> Province:
        return await reference(info, Province, self.row.province_code)

    @strawberry.field
    async def offences(
        self, info: strawberry.Info, first: int | None = None, after: str | None = None
    ) -> Connection[Offence]:
        return await child_connection(
            info.context,
            relations.CASE_OFFENCES,
            self.id,
            Offence.from_row,
            first=first,
            after=after,
        )

    @strawberry.field
    async def participants(
        self, info: strawberry.Info, first: int | None = None, after: str | None = None
    ) -> Connection[CaseParticipant]:
        return await child_connection(
            info.context,
            relations.CASE_PARTICIPANTS,
            self.id,
            CaseParticipant.from_row,
            first=first,
            after=after,
        )

    @strawberry.field
    async def warrants(
        self, info: strawberry.Info, first: int | None = None, after: str | None = None
    ) -> Connection[Annotated[Warrant, strawberry.lazy("schema.types.orders")]]:
        from schema.types.orders import Warrant

        return await child_connection(
            info.context,
            relations.CASE_WARRANTS,
            self.id,
            Warrant.from_row,
            first=first,
            after=after,
        )
