"""What a review request must say: which record, which of its entered facts, why.

Field names arrive as GraphQL spells them (``occurredAt``) or as columns (``occurred_at``); they
are stored as columns, which is what a correction grant names and the lifecycle guard compares.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from strawberry.relay import GlobalID

from db import tables as t
from resolvers.validation import Problems

MIN_REASON = 10


@dataclass(frozen=True)
class Kind:
    model: type[Any]
    table: str  # the table name grants and requests carry
    resource: str  # the policy's object


KINDS = {
    "Offence": Kind(t.Offence, "offence", "offence"),
    "Person": Kind(t.Person, "person", "person"),
    "Case": Kind(t.Case, "case_file", "case"),
}
BY_TABLE = {kind.table: name for name, kind in KINDS.items()}
# Bookkeeping, not entered facts: no request may ask to change these.
NOT_FACTS = frozenset(
    {
        "id",
        "version",
        "updated_at",
        "recorded_at",
        "recorded_by_id",
        "recorded_unit_id",
        "iccs_code",  # follows the offence type
        "late",
        "delay_seconds",
        "historical",
    }
)


# Columns that follow a requested one, and so are granted with it.
FOLLOWERS = {"type_code": ("iccs_code",)}


def granted_columns(columns: list[str]) -> list[str]:
    return [*columns, *(f for c in columns for f in FOLLOWERS.get(c, ()) if f not in columns)]


def column_name(field: str) -> str:
    """``occurredAt`` or ``occurred_at`` → ``occurred_at``."""
    return re.sub(r"(?<!^)([A-Z])", r"_\1", field.strip()).lower()


def graphql_name(column: str) -> str:
    head, *rest = column.split("_")
    return head + "".join(part.title() for part in rest)


def facts_of(model: type[Any]) -> frozenset[str]:
    names = model.__table__.columns.keys()
    return frozenset(n for n in names if n not in NOT_FACTS and not n.startswith("created_"))


@dataclass(frozen=True)
class Proposed:
    field: str
    value: str | None


@dataclass(frozen=True)
class Attachment:
    name: str
    sha256: str


@dataclass(frozen=True)
class ReviewRequestData:
    record_id: str
    fields: tuple[str, ...]
    reason: str
    proposed: tuple[Proposed, ...] = ()
    attachments: tuple[Attachment, ...] = ()


def check_input(p: Problems, data: ReviewRequestData) -> tuple[Kind | None, int | None, list[str]]:
    kind, ident = None, None
    try:
        gid = GlobalID.from_id(data.record_id)
        kind, ident = KINDS.get(gid.type_name), int(gid.node_id)
    except ValueError:
        pass
    if kind is None or ident is None or not 1 <= ident < 2**31:
        p.add("recordId", "invalid", "is not the id of an Offence, Person or Case")
        kind = None
    columns: list[str] = []
    if not data.fields:
        p.add("fields", "required", "name at least one field to correct")
    for i, field in enumerate(data.fields):
        column = column_name(field)
        if kind is not None and column not in facts_of(kind.model):
            p.add(f"fields.{i}", "invalid", f"{field!r} is not an entered fact of this record")
        elif column not in columns:
            columns.append(column)
    for i, item in enumerate(data.proposed):
        if column_name(item.field) not in columns:
            p.add(f"proposed.{i}.field", "invalid", f"{item.field!r} is not among the fields")
        p.text(f"proposed.{i}.value", item.value, max_length=2000)
    reason_given = p.text("reason", data.reason, max_length=4000, required=True)
    if reason_given and len(data.reason.strip()) < MIN_REASON:
        p.add("reason", "invalid", f"must say why, in at least {MIN_REASON} characters")
    if len(data.attachments) > 20:
        p.add("attachments", "out_of_range", "at most 20 attachments")
    for i, attachment in enumerate(data.attachments):
        p.text(f"attachments.{i}.name", attachment.name, max_length=200, required=True)
        if not re.fullmatch(r"[0-9a-fA-F]{64}", attachment.sha256):
            p.add(f"attachments.{i}.sha256", "invalid", "must be 64 hexadecimal digits")
    return kind, ident, columns
