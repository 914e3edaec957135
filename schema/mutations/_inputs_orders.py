"""GraphQL inputs for warrants, notices and operations, each mapped onto a resolver patch.

A create input is a patch that sets every required field: fields left out take their defaults
(the place from your own province and unit). An update input changes only the fields it gives.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

import strawberry
from strawberry import UNSET

from resolvers import notices, operations, orders
from schema.enums import NoticeKind, WarrantKind


def _value(member: Any) -> Any:
    """An enum's stored string; None and UNSET pass through."""
    return member.value if isinstance(member, Enum) else member


def _seizures(rows: list[SeizureInput] | None) -> Any:
    if rows is None or rows is UNSET:
        return rows
    return [operations.SeizureInput(item=r.item, quantity=r.quantity, unit=r.unit) for r in rows]


@strawberry.input(description="A warrant or court order issued since 2000; it starts active.")
class CreateWarrantInput:
    court: str
    number: str = strawberry.field(description="Unique within its court.")
    kind: WarrantKind
    issued_on: date = strawberry.field(description="Not in the future, not before 2000-01-01.")
    subject_person_id: strawberry.ID = strawberry.field(description="The Person it names.")
    expires_on: date | None = strawberry.field(default=UNSET, description="After issuedOn.")
    case_id: strawberry.ID | None = UNSET
    province_code: str | None = strawberry.field(default=UNSET, description="Default: yours.")
    owning_unit_id: strawberry.ID | None = strawberry.field(
        default=UNSET, description="Default: your unit."
    )
    notes: str = ""

    def to_patch(self) -> orders.WarrantPatch:
        return orders.WarrantPatch(
            court=self.court,
            number=self.number,
            kind=self.kind.value,
            issued_on=self.issued_on,
            expires_on=self.expires_on,
            subject_person_id=self.subject_person_id,
            case_id=self.case_id,
            province_code=self.province_code,
            owning_unit_id=self.owning_unit_id,
            notes=self.notes,
        )


@strawberry.input(description="Corrections to a warrant's entered facts (not its status).")
class WarrantPatchInput:
    expected_version: int = strawberry.field(
        description="The version this change is based on; a newer stored version refuses it."
    )
    court: str | None = UNSET
    number: str | None = UNSET
    kind: WarrantKind | None = UNSET
    issued_on: date | None = UNSET
    expires_on: date | None = UNSET
    subject_person_id: strawberry.ID | None = UNSET
    case_id: strawberry.ID | None = UNSET
    province_code: str | None = UNSET
    owning_unit_id: strawberry.ID | None = UNSET
    notes: str | None = UNSET

    def to_patch(self) -> orders.WarrantPatch:
        return orders.WarrantPatch(
            court=self.court,
            number=self.number,
            kind=_value(self.kind),
            issued_on=self.issued_on,
            expires_on=self.expires_on,
            subject_person_id=self.subject_person_id,
            case_id=self.case_id,
            province_code=self.province_code,
            owning_unit_id=self.owning_unit_id,
            notes=self.notes,
        )


@strawberry.input(description="A notice about a person, valid for a period.")
class CreateNoticeInput:
    kind: NoticeKind
    person_id: strawberry.ID
    valid_from: date
    valid_until: date | None = strawberry.field(
        default=UNSET, description="On or after validFrom; required for a blacklist entry."
    )
    reference: str = strawberry.field(
        default="",
        description='Required for a red notice: its INTERPOL reference, "A-1234/5-2024".',
    )
    issuing_country: str | None = strawberry.field(
        default=UNSET, description="ISO 3166-1 alpha-2; required for a red notice."
    )
    summary: str = ""
    province_code: str | None = strawberry.field(default=UNSET, description="Default: yours.")
    owning_unit_id: strawberry.ID | None = strawberry.field(
        default=UNSET, description="Default: your unit."
    )
    position: str = strawberry.field(
        default="", description="Required for a blacklist entry: the official's position."
    )
    ministry_code: str | None = strawberry.field(
        default=UNSET, description="Required for a blacklist entry: the employing ministry."
    )
    basis: str = strawberry.field(
        default="",
        description="Required for a blacklist entry: the case number or court order behind it.",
    )
    escaped_from: str = strawberry.field(
        default="", description="Required for an escaped notice: the prison or place of custody."
    )
    escaped_at: datetime | None = strawberry.field(
        default=UNSET,
        description="Required for an escaped notice: when, with a time zone offset; not future.",
    )
    released_on: date | None = strawberry.field(
        default=UNSET,
        description="Required for a released-prisoner notice: the day of release, not in the "
        "future and not after validFrom.",
    )
    release_conditions: str = strawberry.field(
        default="", description="Released-prisoner notice: the conditions of release, if any."
    )
    reporting_duty: str = strawberry.field(
        default="",
        description="Required for a released-prisoner notice: where and how often the person "
        'reports, e.g. "weekly at the district police post".',
    )

    def to_patch(self) -> notices.NoticePatch:
        return notices.NoticePatch(
            kind=self.kind.value,
            person_id=self.person_id,
            valid_from=self.valid_from,
            valid_until=self.valid_until,
            reference=self.reference,
            issuing_country=self.issuing_country,
            summary=self.summary,
            province_code=self.province_code,
            owning_unit_id=self.owning_unit_id,
            position=self.position,
            ministry_code=self.ministry_code,
            basis=self.basis,
            escaped_from=self.escaped_from,
            escaped_at=self.escaped_at,
            released_on=self.released_on,
            release_conditions=self.release_conditions,
            reporting_duty=self.reporting_duty,
        )


