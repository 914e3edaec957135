"""Record history: every version of a record with who changed it, when, and each changed field
before and after, naming the correction grant (and its review request) behind a correction.

It is the API's ``history`` field (resolvers.history over the audit trail), read through the
record's node, so the record must be one the caller may read and masked fields show that they
changed, never their values. One route per kind, each needing ``read`` of that kind.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from strawberry.utils.str_converters import to_snake_case

from web.admin.context import view_context
from web.admin.i18n import N_
from web.admin.pages import View, page
from web.admin.render import render
from web.admin.views.records.graph_reads import global_id, read
from web.admin.views.records.record_pages import not_found


@dataclass(frozen=True)
class Kind:
    path: str  # in /history/{path}/{id}
    type_name: str  # the GraphQL node type
    policy_object: str
    label: str
    record_url: str
    masked: bool = False  # the type lists its hidden fields (``maskedFields``)


KINDS = (
    Kind("person", "Person", "person", N_("person"), "/admin/persons/{id}", masked=True),
    Kind("offence", "Offence", "offence", N_("offence"), "/admin/offences/{id}", masked=True),
    Kind("case", "Case", "case", N_("case"), "/admin/cases/{id}"),
    Kind("warrant", "Warrant", "warrant", N_("warrant"), "/admin/warrants/{id}"),
    Kind("notice", "Notice", "notice", N_("notice"), "/admin/notices/{id}"),
    Kind("operation", "Operation", "operation", N_("operation"), "/admin/operations/{id}"),
)
_MOMENT = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
VERSIONS = """
query($id: ID!) { node(id: $id) { ... on %s {
  %s
  history { version action at by correctionGrantId reviewRequestId
            changes { field before after } }
} } }
"""


def shown(value: str | None) -> str | datetime | None:
    """A value from the history (JSON) as a reader sees it: text without its quotes, and a
    moment as a moment (the page shows it in Phnom Penh time)."""
    if value is None:
        return None
    decoded = json.loads(value)
    if not isinstance(decoded, str):
        return json.dumps(decoded, ensure_ascii=False)
    if _MOMENT.match(decoded):
        return datetime.fromisoformat(decoded)
    return decoded


def _view(kind: Kind) -> View:
    async def history_page(request: Request) -> Response:
        number = request.path_params["id"]
        async with view_context(request) as ctx:
            masks = "maskedFields { field }" if kind.masked else ""
            query = VERSIONS % (kind.type_name, masks)
            data = await read(ctx, query, id=global_id(kind.type_name, number))
        if not data["node"]:
            return not_found(request)
        versions: list[dict[str, Any]] = data["node"]["history"]
        hidden = {to_snake_case(m["field"]) for m in data["node"].get("maskedFields") or []}
        for version in versions:
            version["changes"] = [
                {
                    **change,
                    "before": shown(change["before"]),
                    "after": shown(change["after"]),
                    "withheld": change["field"] in hidden,
                }
                for change in version["changes"]
            ]
        return render(
            request,
            "admin/history/page.html",
            kind=kind,
            number=number,
            record_url=kind.record_url.format(id=number),
            versions=list(reversed(versions)),  # newest first
        )

    history_page.__name__ = f"history_{kind.path}"
    return history_page


for _kind in KINDS:
    page(
        f"/history/{_kind.path}/{{id:int}}",
        needs=((_kind.policy_object, "read"),),
        name=f"history_{_kind.path}",
    )(_view(_kind))
