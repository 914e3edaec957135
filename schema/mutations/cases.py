"""Mutations for case files, their participants and events, and the offences linked to them.

Ids in inputs are global ids. The id of the object a mutation changes or deletes (``updateCase``'s
``id``, ``removeCaseParticipant``, ``unlinkOffenceFromCase``) answers ``NotFound`` when bad; every
other id is an input field and answers ``ValidationFailed`` naming it, with all other problems.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from enum import Enum
from typing import Annotated, Any, TypeVar

import strawberry
from strawberry import UNSET
from strawberry.relay import GlobalID

from resolvers import cases, participants
from resolvers.context import Context
from schema.enums import CaseRole, CaseStatus, EventKind
from schema.results import (
    Forbidden,
    NotFound,
    RecordLocked,
    StaleVersion,
    ValidationFailed,
    mutation,
    record_outcome,
)
from schema.types.records import Case, CaseParticipant, Offence, ParticipantEvent

Info = strawberry.Info[Context, None]

F = TypeVar("F", bound=Callable[..., Any])


def _value(member: Any) -> Any:
    """An enum's stored string; None and UNSET pass through."""
    return member.value if isinstance(member, Enum) else member


@strawberry.input(description="A new case file.")
class OpenCaseInput:
    number: str = strawberry.field(description="Unique nationwide, at most 40 characters.")
    title: str
    status: CaseStatus = CaseStatus.OPEN
    lead_unit_id: strawberry.ID | None = strawberry.field(
        default=None, description="A Unit; by default your own. The case takes its province."
    )
    opened_at: datetime | None = strawberry.field(
        default=None, description="With a time zone; not in the future. By default now."
    )
    sealed: bool = False

    def to_data(self) -> cases.CaseInput:
        return cases.CaseInput(
            number=self.number,
            title=self.title,
            status=self.status.value,
            lead_unit_id=self.lead_unit_id,
            opened_at=self.opened_at,
            sealed=self.sealed,
        )


@strawberry.input(description="Changes to a case; fields left out stay as they are.")
class CasePatchInput:
    expected_version: int = strawberry.field(
        description="The version this change is based on; a newer stored version refuses it."
    )
    number: str | None = UNSET
    title: str | None = UNSET
    status: CaseStatus | None = strawberry.field(
        default=UNSET,
        description="open → investigating → sent to court → closed; a court may send a case back "
        "to investigating, and a closed case may be reopened as investigating.",
    )
    lead_unit_id: strawberry.ID | None = UNSET
    opened_at: datetime | None = UNSET
    closed_at: datetime | None = strawberry.field(
        default=UNSET, description="Only for a closed case; by default the moment it is closed."
    )
    disposition: str | None = strawberry.field(
        default=UNSET, description="How the case ended; required to close it."
    )
    sealed: bool | None = UNSET

    def to_patch(self) -> cases.CasePatch:
        return cases.CasePatch(
            number=self.number,
            title=self.title,
            status=_value(self.status),
            lead_unit_id=self.lead_unit_id,
            opened_at=self.opened_at,
            closed_at=self.closed_at,
            disposition=self.disposition,
            sealed=self.sealed,
        )


@strawberry.type
class OpenCaseSuccess:
    case: Case


@strawberry.type
class UpdateCaseSuccess:
    case: Case


@strawberry.type
class AddCaseParticipantSuccess:
    participant: CaseParticipant


@strawberry.type
class RemoveCaseParticipantSuccess:
    removed_participant_id: strawberry.ID
    case: Case


@strawberry.type
class RecordParticipantEventSuccess:
    event: ParticipantEvent
    participant: CaseParticipant


@strawberry.type
class LinkOffenceToCaseSuccess:
    offence: Offence
    case: Case


@strawberry.type
class UnlinkOffenceFromCaseSuccess:
    offence: Offence
    case: Case = strawberry.field(description="The case the offence was unlinked from.")


