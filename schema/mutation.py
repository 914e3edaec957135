"""The Mutation root, merged from one class per part of the graph.

Each mutation is one transaction (Context.transaction) and returns a typed result union:
its success type, or ValidationFailed / NotFound / Forbidden (schema.results). Every refusal
is recorded in the audit trail (schema.refusals).
"""

from __future__ import annotations

from strawberry.tools import merge_types

from schema.mutations.auth import AuthMutations
from schema.mutations.cases import CasesMutations
from schema.mutations.hits import HitsMutations
from schema.mutations.offences import OffencesMutations
from schema.mutations.orders import OrdersMutations
from schema.mutations.persons import PersonsMutations
from schema.mutations.policy import PolicyMutations
from schema.mutations.review import ReviewMutations
from schema.mutations.warrant_actions import WarrantActionsMutations
from schema.refusals import audit_refusals

Mutation = audit_refusals(
    merge_types(
        "Mutation",
        (
            PersonsMutations,
            OffencesMutations,
            CasesMutations,
            OrdersMutations,
            AuthMutations,
            PolicyMutations,
            ReviewMutations,
            WarrantActionsMutations,
            HitsMutations,
        ),
    )
)
