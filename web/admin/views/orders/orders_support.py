"""What the warrant, notice, operation and validation screens share: ids, scoped reads of one
row, the reference lists their selects offer, list pages, and turning a refused operation into
the page that explains it.

Every read goes through the same scoped loaders and ``resolvers.reading`` as the GraphQL API;
every write is a resolver call. Nothing here decides who may do what.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement
from sqlmodel import col, select
from starlette.requests import Request
from starlette.responses import Response
from strawberry.relay import GlobalID

from db import paging
from db import tables as t
from db.clock import PHNOM_PENH
from db.errors import (
    EcrimeError,
    Forbidden,
    InvalidInput,
    NotFound,
    RecordLocked,
    StaleVersion,
)
from policies.scope import reachable
from resolvers import reading
from resolvers.context import Context
from web.admin.forms import Form
from web.admin.render import render

PAGE_SIZE = 20


def gid(type_name: str, ident: int | None) -> str:
    """The API's id for a row (what every resolver input takes)."""
    return str(GlobalID(type_name, str(ident))) if ident is not None else ""


def path_id(request: Request) -> int | None:
    try:
        return int(request.path_params["id"])
    except (KeyError, ValueError):
        return None


def row_id(value: str, type_name: str) -> int | None:
    """A row id from the API's id, as forms carry it; None when it is not one."""
    try:
        found = GlobalID.from_id(value)
    except (ValueError, TypeError):
        return None
    if found.type_name != type_name or not found.node_id.isdigit():
        return None
    return int(found.node_id)


def today(ctx: Context) -> date:
    return ctx.clock.now().astimezone(PHNOM_PENH).date()


async def visible(ctx: Context, model: type[Any], ident: object, key: str = "id") -> Any:
    """One row through the read scope (the loader GraphQL's ``node`` uses); None if unseen."""
    if ident is None:
        return None
    return await ctx.loaders.row(model, key).load(ident)


async def may_update(ctx: Context, model: type[Any], ident: int) -> bool:
    """Whether the data layer's update scope reaches this row: decides which actions a page
    offers (the resolver still judges each change)."""
    stmt = select(model).where(reachable(ctx.principal, "update", model), col(model.id) == ident)
    return bool(await ctx.run(paging.fetch_page, stmt=stmt, page=paging.Page(limit=1)))


async def provinces(ctx: Context) -> list[tuple[str, str]]:
    rows = await reading.list_page(
        ctx, t.Province, where=(), order_by=(col(t.Province.code),), page=paging.Page(limit=100)
    )
    return [(r.code, f"{r.name_latin} · {r.name_km}") for r in rows]


async def units(ctx: Context, province_code: str | None) -> list[tuple[str, str]]:
    where = [col(t.Unit.province_code) == province_code] if province_code else []
    rows = await reading.list_page(
        ctx, t.Unit, where=where, order_by=(col(t.Unit.code),), page=paging.Page(limit=200)
    )
    return [(gid("Unit", r.id), f"{r.code} · {r.name_en}") for r in rows]


async def ministries(ctx: Context) -> list[tuple[str, str]]:
    rows = await reading.list_page(
        ctx, t.Ministry, where=(), order_by=(col(t.Ministry.code),), page=paging.Page(limit=100)
    )
    return [(r.code, f"{r.code} · {r.name_en}") for r in rows]


@dataclass(frozen=True)
class PersonLabel:
    """A person's name as a list or page shows it. The row goes to the template with it, where
    rendering records the person as read (web.admin.render)."""

    row: t.Person

    def __str__(self) -> str:
        row = self.row
        latin = f"{row.family_name_latin} {row.given_name_latin}".strip()
        khmer = f"{row.family_name_km} {row.given_name_km}".strip()
        born = f" ({row.birth_year})" if row.birth_year else ""
        return " · ".join(part for part in (latin, khmer) if part) + born

    def __bool__(self) -> bool:
        return bool(str(self))


def person_label(row: t.Person | None) -> PersonLabel | str:
    return "" if row is None else PersonLabel(row)


@dataclass(frozen=True)
class Record:
    """What a correction form shows of the record it corrects, taken before the change: a
    refused change rolls the session back, and the loaded row expires with it."""

    id: int
    number: str = ""

    @classmethod
    def of(cls, row: Any) -> Record:
        return cls(id=row.id, number=getattr(row, "number", ""))


@dataclass(frozen=True)
class Listing:
    rows: list[Any]
    number: int  # the page shown, from 1
    total: int
    has_next: bool

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))


async def listing(
    ctx: Context,
    model: type[Any],
    *,
    where: Sequence[ColumnElement[bool]],
    order_by: Sequence[Any],
    number: int,
) -> Listing:
    """One page of a list, as ``schema.relay.table_connection`` reads it."""
    number = max(1, number)
    page = paging.Page(limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE)
    rows = await reading.list_page(ctx, model, where=where, order_by=order_by, page=page)
    total = await reading.count(ctx, model, where=where)
    return Listing(
        rows=rows[:PAGE_SIZE], number=number, total=total, has_next=len(rows) > PAGE_SIZE
    )


def page_number(request: Request) -> int:
    raw = request.query_params.get("page", "1")
    return int(raw) if raw.isdigit() and int(raw) > 0 else 1


def query_without(request: Request, *names: str) -> str:
    """The list's query string without ``names`` (to build page and sort links)."""
    kept = [(k, v) for k, v in request.query_params.multi_items() if k not in names and v]
    from urllib.parse import urlencode

    return urlencode(kept)


def missing(request: Request) -> Response:
    return render(request, "admin/warrants/missing.html", status_code=404)


@dataclass(frozen=True)
class Refusal:
    """Why an operation was refused: shown again on the form (``page`` None) with a status and
    perhaps the API's message, or a page of its own (not found, not allowed)."""

    status_code: int
    message: str | None = None
    page: Response | None = None


def refusal(request: Request, error: EcrimeError, form: Form) -> Refusal:
    """Problems beside the fields (422); a record locked or changed meanwhile, with the API's
    message (409); not found (404) or not allowed (403) as pages of their own."""
    if isinstance(error, InvalidInput):
        form.absorb(error)
        return Refusal(422)
    if isinstance(error, RecordLocked | StaleVersion):
        return Refusal(409, str(error))
    if isinstance(error, NotFound):
        return Refusal(404, page=missing(request))
    if isinstance(error, Forbidden):
        return Refusal(403, page=render(request, "admin/refused.html", status_code=403))
    raise error
