"""What the record pages (offences, cases, history) share: the pages of their lists, and the
answers "missing" and "refused"."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from schema.relay import encode_cursor
from web.admin.forms import Form
from web.admin.render import render

PAGE_SIZE = 25


@dataclass(frozen=True)
class ListPage:
    """Page ``number`` (from 1) of a list read through a GraphQL connection (``first``/``after``)."""

    number: int

    @classmethod
    def of(cls, form: Form) -> ListPage:
        return cls(max(form.integer("page") or 1, 1))

    @property
    def after(self) -> str | None:
        return encode_cursor((self.number - 1) * PAGE_SIZE - 1) if self.number > 1 else None

    def pager(self, connection: dict[str, Any], form: Form) -> dict[str, Any]:
        """What the list template's pager shows: this page, how many, and the filters kept."""
        return {
            "page_number": self.number,
            "pages": -(-connection["totalCount"] // PAGE_SIZE),
            "has_next": connection["pageInfo"]["hasNextPage"],
            "query": {k: v for k, v in form.values.items() if k != "page" and v},
        }


def not_found(request: Request) -> Response:
    """No such record, or none the caller may see: the two look the same (as in the API)."""
    return render(request, "admin/offences/not_found.html", status_code=404)


def refused(request: Request) -> Response:
    return render(request, "admin/refused.html", status_code=403)
