"""The export downloads: ``/admin/export/<list>?format=csv|xlsx&<list filters>``, for the lists
offences, persons, cases, warrants and notices.

Each opens only for those the policy grants ``export`` on the list's object (the guard in
web.admin.pages); the list pages link here with their current filters (the
``admin/exports/links.html`` macro), and only for those. The file is the list read again through
the API's query by ``resolvers.exports.export``, which also audits it. These are plain HTTP GETs
with the session cookie, so a script of an authorised user can fetch them too.
"""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response

from db.clock import PHNOM_PENH
from db.errors import Forbidden, InvalidArgument, InvalidInput
from resolvers import exports
from web.admin.context import view_context
from web.admin.forms import Form
from web.admin.pages import page
from web.admin.render import render
from web.admin.views.exports.list_filters import BY_KIND
from web.admin.views.records.graph_reads import read


async def download(request: Request, kind: str) -> Response:
    form = Form(values=dict(request.query_params))
    fmt = form.text("format") or "csv"
    if fmt not in exports.FORMATS:
        form.add("format", f"must be one of {', '.join(exports.FORMATS)}")
    today = request.app.state.clock.now().astimezone(PHNOM_PENH).date()
    wanted, order = BY_KIND[kind](form, today)
    if form.errors:
        problems = [f"{name}: {', '.join(found)}" for name, found in form.errors.items()]
        return _failed(request, kind, form, "; ".join(problems))
    async with view_context(request, operation=f"export {kind}") as ctx:
        try:
            done = await exports.export(ctx, kind, reader=read, filter=wanted, order=order, fmt=fmt)
        except Forbidden as error:  # the list reaches beyond the export scope: say so
            return _failed(request, kind, form, str(error), status_code=403)
        except (InvalidArgument, InvalidInput) as error:
            return _failed(request, kind, form, str(error))
    name = exports.filename(done, fmt)
    return Response(
        exports.WRITERS[fmt](done),
        media_type=exports.CONTENT_TYPES[fmt],
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )


def _failed(
    request: Request, kind: str, form: Form, message: str, status_code: int = 400
) -> Response:
    """Bad filters, a list too long, or one reaching beyond what the user may export (a
    provincial chief reads every province's warrants but exports only the own province's): the
    reason, and the way back to the list as it was."""
    # an empty status stays: on the warrant list it means "any status", its absence "active"
    kept = {
        k: v for k, v in form.values.items() if k not in ("format", "page") and (v or k == "status")
    }
    back = f"/admin/{kind}" + (f"?{urlencode(kept)}" if kept else "")
    return render(
        request, "admin/exports/failed.html", status_code=status_code, message=message, back=back
    )


@page("/export/offences", needs=(("offence", "export"),), name="exports_offences")
async def export_offences(request: Request) -> Response:
    return await download(request, "offences")


@page("/export/persons", needs=(("person", "export"),), name="exports_persons")
async def export_persons(request: Request) -> Response:
    return await download(request, "persons")


@page("/export/cases", needs=(("case", "export"),), name="exports_cases")
async def export_cases(request: Request) -> Response:
    return await download(request, "cases")


@page("/export/warrants", needs=(("warrant", "export"),), name="exports_warrants")
async def export_warrants(request: Request) -> Response:
    return await download(request, "warrants")


@page("/export/notices", needs=(("notice", "export"),), name="exports_notices")
async def export_notices(request: Request) -> Response:
    return await download(request, "notices")
