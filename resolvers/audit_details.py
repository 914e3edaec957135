"""What the audit trail's details show to whom: admins read the trail, not the records in it.

Separation of duties (DESIGN: "admins … read no case data"): the trail says who did what to which
record, when, from where and with what outcome to everyone who may read it; the *values* a change
or a search carried — names, narratives, case numbers, search terms — are shown only to callers
the policy grants ``read`` on ``audit_details`` (no role by default; a grant is a policy change,
itself audited). Everyone else sees the same entry with each value withheld and its keys kept, so
"which fields changed" still reads. Entries about the administration itself (sign-ins, users,
tokens, policy, the trail's own searches) are the admins' domain and show in full.

Withholding is by allow-list: only keys known to carry no record content pass. The hash chain is
computed over the stored text, which is untouched: ``ecrime audit verify`` checks it as before.
"""

from __future__ import annotations

import json
from typing import Any

from db.tables.audit import AuditEntry
from policies.authorize import allowed
from policies.principal import Principal

WITHHELD = "[withheld]"
OBJECT = "audit_details"
# The administration's own records: admins manage them, so their changes show in full.
ADMIN_TABLES = frozenset(
    {"app_user", "api_token", "user_totp", "login_session", "policy_rule", "policy_version"}
)
# Security events about the administration itself: sign-ins, tokens, users, policy, the trail.
ADMIN_ACTIONS = ("login", "logout", "token.", "user.", "policy.", "audit.")
# Keys whose values are bookkeeping, never record content.
SAFE_KEYS = frozenset(
    {
        "correction_grant_id",
        "review_request_id",
        "via",
        "error",
        "code",
        "field",
        "photo_id",
        "token_id",
        "orderBy",
        "first",
    }
)


def may_read_details(principal: Principal) -> bool:
    return allowed(principal, "read", OBJECT)


def _withhold(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: v if k in SAFE_KEYS else _withhold(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_withhold(v) for v in value]
    return None if value is None else WITHHELD


def _administration(entry: AuditEntry) -> bool:
    action = entry.action
    return entry.object_type in ADMIN_TABLES or any(
        action.startswith(p) if p.endswith(".") else action == p for p in ADMIN_ACTIONS
    )


def shown(principal: Principal, entry: AuditEntry) -> AuditEntry:
    """The entry as this caller may read it: itself, or a detached copy with values withheld."""
    if _administration(entry) or may_read_details(principal):
        return entry
    try:
        details = json.loads(entry.details)
    except ValueError:
        details = entry.details
    values = entry.model_dump()
    # A new, transient row (never added to a session): the stored entry is not touched.
    return AuditEntry(**{**values, "details": json.dumps(_withhold(details), sort_keys=True)})
