"""Plans kept across requests: clients send the same few queries, with different variables.

A plan depends on the selection (the field nodes of a parsed document, which schema's parser
cache keeps the same objects from request to request), on the values of the variables used
inside that selection (page sizes, @include conditions) and on the page-size limit, never on
the caller: scope and masks are applied when a plan is run. The nodes are kept with the entry
so that their ids cannot be reused by another document while it lives.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import Any

from graphql import FragmentSpreadNode, Node, VariableNode
from graphql.execution.collect_fields import FieldDetailsList

from schema.planned.recipe import Plan

PLANS_KEPT = 1024


def _children(node: Node) -> Iterator[Node]:
    for key in node.keys:
        value = getattr(node, key, None)
        if isinstance(value, Node):
            yield value
        elif isinstance(value, tuple | list):
            yield from (v for v in value if isinstance(v, Node))


def variables_in(nodes: tuple[Node, ...], fragments: dict[str, Any]) -> frozenset[str]:
    """The variables read below these fields (not by their own arguments: ``node(id: $id)``
    picks the object, not its plan), through the fragments they spread."""
    found: set[str] = set()
    seen: set[str] = set()
    stack: list[Node] = [s for n in nodes if (s := getattr(n, "selection_set", None)) is not None]
    while stack:
        node = stack.pop()
        if isinstance(node, VariableNode):
            found.add(node.name.value)
            continue
        if isinstance(node, FragmentSpreadNode) and node.name.value not in seen:
            seen.add(node.name.value)
            fragment = fragments.get(node.name.value)
            if fragment is not None:
                stack.append(fragment.definition)
        stack.extend(_children(node))
    return frozenset(found)


class PlanCache:
    def __init__(self, size: int = PLANS_KEPT) -> None:
        self.size = size
        self._plans: OrderedDict[Any, tuple[tuple[Node, ...], Plan | None]] = OrderedDict()
        self._names: dict[tuple[int, ...], tuple[tuple[Node, ...], frozenset[str]]] = {}
        self.misses = 0  # plans made, for tests and a curious operator

    def plan(
        self,
        execution: Any,
        type_name: str,
        details: FieldDetailsList,
        max_page_size: int,
        make: Callable[[], Plan | None],
    ) -> Plan | None:
        if any(d.fragment_variable_values is not None for d in details):
            return make()  # fragment arguments (experimental): not worth a key
        nodes = tuple(d.node for d in details)
        ids = tuple(map(id, nodes))
        named = self._names.get(ids)
        if named is None:
            if len(self._names) >= self.size:
                self._names.clear()
            named = self._names[ids] = (nodes, variables_in(nodes, execution.fragments))
        values = execution.variable_values.coerced
        used = tuple(
            (name, json.dumps(values.get(name), sort_keys=True, default=str))
            for name in sorted(named[1])
        )
        key = (id(execution.schema), type_name, ids, used, max_page_size)
        found = self._plans.get(key)
        if found is not None:
            self._plans.move_to_end(key)
            return found[1]
        plan = make()
        self.misses += 1
        self._plans[key] = (nodes, plan)
        if len(self._plans) > self.size:
            self._plans.popitem(last=False)
        return plan


PLANS = PlanCache()
