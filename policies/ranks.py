"""Police ranks in order, lowest first. Some rules need at least a given rank (sealed cases).

The ladder follows the Cambodian National Police's general / senior / junior officer grades;
ranks not on it (civilians, ministry staff) count as the lowest.
"""

from __future__ import annotations

LADDER: tuple[str, ...] = (
    "Civilian",
    "Police Agent",
    "Second Lieutenant",
    "Lieutenant",
    "Captain",
    "Major",
    "Lieutenant Colonel",
    "Colonel",
    "Brigadier General",
    "Major General",
    "Lieutenant General",
    "General",
)
_INDEX = {name.lower(): i for i, name in enumerate(LADDER)}


def rank_index(rank: str | None) -> int:
    return _INDEX.get((rank or "").strip().lower(), 0)


def rank_at_least(held: str, required: str) -> bool:
    """Casbin function: ``held`` is the caller's rank index as text; ``required`` a rank name."""
    if required in ("", "-"):
        return True
    return int(held) >= rank_index(required)
