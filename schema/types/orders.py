"""Warrants and court orders, notices, and crackdown operations."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import ClassVar

import strawberry
from strawberry import relay

from db import relations
from db import tables as t
from db.clock import PHNOM_PENH
from resolvers.warrant_actions import effective_status
from schema.enums import NoticeKind, WarrantKind, WarrantStatus
from schema.relay import TableNode, child_list, reference, related
from schema.types.geo import Province
from schema.types.lifecycle import RecordVersion, record_history
from schema.types.org import Unit
from schema.types.persons import Person
from schema.types.records import Case


@strawberry.type(description="Where, when and by whom a warrant was executed.")
class Execution:
    executed_at: datetime
    province_code: str | None
    place: str
    unit_id: strawberry.Private[int | None]

    @strawberry.field
    async def unit(self, info: strawberry.Info) -> Unit | None:
        return await related(info, Unit, self.unit_id)


@strawberry.type(description="A warrant or court order (entered since 2000).")
class Warrant(TableNode):
    table: ClassVar[type[t.Warrant]] = t.Warrant

    id: relay.NodeID[int]
    court: str
    number: str
    kind: WarrantKind
    issued_on: date
    expires_on: date | None
    notes: str
    version: int
    validation_due_on: date | None = strawberry.field(
        description="When the warrant must next be confirmed still valid."
    )
    cancel_reason: str
    historical: bool = strawberry.field(
        description="A court order bulk-imported after the day it was issued (ecrime import "
        "court-orders): entered from the archive, not as it happened. It is locked like any "
        "other record once its correction window closes."
    )
    row: strawberry.Private[t.Warrant]

    @strawberry.field(
        description="Active until executed, cancelled or past its expiry day: an active warrant "
        "past expiresOn reads as EXPIRED even before the daily expiry run has stored it."
    )
    def status(self, info: strawberry.Info) -> WarrantStatus:
        today = info.context.clock.now().astimezone(PHNOM_PENH).date()
        return WarrantStatus(effective_status(self.row, today))

    @classmethod
    def from_row(cls, row: t.Warrant) -> Warrant:
        assert row.id is not None
        return cls(
            id=row.id,
            court=row.court,
            number=row.number,
            kind=WarrantKind(row.kind),
            issued_on=row.issued_on,
            expires_on=row.expires_on,
            notes=row.notes,
            version=row.version,
            validation_due_on=row.validation_due_on,
            cancel_reason=row.cancel_reason,
            historical=row.historical,
            row=row,
        )

    @strawberry.field(
        description="Every version of this record, oldest first: the changed fields, who, when, "
        "and the correction grant and review request under which a locked record changed."
    )
    async def history(self, info: strawberry.Info) -> list[RecordVersion]:
        return await record_history(info, "Warrant", self.row)

    @strawberry.field(description="The person the warrant names.")
    async def subject(self, info: strawberry.Info) -> Person | None:
        return await related(info, Person, self.row.subject_person_id)

    @strawberry.field
    async def case(self, info: strawberry.Info) -> Case | None:
        return await related(info, Case, self.row.case_id)

    @strawberry.field
    async def province(self, info: strawberry.Info) -> Province:
        return await reference(info, Province, self.row.province_code)

    @strawberry.field
    async def owning_unit(self, info: strawberry.Info) -> Unit | None:
        return await related(info, Unit, self.row.owning_unit_id)

    @strawberry.field
    def execution(self) -> Execution | None:
        if self.row.executed_at is None:
            return None
        return Execution(
            executed_at=self.row.executed_at,
            province_code=self.row.executed_province_code,
            place=self.row.executed_place,
            unit_id=self.row.executed_by_unit_id,
        )


@strawberry.type(
    description="A red notice, wanted or escaped notice, monitoring, or blacklist entry."
)
class Notice(TableNode):
    table: ClassVar[type[t.Notice]] = t.Notice

    id: relay.NodeID[int]
    kind: NoticeKind
    valid_from: date
    valid_until: date | None
    reference: str = strawberry.field(description="The INTERPOL reference, for red notices.")
    issuing_country: str | None
    summary: str
    version: int
    position: str = strawberry.field(description="Blacklist: the official's position.")
    ministry_code: str | None = strawberry.field(description="Blacklist: the employing ministry.")
    basis: str = strawberry.field(
        description="Blacklist: the case number or court order behind the entry."
    )
    validation_due_on: date | None = strawberry.field(
        description="When the notice must next be confirmed still valid."
    )
    escaped_from: str = strawberry.field(
        description="Escaped: the prison or place of custody the person escaped from."
    )
    escaped_at: datetime | None = strawberry.field(description="Escaped: when.")
    released_on: date | None = strawberry.field(
        description="Released-prisoner monitoring: the day of release; the monitoring period is "
        "validFrom to validUntil."
    )
    release_conditions: str = strawberry.field(
        description="Released-prisoner monitoring: the conditions of release."
    )
    reporting_duty: str = strawberry.field(
        description="Released-prisoner monitoring: where and how often the person reports."
    )
    row: strawberry.Private[t.Notice]

    @strawberry.field(description="In force today: started, and not past validUntil.")
    def active(self, info: strawberry.Info) -> bool:
        today = info.context.clock.now().astimezone(PHNOM_PENH).date()
        end = self.row.valid_until
        return self.row.valid_from <= today and (end is None or end >= today)

    @classmethod
    def from_row(cls, row: t.Notice) -> Notice:
        assert row.id is not None
        return cls(
            id=row.id,
            kind=NoticeKind(row.kind),
            valid_from=row.valid_from,
            valid_until=row.valid_until,
            reference=row.reference,
            issuing_country=row.issuing_country,
            summary=row.summary,
            version=row.version,
            position=row.position,
            ministry_code=row.ministry_code,
            basis=row.basis,
            validation_due_on=row.validation_due_on,
            escaped_from=row.escaped_from,
            escaped_at=row.escaped_at,
            released_on=row.released_on,
            release_conditions=row.release_conditions,
            reporting_duty=row.reporting_duty,
            row=row,
        )

    @strawberry.field(
        description="Every version of this record, oldest first: the changed fields, who, when, "
        "and the correction grant and review request under which a locked record changed."
    )
    async def history(self, info: strawberry.Info) -> list[RecordVersion]:
        return await record_history(info, "Notice", self.row)

    @strawberry.field
    async def person(self, info: strawberry.Info) -> Person | None:
        return await related(info, Person, self.row.person_id)

    @strawberry.field
    async def province(self, info: strawberry.Info) -> Province:
        return await reference(info, Province, self.row.province_code)

    @strawberry.field
    async def owning_unit(self, info: strawberry.Info) -> Unit | None:
        return await related(info, Unit, self.row.owning_unit_id)


@strawberry.type
class Seizure:
    item: str
    quantity: Decimal
    unit: str

    @classmethod
    def from_row(cls, row: t.Seizure) -> Seizure:
        return cls(item=row.item, quantity=row.quantity, unit=row.unit)


@strawberry.type(description="A crackdown operation and its results.")
class Operation(TableNode):
    table: ClassVar[type[t.Operation]] = t.Operation

    id: relay.NodeID[int]
    name: str
    started_on: date
    ended_on: date | None
    arrests: int
    description: str
    version: int
    row: strawberry.Private[t.Operation]

    @classmethod
    def from_row(cls, row: t.Operation) -> Operation:
        assert row.id is not None
        return cls(
            id=row.id,
            name=row.name,
            started_on=row.started_on,
            ended_on=row.ended_on,
            arrests=row.arrests,
            description=row.description,
            version=row.version,
            row=row,
        )

    @strawberry.field(
        description="Every version of this record, oldest first: the changed fields, who, when, "
        "and the correction grant and review request under which a locked record changed."
    )
    async def history(self, info: strawberry.Info) -> list[RecordVersion]:
        return await record_history(info, "Operation", self.row)

    @strawberry.field
    async def province(self, info: strawberry.Info) -> Province:
        return await reference(info, Province, self.row.province_code)

    @strawberry.field
    async def lead_unit(self, info: strawberry.Info) -> Unit | None:
        return await related(info, Unit, self.row.lead_unit_id)

    @strawberry.field(description="Units that took part.")
    async def units(self, info: strawberry.Info) -> list[Unit]:
        links = await child_list(
            info.context, relations.OPERATION_UNITS, self.id, lambda r: r.unit_id
        )
        rows = await info.context.loaders.row(t.Unit).load_many(links)
        return [Unit.from_row(r) for r in rows if r is not None]

    @strawberry.field
    async def seizures(self, info: strawberry.Info) -> list[Seizure]:
        return await child_list(
            info.context, relations.OPERATION_SEIZURES, self.id, Seizure.from_row
        )
