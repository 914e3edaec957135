"""The audit trail viewer (administration): filtered, paged entries with their details, and the
chain's verification status.

The same reads as GraphQL's auditEntries / auditChainStatus (resolvers.audit): every search is
itself recorded. Verifying walks the whole chain (db.audit.verify, as ``ecrime audit verify``
does), so it runs when asked for, not on every page load.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from db.audit import AuditFilter
from resolvers import audit, token_consent
from web.admin.context import view_context
from web.admin.forms import Form
from web.admin.i18n import N_
from web.admin.pages import page
from web.admin.render import render

NEEDS = (("audit", "read"),)
PAGE_SIZE = 50
OUTCOMES = ("ok", "denied", "failed")
FILTERS = ("actor", "action", "objectType", "objectId", "outcome", "from", "to")
TOKEN_LABEL = re.compile(r" #(\d+)$")  # Principal.token_label
TOKEN_EVENTS = ("token.create", "token.consent", "token.decline")


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
        used = {row.id: _token_id(row.token_name) for row in shown}
        made = await token_consent.provenance(ctx, [i for i in used.values() if i is not None])
    query = {k: v for k, v in form.values.items() if k in FILTERS and v}
    return render(
        request,
        "admin/audit/list.html",
        form=form,
        rows=shown,
        details={row.id: _pretty(row.details) for row in shown},
        notes=_notes(shown, used, made),
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


def _token_id(label: str | None) -> int | None:
    found = TOKEN_LABEL.search(label or "")
    return int(found.group(1)) if found else None


@dataclass(frozen=True)
class TokenNote:
    """ "made by X for Y, consented by Y at T": beside an entry made with a token made for
    another user, and beside the making, acceptance or refusal of one."""

    maker: str
    owner: str
    state: str  # made, awaiting, consented, declined
    when: datetime | None = None


def _notes(
    rows: list[Any], used: dict[int, int | None], made: dict[int, token_consent.Provenance]
) -> dict[int, TokenNote]:
    notes = {}
    for row in rows:
        token = made.get(used[row.id] or 0)
        if token is not None and token.made_by and token.made_by != token.owner:
            notes[row.id] = TokenNote(
                token.made_by, token.owner or "?", "consented", token.consented_at
            )
        if row.action in TOKEN_EVENTS and (event := _event(row.action, row.details)):
            notes[row.id] = event
    return notes


def _event(action: str, details: str) -> TokenNote | None:
    try:
        found = json.loads(details)
    except ValueError:
        return None
    if not isinstance(found, dict) or not found.get("made_by"):
        return None
    state = {"token.consent": "consented", "token.decline": "declined"}.get(action)
    state = state or ("awaiting" if found.get("awaiting_consent") else "made")
    at = found.get("consented_at")
    when = datetime.fromisoformat(at) if isinstance(at, str) and state == "consented" else None
    return TokenNote(str(found["made_by"]), str(found.get("owner") or "?"), state, when)


def _pretty(details: str) -> str:
    try:
        return json.dumps(json.loads(details), indent=2, ensure_ascii=False, sort_keys=True)
    except ValueError:
        return details
