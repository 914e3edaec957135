"""Field masks, declared once: which fields need which grant, and what the caller is told.

A masked field reads as null; the object's ``maskedFields`` lists each hidden field with its
reason. Whether a mask applies is decided for the row at hand, in the row's relation to the
caller (own province, another province, own jurisdiction), like every other decision.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from db import tables as t
from policies.domains import PROTECTED
from policies.principal import Principal
from policies.scope import policy_of


@dataclass(frozen=True)
class FieldMask:
    obj: str  # the policy object that must be readable
    reason: str
    owner: type[Any]  # the table whose row decides the relation to the caller
    applies: Callable[[Any], bool] = lambda row: True  # e.g. only for victims

    def hides(self, principal: Principal, row: Any, owner_row: Any) -> bool:
        if not self.applies(row):
            return False
        if owner_row is None:
            return True
        policy = policy_of(principal)
        domains = PROTECTED[self.owner].domains_of(principal, owner_row)
        return not any(policy.allows(principal, d, self.obj, "read") for d in domains)


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
    applies=lambda row: getattr(row, "role", None) == "victim",
)
COMPLAINANT = FieldMask(
    "field:complainant_details",
    "complainant details need an explicit grant",
    t.Case,
    applies=lambda row: getattr(row, "role", None) == "complainant",
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
    applies=lambda row: getattr(row, "role", None) in ("victim", "complainant"),
)

# field:victim_photos (policies/default_policy.csv): a victim's photos stay with whoever holds
# the grant in the person's relation to them (the recording province, by default).
VICTIM_PHOTOS = FieldMask(
    "field:victim_photos",
    "photos of a victim need an explicit grant",
    t.Person,
    applies=lambda holder: bool(getattr(holder, "victim", False)),
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


def hidden_reason(
    principal: Principal, masks: tuple[FieldMask, ...], row: Any, owner_row: Any
) -> str | None:
    for mask in masks:
        if mask.hides(principal, row, owner_row):
            return mask.reason
    return None
