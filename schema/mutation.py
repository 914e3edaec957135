"""The Mutation root. Each mutation is one transaction and returns a typed result union."""

from __future__ import annotations

import strawberry


@strawberry.type
class Mutation:
    @strawberry.field(description="Placeholder until the record mutations land.")
    def ping(self) -> str:
        return "pong"
