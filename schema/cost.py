"""Refuse queries that could return too many objects, before running them.

Depth, alias and token limits do not bound the size of an answer: a short query that walks
lists inside lists (provinces → districts → province → districts …) multiplies. This rule
estimates, from the query alone, how many objects the answer can hold — each connection counts
its ``first`` (the page maximum when ``first`` is a variable), each plain list a fixed bound —
and refuses the operation when the estimate passes the limit.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLUnionType,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
)

DEFAULT_PAGE = 20
# Plain (unpaged) lists are short: a person's aliases, an offence's persons, a case's events.
# The few longer ones are named with the most they can hold.
LIST_BOUND = 10
LIST_BOUNDS = {
    "provinces": 25,
    "districts": 20,  # the most districts in one province
    "communes": 30,  # the most communes in one district
    "offenceCategories": 100,
    "offenceTypes": 100,
    "nodes": 100,
}


def _unwrap(type_: Any) -> tuple[Any, bool]:
    is_list = False
    while isinstance(type_, GraphQLNonNull | GraphQLList):
        if isinstance(type_, GraphQLList):
            is_list = True
        type_ = type_.of_type
    return type_, is_list


def _page_size(node: FieldNode, max_page: int) -> int:
    for argument in node.arguments or ():
        if argument.name.value == "first":
            if isinstance(argument.value, IntValueNode):
                return max(1, int(argument.value.value))
            return max_page  # a variable: assume the largest page it may ask for
    return DEFAULT_PAGE


class _Estimator:
    def __init__(self, context: ValidationContext, max_page: int) -> None:
        self.context = context
        self.max_page = max_page

    def selection(
        self, selection_set: SelectionSetNode | None, parent: Any, seen: frozenset[str]
    ) -> int:
        if selection_set is None:
            return 0
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self.field(selection, parent, seen)
            elif isinstance(selection, InlineFragmentNode):
                target = parent
                if selection.type_condition is not None:
                    target = self.context.schema.get_type(selection.type_condition.name.value)
                total += self.selection(selection.selection_set, target, seen)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.context.get_fragment(name)
                if fragment is None or name in seen:
                    continue  # unknown or cyclic fragments are other rules' errors
                target = self.context.schema.get_type(fragment.type_condition.name.value)
                total += self.selection(fragment.selection_set, target, seen | {name})
        return total

    def field(self, node: FieldNode, parent: Any, seen: frozenset[str]) -> int:
        if not isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
            return 1
        definition = parent.fields.get(node.name.value)
        if definition is None:
            return 1
        named, is_list = _unwrap(definition.type)
        children = self.selection(node.selection_set, named, seen)
        if parent.name.endswith("Connection") and node.name.value in ("edges", "nodes"):
            return 1 + children  # the connection field already counted its page
        if named is not None and getattr(named, "name", "").endswith("Connection"):
            return 1 + _page_size(node, self.max_page) * max(children, 1)
        if is_list and not isinstance(named, GraphQLUnionType):
            return LIST_BOUNDS.get(node.name.value, LIST_BOUND) * max(children, 1)
        return 1 + children


def cost_rule(max_objects: int, max_page: int) -> type[ValidationRule]:
    class QueryCostRule(ValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
            root = self.context.schema.get_root_type(node.operation)
            estimate = _Estimator(self.context, max_page).selection(
                node.selection_set, root, frozenset()
            )
            if estimate > max_objects:
                self.report_error(
                    GraphQLError(
                        f"query too large: it could return about {estimate:,} objects "
                        f"(limit {max_objects:,}); ask for smaller pages or fewer nested lists",
                        node,
                    )
                )

    return QueryCostRule
