"""A record's masked fields for one caller, from the masks declared in policies/masks.py.

The GraphQL types apply the same table through their ``Masked`` field extension; pages that show
stored rows themselves (the person page, the review pages) and the photo route ask here, so a
field withheld in one place is withheld in all of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from db import tables as t
from policies.masks import MASKS, hidden_reason
from policies.principal import Principal
from resolvers.context import Context

# The GraphQL type each table is shown as: MASKS is keyed by it.
TYPE_OF: dict[type[Any], str] = {t.Person: "Person", t.Offence: "Offence", t.Case: "Case"}
PHOTO_MASKS = MASKS["Person"]["photos"]


@dataclass(frozen=True)
class PersonFacts:
    """What the person masks look at beyond the row (policies.masks.VICTIM_PHOTOS)."""

    victim: bool


def photos_hidden(principal: Principal, person: t.Person, *, victim: bool) -> str | None:
    """Why ``person``'s photos are hidden from ``principal`` (a person read in the caller's
    scope), or None when they are shown."""
    return hidden_reason(principal, PHOTO_MASKS, PersonFacts(victim), person)


async def _judged(ctx: Context, row: Any) -> tuple[Any, Any]:
    if isinstance(row, t.Person):
        assert row.id is not None
        return PersonFacts(await ctx.loaders.victims().load(row.id)), row
    return row, row


async def withheld(ctx: Context, row: Any) -> dict[str, str]:
    """Field (column or relation, as MASKS names it) → why it is hidden from the caller."""
    masks = MASKS.get(TYPE_OF[type(row)], {})
    if not masks:
        return {}
    judged, owner = await _judged(ctx, row)
    found = {}
    for name, field_masks in masks.items():
        reason = hidden_reason(ctx.principal, field_masks, judged, owner)
        if reason is not None:
            found[name] = reason
    return found
