"""Mutations for warrants and court orders, notices, and crackdown operations.

The ``id`` of an update is its target and answers ``NotFound`` when bad; ids inside an input are
fields and answer ``ValidationFailed`` naming them (``subjectPersonId``, ``unitIds.0``), together
with every other problem. Warrant status changes (execute, cancel, validate) are in
``schema.mutations.warrant_actions``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import strawberry

from resolvers import notices, operations, orders
from resolvers.context import Context
from schema.mutations._inputs_orders import (
    CreateNoticeInput,
    CreateOperationInput,
    CreateWarrantInput,
    NoticePatchInput,
    OperationPatchInput,
    WarrantPatchInput,
)
from schema.results import (
    Forbidden,
    NotFound,
    RecordLocked,
    StaleVersion,
    ValidationFailed,
    mutation,
    record_outcome,
)
from schema.types.orders import Notice, Operation, Warrant

Info = strawberry.Info[Context, None]

F = TypeVar("F", bound=Callable[..., Any])


@strawberry.type
class CreateWarrantSuccess:
    warrant: Warrant


@strawberry.type
class UpdateWarrantSuccess:
    warrant: Warrant


@strawberry.type
class CreateNoticeSuccess:
    notice: Notice


@strawberry.type
class UpdateNoticeSuccess:
    notice: Notice


@strawberry.type
class CreateOperationSuccess:
    operation: Operation


@strawberry.type
class UpdateOperationSuccess:
    operation: Operation


Failures = ValidationFailed | NotFound | Forbidden | RecordLocked | StaleVersion
CreateWarrantResult = Annotated[
    CreateWarrantSuccess | Failures, strawberry.union("CreateWarrantResult")
]
UpdateWarrantResult = Annotated[
    UpdateWarrantSuccess | Failures, strawberry.union("UpdateWarrantResult")
]
CreateNoticeResult = Annotated[
    CreateNoticeSuccess | Failures, strawberry.union("CreateNoticeResult")
]
UpdateNoticeResult = Annotated[
    UpdateNoticeSuccess | Failures, strawberry.union("UpdateNoticeResult")
]
CreateOperationResult = Annotated[
    CreateOperationSuccess | Failures, strawberry.union("CreateOperationResult")
]
UpdateOperationResult = Annotated[
    UpdateOperationSuccess | Failures, strawberry.union("UpdateOperationResult")
]


@strawberry.type
class OrdersMutations:
    @mutation("Enter a warrant or court order.")
    async def create_warrant(self, info: Info, input: CreateWarrantInput) -> CreateWarrantResult:
        return await record_outcome(
            orders.create_warrant(info.context, input.to_patch()),
            lambda row: CreateWarrantSuccess(warrant=Warrant.from_row(row)),
        )

    @mutation("Correct a warrant's entered facts.")
    async def update_warrant(
        self, info: Info, id: strawberry.ID, patch: WarrantPatchInput
    ) -> UpdateWarrantResult:
        return await record_outcome(
            orders.update_warrant(info.context, id, patch.to_patch(), patch.expected_version),
            lambda row: UpdateWarrantSuccess(warrant=Warrant.from_row(row)),
        )

    @mutation(
        "Enter a red notice, wanted or escaped notice, monitoring "
        "of a released prisoner, or blacklist entry."
    )
    async def create_notice(self, info: Info, input: CreateNoticeInput) -> CreateNoticeResult:
        return await record_outcome(
            notices.create_notice(info.context, input.to_patch()),
            lambda row: CreateNoticeSuccess(notice=Notice.from_row(row)),
        )

    @mutation("Correct or extend a notice.")
    async def update_notice(
        self, info: Info, id: strawberry.ID, patch: NoticePatchInput
    ) -> UpdateNoticeResult:
        return await record_outcome(
            notices.update_notice(info.context, id, patch.to_patch(), patch.expected_version),
            lambda row: UpdateNoticeSuccess(notice=Notice.from_row(row)),
        )

    @mutation("Record a crackdown operation and its results.")
    async def create_operation(
        self, info: Info, input: CreateOperationInput
    ) -> CreateOperationResult:
        return await record_outcome(
            operations.create_operation(info.context, input.to_patch()),
            lambda row: CreateOperationSuccess(operation=Operation.from_row(row)),
        )

    @mutation("Correct an operation or add to its results.")
    async def update_operation(
        self, info: Info, id: strawberry.ID, patch: OperationPatchInput
    ) -> UpdateOperationResult:
        return await record_outcome(
            operations.update_operation(info.context, id, patch.to_patch(), patch.expected_version),
            lambda row: UpdateOperationSuccess(operation=Operation.from_row(row)),
        )
