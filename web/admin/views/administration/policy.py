"""The access policy editor (administration): its lines, adding and removing one after a preview
of whom the change affects, and the simulator ("can X do Y on Z, and why").

The same operations as GraphQL's addPolicyRule / removePolicyRule / explainAccess
(resolvers.policy); the preview is resolvers.policy_preview. Nothing here caches the policy:
every process picks a change up within a second (policies/store.py).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from db.errors import InvalidInput, NotFound
from policies.domains import DOMAINS
from policies.vocabulary import ACTIONS, EFFECTS, OBJECTS, POLICY_DOMAINS, RANKS
from resolvers import policy, policy_preview
from web.admin.context import view_context
from web.admin.forms import Form
from web.admin.i18n import N_
from web.admin.pages import go, page
from web.admin.render import render

NEEDS = (("policies", "administer"),)
P_FIELDS = ("subject", "domain", "object", "action", "minRank", "effect")
G_FIELDS = ("member", "role")
VOCABULARY = {
    "domain": sorted(POLICY_DOMAINS),
    "object": sorted(OBJECTS),
    "action": sorted(ACTIONS),
    "minRank": sorted(RANKS),
    "effect": sorted(EFFECTS),
}


def _rule(form: Form) -> tuple[str, ...]:
    """The line a form describes, as the API's input takes it (ptype and its values)."""
    ptype = form.text("ptype")
    names = G_FIELDS if ptype == "g" else P_FIELDS
    return (ptype, *(form.text(name) for name in names))


def _rule_id(request: Request) -> int:
    try:
        return int(request.path_params["id"])
    except ValueError:
        return 0


async def _index(request: Request, form: Form | None = None, status_code: int = 200) -> Response:
    async with view_context(request) as ctx:
        rows = await policy.list_rules(ctx)
    if form is None:
        form = Form(values={"ptype": "p", "minRank": "-", "effect": "allow"})
    try:
        added = int(request.query_params.get("added", ""))
    except ValueError:
        added = None
    return render(
        request,
        "admin/policy/index.html",
        status_code=status_code,
        permissions=[r for r in rows if r.ptype == "p"],
        assignments=[r for r in rows if r.ptype == "g"],
        form=form,
        vocabulary=VOCABULARY,
        added=added,
        done=request.query_params.get("done"),
    )


@page("/policy", needs=NEEDS, name="policy_index", menu=N_("Access policy"), menu_order=82)
async def policy_index(request: Request) -> Response:
    return await _index(request)


@page("/policy/preview", needs=NEEDS, methods=("POST",), name="policy_preview")
async def policy_add_preview(request: Request) -> Response:
    form = await Form.read(request)
    rule = _rule(form)
    try:
        async with view_context(request) as ctx:
            found = await policy_preview.preview_add(ctx, rule)
    except InvalidInput as error:
        form.absorb(error)
        return await _index(request, form, status_code=422)
    return render(request, "admin/policy/preview.html", preview=found, form=form, row=None)


@page("/policy/add", needs=NEEDS, methods=("POST",), name="policy_add")
async def policy_add(request: Request) -> Response:
    form = await Form.read(request)
    try:
        async with view_context(request, "policy.add") as ctx:
            row = await policy.add_rule(ctx, _rule(form))
    except InvalidInput as error:
        form.absorb(error)
        return await _index(request, form, status_code=422)
    return go(request, f"/admin/policy?added={row.id}#rule-{row.id}")


@page("/policy/{id}/remove", needs=NEEDS, name="policy_remove_preview")
async def policy_remove_preview(request: Request) -> Response:
    try:
        async with view_context(request) as ctx:
            row, found = await policy_preview.preview_remove(ctx, _rule_id(request))
    except NotFound:
        return render(request, "admin/users/missing.html", status_code=404)
    return render(request, "admin/policy/preview.html", preview=found, form=Form(), row=row)


@page("/policy/{id}/remove", needs=NEEDS, methods=("POST",), name="policy_remove")
async def policy_remove(request: Request) -> Response:
    try:
        async with view_context(request, "policy.remove") as ctx:
            await policy.remove_rule(ctx, _rule_id(request))
    except NotFound:
        return render(request, "admin/users/missing.html", status_code=404)
    return go(request, "/admin/policy?done=removed")


@page("/policy/simulate", needs=NEEDS, name="policy_simulate")
async def policy_simulate(request: Request) -> Response:
    form = Form(values=dict(request.query_params))
    answers: list[policy.Explanation] = []
    if form.text("username"):
        try:
            async with view_context(request) as ctx:
                answers = await policy.explain(
                    ctx,
                    username=form.text("username"),
                    action=form.text("action"),
                    obj=form.text("object"),
                    object_id=form.optional("objectId"),
                )
        except InvalidInput as error:
            form.absorb(error)
    wanted = form.text("domain")
    if wanted:
        answers = [a for a in answers if a.domain == wanted]
    return render(
        request,
        "admin/policy/simulate.html",
        status_code=422 if form.errors else 200,
        form=form,
        answers=answers,
        vocabulary=VOCABULARY,
        domains=DOMAINS,
    )
