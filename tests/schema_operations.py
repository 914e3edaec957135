"""One operation per root field of the live schema, with minimal valid-looking arguments.

Tests that must hold for "every query, mutation and subscription" enumerate them here, so a root
field added later is covered without editing them. Each operation declares a variable for every
required argument (its value built from the argument's type: a global id for an ID, the first
value of an enum, an input object's required fields, one element of a list) and selects
``__typename`` of a composite result. ``problems`` says which of them the schema would refuse to
run, so a test can be sure that what refuses an operation is the rule under test.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    get_named_type,
    is_composite_type,
    parse,
    validate,
)
from graphql.execution.values import get_variable_values
from graphql.pyutils import Undefined
from strawberry.relay import GlobalID

SCALARS: dict[str, Any] = {
    "ID": str(GlobalID("Person", "1")),
    "String": "probe value of twenty",  # long enough for fields with a minimum (purposes, reasons)
    "Int": 1,
    "Float": 1.0,
    "Boolean": True,
    "DateTime": "2026-11-01T00:00:00+00:00",
    "Date": "2026-11-01",
    "Decimal": "1",
    "JSON": {},
}


@dataclass(frozen=True)
class Probe:
    kind: str  # query, mutation, subscription
    field: str
    document: str
    variables: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"{self.kind} {self.field}"


def sample(kind: GraphQLInputType) -> Any:
    if isinstance(kind, GraphQLNonNull):
        return sample(kind.of_type)
    if isinstance(kind, GraphQLList):
        return [sample(kind.of_type)]
    if isinstance(kind, GraphQLEnumType):
        return next(iter(kind.values))
    if isinstance(kind, GraphQLInputObjectType):
        return {
            name: sample(part.type)
            for name, part in kind.fields.items()
            if isinstance(part.type, GraphQLNonNull) and part.default_value is Undefined
        }
    assert isinstance(kind, GraphQLScalarType)
    return SCALARS[kind.name]


def _probe(kind: str, name: str, root: GraphQLObjectType) -> Probe:
    found = root.fields[name]
    required = {
        arg: spec
        for arg, spec in found.args.items()
        if isinstance(spec.type, GraphQLNonNull) and spec.default_value is Undefined
    }
    declared = ", ".join(f"${arg}: {spec.type}" for arg, spec in required.items())
    passed = ", ".join(f"{arg}: ${arg}" for arg in required)
    selection = " { __typename }" if is_composite_type(get_named_type(found.type)) else ""
    document = (
        f"{kind} Probe{f'({declared})' if required else ''} "
        f"{{ {name}{f'({passed})' if required else ''}{selection} }}"
    )
    return Probe(kind, name, document, {arg: sample(spec.type) for arg, spec in required.items()})


def probes(
    schema: GraphQLSchema, kinds: tuple[str, ...] = ("query", "mutation", "subscription")
) -> list[Probe]:
    roots = {
        "query": schema.query_type,
        "mutation": schema.mutation_type,
        "subscription": schema.subscription_type,
    }
    return [
        _probe(kind, name, root)
        for kind in kinds
        if (root := roots[kind]) is not None
        for name in root.fields
    ]


def problems(schema: GraphQLSchema, probe: Probe) -> list[str]:
    """Why the schema would not run ``probe``: validation errors, variables it cannot coerce."""
    document = parse(probe.document)
    errors = [error.message for error in validate(schema, document)]
    if errors:
        return errors
    operation = document.definitions[0]
    definitions = operation.variable_definitions or ()  # type: ignore[attr-defined]
    coerced = get_variable_values(schema, definitions, probe.variables)
    return [error.message for error in coerced] if isinstance(coerced, list) else []
