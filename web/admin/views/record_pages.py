"""Answers shared by the record pages (offences, cases, history): missing and refused."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from web.admin.render import render


def not_found(request: Request) -> Response:
    """No such record, or none the caller may see: the two look the same (as in the API)."""
    return render(request, "admin/offences/not_found.html", status_code=404)


def refused(request: Request) -> Response:
    return render(request, "admin/refused.html", status_code=403)
