"""Every filtered or ordered list of the live schema, as queries: the generator of the checks.

From introspection of the schema the tests run (tests.conftest.SCHEMA): every field, at the root
or one level below a root field, that takes a ``filter`` input or an order enum (``...Order``).
Each field of each filter input becomes a term; its values are the enum's values, or values
sampled from the world (visible and hidden rows alike), and every order value is asked too. A
filter input field with no way to sample values fails the test by name, so a new term is never
silently left out.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from graphql import (
    GraphQLArgument,
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    get_named_type,
)

from db import tables as t
from tests.oracle_perturb import Snapshot

# Values a filter needs besides the term under test: beyond one's own province a person search
# must state a purpose (resolvers.searching); without one every search is refused alike.
COMPANIONS: dict[str, dict[str, Any]] = {
    "PersonFilterInput": {"purpose": "non-interference check"},
}
# Required arguments that are not enums (the parent of a nested list: province(code: ...)).
REQUIRED_ARGS: dict[str, list[Any]] = {"code": ["12", "17"]}
FIRST = 20  # more than any list of the world holds, so every id shows
# Filtered lists not checked here, and why.
EXCLUDED = {
    # Admins read all of the trail, and the checks' own person searches write to it.
    "auditEntries": "the audit trail: admins only, and written by the checks themselves",
}


@dataclass(frozen=True)
class Target:
    path: tuple[str, ...]  # ("province", "offences"): parent field, then the filtered field
    parent: GraphQLField | None
    field: GraphQLField
    filter_type: GraphQLInputObjectType | None
    order_arg: str | None


@dataclass
class Case:
    target: Target
    term: str  # "role", "orderBy=NEWEST", "(none)"
    arguments: dict[str, Any]
    parent_arguments: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"{'.'.join(self.target.path)}[{self.term}]"


def _unwrap(kind: Any) -> Any:
    return kind.of_type if isinstance(kind, GraphQLNonNull) else kind


def _is_list(kind: Any) -> bool:
    return isinstance(_unwrap(kind), GraphQLList)


def _filtering(f: GraphQLField) -> tuple[GraphQLInputObjectType | None, str | None] | None:
    found_filter = found_order = None
    for name, arg in f.args.items():
        named = get_named_type(arg.type)
        if name == "filter" and isinstance(named, GraphQLInputObjectType):
            found_filter = named
        if isinstance(named, GraphQLEnumType) and named.name.endswith("Order"):
            found_order = name
    return (found_filter, found_order) if found_filter or found_order else None


def targets(schema: GraphQLSchema) -> list[Target]:
    """Each filtered field once: at the root, or under the cheapest root field reaching its
    type (one object, province(code:), rather than a list of them, provinces)."""
    root = schema.query_type
    assert root is not None
    found: dict[tuple[str, str], Target] = {}
    for name, f in root.fields.items():
        if (how := _filtering(f)) and name not in EXCLUDED:
            found[(root.name, name)] = Target((name,), None, f, *how)
        parent = get_named_type(f.type)
        if not isinstance(parent, GraphQLObjectType) or isinstance(parent, GraphQLInterfaceType):
            continue
        if "edges" in parent.fields:
            continue  # a connection's nodes are reached by node(id) and their own roots
        for child_name, child in parent.fields.items():
            how = _filtering(child)
            known = found.get((parent.name, child_name))
            if how and (known is None or (_is_list(known.parent.type) and not _is_list(f.type))):  # type: ignore[union-attr]
                found[(parent.name, child_name)] = Target((name, child_name), f, child, *how)
    return list(found.values())


def _dates(snap: Snapshot, kind: str) -> list[Any]:
    found: set[Any] = set()
    for rows in snap.rows.values():
        for row in rows:
            for value in vars(row).values():
                if isinstance(value, datetime):
                    found.add(value if kind == "DateTime" else value.date())
                elif isinstance(value, date) and kind == "Date":
                    found.add(value)
    return sorted(found)


def _by_column(snap: Snapshot, name: str) -> list[Any]:
    """Values of any world column named like the input field (provinceCodes: province_code)."""
    snake = "".join(f"_{c.lower()}" if c.isupper() else c for c in name)
    wanted = {snake, snake.removesuffix("s")}
    return sorted(
        {v for (_m, column), pool in snap.pools.items() if column in wanted for v in pool if v}
    )


def samples(snap: Snapshot) -> dict[str, list[Any]]:
    """Sample values for filter fields whose names say no column (names, prefixes, reasons)."""
    names = [p.family_name_latin for p in snap.rows[t.Person]]
    names += [f"{p.given_name_latin} {p.family_name_latin}" for p in snap.rows[t.Person][:3]]
    iccs = sorted({code[:n] for code in snap.pools[(t.Offence, "iccs_code")] for n in (2, 4)})
    cases = [c.number for c in snap.rows[t.Case]]
    return {
        "name": names,
        "documentNumber": [d.number for d in snap.rows[t.IdentityDocument]],
        "categories": iccs,
        "iccsPrefix": iccs,
        "nationalTypes": snap.pools[(t.Offence, "type_code")],
        "purpose": [*cases, "a reason of more than ten characters"],
    }


def term_values(snap: Snapshot, owner: str, name: str, kind: Any) -> list[Any]:
    named = get_named_type(kind)
    if isinstance(named, GraphQLEnumType):
        values: list[Any] = list(named.values)
    elif isinstance(named, GraphQLScalarType) and named.name in ("Date", "DateTime"):
        values = [v.isoformat() for v in _dates(snap, named.name)]
    elif isinstance(named, GraphQLScalarType) and named.name == "Boolean":
        values = [True, False]
    else:
        values = samples(snap).get(name) or _by_column(snap, name)
    assert values, f"no sample values for {owner}.{name}: add them to tests/oracle_queries.py"
    return [[v] for v in values] if _is_list(kind) else values


def _base_choices(f: GraphQLField, skip: set[str]) -> dict[str, list[Any]]:
    """Values for the field's other required arguments (a measure, a grouping)."""
    found: dict[str, list[Any]] = {}
    for name, arg in f.args.items():
        if name in skip or not isinstance(arg.type, GraphQLNonNull) or _has_default(arg):
            continue
        named = get_named_type(arg.type)
        if not isinstance(named, GraphQLEnumType):
            assert name in REQUIRED_ARGS, f"no values for argument {name}: add to REQUIRED_ARGS"
            found[name] = REQUIRED_ARGS[name]
            continue
        values = list(named.values)
        found[name] = [[], *([v] for v in values)] if _is_list(arg.type) else values
    return found


