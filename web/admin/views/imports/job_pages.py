"""A running or finished import: its page, the progress fragment htmx polls every second while
it runs, and the report of the rows it did not write, as CSV. Only the user who started the job
(or a user administrator) sees it; to anyone else it does not exist (404)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from resolvers.imports.kinds import KINDS
from resolvers.imports.report import report_csv
from web.admin.pages import page
from web.admin.render import render
from web.admin.views.imports.jobs import JOBS, Job
from web.admin.views.imports.upload import IMPORT, MODES


def _job(request: Request) -> Job | None:
    return JOBS.visible(request.path_params["id"], request.state.principal)


def _missing(request: Request) -> Response:
    return render(request, "admin/imports/missing.html", status_code=404)


@page("/imports/jobs/{id}", needs=IMPORT, name="imports_job")
async def imports_job(request: Request) -> Response:
    job = _job(request)
    if job is None:
        return _missing(request)
    return render(
        request,
        "admin/imports/job.html",
        job=job,
        label=KINDS[job.kind].label,
        mode=dict(MODES)[job.mode],
    )


@page("/imports/jobs/{id}/progress", needs=IMPORT, name="imports_progress")
async def imports_progress(request: Request) -> Response:
    job = _job(request)
    if job is None:
        return _missing(request)
    response = render(request, "admin/imports/_progress.html", job=job)
    response.headers["Vary"] = "HX-Request"
    return response


@page("/imports/jobs/{id}/report.csv", needs=IMPORT, name="imports_report")
async def imports_report(request: Request) -> Response:
    job = _job(request)
    if job is None or job.report is None:
        return _missing(request)
    stem = job.filename.rsplit(".", 1)[0] or "import"
    return Response(
        report_csv(job.report.problems),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{stem}.report.csv"',
            "Cache-Control": "no-store",
        },
    )
