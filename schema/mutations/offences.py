"""Mutations for offences: thin shells over resolvers.offences, each returning a result union.

Ids are global ids. The offence a mutation changes answers ``NotFound`` when its id is bad; ids
inside an input (``persons.N.personId``, ``caseId``) answer ``ValidationFailed`` naming the field.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, TypeVar

import strawberry

from db import tables as t
from resolvers import inputs_offences as plain
from resolvers import offences
from resolvers.context import Context
from schema.enums import CaseRole
from schema.results import (
    Forbidden,
    NotFound,
    RecordLocked,
    StaleVersion,
    ValidationFailed,
    mutation,
    record_outcome,
)
from schema.types.records import Offence

Info = strawberry.Info[Context, None]
F = TypeVar("F", bound=Callable[..., Any])


@strawberry.input(description="Where an offence happened: a province, optionally finer.")
class PlaceInput:
    province_code: str
    district_code: str | None = strawberry.field(default=None, description="In the province.")
    commune_code: str | None = strawberry.field(
        default=None, description="In the district; alone, it implies its district."
    )
    latitude: float | None = None
    longitude: float | None = None

    def to_data(self) -> plain.PlaceData:
        return plain.PlaceData(
            province_code=self.province_code,
            district_code=self.district_code,
            commune_code=self.commune_code,
            latitude=self.latitude,
            longitude=self.longitude,
        )


@strawberry.input(description="Required for drug offences, refused for others.")
class DrugInput:
    substance: str
    quantity: Decimal = strawberry.field(description="More than 0; at most 3 decimals.")
    unit: str = strawberry.field(description="g, kg, ml, l or tablet.")

    def to_data(self) -> plain.DrugData:
        return plain.DrugData(substance=self.substance, quantity=self.quantity, unit=self.unit)


@strawberry.input(description="Only for traffic offences.")
class TrafficInput:
    vehicle_type: str | None = None
    plate_number: str | None = None

    def to_data(self) -> plain.TrafficData:
        return plain.TrafficData(vehicle_type=self.vehicle_type, plate_number=self.plate_number)


@strawberry.input(description="A person directly involved in an offence, in a role.")
class OffencePersonInput:
    person_id: strawberry.ID
    role: CaseRole

    def to_data(self) -> plain.InvolvementData:
        return plain.InvolvementData(person_id=self.person_id, role=self.role.value)


@strawberry.input(description="A new offence, recorded by your unit.")
class OffenceInput:
    type_code: str
    occurred_at: datetime = strawberry.field(description="With a time zone; not in the future.")
    place: PlaceInput
    description: str = ""
    ministry_code: str | None = strawberry.field(
        default=None,
        description="Whose jurisdiction; the offence type must fall under it. By default your "
        "own ministry's; naming another needs a policy grant (police specialists have one).",
    )
    drug: DrugInput | None = None
    traffic: TrafficInput | None = None
    persons: list[OffencePersonInput] = strawberry.field(default_factory=list)
    case_id: strawberry.ID | None = None

    def to_data(self) -> plain.OffenceData:
        return plain.OffenceData(
            type_code=self.type_code,
            occurred_at=self.occurred_at,
            place=self.place.to_data(),
            description=self.description,
            ministry_code=self.ministry_code,
            drug=self.drug.to_data() if self.drug else None,
            traffic=self.traffic.to_data() if self.traffic else None,
            persons=tuple(p.to_data() for p in self.persons),
            case_id=self.case_id,
        )


def _data(value: Any) -> Any:
    """An input object's plain data; None (clear) and UNSET (keep) pass through."""
    return value.to_data() if hasattr(value, "to_data") else value


@strawberry.input(description="Corrections to an offence: omitted fields stay, null clears.")
class OffencePatch:
    expected_version: int = strawberry.field(
        description="The version this change is based on; a newer stored version refuses it."
    )
    type_code: str | None = strawberry.UNSET
    occurred_at: datetime | None = strawberry.UNSET
    place: PlaceInput | None = strawberry.field(
        default=strawberry.UNSET, description="Replaces the whole place, coordinates included."
    )
    description: str | None = strawberry.UNSET
    ministry_code: str | None = strawberry.UNSET
    drug: DrugInput | None = strawberry.UNSET
    traffic: TrafficInput | None = strawberry.UNSET
    case_id: strawberry.ID | None = strawberry.UNSET

    def to_data(self) -> plain.OffencePatch:
        return plain.OffencePatch(
            type_code=self.type_code,
            occurred_at=self.occurred_at,
            place=_data(self.place),
            description=self.description,
            ministry_code=self.ministry_code,
            drug=_data(self.drug),
            traffic=_data(self.traffic),
            case_id=self.case_id,
        )


@strawberry.type
class RecordOffenceSuccess:
    offence: Offence


@strawberry.type
class UpdateOffenceSuccess:
    offence: Offence


@strawberry.type
class LinkPersonToOffenceSuccess:
    offence: Offence


@strawberry.type
class UnlinkPersonFromOffenceSuccess:
    offence: Offence


Failures = ValidationFailed | NotFound | Forbidden | RecordLocked | StaleVersion
RecordOffenceResult = Annotated[
    RecordOffenceSuccess | Failures, strawberry.union("RecordOffenceResult")
]
UpdateOffenceResult = Annotated[
    UpdateOffenceSuccess | Failures, strawberry.union("UpdateOffenceResult")
]
LinkPersonToOffenceResult = Annotated[
    LinkPersonToOffenceSuccess | Failures, strawberry.union("LinkPersonToOffenceResult")
]
UnlinkPersonFromOffenceResult = Annotated[
    UnlinkPersonFromOffenceSuccess | Failures, strawberry.union("UnlinkPersonFromOffenceResult")
]


def _offence(row: t.Offence) -> Offence:
    return Offence.from_row(row)


@strawberry.type
class OffencesMutations:
    @mutation("Record an offence once, findable from every province.")
    async def record_offence(self, info: Info, input: OffenceInput) -> RecordOffenceResult:
        return await record_outcome(
            offences.record_offence(info.context, input.to_data()),
            lambda row: RecordOffenceSuccess(offence=_offence(row)),
        )

    @mutation("Correct an offence's entered facts, checked as on recording; bumps the version.")
    async def update_offence(
        self, info: Info, id: strawberry.ID, input: OffencePatch
    ) -> UpdateOffenceResult:
        return await record_outcome(
            offences.update_offence(info.context, id, input.to_data(), input.expected_version),
            lambda row: UpdateOffenceSuccess(offence=_offence(row)),
        )

    @mutation("Add a person to an offence in a role.")
    async def link_person_to_offence(
        self, info: Info, offence_id: strawberry.ID, person_id: strawberry.ID, role: CaseRole
    ) -> LinkPersonToOffenceResult:
        return await record_outcome(
            offences.link_person(info.context, offence_id, person_id, role.value),
            lambda row: LinkPersonToOffenceSuccess(offence=_offence(row)),
        )

    @mutation("Take a person in a role off an offence.")
    async def unlink_person_from_offence(
        self, info: Info, offence_id: strawberry.ID, person_id: strawberry.ID, role: CaseRole
    ) -> UnlinkPersonFromOffenceResult:
        return await record_outcome(
            offences.unlink_person(info.context, offence_id, person_id, role.value),
            lambda row: UnlinkPersonFromOffenceSuccess(offence=_offence(row)),
        )
