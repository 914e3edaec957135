"""The read log: every person record a request hands its caller, audited in one append.

DESIGN: every masked record (a person above all) leaves the server through one emitter that
writes the read's audit entry. A person is recorded where it leaves, not where a resolver or a
view happens to load it: a GraphQL object completed (schema.planned.execution), a planned subtree
laid out (schema.planned.build), a template rendered (web.admin.render). Masks act before those
points, so a person they hide is not recorded as read. The log is written once, when the
operation ends (schema.read_audit) or, for an admin page, export or photo, before the HTTP
response starts (web.read_audit): one ``person.read`` entry per person, in one append, with the
request id and the operation or route.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from db import tables as t
from resolvers.audit import record_read

if TYPE_CHECKING:
    from resolvers.context import Context

ACTION = "person.read"
_DEPTH = 8  # template variables nest rows in lists of tuples of dataclasses, not deeper


def emits(model: type[Any] | None) -> bool:
    """Whether rows of ``model`` are person records, recorded as read when they leave."""
    return model is t.Person


class ReadLog:
    """The persons emitted so far. ``held``: the HTTP request writes the log when it ends, not
    each GraphQL operation run inside it (the admin reads through the schema in process)."""

    def __init__(self, *, held: bool = False) -> None:
        self.held = held
        self._persons: set[int] = set()

    def emit_person(self, person_id: int) -> None:
        """The one place a person is recorded as read."""
        self._persons.add(int(person_id))

    def emit_row(self, row: Any) -> None:
        if isinstance(row, t.Person) and row.id is not None:
            self.emit_person(row.id)

    def emit_all(self, value: Any, depth: int = 0) -> None:
        """Every person row inside ``value``: what a page is rendered from."""
        if isinstance(value, t.Person):
            self.emit_row(value)
        elif depth >= _DEPTH or isinstance(value, str | bytes | int | float | bool):
            return
        elif isinstance(value, Mapping):
            for item in value.values():
                self.emit_all(item, depth + 1)
        elif isinstance(value, list | tuple | set | frozenset):
            for item in value:
                self.emit_all(item, depth + 1)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            for f in dataclasses.fields(value):
                self.emit_all(getattr(value, f.name, None), depth + 1)

    @property
    def pending(self) -> bool:
        return bool(self._persons)

    def take(self) -> list[int]:
        found = sorted(self._persons)
        self._persons.clear()
        return found


async def write(ctx: Context, where: str | None) -> None:
    """Append what ``ctx.reads`` holds to the audit trail (nothing when it holds nothing)."""
    persons = ctx.reads.take()
    if persons:
        details = {"via": where} if where else {}
        await record_read(
            ctx, action=ACTION, object_type="person", object_ids=persons, details=details
        )
