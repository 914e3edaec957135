"""Police ranks in order, lowest first. Some rules need at least a given rank (sealed cases).

The ladder follows the Cambodian National Police's general / senior / junior officer grades;
ranks not on it (civilians, ministry staff) count as the lowest. Ranks are written with or
without "Police" in front ("Police Major" is "Major"), and "First Lieutenant" is "Lieutenant".
"""

from __future__ import annotations

LADDER: tuple[str, ...] = (
    "Civilian",
    "Police Agent",
    "Sergeant",
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
_ALIASES = {"first lieutenant": "lieutenant"}


def rank_index(rank: str | None) -> int:
    name = " ".join((rank or "").lower().split())
    if name.startswith("police ") and name not in _INDEX:
        name = name.removeprefix("police ")
    return _INDEX.get(_ALIASES.get(name, name), 0)


def rank_at_least(held: str, required: str) -> bool:
    """Casbin function: ``held`` is the caller's rank index as text; ``required`` a rank name."""
    if required in ("", "-"):
        return True
    return int(held) >= rank_index(required)