@strawberry.input(description="Changes to a notice; fields left out stay as they are.")
class NoticePatchInput:
    expected_version: int = strawberry.field(
        description="The version this change is based on; a newer stored version refuses it."
    )
    kind: NoticeKind | None = UNSET
    person_id: strawberry.ID | None = UNSET
    valid_from: date | None = UNSET
    valid_until: date | None = UNSET
    reference: str | None = UNSET
    issuing_country: str | None = UNSET
    summary: str | None = UNSET
    province_code: str | None = UNSET
    owning_unit_id: strawberry.ID | None = UNSET
    position: str | None = UNSET
    ministry_code: str | None = UNSET
    basis: str | None = UNSET
    escaped_from: str | None = UNSET
    escaped_at: datetime | None = UNSET
    released_on: date | None = UNSET
    release_conditions: str | None = UNSET
    reporting_duty: str | None = UNSET

    def to_patch(self) -> notices.NoticePatch:
        return notices.NoticePatch(
            kind=_value(self.kind),
            person_id=self.person_id,
            valid_from=self.valid_from,
            valid_until=self.valid_until,
            reference=self.reference,
            issuing_country=self.issuing_country,
            summary=self.summary,
            province_code=self.province_code,
            owning_unit_id=self.owning_unit_id,
            position=self.position,
            ministry_code=self.ministry_code,
            basis=self.basis,
            escaped_from=self.escaped_from,
            escaped_at=self.escaped_at,
            released_on=self.released_on,
            release_conditions=self.release_conditions,
            reporting_duty=self.reporting_duty,
        )


@strawberry.input(description="Something seized in an operation.")
class SeizureInput:
    item: str = strawberry.field(description='A drug substance, "weapon", "vehicle", "cash_usd"...')
    quantity: Decimal = strawberry.field(description="More than 0, at most 3 decimal places.")
    unit: str = strawberry.field(description='"g", "kg", "piece", "usd"...')


@strawberry.input(description="A crackdown operation and its results.")
class CreateOperationInput:
    name: str
    started_on: date
    ended_on: date | None = None
    province_code: str | None = strawberry.field(default=UNSET, description="Default: yours.")
    lead_unit_id: strawberry.ID | None = strawberry.field(
        default=UNSET, description="Default: your unit."
    )
    unit_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="The units that took part."
    )
    arrests: int = 0
    description: str = ""
    seizures: list[SeizureInput] = strawberry.field(default_factory=list)

    def to_patch(self) -> operations.OperationPatch:
        return operations.OperationPatch(
            name=self.name,
            started_on=self.started_on,
            ended_on=self.ended_on,
            province_code=self.province_code,
            lead_unit_id=self.lead_unit_id,
            unit_ids=list(self.unit_ids),
            arrests=self.arrests,
            description=self.description,
            seizures=_seizures(self.seizures),
        )


@strawberry.input(description="Changes to an operation; unitIds and seizures replace the lists.")
class OperationPatchInput:
    expected_version: int = strawberry.field(
        description="The version this change is based on; a newer stored version refuses it."
    )
    name: str | None = UNSET
    started_on: date | None = UNSET
    ended_on: date | None = UNSET
    province_code: str | None = UNSET
    lead_unit_id: strawberry.ID | None = UNSET
    unit_ids: list[strawberry.ID] | None = UNSET
    arrests: int | None = UNSET
    description: str | None = UNSET
    seizures: list[SeizureInput] | None = UNSET

    def to_patch(self) -> operations.OperationPatch:
        return operations.OperationPatch(
            name=self.name,
            started_on=self.started_on,
            ended_on=self.ended_on,
            province_code=self.province_code,
            lead_unit_id=self.lead_unit_id,
            unit_ids=self.unit_ids if self.unit_ids is UNSET else list(self.unit_ids or []),
            arrests=self.arrests,
            description=self.description,
            seizures=_seizures(self.seizures),
        )
