"""The GraphQL schema: thin types over resolvers/, with the OWASP limits switched on."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass

import strawberry
from graphql import FieldNode, OperationDefinitionNode
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
)
from strawberry.tools import merge_types

from schema.admin_query import AdminQuery
from schema.cost import cost_rule
from schema.duplicates import DuplicatesQuery
from schema.errors import MaskedSchema
from schema.planned.execution import PlannedExecution
from schema.query import RecordsQuery
from schema.read_audit import WriteReads
from schema.relay import TableNode
from schema.types.analysis import AnalysisQuery
from schema.types.employment import EmploymentQuery
from schema.types.geo import Commune, District, Province
from schema.types.hits import HitsQuery, Subscription
from schema.types.orders import Notice, Operation, Warrant
from schema.types.org import Ministry, OffenceCategory, OffenceType, Unit, User
from schema.types.persons import Person
from schema.types.records import Case, CaseParticipant, Offence
from schema.types.review import ReviewQuery
from schema.types.validations import ValidationsQuery
from schema.validation_cache import PassedQueries, ValidationCache

Query = merge_types(
    "Query",
    (
        RecordsQuery,
        AdminQuery,
        ReviewQuery,
        EmploymentQuery,
        ValidationsQuery,
        HitsQuery,
        DuplicatesQuery,
        AnalysisQuery,
    ),
)

NODE_TYPES: list[type[TableNode]] = [
    Case,
    CaseParticipant,
    Commune,
    District,
    Ministry,
    Notice,
    Offence,
    OffenceCategory,
    OffenceType,
    Operation,
    Person,
    Province,
    Unit,
    User,
    Warrant,
]


@dataclass(frozen=True)
class Limits:
    max_depth: int = 15
    max_aliases: int = 15
    max_tokens: int = 2000
    max_objects: int = 100_000  # estimated objects in one answer (schema.cost)
    max_page: int = 100


class CloseSession(SchemaExtension):
    """Return the request's connection to the pool as soon as the operation is done."""

    async def on_operation(self) -> AsyncIterator[None]:
        try:
            yield
        finally:
            context = self.execution_context.context
            session = getattr(context, "session", None)
            if session is not None and getattr(context, "owns_session", False):
                await session.close()


class NameOperation(SchemaExtension):
    """Tell the context which root fields this operation runs, so that a refused mutation's
    audit entry says which one it was ("mutation updateOffence"), not just "mutation"."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context.context
        document = self.execution_context.graphql_document
        if hasattr(context, "operation") and document is not None:
            names = [
                selection.name.value
                for definition in document.definitions
                if isinstance(definition, OperationDefinitionNode)
                for selection in definition.selection_set.selections
                if isinstance(selection, FieldNode)
            ]
            kind = self.execution_context.operation_type.value
            context.operation = f"{kind} {','.join(names)}" if names else kind
        yield


def build_schema(limits: Limits = Limits(), *, mask_errors: bool = True) -> strawberry.Schema:
    from schema.mutation import Mutation

    passed = PassedQueries()
    extensions: list[Callable[[], SchemaExtension]] = [
        lambda: QueryDepthLimiter(max_depth=limits.max_depth),
        lambda: MaxAliasesLimiter(max_alias_count=limits.max_aliases),
        lambda: MaxTokensLimiter(max_token_count=limits.max_tokens),
        lambda: AddValidationRules([cost_rule(limits.max_objects, limits.max_page)]),
        lambda: ParserCache(maxsize=512),
        lambda: ValidationCache(passed),
        CloseSession,
        NameOperation,
        WriteReads,  # after CloseSession: hooks end in reverse, so it writes before the close
    ]
    return MaskedSchema(
        mask=mask_errors,
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=NODE_TYPES,
        execution_context_class=PlannedExecution,
        extensions=extensions,
    )
