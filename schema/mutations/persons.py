"""Mutations for persons (placeholder until written)."""

from __future__ import annotations

import strawberry


@strawberry.type
class PersonsMutations:
    @strawberry.field(description="Placeholder.")
    def placeholder_persons(self) -> bool:
        return True
