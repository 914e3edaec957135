"""The policy: Casbin rules loaded into an enforcer, asked the way the model file describes.

A Policy is an immutable snapshot. Each request's principal carries the snapshot that was
current when the request began, so one request never sees two policies; the store
(policies/store.py) swaps in a new snapshot when the database says the policy changed.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import casbin

from policies.ranks import rank_at_least, rank_index

if TYPE_CHECKING:
    from policies.principal import Principal

HERE = Path(__file__).resolve().parent
MODEL = HERE / "model.conf"
DEFAULT_POLICY = HERE / "default_policy.csv"

Rule = tuple[str, ...]  # ("p", sub, dom, obj, act, min_rank, eft) or ("g", member, role)


def read_rules(lines: Iterable[str]) -> list[Rule]:
    rules: list[Rule] = []
    for row in csv.reader(
        line for line in lines if line.strip() and not line.lstrip().startswith("#")
    ):
        rules.append(tuple(cell.strip() for cell in row))
    return rules


def default_rules() -> list[Rule]:
    with DEFAULT_POLICY.open(encoding="utf-8") as handle:
        return read_rules(handle)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    subject: str | None  # which of the caller's subjects matched
    rule: Rule | None  # the policy line that decided


class Policy:
    def __init__(self, rules: Sequence[Rule] = (), version: int = 0) -> None:
        self.version = version
        self.rules = tuple(rules)
        self._enforcer = casbin.Enforcer(casbin.Enforcer.new_model(path=str(MODEL)))
        self._enforcer.add_function("rank_at_least", rank_at_least)
        for rule in self.rules:
            if rule[0] == "p":
                self._enforcer.add_policy(*rule[1:])
            elif rule[0] == "g":
                self._enforcer.add_grouping_policy(*rule[1:])
            else:
                raise ValueError(f"policy line must start with p or g: {rule!r}")
        self._decide = lru_cache(maxsize=65536)(self._decide_uncached)

    def _decide_uncached(
        self, subjects: tuple[str, ...], dom: str, obj: str, act: str, rank: int
    ) -> Decision:
        for subject in subjects:
            allowed, explain = self._enforcer.enforce_ex(subject, dom, obj, act, str(rank))
            if allowed:
                return Decision(True, subject, ("p", *explain))
        return Decision(False, None, None)

    def decide(self, principal: Principal, dom: str, obj: str, act: str) -> Decision:
        return self._decide(subjects(principal), dom, obj, act, rank_index(principal.rank))

    def allows(self, principal: Principal, dom: str, obj: str, act: str) -> bool:
        return self.decide(principal, dom, obj, act).allowed

    def has_role(self, principal: Principal, role: str) -> bool:
        """Whether the caller holds ``role`` directly or through inheritance (``g`` lines)."""
        return any(
            subject == role or role in self._enforcer.get_implicit_roles_for_user(subject)
            for subject in subjects(principal)
        )


def subjects(principal: Principal) -> tuple[str, ...]:
    """Who the caller is to Casbin: their roles, themselves, and their ministry."""
    found = list(principal.roles)
    if principal.user_id is not None:
        found.append(f"user:{principal.username}")
    if principal.ministry_code and principal.ministry_code != "MOI":
        found.append(f"ministry:{principal.ministry_code}")
    return tuple(found)


@lru_cache(maxsize=1)
def default_policy() -> Policy:
    return Policy(default_rules())


DENY_ALL = Policy(())
