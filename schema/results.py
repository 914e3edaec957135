"""Expected failures, as types: every mutation returns its success type or one of these.

Each keeps the domain error it stands for (``error``, not in the schema), from which the
mutation root records the refusal in the audit trail (schema.refusals).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, TypeVar, cast

import strawberry

from db.errors import EcrimeError, InvalidInput
from db.errors import Forbidden as ForbiddenError
from db.errors import NotFound as NotFoundError
from db.errors import RecordLocked as RecordLockedError
from db.errors import StaleVersion as StaleVersionError

T = TypeVar("T")
S = TypeVar("S")
F = TypeVar("F", bound=Callable[..., Any])


@strawberry.type(description="One problem with one input field.")
class FieldError:
    field: str = strawberry.field(
        description="The input field, as a path: 'occurredAt', 'documents.0.number'."
    )
    code: str = strawberry.field(
        description="required, invalid, unknown, too_long, out_of_range, conflict"
    )
    message: str


@strawberry.type(description="The input was refused; nothing was written.")
class ValidationFailed:
    message: str
    errors: list[FieldError]
    error: strawberry.Private[EcrimeError | None] = None  # for the audit trail (schema.refusals)

    @classmethod
    def from_error(cls, error: InvalidInput) -> ValidationFailed:
        return cls(
            message=f"{len(error.problems)} problem(s) with the input; nothing was saved",
            errors=[
                FieldError(field=p.field, code=p.code, message=p.message) for p in error.problems
            ],
            error=error,
        )


@strawberry.type(description="No such object, or none you may see; nothing was written.")
class NotFound:
    message: str
    id: strawberry.ID
    error: strawberry.Private[EcrimeError | None] = None

    @classmethod
    def from_error(cls, error: NotFoundError) -> NotFound:
        return cls(message=str(error), id=strawberry.ID(str(error.ident)), error=error)


@strawberry.type(description="You may not do this; nothing was written.")
class Forbidden:
    message: str
    error: strawberry.Private[EcrimeError | None] = None

    @classmethod
    def from_error(cls, error: ForbiddenError) -> Forbidden:
        return cls(message=str(error) or "forbidden", error=error)


@strawberry.type(
    description="The record is past its correction window (48 h after entry) and no granted "
    "correction covers this change; nothing was written."
)
class RecordLocked:
    message: str
    since: datetime = strawberry.field(description="When the correction window closed.")
    error: strawberry.Private[EcrimeError | None] = None

    @classmethod
    def from_error(cls, error: RecordLockedError) -> RecordLocked:
        return cls(message=str(error), since=error.since, error=error)


@strawberry.type(
    description="The update was based on an older version of the record; nothing was written."
)
class StaleVersion:
    message: str
    current_version: int
    error: strawberry.Private[EcrimeError | None] = None

    @classmethod
    def from_error(cls, error: StaleVersionError) -> StaleVersion:
        return cls(message=str(error), current_version=error.current, error=error)


async def outcome(
    call: Awaitable[T], success: Callable[[T], S]
) -> S | ValidationFailed | NotFound | Forbidden:
    """Run a resolver operation and turn its expected failures into typed results."""
    try:
        value = await call
    except InvalidInput as error:
        return ValidationFailed.from_error(error)
    except NotFoundError as error:
        return NotFound.from_error(error)
    except ForbiddenError as error:
        return Forbidden.from_error(error)
    return success(value)


async def record_outcome(
    call: Awaitable[T], success: Callable[[T], S]
) -> S | ValidationFailed | NotFound | Forbidden | RecordLocked | StaleVersion:
    """``outcome`` for operations on records, which the lifecycle guard may also refuse."""
    try:
        return await outcome(call, success)
    except RecordLockedError as error:
        return RecordLocked.from_error(error)
    except StaleVersionError as error:
        return StaleVersion.from_error(error)


def mutation(description: str) -> Callable[[F], F]:
    """``strawberry.mutation`` with a description, typed (its keyword overload returns Any)."""
    return cast(Callable[[F], F], strawberry.mutation(description=description))
