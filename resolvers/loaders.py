"""DataLoaders: one batched, scoped query per (relation, page, filter) and per table lookup.

The number of statements a request runs depends on the shape of the query, not on how many rows
it returns (tests/test_no_n_plus_one.py counts them).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement
from sqlmodel import col, select
from strawberry.dataloader import DataLoader

from db import paging, photos, summary, trees
from db import tables as t
from db.relations import Relation
from policies.filtering import readable, relation_scope
from policies.scope import scope

if TYPE_CHECKING:
    from resolvers.context import Context


class Loaders:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx
        self._cache: dict[Hashable, DataLoader[Any, Any]] = {}

    def _get(self, key: Hashable, load: Any) -> DataLoader[Any, Any]:
        loader = self._cache.get(key)
        if loader is None:
            loader = self._cache[key] = DataLoader(load_fn=load)
        return loader

    def row(self, model: type[Any], key_name: str = "id") -> DataLoader[Any, Any]:
        """Rows of ``model`` by key, or None where missing or outside the principal's scope."""
        ctx = self._ctx

        async def load(keys: Sequence[Any]) -> list[Any]:
            key = col(getattr(model, key_name))
            stmt = select(model).where(scope(ctx.principal, "read", model))
            found = await ctx.run(
                paging.fetch_by_keys, stmt=stmt, key=key, key_name=key_name, keys=list(keys)
            )
            return [found.get(k) for k in keys]

        return self._get(("row", model, key_name), load)

    def page(
        self,
        relation: Relation,
        page: paging.Page,
        where: Sequence[ColumnElement[bool]] = (),
        where_key: Hashable = (),
    ) -> DataLoader[Any, list[Any]]:
        """Each parent's page of children (with one extra row when there is a next page)."""
        ctx = self._ctx

        async def load(parent_ids: Sequence[Any]) -> list[list[Any]]:
            stmt = relation.select().where(relation_scope(ctx.principal, relation), *where)
            pages = await ctx.run(
                paging.fetch_child_pages,
                stmt=stmt,
                model=relation.model,
                parent_key=relation.parent_key(),
                parent_ids=list(parent_ids),
                order_by=relation.order_by(),
                page=page,
            )
            return [pages.get(parent, []) for parent in parent_ids]

        return self._get(("page", relation.name, page, where_key), load)

    def count(
        self,
        relation: Relation,
        where: Sequence[ColumnElement[bool]] = (),
        where_key: Hashable = (),
    ) -> DataLoader[Any, int]:
        ctx = self._ctx

        async def load(parent_ids: Sequence[Any]) -> list[int]:
            stmt = relation.select().where(relation_scope(ctx.principal, relation), *where)
            counts = await ctx.run(
                paging.count_children,
                stmt=stmt,
                parent_key=relation.parent_key(),
                parent_ids=list(parent_ids),
            )
            return [counts.get(parent, 0) for parent in parent_ids]

        return self._get(("count", relation.name, where_key), load)

    def tree(self, level: trees.Level) -> DataLoader[Any, dict[str, Any] | None]:
        """Each root's subtree (db.trees), in one statement per batch of roots."""
        ctx = self._ctx

        async def load(ids: Sequence[Any]) -> list[dict[str, Any] | None]:
            found = await ctx.run(
                trees.fetch_trees,
                level=level,
                ids=list(ids),
                scope=lambda target: (
                    relation_scope(ctx.principal, target)
                    if isinstance(target, Relation)
                    else scope(ctx.principal, "read", target)
                ),
                # The scope is a function of the principal and the policy snapshot alone.
                scope_key=(ctx.principal, ctx.principal.policy),
            )
            return [found.get(i) for i in ids]

        # Keyed by identity: a plan lives as long as its request, and hashing it costs.
        return self._get(("tree", id(level)), load)

    def case_provinces(self) -> DataLoader[int, list[str]]:
        """Provinces holding cases about each person: summary data, not scoped by case access
        (but a participation naming a masked victim is not one of them)."""
        ctx = self._ctx

        async def load(person_ids: Sequence[int]) -> list[list[str]]:
            links = readable(ctx.principal, t.CaseParticipant.person_id)
            found = await ctx.run(summary.case_provinces, person_ids=list(person_ids), links=links)
            return [found.get(pid, []) for pid in person_ids]

        return self._get(("case_provinces",), load)

    def victims(self) -> DataLoader[int, bool]:
        """Whether each person appears as a victim: the victim-photo mask needs to know."""
        ctx = self._ctx

        async def load(person_ids: Sequence[int]) -> list[bool]:
            found = await ctx.run(photos.victims_among, person_ids=list(person_ids))
            return [pid in found for pid in person_ids]

        return self._get(("victims",), load)
