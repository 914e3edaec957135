"""graphql-core's execution, except that a planned object is answered by one statement.

When the executor reaches an object of a planned type (schema.planned.shapes) whose whole
selection the planner can answer, the object's subtree is fetched as one JSON statement per
batch of siblings (db.trees, batched by the loaders) and laid out directly, instead of
resolving and completing every field below it. Anything else, and every database but
PostgreSQL, takes graphql-core's usual path. The objects themselves were read by the ordinary
resolvers (scope and errors stay theirs); only what lies below them is planned.

Every object the answer holds passes here or through a plan's layout (schema.planned.build), so
both record the persons they hand out in the request's read log (resolvers.read_log).
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLObjectType, GraphQLResolveInfo
from graphql.execution.collect_fields import FieldDetailsList
from graphql.pyutils import Path
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from db.trees import wire_row
from resolvers.read_log import emits
from schema.planned.build import build
from schema.planned.cache import PLANS
from schema.planned.plan import Planner
from schema.planned.recipe import Plan
from schema.planned.shapes import shape_of


class PlannedExecution(StrawberryGraphQLCoreExecutionContext):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._plans: dict[tuple[str, int], tuple[FieldDetailsList, Plan | None]] = {}
        self._planning = bool(getattr(self.context_value, "plans_reads", False))

    def complete_object_value(
        self,
        return_type: GraphQLObjectType,
        field_details_list: FieldDetailsList,
        info: GraphQLResolveInfo[Any],
        path: Path,
        result: Any,
        position_context: Any,
    ) -> Any:
        self._emit(return_type, field_details_list, result)
        plan = self._plan_for(return_type, field_details_list, result) if self._planning else None
        if plan is None:
            return super().complete_object_value(
                return_type, field_details_list, info, path, result, position_context
            )
        if not plan.level.children:  # all it needs is on the row the resolver read
            return build(
                plan.recipe, wire_row(result.row, plan.level.columns), None, self.context_value
            )
        return self._answer(plan, result.row.id)

    def _emit(self, return_type: GraphQLObjectType, details: FieldDetailsList, result: Any) -> None:
        """Record a person handed out; one whose selection is empty (a fragment on another
        type) hands out nothing. The collection is graphql-core's own, memoised."""
        row = getattr(result, "row", None)
        if emits(type(row)) and self.collect_subfields(return_type, details).grouped_field_set:
            self.context_value.reads.emit_row(row)

    def _plan_for(
        self, return_type: GraphQLObjectType, details: FieldDetailsList, result: Any
    ) -> Plan | None:
        shape = shape_of(return_type.name)
        if (
            shape is None
            or shape.model is None
            or "id" not in shape.model.__table__.c
            or not isinstance(getattr(result, "row", None), shape.model)
        ):
            return None
        key = (return_type.name, id(details))
        cached = self._plans.get(key)
        if cached is None:
            limit = self.context_value.max_page_size
            plan = PLANS.plan(
                self,
                return_type.name,
                details,
                limit,
                lambda: Planner(self, limit).plan(return_type, details),
            )
            # Kept with the details, as graphql-core keeps them, so that their id is not reused.
            cached = self._plans[key] = (details, plan)
        return cached[1]

    async def _answer(self, plan: Plan, row_id: Any) -> Any:
        ctx = self.context_value
        raw = await ctx.loaders.tree(plan.level).load(row_id)
        if raw is None:
            return None
        return build(plan.recipe, raw, None, ctx)
