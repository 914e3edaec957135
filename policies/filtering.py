"""Filters, orders and traversals compiled over the columns the caller may read.

A condition that tests data the caller may not see is an oracle: ``persons(filter: {role:
VICTIM}) { totalCount }`` counting a victim of a case the caller cannot read tells them who the
victim is, without one hidden row leaving the database. So every filter term (db.filters) is
compiled here for one principal, and the caller's scope for each related table it reads, and the
SQL form of the mask on each masked column it reads (policies.masks), are ANDed into the term
itself: it can only ever match on what the caller can see. Sort keys on a masked column sort
its hidden values as nulls. A traversal that follows a masked link (from a person to their
cases, through the participations naming them) keeps only the links the caller may see.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, and_, case, null, select, true
from sqlmodel import col

from db.filters import Filter, Sort
from db.relations import Expr, Relation
from policies.domains import CHILDREN, REFERENCE
from policies.masks import column_masks
from policies.principal import Principal
from policies.scope import scope


def _owner(column: Any) -> type[Any]:
    owner: type[Any] = column.class_
    return owner


def readable(principal: Principal, column: Any) -> ColumnElement[bool]:
    """Rows (already in scope) whose value of ``column`` the caller may see: its masks' SQL."""
    model = _owner(column)
    shows = [mask.shows(principal, model) for mask in column_masks(model, column.key)]
    return and_(true(), *shows)


def _within(model: type[Any], listed: type[Any], via: Any) -> bool:
    """Rows of ``model`` that belong to the listed row through ``via`` share its scope."""
    child = CHILDREN.get(model)
    return child is not None and child.parent is listed and child.key is via


def _term(principal: Principal, listed: type[Any], reads: Sequence[Any], via: Any) -> list[Any]:
    """The conditions that go with a term: scope and masks of what it reads."""
    home = listed if via is None else _owner(via)
    guard: list[Any] = []
    if home is not listed and not _within(home, listed, via):
        guard.append(scope(principal, "read", home))
    for column in (*reads, *(() if via is None else (via,))):
        model = _owner(column)
        if model is home:
            guard.append(readable(principal, column))
        elif model not in REFERENCE:
            raise TypeError(f"a term on {listed.__name__} reads {model.__name__} without a link")
    return guard


def where(principal: Principal, wanted: Filter) -> list[ColumnElement[bool]]:
    """The filter's given terms as SQL for this caller; AND them with the listed table's scope."""
    listed = wanted.LISTED
    found: list[ColumnElement[bool]] = []
    for term, value in wanted.given():
        guard = _term(principal, listed, term.reads, term.via)
        test = term.test(value)
        if term.via is None:
            found.append(and_(test, *guard))
        else:
            linked = select(col(term.via)).where(test, *guard)
            found.append(col(listed.id).in_(linked))
    return found


def order_by(principal: Principal, listed: type[Any], sorts: Sequence[Sort]) -> tuple[Expr, ...]:
    keys: list[Expr] = []
    for sort in sorts:
        model = _owner(sort.reads)
        key = col(sort.reads) if sort.key is None else sort.key
        if model is not listed and not (model in CHILDREN and CHILDREN[model].parent is listed):
            raise TypeError(f"an order on {listed.__name__} reads {model.__name__}")
        if column_masks(model, sort.reads.key):
            key = case((readable(principal, sort.reads), key), else_=null())
        keys.append(key.desc() if sort.descending else key)
    return tuple(keys)


def relation_scope(principal: Principal, relation: Relation) -> ColumnElement[bool]:
    """The scope of a relation's rows, and, where it follows a masked link, only visible links."""
    visible = scope(principal, "read", relation.model)
    if relation.link is None or relation.linked is None:
        return visible
    return and_(visible, relation.linked(readable(principal, relation.link)))
