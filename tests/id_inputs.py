"""Every id a mutation takes, found by introspecting the live schema, and the means to send one.

An id argument is any mutation argument or input-object field (lists and nested inputs
included) whose type is ``ID`` or whose name ends in ``Id``/``Ids``. Nothing here lists them:
a mutation or input field added later is found the day it is added.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graphql.utilities import introspection_from_schema

Types = dict[str, dict[str, Any]]


@dataclass(frozen=True)
class Step:
    name: str
    is_list: bool


@dataclass(frozen=True)
class IdArgument:
    mutation: str
    path: tuple[Step, ...]  # the argument, then the input fields down to the id

    @property
    def field(self) -> str:
        return self.path[-1].name

    @property
    def label(self) -> str:
        return f"{self.mutation}(" + ".".join(s.name + "[]" * s.is_list for s in self.path) + ")"


def introspect(strawberry_schema: Any) -> Types:
    result = introspection_from_schema(strawberry_schema._schema)
    return {t["name"]: t for t in result["__schema"]["types"]}


def unwrap(ref: Mapping[str, Any]) -> tuple[str, bool]:
    """A type reference's named type, and whether a list wraps it."""
    is_list = False
    while ref["kind"] in ("NON_NULL", "LIST"):
        is_list = is_list or ref["kind"] == "LIST"
        ref = ref["ofType"]
    return ref["name"], is_list


def type_text(ref: Mapping[str, Any]) -> str:
    if ref["kind"] == "NON_NULL":
        return type_text(ref["ofType"]) + "!"
    if ref["kind"] == "LIST":
        return "[" + type_text(ref["ofType"]) + "]"
    return str(ref["name"])


def _is_id(name: str, named: str) -> bool:
    return named in ("ID", "GlobalID") or name.endswith(("Id", "Ids"))


def _walk(
    types: Types, mutation: str, path: tuple[Step, ...], ref: Any, seen: frozenset[str]
) -> list[IdArgument]:
    named, is_list = unwrap(ref)
    path = (*path[:-1], Step(path[-1].name, is_list))
    kind = types[named]["kind"]
    if kind == "INPUT_OBJECT" and named not in seen:  # a recursive input is walked once
        return [
            found
            for field in types[named]["inputFields"]
            for found in _walk(
                types, mutation, (*path, Step(field["name"], False)), field["type"], seen | {named}
            )
        ]
    if kind == "SCALAR" and _is_id(path[-1].name, named):
        return [IdArgument(mutation, path)]
    return []


def id_arguments(types: Types) -> list[IdArgument]:
    return [
        found
        for field in types["Mutation"]["fields"]
        for arg in field["args"]
        for found in _walk(
            types, field["name"], (Step(arg["name"], False),), arg["type"], frozenset()
        )
    ]


def node_types(
    arg: IdArgument, types: Types, declared: Mapping[str, tuple[str, ...]]
) -> tuple[str, ...]:
    """Which object types an id argument names: declared by its base input, else the longest
    tail of its name that is an object type (``subjectPersonId`` → Person)."""
    if arg.field in declared:
        return declared[arg.field]
    words = re.findall(r"[A-Z]?[a-z0-9]+", re.sub(r"Ids?$", "", arg.field))
    for start in range(len(words)):
        name = "".join(w[0].upper() + w[1:] for w in words[start:])
        if types.get(name, {}).get("kind") == "OBJECT":
            return (name,)
    return ()


def _selection(types: Types, name: str, depth: int) -> str:
    """Failures in full (two levels of fields); successes by name only, since they differ by
    what was written and are not what is compared."""
    kind = types[name]
    if kind["kind"] == "UNION":
        members = " ".join(
            f"... on {p['name']} {{ {_selection(types, p['name'], depth)} }}"
            for p in kind["possibleTypes"]
        )
        return f"__typename {members}"
    fields = {f["name"]: f for f in kind["fields"] or []}
    if "message" not in fields or depth == 0:
        return "__typename"
    parts = ["__typename"]
    for field in fields.values():
        if any(a["type"]["kind"] == "NON_NULL" for a in field["args"]):
            continue
        named, _ = unwrap(field["type"])
        if types[named]["kind"] in ("SCALAR", "ENUM"):
            parts.append(field["name"])
        elif depth > 1:
            parts.append(f"{field['name']} {{ {_selection(types, named, depth - 1)} }}")
    return " ".join(parts)


def document(types: Types, mutation: str, variables: Mapping[str, Any]) -> str:
    field = next(f for f in types["Mutation"]["fields"] if f["name"] == mutation)
    args = [a for a in field["args"] if a["name"] in variables]
    declared = ", ".join(f"${a['name']}: {type_text(a['type'])}" for a in args)
    passed = ", ".join(f"{a['name']}: ${a['name']}" for a in args)
    named, _ = unwrap(field["type"])
    head = f"mutation ({declared})" if declared else "mutation"
    return f"{head} {{ {mutation}({passed}) {{ {_selection(types, named, 2)} }} }}"


def put(variables: Mapping[str, Any], arg: IdArgument, value: str) -> dict[str, Any]:
    """The variables with ``value`` at the argument's place: a list of ids becomes ``[value]``,
    a list of input objects carries it in its first element, which the base input must have."""
    out = copy.deepcopy(dict(variables))
    holder: Any = out
    for step in arg.path[:-1]:
        if step.name not in holder:
            raise KeyError(f"{arg.label}: the base input has no {step.name!r} to carry the id")
        holder = holder[step.name]
        if step.is_list:
            if not holder:
                raise KeyError(f"{arg.label}: the base input's {step.name!r} list is empty")
            holder = holder[0]
    last = arg.path[-1]
    holder[last.name] = [value] if last.is_list else value
    return out
