"""The write guard: no protected row is flushed unless the policy allows the row as written.

Updates load their row through ``scope(principal, "update", …)``, which judges the row as it
was; this session hook judges what is written — each new row (create) and each changed row in
its new state (update, or the action named in ``session.info["write_action"]``, e.g. a granted
correction) — whatever code path made it. So a specialist can neither create a record in
another province nor move one there. Sessions without a principal in ``session.info`` are
system work (migrations, the demo loader, test factories) and are not judged.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from policies.domains import PROTECTED
from policies.principal import Principal
from policies.scope import row_allows
from resolvers.errors import Forbidden

PRINCIPAL_KEY = "principal"
WRITE_ACTION_KEY = "write_action"


def _judge_new_rows(session: Session, _context: Any, _instances: Any) -> None:
    principal = session.info.get(PRINCIPAL_KEY)
    if not isinstance(principal, Principal):
        return
    for row in session.new:
        model = type(row)
        if model in PROTECTED and not row_allows(principal, "create", model, row):
            raise Forbidden(f"not allowed: create {PROTECTED[model].resource} here")
    action = session.info.get(WRITE_ACTION_KEY, "update")
    for row in session.dirty:
        model = type(row)
        if (
            model in PROTECTED
            and session.is_modified(row)
            and not row_allows(principal, action, model, row)
        ):
            raise Forbidden(f"not allowed: {action} {PROTECTED[model].resource} to this")


event.listen(Session, "before_flush", _judge_new_rows)
