"""Ranks as the records write them: with or without "Police", "First Lieutenant" for Lieutenant."""

from __future__ import annotations

import pytest

from db.demo.org import RANKS
from policies.ranks import LADDER, rank_at_least, rank_index


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("Police Major", "Major"),
        ("police  lieutenant colonel", "Lieutenant Colonel"),
        ("Police First Lieutenant", "Lieutenant"),
        ("Police Sergeant", "Sergeant"),
        ("Police Agent", "Police Agent"),
        ("Police Brigadier General", "Brigadier General"),
    ],
)
def test_a_rank_is_read_with_or_without_police_in_front(written: str, meant: str) -> None:
    assert rank_index(written) == LADDER.index(meant)


def test_unknown_ranks_and_civilians_count_as_the_lowest() -> None:
    assert rank_index("Civil servant") == rank_index(None) == rank_index("Admiral") == 0


def test_every_demo_rank_is_on_the_ladder_so_rank_rules_can_match_demo_users() -> None:
    for ranks in RANKS.values():
        for rank in ranks:
            assert rank_index(rank) > 0, rank


def test_a_sealed_case_rule_for_majors_admits_a_police_major_not_a_captain() -> None:
    assert rank_at_least(str(rank_index("Police Major")), "Major")
    assert not rank_at_least(str(rank_index("Police Captain")), "Major")
