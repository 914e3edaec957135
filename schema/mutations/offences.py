"""Mutations for offences (placeholder until written)."""

from __future__ import annotations

import strawberry


@strawberry.type
class OffencesMutations:
    @strawberry.field(description="Placeholder.")
    def placeholder_offences(self) -> bool:
        return True
