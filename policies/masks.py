"""Field masks, declared once: which fields need which grant, and what the caller is told.

A masked field reads as null; the object's ``maskedFields`` lists each hidden field with its
reason. Whether a mask applies is decided for the row at hand, in the row's relation to the
caller (own province, another province, own jurisdiction), like every other decision.

A mask has an SQL form too (``FieldMask.shows``), for queries that test a masked value rather
than return it: a filter, a sort key, the link a traversal follows (policies.filtering). Both
forms are derived from the one declaration below; tests/test_mask_property.py holds them equal.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, false, or_, select, true
from sqlmodel import col

from db import tables as t
from policies.domains import CHILDREN, DOMAINS, OTHER_PROVINCE, OWN_PROVINCE, PROTECTED
from policies.principal import Principal
from policies.scope import policy_of


@dataclass(frozen=True)
class FieldMask:
    obj: str  # the policy object that must be readable
    reason: str
    owner: type[Any]  # the table whose row decides the relation to the caller
    roles: tuple[str, ...] = ()  # only rows in these roles (a victim...); none: every row
    applies_to: Callable[[Any], bool] | None = None  # ...or a test with no SQL form

    def applies(self, row: Any) -> bool:
        if self.applies_to is not None:
            return self.applies_to(row)
        return not self.roles or getattr(row, "role", None) in self.roles

    def hides(self, principal: Principal, row: Any, owner_row: Any) -> bool:
        if not self.applies(row):
            return False
        if owner_row is None:
            return True
        policy = policy_of(principal)
        domains = PROTECTED[self.owner].domains_of(principal, owner_row)
        return not any(policy.allows(principal, d, self.obj, "read") for d in domains)

    def shows(self, principal: Principal, model: type[Any]) -> ColumnElement[bool]:
        """``not hides`` in SQL, over rows of ``model``: the owner's table or a child of it."""
        if self.applies_to is not None:
            raise TypeError(f"the {self.obj} mask has no SQL form")
        spec = PROTECTED[self.owner]
        policy = policy_of(principal)
        granted = [d for d in DOMAINS if policy.allows(principal, d, self.obj, "read")]
        if {OWN_PROVINCE, OTHER_PROVINCE} <= set(granted):
            return true()  # every row is in one of the two
        allowed = or_(*(spec.predicate(principal, d) for d in granted)) if granted else false()
        if model is not self.owner:
            child = CHILDREN[model]
            assert child.parent is self.owner and child.key is not None, model
            owners = select(col(self.owner.id)).where(allowed).correlate(None)
            allowed = col(child.key).in_(owners)
        if not self.roles:
            return allowed
        return or_(col(model.role).not_in(self.roles), allowed)


PERSON_DETAIL = FieldMask(
    "person",
    "cross-province summary: this person's details stay with the recording province",
    t.Person,
)
NARRATIVE = FieldMask("field:narrative", "the narrative needs an explicit grant", t.Offence)
VICTIM_IDENTITY = FieldMask(
    "field:victim_identity",
    "victim identity needs an explicit grant",
    t.Case,
    roles=("victim",),
)
COMPLAINANT = FieldMask(
    "field:complainant_details",
    "complainant details need an explicit grant",
    t.Case,
    roles=("complainant",),
)
PARTICIPANT_NOTES = FieldMask(
    "field:narrative",
    "case notes need an explicit grant",
    t.Case,
)
OFFENCE_VICTIM = FieldMask(
    "field:victim_identity",
    "victim identity needs an explicit grant",
    t.Offence,
    roles=("victim", "complainant"),
)

# field:victim_photos (policies/default_policy.csv): a victim's photos stay with whoever holds
# the grant in the person's relation to them (the recording province, by default).
VICTIM_PHOTOS = FieldMask(
    "field:victim_photos",
    "photos of a victim need an explicit grant",
    t.Person,
    applies_to=lambda holder: bool(getattr(holder, "victim", False)),
)

# GraphQL type -> field -> mask. The schema reads this table; nothing else declares a mask.
# A field is hidden when any of its masks hides it.
MASKS: dict[str, dict[str, tuple[FieldMask, ...]]] = {
    "Person": {
        "background": (PERSON_DETAIL,),
        "participations": (PERSON_DETAIL,),
        "cases": (PERSON_DETAIL,),
        "offences": (PERSON_DETAIL,),
        # Photos are details too, and a victim's need their own grant (also where the images
        # are served: resolvers.photos, GET /persons/{id}/photos/{photoId}).
        "photos": (PERSON_DETAIL, VICTIM_PHOTOS),
    },
    "Offence": {"description": (NARRATIVE,)},
    "CaseParticipant": {
        "person": (VICTIM_IDENTITY, COMPLAINANT),
        "notes": (PARTICIPANT_NOTES, VICTIM_IDENTITY, COMPLAINANT),
    },
    "OffenceInvolvement": {"person": (OFFENCE_VICTIM,)},
}


# The column behind each masked field that a query can test: a filter term, a sort key, the link
# a traversal follows. policies.filtering carries the field's masks wherever the column is read.
MASKED_COLUMNS: dict[tuple[type[Any], str], tuple[str, str]] = {
    (t.Person, "background"): ("Person", "background"),
    (t.Offence, "description"): ("Offence", "description"),
    (t.CaseParticipant, "person_id"): ("CaseParticipant", "person"),
    (t.CaseParticipant, "notes"): ("CaseParticipant", "notes"),
    (t.OffencePerson, "person_id"): ("OffenceInvolvement", "person"),
}


def column_masks(model: type[Any], name: str) -> tuple[FieldMask, ...]:
    """The masks on the field that column ``name`` of ``model`` holds; none if it holds none."""
    field = MASKED_COLUMNS.get((model, name))
    return MASKS[field[0]][field[1]] if field is not None else ()


def hidden_reason(
    principal: Principal, masks: tuple[FieldMask, ...], row: Any, owner_row: Any
) -> str | None:
    for mask in masks:
        if mask.hides(principal, row, owner_row):
            return mask.reason
    return None
