"""Validate each distinct query text once per schema: most clients send a handful of queries.

Validation (the OWASP limits, the cost estimate, GraphQL's own rules) depends on the document
and the schema's limits alone, never on variables or the caller, so a text that passed once
passes again. Only passing texts are kept, in a bounded LRU per schema (two schemas may have
different limits): a flood of distinct or invalid queries costs what it did before and cannot
grow memory. Listed after the limiters, so that a miss validates with all their rules.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator

from strawberry.extensions import SchemaExtension

MAX_TEXTS = 512


class PassedQueries:
    def __init__(self, size: int = MAX_TEXTS) -> None:
        self.size = size
        self._texts: OrderedDict[str, None] = OrderedDict()

    def __contains__(self, query: str) -> bool:
        if query in self._texts:
            self._texts.move_to_end(query)
            return True
        return False

    def add(self, query: str) -> None:
        self._texts[query] = None
        if len(self._texts) > self.size:
            self._texts.popitem(last=False)


class ValidationCache(SchemaExtension):
    def __init__(self, passed: PassedQueries) -> None:
        self.passed = passed

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        query = context.query
        known = query is not None and query in self.passed
        if known:
            context.pre_execution_errors = []  # strawberry skips validating a checked document
        yield
        if query is not None and not known and context.pre_execution_errors == []:
            self.passed.add(query)
