"""Mutations for orders (placeholder until written)."""

from __future__ import annotations

import strawberry


@strawberry.type
class OrdersMutations:
    @strawberry.field(description="Placeholder.")
    def placeholder_orders(self) -> bool:
        return True
