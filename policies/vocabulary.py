"""The words a policy line may use. The policy editor refuses anything else, by name."""

from __future__ import annotations

from policies.domains import DOMAINS
from policies.ranks import LADDER

RESOURCES = frozenset(
    {"person", "offence", "case", "sealed_case", "warrant", "notice", "operation", "blacklist"}
)
FIELDS = frozenset(
    {
        "field:victim_identity",
        "field:victim_photos",
        "field:complainant_details",
        "field:informant_details",
        "field:narrative",
    }
)
ADMIN_OBJECTS = frozenset({"users", "roles", "tokens", "policies", "audit", "audit_details"})
OBJECTS = RESOURCES | FIELDS | ADMIN_OBJECTS
ACTIONS = frozenset(
    {
        "read",
        "read_summary",
        "create",
        "update",
        "record_for_ministry",
        "correct",
        "file_review",
        "approve_review",
        "export",
        "administer",
        "check",
    }
)
POLICY_DOMAINS = frozenset({*DOMAINS, "*"})
RANKS = frozenset({"-", *LADDER})
EFFECTS = frozenset({"allow", "deny"})
