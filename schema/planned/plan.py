"""From a selection to a plan: the SQL levels to fetch (db.trees) and how to lay out the answer.

``plan`` walks the selection of one object the way graphql-core would (its own field collection,
so fragments, aliases and @skip/@include mean the same) and either returns a ``Plan`` or None,
in which case the ordinary resolvers answer. It says None for anything it does not know how to
answer exactly as they would: an unknown field, an argument it does not read, a page size the
resolvers would refuse, a mask it cannot judge from columns, a table met twice along one path.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLField, GraphQLList, GraphQLNonNull, GraphQLObjectType, get_named_type
from graphql.execution.collect_fields import FieldDetailsList
from graphql.execution.values import get_argument_values

from db.errors import InvalidArgument
from db.paging import Page
from db.trees import Child, Level
from policies.domains import PROTECTED
from policies.masks import MASKS, FieldMask
from resolvers import read_log
from schema.planned.recipe import (
    JUDGED_FROM_COLUMNS,
    LIST_LIMIT,
    Acc,
    Decline,
    Out,
    Plan,
    Recipe,
    column_leaf,
    computed_leaf,
    snake,
)
from schema.planned.shapes import Calc, Col, Many, Part, Ref, Shape, shape_of
from schema.relay import DEFAULT_PAGE, decode_cursor


class Planner:
    def __init__(self, execution: Any, max_page_size: int) -> None:
        self.execution = execution
        self.max_page_size = max_page_size

    def plan(self, gtype: GraphQLObjectType, details: FieldDetailsList) -> Plan | None:
        shape = shape_of(gtype.name)
        if shape is None or shape.model is None or shape.masks_owned_by_parent:
            return None
        acc = Acc(shape.model, {"id"})
        try:
            recipe = self._recipe(gtype, details, shape, acc, None, frozenset({shape.model}))
        except (Decline, InvalidArgument):
            return None
        return Plan(acc.level(), recipe)

    def _collect(self, gtype: GraphQLObjectType, details: FieldDetailsList) -> Any:
        collected = self.execution.collect_subfields(gtype, details)
        if collected.new_defer_usages:
            raise Decline
        return collected.grouped_field_set

    def _arguments(self, fdef: GraphQLField, details: FieldDetailsList) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for d in details:
            found |= get_argument_values(fdef, d.node, self.execution.variable_values)
        return found

    def _recipe(
        self,
        gtype: GraphQLObjectType,
        details: FieldDetailsList,
        shape: Shape,
        acc: Acc,
        parent: Acc | None,
        path: frozenset[type[Any]],
    ) -> Recipe:
        outs: list[Out] = []
        for key, field_details in self._collect(gtype, details).items():
            name = field_details[0].node.name.value
            if name == "__typename":
                outs.append(Out(key, "typename", text=gtype.name))
                continue
            spec = shape.fields.get(name)
            fdef = gtype.fields.get(name)
            if spec is None or fdef is None:
                raise Decline
            arguments = self._arguments(fdef, field_details)
            masks = MASKS.get(gtype.name, {}).get(snake(name), ())
            if masks:
                self._mask_columns(masks, acc, parent if shape.masks_owned_by_parent else acc)
            out = self._out(key, spec, fdef, field_details, arguments, acc, path)
            out.masks = masks
            outs.append(out)
        return Recipe(outs, shape.masks_owned_by_parent, emits=read_log.emits(shape.model))

    def _mask_columns(self, masks: tuple[FieldMask, ...], row: Acc, owner: Acc | None) -> None:
        if owner is None or any(m not in JUDGED_FROM_COLUMNS for m in masks):
            raise Decline
        for mask in masks:
            if owner.model is not mask.owner:
                raise Decline
            spec = PROTECTED[mask.owner]
            owner.columns.add(spec.province.key)
            if spec.iccs is not None:
                owner.columns.add(spec.iccs.key)
        if "role" in row.model.__table__.c:
            row.columns.add("role")

    def _out(
        self,
        key: str,
        spec: Any,
        fdef: GraphQLField,
        details: FieldDetailsList,
        arguments: dict[str, Any],
        acc: Acc,
        path: frozenset[type[Any]],
    ) -> Out:
        if isinstance(spec, Col | Calc):
            if arguments:
                raise Decline
            if isinstance(spec, Col):
                acc.columns.add(spec.column)
                return Out(key, "leaf", value=column_leaf(spec, fdef.type))
            acc.columns.update(spec.columns)
            return Out(key, "leaf", value=computed_leaf(spec, fdef.type))
        target = get_named_type(fdef.type)
        if not isinstance(target, GraphQLObjectType):
            raise Decline
        if isinstance(spec, Part):
            part = shape_of(spec.type_name)
            assert part is not None
            recipe = self._recipe(target, details, part, acc, None, path)
            return Out(key, "part", recipe=recipe)
        if isinstance(spec, Ref):
            if arguments:
                raise Decline
            acc.columns.add(spec.on)
            child, recipe = self._child(
                target, details, spec.type_name, spec.model, acc, path, aliased=spec.model in path
            )
            acc.children.append(Child(acc.child_key(), child.level(), refers=(spec.on, spec.key)))
            return Out(key, "ref", child=acc.children[-1].key, recipe=recipe)
        assert isinstance(spec, Many)
        if not spec.connection:
            if arguments or not isinstance(_unwrap(fdef.type), GraphQLList):
                raise Decline
            child, recipe = self._child(
                target, details, spec.type_name, spec.relation.model, acc, path
            )
            page = Page(limit=LIST_LIMIT)
            self._add_page(acc, child, spec, page)
            return Out(key, "list", child=acc.children[-1].key, recipe=recipe, page=page)
        return self._connection(key, spec, target, details, arguments, acc, path)

    def _child(
        self,
        gtype: GraphQLObjectType,
        details: FieldDetailsList,
        type_name: str,
        model: type[Any],
        parent: Acc,
        path: frozenset[type[Any]],
        aliased: bool = False,
    ) -> tuple[Acc, Recipe]:
        shape = shape_of(type_name)
        if shape is None or shape.model is not model or gtype.name != type_name:
            raise Decline
        if model in path and not aliased:
            raise Decline
        child = Acc(model, {"id"} if "id" in model.__table__.c else set())
        if aliased:
            child.alias = f"{model.__tablename__}_{len(path)}"
        return child, self._recipe(gtype, details, shape, child, parent, path | {model})

    def _add_page(self, acc: Acc, child: Acc, spec: Many, page: Page) -> None:
        acc.children.append(
            Child(
                acc.child_key(),
                child.level(),
                relation=spec.relation,
                limit=page.limit + 1,
                offset=page.offset,
            )
        )

    def _connection(
        self,
        key: str,
        spec: Many,
        gtype: GraphQLObjectType,
        details: FieldDetailsList,
        arguments: dict[str, Any],
        acc: Acc,
        path: frozenset[type[Any]],
    ) -> Out:
        if set(arguments) - {"first", "after"}:
            raise Decline
        first, after = arguments.get("first"), arguments.get("after")
        limit = DEFAULT_PAGE if first is None else first
        if not 0 <= limit <= self.max_page_size:
            raise Decline
        page = Page(limit=limit, offset=decode_cursor(after) + 1 if after else 0)
        child: Acc | None = None
        parts: list[Out] = []
        node_type = gtype.fields["nodes"].type
        for part_key, part_details in self._collect(gtype, details).items():
            name = part_details[0].node.name.value
            if name == "__typename":
                parts.append(Out(part_key, "typename", text=gtype.name))
            elif name == "pageInfo":
                parts.append(self._page_info(part_key, gtype, part_details))
            elif name in ("edges", "nodes"):
                if name == "edges":
                    edge_type = get_named_type(gtype.fields["edges"].type)
                    assert isinstance(edge_type, GraphQLObjectType)
                    out, child = self._edges(
                        part_key, spec, edge_type, part_details, acc, child, path
                    )
                else:
                    target = get_named_type(node_type)
                    assert isinstance(target, GraphQLObjectType)
                    child, recipe = self._merge(spec, target, part_details, acc, child, path)
                    out = Out(part_key, "nodes", recipe=recipe)
                parts.append(out)
            elif name == "totalCount":
                counted = Child(
                    acc.child_key(), Level(spec.relation.model, ()), spec.relation, counted=True
                )
                acc.children.append(counted)
                parts.append(Out(part_key, "total", child=counted.key))
            else:
                raise Decline
        if child is None:
            child = Acc(spec.relation.model, {"id"})
        self._add_page(acc, child, spec, page)
        return Out(key, "connection", child=acc.children[-1].key, page=page, parts=parts)

    def _merge(
        self,
        spec: Many,
        gtype: GraphQLObjectType,
        details: FieldDetailsList,
        parent: Acc,
        child: Acc | None,
        path: frozenset[type[Any]],
    ) -> tuple[Acc, Recipe]:
        """The connection's rows, however many of edges/nodes select from them."""
        if child is None:
            return self._child(gtype, details, spec.type_name, spec.relation.model, parent, path)
        shape = shape_of(spec.type_name)
        assert shape is not None
        model = spec.relation.model
        return child, self._recipe(gtype, details, shape, child, parent, path | {model})

    def _edges(
        self,
        key: str,
        spec: Many,
        edge_type: GraphQLObjectType,
        details: FieldDetailsList,
        parent: Acc,
        child: Acc | None,
        path: frozenset[type[Any]],
    ) -> tuple[Out, Acc | None]:
        parts: list[Out] = []
        for part_key, part_details in self._collect(edge_type, details).items():
            name = part_details[0].node.name.value
            if name == "__typename":
                parts.append(Out(part_key, "typename", text=edge_type.name))
            elif name == "cursor":
                parts.append(Out(part_key, "cursor"))
            elif name == "node":
                target = get_named_type(edge_type.fields["node"].type)
                assert isinstance(target, GraphQLObjectType)
                child, recipe = self._merge(spec, target, part_details, parent, child, path)
                parts.append(Out(part_key, "node", recipe=recipe))
            else:
                raise Decline
        return Out(key, "edges", parts=parts), child

    def _page_info(self, key: str, gtype: GraphQLObjectType, details: FieldDetailsList) -> Out:
        info_type = get_named_type(gtype.fields["pageInfo"].type)
        assert isinstance(info_type, GraphQLObjectType)
        parts = []
        for part_key, part_details in self._collect(info_type, details).items():
            name = part_details[0].node.name.value
            text = info_type.name if name == "__typename" else name
            parts.append(Out(part_key, "typename" if name == "__typename" else "info", text=text))
        return Out(key, "page_info", parts=parts)


def _unwrap(kind: Any) -> Any:
    return kind.of_type if isinstance(kind, GraphQLNonNull) else kind