Failures = ValidationFailed | NotFound | Forbidden | RecordLocked | StaleVersion
OpenCaseResult = Annotated[OpenCaseSuccess | Failures, strawberry.union("OpenCaseResult")]
UpdateCaseResult = Annotated[UpdateCaseSuccess | Failures, strawberry.union("UpdateCaseResult")]
AddCaseParticipantResult = Annotated[
    AddCaseParticipantSuccess | Failures, strawberry.union("AddCaseParticipantResult")
]
RemoveCaseParticipantResult = Annotated[
    RemoveCaseParticipantSuccess | Failures, strawberry.union("RemoveCaseParticipantResult")
]
RecordParticipantEventResult = Annotated[
    RecordParticipantEventSuccess | Failures, strawberry.union("RecordParticipantEventResult")
]
LinkOffenceToCaseResult = Annotated[
    LinkOffenceToCaseSuccess | Failures, strawberry.union("LinkOffenceToCaseResult")
]
UnlinkOffenceFromCaseResult = Annotated[
    UnlinkOffenceFromCaseSuccess | Failures, strawberry.union("UnlinkOffenceFromCaseResult")
]


@strawberry.type
class CasesMutations:
    @mutation("Open a case file.")
    async def open_case(self, info: Info, input: OpenCaseInput) -> OpenCaseResult:
        return await record_outcome(
            cases.open_case(info.context, input.to_data()),
            lambda row: OpenCaseSuccess(case=Case.from_row(row)),
        )

    @mutation("Correct a case, or move it on: investigate, send, close.")
    async def update_case(
        self, info: Info, id: strawberry.ID, patch: CasePatchInput
    ) -> UpdateCaseResult:
        return await record_outcome(
            cases.update_case(info.context, id, patch.to_patch(), patch.expected_version),
            lambda row: UpdateCaseSuccess(case=Case.from_row(row)),
        )

    @mutation("Add a person to an open case in a role.")
    async def add_case_participant(
        self,
        info: Info,
        case_id: strawberry.ID,
        person_id: strawberry.ID,
        role: CaseRole,
        notes: str = "",
    ) -> AddCaseParticipantResult:
        data = participants.ParticipantInput(
            case_id=case_id, person_id=person_id, role=role.value, notes=notes
        )
        return await record_outcome(
            participants.add_case_participant(info.context, data),
            lambda row: AddCaseParticipantSuccess(participant=CaseParticipant.from_row(row)),
        )

    @mutation("Remove a participant entered by mistake (none with events).")
    async def remove_case_participant(
        self, info: Info, participant_id: strawberry.ID
    ) -> RemoveCaseParticipantResult:
        return await record_outcome(
            participants.remove_case_participant(info.context, participant_id),
            lambda done: RemoveCaseParticipantSuccess(
                removed_participant_id=strawberry.ID(
                    str(GlobalID("CaseParticipant", str(done[0])))
                ),
                case=Case.from_row(done[1]),
            ),
        )

    @mutation(
        "Record an arrest, detention or release of a participant. A release needs a "
        "reason and an arrest or detention before it; no event precedes the case's opening."
    )
    async def record_participant_event(
        self,
        info: Info,
        participant_id: strawberry.ID,
        kind: EventKind,
        occurred_at: datetime,
        province_code: str | None = None,
        place: str = "",
        reason: str = "",
    ) -> RecordParticipantEventResult:
        data = participants.EventInput(
            participant_id=participant_id,
            kind=kind.value,
            occurred_at=occurred_at,
            province_code=province_code,
            place=place,
            reason=reason,
        )
        return await record_outcome(
            participants.record_participant_event(info.context, data),
            lambda done: RecordParticipantEventSuccess(
                event=ParticipantEvent.from_row(done[0]),
                participant=CaseParticipant.from_row(done[1]),
            ),
        )

    @mutation("Put an offence into an open case.")
    async def link_offence_to_case(
        self, info: Info, offence_id: strawberry.ID, case_id: strawberry.ID
    ) -> LinkOffenceToCaseResult:
        return await record_outcome(
            cases.link_offence_to_case(info.context, offence_id, case_id),
            lambda done: LinkOffenceToCaseSuccess(
                offence=Offence.from_row(done[0]), case=Case.from_row(done[1])
            ),
        )

    @mutation("Take an offence out of its (open) case.")
    async def unlink_offence_from_case(
        self, info: Info, offence_id: strawberry.ID
    ) -> UnlinkOffenceFromCaseResult:
        return await record_outcome(
            cases.unlink_offence_from_case(info.context, offence_id),
            lambda done: UnlinkOffenceFromCaseSuccess(
                offence=Offence.from_row(done[0]), case=Case.from_row(done[1])
            ),
        )
