"""Mutations for what happens to a warrant or notice after entry: execution, cancellation,
validation (resolvers.warrant_actions). Expiry is not a mutation: it follows the expiry day."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from resolvers import warrant_actions
from resolvers.context import Context
from schema.mutations.orders import Failures
from schema.results import mutation, record_outcome
from schema.types.orders import Notice, Warrant

Info = strawberry.Info[Context, None]


@strawberry.input(description="Where, when and by whom an active warrant was executed.")
class ExecuteWarrantInput:
    executed_at: datetime = strawberry.field(
        description="Not in the future, not before the day of issue."
    )
    province_code: str
    place: str = ""
    unit_id: strawberry.ID | None = strawberry.field(
        default=None, description="The executing unit. Default: yours."
    )


@strawberry.type
class ExecuteWarrantSuccess:
    warrant: Warrant


@strawberry.type
class CancelWarrantSuccess:
    warrant: Warrant


@strawberry.type
class ValidateWarrantSuccess:
    warrant: Warrant


@strawberry.type
class ValidateNoticeSuccess:
    notice: Notice


ExecuteWarrantResult = Annotated[
    ExecuteWarrantSuccess | Failures, strawberry.union("ExecuteWarrantResult")
]
CancelWarrantResult = Annotated[
    CancelWarrantSuccess | Failures, strawberry.union("CancelWarrantResult")
]
ValidateWarrantResult = Annotated[
    ValidateWarrantSuccess | Failures, strawberry.union("ValidateWarrantResult")
]
ValidateNoticeResult = Annotated[
    ValidateNoticeSuccess | Failures, strawberry.union("ValidateNoticeResult")
]


@strawberry.type
class WarrantActionsMutations:
    @mutation(
        "Execute an active warrant; when it belongs to a case, the subject's arrest is recorded "
        "there (as a suspect if not yet a participant)."
    )
    async def execute_warrant(
        self,
        info: Info,
        id: strawberry.ID,
        expected_version: int,
        input: ExecuteWarrantInput,
    ) -> ExecuteWarrantResult:
        data = warrant_actions.Execution(
            executed_at=input.executed_at,
            province_code=input.province_code,
            place=input.place,
            unit_id=input.unit_id,
        )
        return await record_outcome(
            warrant_actions.execute_warrant(info.context, id, expected_version, data),
            lambda row: ExecuteWarrantSuccess(warrant=Warrant.from_row(row)),
        )

    @mutation("Cancel an active warrant, giving the reason.")
    async def cancel_warrant(
        self, info: Info, id: strawberry.ID, expected_version: int, reason: str
    ) -> CancelWarrantResult:
        return await record_outcome(
            warrant_actions.cancel_warrant(info.context, id, expected_version, reason),
            lambda row: CancelWarrantSuccess(warrant=Warrant.from_row(row)),
        )

    @mutation("Confirm an active warrant still valid: its next validation is due in a year.")
    async def validate_warrant(self, info: Info, id: strawberry.ID) -> ValidateWarrantResult:
        return await record_outcome(
            warrant_actions.validate_warrant(info.context, id),
            lambda row: ValidateWarrantSuccess(warrant=Warrant.from_row(row)),
        )

    @mutation("Confirm a notice still valid: its next validation is due in a year.")
    async def validate_notice(self, info: Info, id: strawberry.ID) -> ValidateNoticeResult:
        return await record_outcome(
            warrant_actions.validate_notice(info.context, id),
            lambda row: ValidateNoticeSuccess(notice=Notice.from_row(row)),
        )
