"""What the policy allows a principal, asked row by row, apart from the schema.

Whether a row may be seen is ``policies.scope.row_allows`` (the enforcer asked for that row; for
persons, read or read_summary); whether a masked field is hidden is ``policies.masks.hidden_reason``
with the row and owner the mask names. The masks are those declared when this module was
imported: a test that plants a broken mask (tests/trust/test_planted_breaks.py) changes what the
schema applies, never what the oracle expects.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from types import SimpleNamespace
from typing import Any

from sqlmodel import col, select
from strawberry.utils.str_converters import to_camel_case

from db import tables as t
from policies.domains import PROTECTED
from policies.masks import MASKS, FieldMask, hidden_reason
from policies.principal import Principal
from policies.scope import row_allows
from tests.trust.world import TYPES, World, gid

DECLARED: dict[str, dict[str, tuple[FieldMask, ...]]] = {
    type_name: dict(fields) for type_name, fields in MASKS.items()
}


@dataclass
class Oracle:
    world: World
    principal: Principal

    def visible(self, type_name: str, key: int) -> bool:
        row = self.world.row(type_name, key)
        if type_name == "CaseParticipant":
            return self.visible("Case", row.case_id)
        return row_allows(self.principal, "read", TYPES[type_name], row)

    def mask_rows(self, type_name: str, key: Any) -> tuple[Any, Any]:
        """The row a type's masks look at, and the owner whose relation to the caller decides.
        ``key`` is the row's id; for an OffenceInvolvement, (offence id, role)."""
        if type_name == "Person":
            person = self.world.row("Person", key)
            return SimpleNamespace(victim=key in self.world.victims), person
        if type_name == "Offence":
            offence = self.world.row("Offence", key)
            return offence, offence
        if type_name == "CaseParticipant":
            participant = self.world.row("CaseParticipant", key)
            return participant, self.world.row("Case", participant.case_id)
        if type_name == "OffenceInvolvement":
            offence_id, role = key
            return SimpleNamespace(role=role), self.world.row("Offence", offence_id)
        raise KeyError(type_name)

    def hidden(self, type_name: str, field: str, key: Any) -> str | None:
        """Why ``field`` (snake_case) of this object is hidden from the principal, or None."""
        row, owner = self.mask_rows(type_name, key)
        return hidden_reason(self.principal, DECLARED[type_name][field], row, owner)

    def masked_fields(self, type_name: str, key: Any) -> set[tuple[str, str]]:
        found = set()
        for field in DECLARED[type_name]:
            reason = self.hidden(type_name, field, key)
            if reason is not None:
                found.add((to_camel_case(field), reason))
        return found

    @cached_property
    def forbidden_texts(self) -> dict[str, str]:
        """Marker text -> why it must appear nowhere in this principal's answers."""
        found = {}
        for marker in self.world.markers:
            if not self.visible(marker.type_name, marker.key):
                found[marker.text] = f"{marker.type_name} {marker.key} is not visible"
            elif marker.field != "identity" and self.hidden(
                marker.type_name, marker.field, marker.key
            ):
                found[marker.text] = f"{marker.type_name} {marker.key}.{marker.field} is masked"
        return found

    @cached_property
    def forbidden_ids(self) -> dict[str, str]:
        """Global ids of rows this principal may not see: not even their existence leaks."""
        return {
            gid(type_name, row.id): f"{type_name} {row.id} is not visible"
            for type_name, model in TYPES.items()
            for row in self.world.of(model)
            if not self.visible(type_name, row.id)
        }

    def count(self, type_name: str, links: list[Link]) -> int:
        """Visible children reached by at least one link the caller may follow: a person's
        cases and offences only through participations whose person is not masked."""
        followed = {
            key
            for key, via in links
            if via is None or self.hidden(via[0], "person", via[1]) is None
        }
        return sum(1 for key in followed if self.visible(type_name, key))


# A child row's key, and the link to it whose ``person`` field must not be masked (or None).
Link = tuple[Any, tuple[str, Any] | None]


async def relations_of(session: Any, world: World) -> dict[tuple[str, str], dict[Any, list[Link]]]:
    """For each nested connection whose relation is simple, the rows hanging off each parent,
    read straight from the tables (no scope): (parent type, field) -> parent key -> links."""

    async def pairs(stmt: Any, via: str | None = None) -> dict[Any, list[Link]]:
        found: dict[Any, list[Link]] = {}
        for parent, child, *link in (await session.execute(stmt)).all():
            how = (via, link[0] if len(link) == 1 else tuple(link)) if via else None
            found.setdefault(parent, []).append((child, how))
        return found

    cp, op = t.CaseParticipant, t.OffencePerson
    participant, involvement = "CaseParticipant", "OffenceInvolvement"
    return {
        ("Person", "warrants"): await pairs(select(t.Warrant.subject_person_id, t.Warrant.id)),
        ("Person", "notices"): await pairs(select(t.Notice.person_id, t.Notice.id)),
        ("Person", "cases"): await pairs(select(cp.person_id, cp.case_id, cp.id), participant),
        ("Person", "offences"): await pairs(
            select(op.person_id, op.offence_id, op.offence_id, op.role), involvement
        ),
        ("Person", "participations"): await pairs(select(cp.person_id, cp.id, cp.id), participant),
        ("Case", "offences"): await pairs(
            select(t.Offence.case_id, t.Offence.id).where(col(t.Offence.case_id).is_not(None))
        ),
        ("Case", "participants"): await pairs(select(cp.case_id, cp.id)),
        ("Case", "warrants"): await pairs(
            select(t.Warrant.case_id, t.Warrant.id).where(col(t.Warrant.case_id).is_not(None))
        ),
        ("Province", "offences"): await pairs(select(t.Offence.province_code, t.Offence.id)),
        ("Ministry", "offences"): await pairs(select(t.Offence.ministry_code, t.Offence.id)),
    }


# Child type of each relation above, and the roots whose totalCount is every visible row.
CHILD_TYPE = {
    "warrants": "Warrant",
    "notices": "Notice",
    "cases": "Case",
    "offences": "Offence",
    "participations": "CaseParticipant",
    "participants": "CaseParticipant",
}
ROOT_LISTS = {
    "offences": "Offence",
    "persons": "Person",
    "cases": "Case",
    "warrants": "Warrant",
    "notices": "Notice",
    "operations": "Operation",
}
assert {TYPES[name] for name in ROOT_LISTS.values()} <= set(PROTECTED)
