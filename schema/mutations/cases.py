"""Mutations for cases (placeholder until written)."""

from __future__ import annotations

import strawberry


@strawberry.type
class CasesMutations:
    @strawberry.field(description="Placeholder.")
    def placeholder_cases(self) -> bool:
        return True
