"""Lay out a fetched subtree as the answer: response keys in selection order, values in the
fields' wire form, masks judged row by row as schema.masking judges them.

Each recipe is turned once into a list of (key, function) pairs, so that laying out a row is a
dict built from calls, not a walk over the recipe."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from policies.masks import hidden_reason
from schema.planned.recipe import Out, Recipe
from schema.relay import encode_cursor

Raw = dict[str, Any]
Maker = Callable[[Raw, Raw | None, Any], Any]  # (row, its parent, context) -> answer


def build(recipe: Recipe, raw: Raw, parent: Raw | None, ctx: Any) -> dict[str, Any]:
    if recipe.emits and recipe.outs:  # a person handed out; the planner always fetches its id
        ctx.reads.emit_person(raw["id"])
    return {key: make(raw, parent, ctx) for key, make in _compiled(recipe)}


def _compiled(recipe: Recipe) -> list[tuple[str, Maker]]:
    if recipe.makers is None:
        recipe.makers = [(o.key, _maker(o, recipe)) for o in recipe.outs]
    makers: list[tuple[str, Maker]] = recipe.makers
    return makers


def _maker(out: Out, recipe: Recipe) -> Maker:
    make = _unmasked(out)
    if not out.masks:
        return make
    masks, by_parent = out.masks, recipe.masks_owned_by_parent

    def masked(raw: Raw, parent: Raw | None, ctx: Any) -> Any:
        owner = (parent or {}) if by_parent else raw
        if hidden_reason(ctx.principal, masks, SimpleNamespace(**raw), SimpleNamespace(**owner)):
            return None
        return make(raw, parent, ctx)

    return masked


def _unmasked(out: Out) -> Maker:
    kind = out.kind
    if kind == "leaf":
        value = out.value
        assert value is not None
        return lambda raw, _parent, ctx: value(raw, ctx)
    if kind == "typename":
        text = out.text
        return lambda _raw, _parent, _ctx: text
    recipe = out.recipe
    if kind == "part":
        assert recipe is not None
        return lambda raw, _parent, ctx: build(recipe, raw, None, ctx)
    child = out.child
    if kind == "ref":
        assert recipe is not None
        return lambda raw, _p, ctx: (
            None if raw[child] is None else build(recipe, raw[child], raw, ctx)
        )
    page = out.page
    assert page is not None
    if kind == "list":
        assert recipe is not None
        return lambda raw, _p, ctx: [build(recipe, r, raw, ctx) for r in raw[child][: page.limit]]
    return lambda raw, _p, ctx: _connection(out, raw[child], raw, ctx)


def _connection(out: Out, rows: list[Raw], parent: Raw, ctx: Any) -> dict[str, Any]:
    page = out.page
    assert page is not None
    shown = rows[: page.limit]
    cursors = [encode_cursor(page.offset + i) for i in range(len(shown))]
    answer: dict[str, Any] = {}
    for part in out.parts:
        if part.kind == "typename":
            answer[part.key] = part.text
        elif part.kind == "total":
            answer[part.key] = parent[part.child]
        elif part.kind == "nodes":
            assert part.recipe is not None
            answer[part.key] = [build(part.recipe, row, parent, ctx) for row in shown]
        elif part.kind == "edges":
            answer[part.key] = [
                _edge(part, row, cursor, parent, ctx)
                for row, cursor in zip(shown, cursors, strict=True)
            ]
        else:
            info = {
                "hasNextPage": len(rows) > page.limit,
                "hasPreviousPage": page.offset > 0,
                "startCursor": cursors[0] if cursors else None,
                "endCursor": cursors[-1] if cursors else None,
            }
            answer[part.key] = {p.key: info.get(p.text, p.text) for p in part.parts}
    return answer


def _edge(part: Out, row: Raw, cursor: str, parent: Raw, ctx: Any) -> dict[str, Any]:
    edge: dict[str, Any] = {}
    for p in part.parts:
        if p.kind == "typename":
            edge[p.key] = p.text
        elif p.kind == "cursor":
            edge[p.key] = cursor
        else:
            assert p.recipe is not None
            edge[p.key] = build(p.recipe, row, parent, ctx)
    return edge
