"""Fewer documents than every path for every caller, and still every field for every caller.

The full trees (tests.trust.paths) hold every path to the depth bound; run for every caller they
take far longer than the matrix may (a few minutes per database). ``cover`` keeps each field the
first time a breadth-first walk over all roots meets it, so every Type.field is asked, by its
shortest path; every caller runs it (the same text, parsed and validated once). ``sample`` draws
whole paths, root to leaf, from the full trees with a seed of the caller's own. Leaves are kept
wherever their object is: they cost no query and carry what the checks read (ids, masked fields,
maskedFields).
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from tests.trust.paths import Selection


def chains(selection: Selection) -> Iterator[tuple[Selection, ...]]:
    """Every root-to-leaf chain of selections (a field path, as the selections that ask it)."""
    if not selection.children:
        yield (selection,)
    for child in selection.children:
        for rest in chains(child):
            yield (selection, *rest)


def cover(trees: dict[str, Selection]) -> dict[str, Selection]:
    kept = {id(tree) for tree in trees.values()}
    covered: set[str] = set()
    frontier = list(trees.values())
    while frontier:
        later = []
        for selection in frontier:
            for child in selection.children:
                fresh = child.coordinate not in covered
                if child.children and not (child.structural or fresh):
                    continue
                covered.add(child.coordinate)
                kept.add(id(child))
                later.append(child)
        frontier = later
    return {root: _copy(tree, kept) for root, tree in trees.items()}


def sample(trees: dict[str, Selection], n: int, seed: str) -> dict[str, Selection]:
    """``n`` paths drawn from all of them; only the roots they start from."""
    every = [chain for tree in trees.values() for chain in chains(tree)]
    drawn = random.Random(seed).sample(every, min(n, len(every)))
    kept = {id(s) for chain in drawn for s in chain}
    return {root: _copy(tree, kept) for root, tree in trees.items() if id(tree) in kept}


def _copy(selection: Selection, kept: set[int]) -> Selection:
    children = [_copy(c, kept) for c in selection.children if id(c) in kept or not c.children]
    return Selection(
        selection.coordinate, selection.text, children, selection.on, selection.structural
    )
