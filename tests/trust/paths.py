"""Every field path of the live schema, from its introspection, to a bounded depth.

``selection(schema, root)`` builds, for one root field of Query, the selection that reaches every
field below it: leaves (scalars and enums) at every level, object fields followed while the depth
allows, connections expanded to ``totalCount``, ``pageInfo``, ``edges { cursor node { … } }`` and
``nodes { … }``, interfaces and unions to one inline fragment per possible type. Every object is
asked its ``__typename`` and, where it has one, its ``id``, so that the checks can tell which row
each object is. Arguments are filled from their types (``first: 100``); a required argument the
filler cannot fill is reported, so a new field with one fails the matrix until it is taught.

A field path is the chain of ``Type.field`` coordinates from Query to a leaf (or to the depth
bound); ``Selection.paths()`` lists them, so the matrix can say how much it covered.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    GraphQLArgument,
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    build_client_schema,
    get_named_type,
    introspection_from_schema,
    is_leaf_type,
)
from graphql.pyutils import Undefined
from strawberry import Schema

PAGE = 100
ALIAS = "__as"  # a field renamed to keep apart same-named fields of different types: x__asType


def field_name(key: str) -> str:
    """The field a response key answers (undoing the renaming above)."""
    return key.split(ALIAS, 1)[0] if not key.startswith("__") else key


# Values the filler cannot guess from a type alone; by argument or input field name.
NAMED_VALUES: dict[str, Any] = {
    "first": PAGE,
    "code": "17",
    "year": 2026,
    "limit": 10,
    "purpose": "trust matrix: every path for every caller",
    "username": "officer.sr",
    "action": "read",
    "object": "offence",
    "givenNameLatin": "Dara",
    "birthYear": 1990,
    "documentNumber": "N0000017",  # the Siem Reap bystander's passport: blacklisted
}
# Optional arguments and input fields given anyway: a person search beyond one's own province
# must say why (resolvers.searching); a duplicate probe and an employment check need a subject.
OPTIONAL_VALUES: dict[tuple[str, str], str] = {
    ("Query", "persons"): "filter",
    ("Query", "employmentCheck"): "documentNumber",
}
OPTIONAL_FIELDS = {("PersonFilterInput", "purpose"), ("PersonProbe", "givenNameLatin")}
OPTIONAL_FIELDS |= {("PersonProbe", "birthYear")}


def live_schema(schema: Schema) -> GraphQLSchema:
    """The schema as a client sees it: built from its introspection, not from its classes."""
    return build_client_schema(introspection_from_schema(schema._schema))


@dataclass
class Selection:
    """One field asked of an object (or an inline fragment, when ``on`` is set)."""

    coordinate: str  # Type.field, or "... on Type"
    text: str  # the field as written: alias, name and arguments
    children: list[Selection] = field(default_factory=list)
    on: str | None = None
    # Part of how its parent is asked (a connection's edges, a fragment): kept with the parent.
    structural: bool = False

    def render(self) -> str:
        if not self.children:
            return self.text
        return f"{self.text} {{ {' '.join(c.render() for c in self.children)} }}"

    def paths(self, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
        here = prefix if self.on else (*prefix, self.coordinate)
        if not self.children:
            yield here
        for child in self.children:
            if child.coordinate != "__typename":
                yield from child.paths(here)


class Unfillable(Exception):
    """A required argument of a type the filler does not know how to fill."""


@dataclass
class Generator:
    schema: GraphQLSchema
    depth: int
    unfillable: set[str] = field(default_factory=set)
    filled: set[str] = field(default_factory=set)  # Type.field(argument) the filler gave
    # Which fields of a type to ask (all when None): the planned family asks only what the
    # planner can plan, so that PostgreSQL answers it in one statement per subtree.
    only: Callable[[str, str], bool] | None = None

    def root(
        self, name: str, alias: str | None = None, args: str | None = None, depth: int = 0
    ) -> Selection:
        query = self.schema.query_type
        assert query is not None
        found = self._field(query, name, query.fields[name], depth or self.depth, alias, args)
        assert found is not None
        return found

    def roots(self) -> list[str]:
        """Root fields, those answering one object first: where two roots reach the same field,
        sampling.cover keeps the first, and one province is cheaper than all 25."""
        query = self.schema.query_type
        assert query is not None

        def many(name: str) -> bool:
            kind = query.fields[name].type
            kind = kind.of_type if isinstance(kind, GraphQLNonNull) else kind
            named = get_named_type(kind)
            return isinstance(kind, GraphQLList) or (
                isinstance(named, GraphQLObjectType) and _is_connection(named)
            )

        return sorted(query.fields, key=lambda name: (many(name), name))

    def _object(
        self, kind: GraphQLObjectType, depth: int, renamed: frozenset[str] = frozenset()
    ) -> list[Selection]:
        found = [Selection("__typename", "__typename")]
        for name, definition in sorted(kind.fields.items()):
            if self.only is not None and not self.only(kind.name, name):
                continue
            alias = f"{name}{ALIAS}{kind.name}" if name in renamed else None
            try:
                chosen = self._field(kind, name, definition, depth, alias)
            except Unfillable as error:
                self.unfillable.add(f"{kind.name}.{name}: {error}")
                continue
            if chosen is not None:
                found.append(chosen)
        return found

    def _field(
        self,
        parent: GraphQLObjectType,
        name: str,
        definition: GraphQLField,
        depth: int,
        alias: str | None = None,
        args: str | None = None,
    ) -> Selection | None:
        coordinate = f"{parent.name}.{name}"
        arguments = args if args is not None else self._arguments(parent.name, name, definition)
        text = f"{alias + ': ' if alias else ''}{name}{arguments}"
        kind = get_named_type(definition.type)
        if is_leaf_type(kind):
            return Selection(coordinate, text)
        if depth <= 0:
            return None
        if isinstance(kind, GraphQLObjectType) and _is_connection(kind):
            return Selection(coordinate, text, self._connection(kind, depth))
        return Selection(coordinate, text, self._composite(kind, depth))

    def _composite(self, kind: Any, depth: int) -> list[Selection]:
        if isinstance(kind, GraphQLObjectType):
            return self._object(kind, depth - 1)
        assert isinstance(kind, GraphQLInterfaceType | GraphQLUnionType), kind
        possible = sorted(self.schema.get_possible_types(kind), key=lambda p: p.name)
        # Fields of one name but different types in two fragments may not share a response key.
        types: dict[str, set[str]] = {}
        for p in possible:
            for name, definition in p.fields.items():
                types.setdefault(name, set()).add(str(definition.type))
        renamed = frozenset(name for name, seen in types.items() if len(seen) > 1)
        return [Selection("__typename", "__typename")] + [
            Selection(
                f"... on {p.name}",
                f"... on {p.name}",
                self._object(p, depth - 1, renamed),
                on=p.name,
            )
            for p in possible
        ]

    def _connection(self, kind: GraphQLObjectType, depth: int) -> list[Selection]:
        """totalCount, pageInfo, edges { cursor node }, and nodes: a connection is one hop."""
        found = [Selection("__typename", "__typename")]
        for name, definition in sorted(kind.fields.items()):
            coordinate = f"{kind.name}.{name}"
            inner = get_named_type(definition.type)
            if is_leaf_type(inner):
                found.append(Selection(coordinate, name, structural=True))
            elif name == "edges":
                assert isinstance(inner, GraphQLObjectType)
                edge = [Selection("__typename", "__typename")]
                for edge_name, edge_field in sorted(inner.fields.items()):
                    edge_kind = get_named_type(edge_field.type)
                    sub = f"{inner.name}.{edge_name}"
                    children = [] if is_leaf_type(edge_kind) else self._composite(edge_kind, depth)
                    edge.append(Selection(sub, edge_name, children, structural=True))
                found.append(Selection(coordinate, name, edge, structural=True))
            else:  # pageInfo, nodes: what the node selection has, once more, one level deep
                inside = self._composite(inner, 1)
                found.append(Selection(coordinate, name, inside, structural=True))
        return found

    def _arguments(self, parent: str, name: str, definition: GraphQLField) -> str:
        given: list[str] = []
        for arg_name, arg in definition.args.items():
            wanted = _required(arg) or OPTIONAL_VALUES.get((parent, name)) == arg_name
            if arg_name in ("first",) or wanted:
                given.append(f"{arg_name}: {self._value(arg_name, arg.type)}")
                self.filled.add(f"{parent}.{name}({arg_name})")
        return f"({', '.join(given)})" if given else ""

    def _value(self, name: str, kind: GraphQLInputType) -> str:
        if isinstance(kind, GraphQLNonNull):
            kind = kind.of_type
        if name in NAMED_VALUES:
            return json.dumps(NAMED_VALUES[name])
        if isinstance(kind, GraphQLList):
            return f"[{self._value(name, kind.of_type)}]"
        if isinstance(kind, GraphQLEnumType):
            return next(iter(kind.values))
        if isinstance(kind, GraphQLInputObjectType):
            parts = [
                f"{k}: {self._value(k, v.type)}"
                for k, v in kind.fields.items()
                if (kind.name, k) in OPTIONAL_FIELDS or _required(v)
            ]
            return f"{{{', '.join(parts)}}}"
        simple = {"String": '"x"', "Int": "1", "Float": "1.0", "Boolean": "false"}
        if kind.name == "ID":
            raise Unfillable(f"argument {name}: an id of what?")
        if kind.name in simple:
            return simple[kind.name]
        if kind.name == "Date":
            return '"2026-11-02"'
        if kind.name == "DateTime":
            return '"2026-11-02T03:00:00+00:00"'
        raise Unfillable(f"argument {name}: {kind}")


def _required(arg: GraphQLArgument | GraphQLInputField) -> bool:
    # graphql-core 3.3 keeps an introspected default in ``default``, older ones in default_value
    has_default = getattr(arg, "default", None) is not None or arg.default_value is not Undefined
    return isinstance(arg.type, GraphQLNonNull) and not has_default


def _is_connection(kind: GraphQLObjectType) -> bool:
    return {"edges", "pageInfo"} <= set(kind.fields)
