"""Every field path from the Query root that hands out persons, read from the live schema.

A path is a list of steps, each a field and, where the field's type is an interface or a union
(``node``, ``nodes``, ``ReviewRequest.record``), the member type taken. Connections count as
one step (their ``nodes``). A path ends at a field whose type is ``Person`` and passes through
any types on the way, persons included, up to ``DEPTH`` steps. ``document`` turns a path into a
query that selects ``__typename id`` on every person and ``__typename`` on every abstract
member; required arguments come from ``ARGUMENTS``, and a path needing one it lacks is an error,
so a new root field is never skipped silently.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from graphql import (
    GraphQLField,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    Undefined,
    get_named_type,
    is_abstract_type,
)
from strawberry.relay import GlobalID

DEPTH = 4
PAGE = 5
PERSON = "Person"
# (type, field) -> the arguments of the field, from the world (tests.person_world.World) and the
# member type a step takes. Only fields with required arguments, or whose answer would be empty
# without some (a search beyond one's own province states its purpose), need an entry.
Arguments = Callable[[Any, str | None], dict[str, Any]]
ARGUMENTS: dict[tuple[str, str], Arguments] = {
    ("Query", "node"): lambda w, member: {"id": w.global_id(member)},
    ("Query", "nodes"): lambda w, member: {"ids": [w.global_id(member)]},
    ("Query", "province"): lambda w, _m: {"code": w.province},
    ("Query", "persons"): lambda w, _m: {"filter": {"purpose": "emitter coverage check"}},
    ("Query", "likelyDuplicates"): lambda w, _m: {"person": w.probe, "first": 5},
}


@dataclass(frozen=True)
class Step:
    field: str
    member: str | None  # the member type taken, where the field's type is abstract
    connection: bool
    target: str  # the object type reached

    def __str__(self) -> str:
        return f"{self.field}/{self.member}" if self.member else self.field


Path = tuple[Step, ...]


def _target(field: GraphQLField) -> tuple[Any, bool]:
    named = get_named_type(field.type)
    if isinstance(named, GraphQLObjectType) and named.name.endswith("Connection"):
        nodes = named.fields.get("nodes")
        if nodes is not None:
            return get_named_type(nodes.type), True
    return named, False


def person_paths(schema: GraphQLSchema, depth: int = DEPTH) -> list[Path]:
    assert schema.query_type is not None
    found: list[Path] = []

    def walk(parent: GraphQLObjectType, path: Path) -> None:
        if len(path) == depth:
            return
        for name, field in parent.fields.items():
            target, connection = _target(field)
            if is_abstract_type(target):
                members = [(m, m.name) for m in schema.get_possible_types(target)]
            elif isinstance(target, GraphQLObjectType):
                members = [(target, None)]
            else:
                continue
            for member, taken in members:
                step = Step(name, taken, connection, member.name)
                if member.name == PERSON:
                    found.append((*path, step))
                walk(member, (*path, step))

    walk(schema.query_type, ())
    return found


def name(path: Path) -> str:
    return ".".join(map(str, path))


def _literal(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(map(_literal, value)) + "]"
    return json.dumps(value)


def _required(parent: GraphQLObjectType, field: str) -> set[str]:
    args = parent.fields[field].args
    # A client schema keeps defaults as literals (``default``), a server one as values.
    return {
        n
        for n, a in args.items()
        if isinstance(a.type, GraphQLNonNull) and a.default is None and a.default_value is Undefined
    }


def document(schema: GraphQLSchema, path: Path, world: Any) -> str:
    """The query that follows ``path``; raises KeyError naming a required argument it lacks."""
    assert schema.query_type is not None
    parents: list[GraphQLObjectType] = [schema.query_type]
    for step in path[:-1]:
        found = schema.get_type(step.target)
        assert isinstance(found, GraphQLObjectType)
        parents.append(found)
    inner = ""
    for parent, step in reversed(list(zip(parents, path, strict=True))):
        key = (parent.name, step.field)
        given = ARGUMENTS[key](world, step.member) if key in ARGUMENTS else {}
        missing = _required(parent, step.field) - set(given)
        if missing:
            raise KeyError(f"{parent.name}.{step.field} needs {sorted(missing)}: add to ARGUMENTS")
        if step.target == PERSON:
            inner = f"__typename id {inner}".strip()
        if step.member is not None:
            inner = f"... on {step.member} {{ __typename {inner} }}"
        if step.connection:
            inner = f"nodes {{ {inner} }}"
        if step.connection and "first" in parent.fields[step.field].args:
            given.setdefault("first", PAGE)  # small pages keep deep paths under the cost limit
        args = f"({', '.join(f'{k}: {_literal(v)}' for k, v in given.items())})" if given else ""
        inner = f"{step.field}{args} {{ {inner} }}"
    return "{ " + inner + " }"


def objects(value: Any) -> Iterator[dict[str, Any]]:
    """Every object in an answer."""
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from objects(item)
    elif isinstance(value, list):
        for item in value:
            yield from objects(item)


def persons_in(data: Any) -> set[str]:
    """The ids of the persons an answer holds (decoded from their global ids)."""
    return {
        GlobalID.from_id(o["id"]).node_id
        for o in objects(data)
        if o.get("__typename") == PERSON and "id" in o
    }


def reaches_member(data: Any, path: Path) -> bool:
    """Whether the answer holds an object of the last abstract member the path takes (a review
    request's record is an Offence, Person or Case, never the other Node types)."""
    members = [s.member for s in path if s.member is not None]
    return not members or any(o.get("__typename") == members[-1] for o in objects(data))
