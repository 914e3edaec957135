"""The audit trail viewer (administration): filtered, paged entries with their details, and the
chain's verification status.

The same reads as GraphQL's auditEntries / auditChainStatus (resolvers.audit): every search is
itself recorded. Verifying walks the whole chain (db.audit.verify, as ``ecrime audit verify``
does), so it runs when asked for, not on every page load.
"""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import Response

from db.audit import AuditFilter
from resolvers import audit
from web.admin.context import view_context
from web.admin.forms import Form
from web.admin.i18n import N_
from web.admin.pages import page
from web.admin.render import render

NEEDS = (("audit", "read"),)
PAGE_SIZE = 50
OUTCOMES = ("ok", "denied", "failed")
FILTERS = ("actor", "action", "objectType", "objectId", "outcome", "from", "to")


@page("/audit", needs=NEEDS, name="audit_list", menu=N_("Audit trail"), menu_order=83)
async def audit_list(request: Request) -> Response:
    form = Form(values=dict(request.query_params))
    where = AuditFilter(
        actor=form.optional("actor"),
        action=form.optional("action"),
        object_type=form.optional("objectType"),
        object_id=form.optional("objectId"),
        outcome=form.optional("outcome"),
        since=form.moment("from"),
        until=form.moment("to"),
    )
    before = form.integer("before")
    async with view_context(request) as ctx:
        rows = await audit.audit_entries(ctx, where, before, PAGE_SIZE)
        total = await audit.count_audit_entries(ctx, where)
    shown = rows[:PAGE_SIZE]
    query = {k: v for k, v in form.values.items() if k in FILTERS and v}
    return render(
        request,
        "admin/audit/list.html",
        form=form,
        rows=shown,
        details={row.id: _pretty(row.details) for row in shown},
        total=total,
        query=query,
        first_page=before is None,
        next_before=shown[-1].id if len(rows) > PAGE_SIZE else None,
        outcomes=[(o, o) for o in OUTCOMES],
        status=None,
    )


@page("/audit/verify", needs=NEEDS, name="audit_verify")
async def audit_verify(request: Request) -> Response:
    """The chain's status; the page's button swaps in just its #chain part (hx-select)."""
    async with view_context(request) as ctx:
        status = await audit.chain_status(ctx)
    return render(request, "admin/audit/verify.html", status=status)


def _pretty(details: str) -> str:
    try:
        return json.dumps(json.loads(details), indent=2, ensure_ascii=False, sort_keys=True)
    except ValueError:
        return details
