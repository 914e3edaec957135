"""What the offence form says while it is filled in: whether the entry will be late, and which
details (drug, traffic) the chosen offence type carries."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from policies.lifecycle import ENTRY_DEADLINE, entry_timing
from resolvers.offence_checks import DRUG_UNITS
from web.admin.context import view_context
from web.admin.forms import Form
from web.admin.pages import page
from web.admin.render import render
from web.admin.views.records import geo

ENTRY = (("offence", "create"), ("offence", "update"), ("offence", "correct"))


def lateness(form: Form, now: datetime) -> dict[str, Any] | None:
    """How late the entry is, as the API will mark it (policies.lifecycle): a new entry is
    timed now, a corrected one from when it was recorded (the form's ``recordedAt``)."""
    if form.errors.get("occurredAt"):
        return None
    probe = Form(values={k: form.get(k) for k in ("occurredAt", "recordedAt")})
    occurred, recorded = probe.moment("occurredAt"), probe.moment("recordedAt")
    if occurred is None:
        return None
    timing = entry_timing(occurred, recorded or now, historical=False)
    if not timing["late"]:
        return None
    return {
        "hours": timing["delay_seconds"] // 3600,
        "deadline": int(ENTRY_DEADLINE.total_seconds() // 3600),
    }


@page("/offences/timing", needs=ENTRY, name="offences_timing")
async def timing(request: Request) -> Response:
    form = Form(values=dict(request.query_params))
    late = lateness(form, request.app.state.clock.now())
    return render(request, "admin/offences/_timing.html", late=late)


@page("/offences/details", needs=ENTRY, name="offences_details")
async def details(request: Request) -> Response:
    """The drug and traffic fieldsets, shown (and sent) only for an offence type of that kind."""
    form = Form(values=dict(request.query_params))
    async with view_context(request) as ctx:
        kind = geo.kind_of(await geo.offence_types(ctx), form.get("typeCode"))
    return render(
        request, "admin/offences/_details.html", form=form, kind=kind, units=sorted(DRUG_UNITS)
    )
