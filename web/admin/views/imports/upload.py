"""The upload page (``/imports``): choose a kind and a mode, upload a CSV or XLSX file, and the
import runs as a background task (web.admin.views.imports.jobs) under the uploader's principal.

The page opens to whoever may create warrants, offences or persons; each kind asks the policy
for its own ``create`` before it starts, and then the resolvers' scope judges every row (a row
for a province the user may not enter is reported, not written).
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import FileResponse, Response

from db.engine import Database
from db.errors import InvalidArgument
from policies.authorize import allowed
from resolvers.imports.batches import Mode
from resolvers.imports.files import Table, read_table
from resolvers.imports.kinds import KINDS
from resolvers.imports.report import Report
from web.admin.context import request_context
from web.admin.forms import Form
from web.admin.i18n import N_
from web.admin.pages import go, page
from web.admin.render import render
from web.admin.views.imports.jobs import JOBS, Job

IMPORT = tuple((kind.resource, "create") for kind in KINDS.values())
MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # some 100,000 rows of court orders
MODES = (
    (Mode.ALL_OR_NOTHING.value, N_("All or nothing: write nothing if any row has a problem")),
    (Mode.VALID_ROWS.value, N_("Valid rows: write the good rows, report the others")),
)


def _kinds(request: Request) -> list[tuple[str, str]]:
    """The kinds this user may import: the policy's ``create`` on each kind's resource."""
    principal = request.state.principal
    return [(k.name, k.label) for k in KINDS.values() if allowed(principal, "create", k.resource)]


def _form_page(request: Request, form: Form, status: int = 200) -> Response:
    return render(
        request,
        "admin/imports/upload.html",
        status_code=status,
        form=form,
        kinds=_kinds(request),
        modes=MODES,
        max_mb=MAX_UPLOAD_BYTES // (1024 * 1024),
    )


@page("/imports", needs=IMPORT, name="imports_upload", menu=N_("Import"), menu_order=90)
async def imports_upload(request: Request) -> Response:
    form = Form(values={"kind": "court-orders", "mode": Mode.ALL_OR_NOTHING.value})
    return _form_page(request, form)


@page("/imports", needs=IMPORT, methods=("POST",), name="imports_start")
async def imports_start(request: Request) -> Response:
    form = await Form.read(request)
    kind, mode = form.text("kind"), form.text("mode")
    if kind not in dict(_kinds(request)):
        form.add("kind", N_("Choose a kind of record you may enter."))
    if mode not in (m.value for m in Mode):
        form.add("mode", N_("Choose a mode."))
    try:
        table = await _table(form)
    finally:
        for upload in form.files.values():
            await upload.close()
    if not form.ok or table is None:
        return _form_page(request, form, status=422)
    job = Job(
        user_id=request.state.principal.user_id,
        kind=kind,
        mode=mode,
        filename=form.files["file"].filename or "",
        total=len(table.rows),
    )
    JOBS.start(job, _work(request, job, table))
    return go(request, f"/admin/imports/jobs/{job.id}")


async def _table(form: Form) -> Table | None:
    """The uploaded file's rows; a problem with the file is noted on the form's ``file``."""
    upload = form.files.get("file")
    if upload is None:
        form.add("file", N_("Choose a .csv or .xlsx file."))
        return None
    suffix = Path(upload.filename or "").suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        form.add("file", N_("Choose a .csv or .xlsx file."))
        return None
    content = await upload.read(MAX_UPLOAD_BYTES + 1)
    if len(content) > MAX_UPLOAD_BYTES:
        form.add("file", N_("The file is larger than the limit; split it into several files."))
        return None
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(content)
        try:
            return await asyncio.to_thread(read_table, path)
        except (InvalidArgument, UnicodeDecodeError, ValueError, KeyError, OSError) as error:
            form.add("file", N_("The file cannot be read:"))
            form.add("file", str(error))
            return None


def _work(request: Request, job: Job, table: Table) -> Coroutine[Any, Any, Report]:
    """The import, on a session of its own that outlives the request (its context is built
    now, while the request is at hand)."""
    database: Database = request.app.state.database
    session = database.sessions()
    ctx = request_context(request, session, operation=f"import {job.kind}")

    async def run() -> Report:
        try:
            return await KINDS[job.kind].importer(
                ctx, table, mode=Mode(job.mode), progress=job.progress
            )
        finally:
            await session.close()

    return run()


@page("/imports/templates/{kind}", needs=IMPORT, name="imports_template")
async def imports_template(request: Request) -> Response:
    kind = KINDS.get(request.path_params["kind"])
    if kind is None:
        return render(request, "admin/imports/missing.html", status_code=404)
    return FileResponse(
        kind.template,
        media_type="text/csv; charset=utf-8",
        filename=kind.template.name,
    )
