"""Domain exceptions. Expected failures become typed GraphQL results; the rest are masked.

EcrimeError
├── InvalidInput          one or more fields are wrong (carries FieldProblem list)
├── NotFound              no such object, or not one the caller may see (indistinguishable)
├── Forbidden             the caller may see the object but not do this to it
├── RecordLocked          the record is past its correction window and no grant covers the change
├── StaleVersion          the update was based on an older version of the record
└── InvalidArgument       a query argument is out of range (page size, cursor, id)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class FieldProblem:
    field: str  # the input path, e.g. "occurredAt" or "documents.0.number"
    code: str  # machine-readable: required, unknown, too_long, out_of_range, invalid, conflict
    message: str


class EcrimeError(Exception):
    pass


class InvalidInput(EcrimeError):
    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in problems))
        self.problems = problems


class NotFound(EcrimeError):
    def __init__(self, what: str, ident: object) -> None:
        super().__init__(f"{what} {ident} was not found")
        self.what = what
        self.ident = ident


class Forbidden(EcrimeError):
    pass


class InvalidArgument(EcrimeError):
    """A client mistake in a query argument: shown to the client, never masked."""


class RecordLocked(EcrimeError):
    def __init__(self, what: str, since: datetime, detail: str = "") -> None:
        message = f"{what} is locked since {since.isoformat()}"
        super().__init__(f"{message}: {detail}" if detail else message)
        self.since = since


class StaleVersion(EcrimeError):
    def __init__(self, what: str, expected: int, current: int) -> None:
        super().__init__(
            f"{what} is at version {current}, not {expected}: reload it and apply the change again"
        )
        self.current = current
