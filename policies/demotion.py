"""Which changes to a user take rights away, so that the sessions and tokens made under the old
rights end with the change (issue 14; resolvers.users).

A position takes rights away unless the new one inherits it through the policy's ``g`` lines (a
chief who inherits ``officer`` loses nothing of an officer's). A lower rank takes away what needs
the higher one (sealed cases). Any change of unit, province or ministry does: what was granted
for the old place (its records, its alerts, its jurisdiction) is not the new place's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from policies.ranks import rank_index


@dataclass(frozen=True)
class Standing:
    """What a user's rights follow from, besides the policy."""

    position: str
    rank: str
    unit_id: int | None
    province_code: str | None
    ministry_code: str | None


def inherited_roles(rules: Sequence[tuple[str, ...]], role: str) -> list[str]:
    """The roles ``role`` inherits through the policy's ``g`` lines, nearest first."""
    parents: dict[str, list[str]] = {}
    for rule in rules:
        if rule[0] == "g":
            parents.setdefault(rule[1], []).append(rule[2])
    found: list[str] = []
    todo = list(parents.get(role, []))
    while todo:
        name = todo.pop(0)
        if name not in found and name != role:
            found.append(name)
            todo.extend(parents.get(name, []))
    return found


def rights_removed(
    before: Standing, after: Standing, rules: Sequence[tuple[str, ...]]
) -> list[str]:
    """What in the change takes rights away, by name; empty when it only adds or keeps."""
    lost = []
    kept = {after.position, *inherited_roles(rules, after.position)}
    if before.position not in kept:
        lost.append("position")
    if rank_index(after.rank) < rank_index(before.rank):
        lost.append("rank")
    for name in ("unit_id", "province_code", "ministry_code"):
        if getattr(after, name) != getattr(before, name):
            lost.append(name.removesuffix("_id").removesuffix("_code"))
    return lost
