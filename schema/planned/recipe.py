"""What a plan is made of: the answer's layout (``Recipe``/``Out``), the levels being gathered
for db.trees (``Acc``), and the leaf values read from a fetched row in their wire form."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from graphql import GraphQLEnumType, GraphQLNonNull, GraphQLScalarType

from db.paging import Page
from db.trees import Child, Level
from policies.masks import (
    COMPLAINANT,
    NARRATIVE,
    OFFENCE_VICTIM,
    PARTICIPANT_NOTES,
    PERSON_DETAIL,
    VICTIM_IDENTITY,
    FieldMask,
)
from schema.planned.shapes import Calc, Col

# Masks decided by the owner row's province/ICCS code and the row's role alone.
JUDGED_FROM_COLUMNS = frozenset(
    {PERSON_DETAIL, NARRATIVE, VICTIM_IDENTITY, COMPLAINANT, PARTICIPANT_NOTES, OFFENCE_VICTIM}
)
LIST_LIMIT = 1000  # schema.relay.child_list reads up to this many


class Decline(Exception):
    """The selection asks for something only the resolvers answer."""


@dataclass
class Out:
    key: str
    kind: str  # typename, leaf, part, ref, list, connection
    text: str = ""  # typename
    value: Callable[[dict[str, Any], Any], Any] | None = None  # leaf: (raw row, context)
    child: str = ""  # the raw key of a ref, list or connection
    recipe: Recipe | None = None
    masks: tuple[FieldMask, ...] = ()
    page: Page | None = None
    parts: list[Out] = field(default_factory=list)  # connection: edges, nodes, pageInfo...


@dataclass
class Recipe:
    outs: list[Out]
    masks_owned_by_parent: bool = False
    emits: bool = False  # a person record: laying it out records it as read (resolvers.read_log)
    makers: list[Any] | None = None  # schema.planned.build's compiled form, made on first use


@dataclass
class Plan:
    level: Level
    recipe: Recipe


@dataclass
class Acc:
    """A level being planned: its columns and children so far."""

    model: type[Any]
    columns: set[str] = field(default_factory=set)
    children: list[Child] = field(default_factory=list)
    alias: str | None = None

    def level(self) -> Level:
        return Level(self.model, tuple(sorted(self.columns)), tuple(self.children), self.alias)

    def child_key(self) -> str:
        return f"c{len(self.children)}"


# Scalars whose wire form db.trees already gives: text, numbers, booleans, ISO days and times.
WIRE_SCALARS = frozenset({"String", "Int", "Float", "Boolean", "Date", "DateTime"})


def _output_type(kind: Any) -> GraphQLScalarType | GraphQLEnumType:
    named = kind.of_type if isinstance(kind, GraphQLNonNull) else kind
    if isinstance(named, GraphQLScalarType | GraphQLEnumType):
        return named
    raise Decline


def column_leaf(spec: Col, kind: Any) -> Callable[[dict[str, Any], Any], Any]:
    out = _output_type(kind)
    name = spec.column
    if spec.convert is not None:
        if not isinstance(out, GraphQLEnumType):
            raise Decline
        convert = spec.convert
        names = {member.value: out.serialize(convert(member.value)) for member in convert}  # type: ignore[attr-defined]
        return lambda raw, _ctx: None if raw[name] is None else names[raw[name]]
    if out.name not in WIRE_SCALARS:
        raise Decline
    return lambda raw, _ctx: raw[name]


def computed_leaf(spec: Calc, kind: Any) -> Callable[[dict[str, Any], Any], Any]:
    serialize = _output_type(kind).serialize
    columns, produce = spec.columns, spec.produce

    def value(raw: dict[str, Any], ctx: Any) -> Any:
        found = produce(ctx, *(raw[c] for c in columns))
        return None if found is None else serialize(found)

    return value


def snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)