def _has_default(arg: GraphQLArgument) -> bool:
    from graphql.pyutils import Undefined

    return arg.default_value is not Undefined


def cases(target: Target, snap: Snapshot, rng: random.Random, per_term: int) -> list[Case]:
    """One principal's cases for a target: ``per_term`` sampled values of every term, and
    every order (alone and with a sampled term); other required arguments sampled too."""
    skip = {"filter", "first", "after", *([target.order_arg] if target.order_arg else [])}
    base = _base_choices(target.field, skip)
    parent = _base_choices(target.parent, set()) if target.parent else {}
    found: list[Case] = []

    def add(term: str, filter_value: dict[str, Any] | None, order: Any = None) -> None:
        arguments = {name: rng.choice(values) for name, values in base.items()}
        if "first" in target.field.args:
            arguments["first"] = FIRST
        if filter_value is not None:
            arguments["filter"] = filter_value
        if order is not None:
            arguments[str(target.order_arg)] = order
        parent_arguments = {n: rng.choice(v) for n, v in parent.items()}
        found.append(Case(target, term, arguments, parent_arguments))

    terms: list[tuple[str, Any]] = []
    if target.filter_type is not None:
        owner = target.filter_type.name
        companions = COMPANIONS.get(owner, {})
        for name, input_field in target.filter_type.fields.items():
            values = term_values(snap, owner, name, input_field.type)
            for value in rng.sample(values, min(per_term, len(values))):
                terms.append((name, {**companions, name: value}))
        for name, value in terms:
            add(name, value)
    if target.order_arg is not None:
        kind = get_named_type(target.field.args[target.order_arg].type)
        assert isinstance(kind, GraphQLEnumType)
        plain = COMPANIONS.get(target.filter_type.name, {}) if target.filter_type else {}
        for order in kind.values:
            add(f"{target.order_arg}={order}", dict(plain) if target.filter_type else None, order)
            if terms:
                name, value = rng.choice(terms)
                add(f"{target.order_arg}={order}+{name}", value, order)
    return found


def selection(kind: Any, depth: int = 0) -> str:
    named = get_named_type(kind)
    if not isinstance(named, GraphQLObjectType):
        return ""
    if "edges" in named.fields:
        node = get_named_type(named.fields["edges"].type)
        assert isinstance(node, GraphQLObjectType)
        return (
            "{ totalCount edges { cursor node { id } } "
            "pageInfo { hasNextPage hasPreviousPage startCursor endCursor } }"
        )
    parts = []
    for name, f in named.fields.items():
        if any(isinstance(a.type, GraphQLNonNull) for a in f.args.values()):
            continue
        inner = get_named_type(f.type)
        if isinstance(inner, GraphQLScalarType | GraphQLEnumType):
            parts.append(name)
        elif depth == 0 and isinstance(inner, GraphQLObjectType) and not f.args:
            sub = selection(f.type, depth + 1)
            if sub:
                parts.append(f"{name} {sub}")
    return "{ " + " ".join(parts) + " }" if parts else ""


def document(batch: list[Case]) -> tuple[str, dict[str, Any]]:
    """One query for several cases, each under its own alias, arguments as variables."""
    declared: list[str] = []
    variables: dict[str, Any] = {}
    fields: list[str] = []

    def bind(f: GraphQLField, values: dict[str, Any]) -> str:
        parts = []
        for name, value in values.items():
            var = f"v{len(variables)}"
            variables[var] = value
            declared.append(f"${var}: {f.args[name].type}")
            parts.append(f"{name}: ${var}")
        return f"({', '.join(parts)})" if parts else ""

    for i, case in enumerate(batch):
        target = case.target
        inner = (
            f"{target.path[-1]}{bind(target.field, case.arguments)} {selection(target.field.type)}"
        )
        if target.parent is None:
            fields.append(f"q{i}: {inner}")
        else:
            key = "code" if "code" in get_named_type(target.parent.type).fields else "id"  # type: ignore[union-attr]
            args = bind(target.parent, case.parent_arguments)
            fields.append(f"q{i}: {target.path[0]}{args} {{ {key} {inner} }}")
    head = f"query Oracle({', '.join(declared)})" if declared else "query Oracle"
    return head + " { " + " ".join(fields) + " }", variables
