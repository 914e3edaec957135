"""The write guard: no protected row is flushed unless the policy allows the row as written.

Updates load their row through ``scope(principal, "update", …)``, which judges the row as it
was; this session hook judges what is written — each new row (create) and each changed row in
its new state (update, or the action named in ``session.info["write_action"]``, e.g. a granted
correction) — whatever code path made it. So a specialist can neither create a record in
another province nor move one there. Sessions without a principal in ``session.info`` are
system work (migrations, the demo loader, test factories) and are not judged.

Each changed row is also put to the lifecycle guard (policies.lifecycle.check_change): the 48 h
correction window, then the lock. A correction grant it uses is closed in the same flush, and
named in the change's audit entry through ``session.info["correction_grant_id"]``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from db.audit import CLOCK_KEY
from db.errors import Forbidden
from db.lifecycle import open_grant_for_in_flush
from policies.domains import PROTECTED
from policies.lifecycle import check_change, table_name
from policies.principal import Principal
from policies.scope import row_allows

PRINCIPAL_KEY = "principal"
WRITE_ACTION_KEY = "write_action"  # a write judged as another action (e.g. "correct")
GRANT_KEY = "correction_grant_id"  # the grant a change used, for its audit entry


def _judge_new_rows(session: Session, _context: Any, _instances: Any) -> None:
    principal = session.info.get(PRINCIPAL_KEY)
    if not isinstance(principal, Principal):
        return
    for row in session.new:
        model = type(row)
        if model in PROTECTED and not row_allows(principal, "create", model, row):
            raise Forbidden(f"not allowed: create {PROTECTED[model].resource} here")
    action = session.info.get(WRITE_ACTION_KEY, "update")
    for row in list(session.dirty):
        model = type(row)
        if model not in PROTECTED or not session.is_modified(row):
            continue
        if not row_allows(principal, action, model, row):
            raise Forbidden(f"not allowed: {action} {PROTECTED[model].resource} to this")
        _judge_lifecycle(session, principal, model, row)


def _judge_lifecycle(session: Session, principal: Principal, model: type[Any], row: Any) -> None:
    state = inspect(row)
    changed = {a.key for a in state.mapper.column_attrs if state.attrs[a.key].history.has_changes()}
    clock = session.info.get(CLOCK_KEY)
    now = clock.now() if clock is not None else datetime.now(UTC)
    grant = check_change(
        principal,
        model,
        row,
        changed,
        now,
        find_grant=lambda: open_grant_for_in_flush(
            session=session, table_name=table_name(model), record_id=row.id, now=now
        ),
    )
    if grant is not None:
        grant.closed_at = now  # a grant corrects once
        session.info[GRANT_KEY] = {
            "object": f"{table_name(model)}/{row.id}",
            "correction_grant_id": grant.id,
            "review_request_id": grant.request_id,
        }


event.listen(Session, "before_flush", _judge_new_rows)
