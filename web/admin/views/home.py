"""The home page: what needs the signed-in user's attention (issue 6: home per role).

Each section is read through the same resolvers as the API (recent entries and overdue
validations: resolvers.recent_entries; on-time share: resolvers.compliance; review requests:
resolvers.inbox; hits: resolvers.hit_alerts) and appears only when the user's role makes it
meaningful: entry sections for those who enter records, reviews for the review roles, hits for
those alerted to them. An administrator reads no case data and sees shortcuts instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from db.paging import Page
from policies.authorize import allowed
from policies.principal import Principal
from resolvers import compliance, inbox, recent_entries
from resolvers.compliance import ComplianceGroup
from web.admin.context import view_context
from web.admin.i18n import N_
from web.admin.pages import SIGNED_IN, menu_for, page
from web.admin.render import render

ENTERED = ("offence", "person", "case", "warrant", "notice", "operation")
REVIEW_STEPS = ("file_review", "approve_review", "correct")
ADMINISTERED = (("users", "administer"), ("policies", "administer"), ("audit", "read"))
COMPLIANCE_PERIOD = timedelta(days=30)
LISTED = 10


@dataclass(frozen=True)
class Roles:
    """Which sections the user's policy makes meaningful."""

    enters: bool
    reviews: bool
    measures: bool
    alerted: bool
    validates: bool
    administers: bool

    @classmethod
    def of(cls, p: Principal) -> Roles:
        reads_cases = allowed(p, "read", "offence") or allowed(p, "read", "person")
        return cls(
            enters=any(allowed(p, "create", o) for o in ENTERED),
            reviews=any(allowed(p, a, "offence") for a in REVIEW_STEPS),
            measures=allowed(p, "create", "offence") or allowed(p, "file_review", "offence"),
            alerted=reads_cases,
            validates=allowed(p, "update", "warrant") or allowed(p, "update", "notice"),
            administers=not reads_cases and any(allowed(p, a, o) for o, a in ADMINISTERED),
        )


def _share(groups: list[ComplianceGroup], key: str | None) -> ComplianceGroup | None:
    return next((g for g in groups if key is not None and g.key == key), None)


@page("/", needs=SIGNED_IN, name="home", menu=N_("Home"), menu_order=0)
async def home(request: Request) -> Response:
    principal: Principal = request.state.principal
    roles = Roles.of(principal)
    found: dict[str, Any] = {}
    async with view_context(request) as ctx:
        now = ctx.clock.now()
        if roles.enters:
            found["recent"] = await recent_entries.recent_entries(ctx, LISTED)
        if roles.measures:
            since = now - COMPLIANCE_PERIOD
            by_unit = await compliance.entry_compliance(ctx, "unit", since, None)
            by_province = await compliance.entry_compliance(ctx, "province", since, None)
            unit = str(principal.unit_id) if principal.unit_id else None
            found["unit_share"] = _share(by_unit, unit)
            found["province_share"] = _share(by_province, principal.province_code)
        if roles.reviews:
            entries = await inbox.inbox_page(ctx, True, Page(limit=LISTED))
            found["inbox"] = entries[:LISTED]
        if roles.alerted:
            waiting = await recent_entries.hits_to_decide(ctx, LISTED)
            # Shown to those whose units own orders (they enter or keep them), else when a hit
            # does wait for them: a planning head never decides one.
            if waiting or roles.enters or roles.validates:
                found["hits"] = waiting
        if roles.validates:
            found["overdue"] = await recent_entries.overdue_validations(ctx, LISTED)
    shortcuts = [p for p in menu_for(principal) if p.path != "/"] if roles.administers else []
    return render(
        request,
        "admin/home.html",
        roles=roles,
        now=now,
        shortcuts=shortcuts,
        period_days=COMPLIANCE_PERIOD.days,
        recent=found.get("recent"),
        unit_share=found.get("unit_share"),
        province_share=found.get("province_share"),
        inbox=found.get("inbox"),
        hits=found.get("hits"),
        overdue=found.get("overdue"),
    )
