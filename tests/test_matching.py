"""Person matching: the evidence each rule weighs, and the labelled-set target."""

from __future__ import annotations

from dataclasses import replace

from db.match_eval import evaluate, labelled_pairs, report
from db.matching import MATCH_THRESHOLD, PersonFacts, document_keys, score
from web.cli import main

CHEA_SOKHA = PersonFacts(
    family_latin="Chea",
    given_latin="Sokha",
    family_km="ជា",
    given_km="សុខា",
    sex="M",
    birth_year=1988,
    birth_month=4,
    birth_day=12,
    nationality="KH",
)


def test_romanisation_variants_and_order_swap_match_with_reasons() -> None:
    other = replace(
        CHEA_SOKHA, family_latin="Sokhar", given_latin="Chear", family_km="", given_km=""
    )
    match = score(CHEA_SOKHA, other)
    assert match.score >= MATCH_THRESHOLD
    assert "Latin names match after folding (Chea Sokha ~ Sokhar Chear)" in match.reasons


def test_spacing_and_khmer_variant_spelling_fold_away() -> None:
    a = replace(CHEA_SOKHA, given_latin="Sreymom", given_km="ស្រីមុំ")
    b = replace(a, given_latin="Srey Mom", given_km="ស្រី\u200bមុំ")
    match = score(a, b)
    assert "Khmer names equal" in match.reasons
    assert match.score > 0.99


def test_similar_given_name_with_a_different_khmer_name_is_not_a_match() -> None:
    other = replace(CHEA_SOKHA, given_latin="Sokhom", given_km="សុខុម")
    match = score(CHEA_SOKHA, other)
    assert match.score < MATCH_THRESHOLD
    assert "Khmer names differ" in match.reasons


def test_sex_or_nationality_conflict_lowers_the_score_sharply() -> None:
    # With the whole name and the full birth date agreeing, a conflicting sex or nationality is
    # more likely a slip of the clerk than a namesake born the same day: lower, still a match.
    full = score(CHEA_SOKHA, CHEA_SOKHA).score
    assert score(CHEA_SOKHA, replace(CHEA_SOKHA, sex="F")).score < full - 0.05
    assert "sex differs" in score(CHEA_SOKHA, replace(CHEA_SOKHA, sex="F")).reasons
    year_only = replace(CHEA_SOKHA, birth_month=None, birth_day=None)
    assert score(year_only, replace(year_only, sex="F")).score < MATCH_THRESHOLD
    latin_only = replace(year_only, family_km="", given_km="")
    assert score(latin_only, replace(latin_only, nationality="TH")).score < MATCH_THRESHOLD


def test_partial_birth_dates_compare_on_what_both_know() -> None:
    year_only = replace(CHEA_SOKHA, birth_month=None, birth_day=None)
    assert score(CHEA_SOKHA, year_only).reasons[-3:] == [
        "same birth year",
        "same sex",
        "same nationality",
    ]
    off_by_one = score(CHEA_SOKHA, replace(CHEA_SOKHA, birth_year=1989))
    assert "birth years 1 apart" in off_by_one.reasons
    assert off_by_one.score >= MATCH_THRESHOLD
    assert score(CHEA_SOKHA, replace(CHEA_SOKHA, birth_year=1995)).score < MATCH_THRESHOLD


def test_the_same_document_dominates_a_different_spelling_and_birth_year() -> None:
    documents = document_keys([("national_id", "KH", "010 234 567")])
    a = replace(CHEA_SOKHA, documents=documents)
    b = replace(
        CHEA_SOKHA,
        family_latin="Chia",
        given_latin="Sukha",
        birth_year=1990,
        documents=document_keys([("national_id", "KH", "010234567")]),
    )
    match = score(a, b)
    assert match.reasons[0] == "same national id (KH)"
    assert match.score >= MATCH_THRESHOLD


def test_different_national_id_numbers_count_against() -> None:
    a = replace(CHEA_SOKHA, documents=document_keys([("national_id", "KH", "1")]))
    b = replace(CHEA_SOKHA, documents=document_keys([("national_id", "KH", "2")]))
    assert score(a, b).score < score(CHEA_SOKHA, CHEA_SOKHA).score
    assert "different national id numbers (KH)" in score(a, b).reasons


def test_generator_is_deterministic_and_balanced() -> None:
    pairs = labelled_pairs(1000, seed=7)
    assert pairs == labelled_pairs(1000, seed=7)
    assert pairs != labelled_pairs(1000, seed=8)
    assert sum(p.same for p in pairs) == 500
    kinds = {p.kind.split(":")[0] for p in pairs}
    assert kinds == {"same person", "different people"}
    hard = {p.kind for p in pairs if not p.same}
    assert {
        "different people: similar given name",
        "different people: same given name and year",
        "different people: namesake",
        "different people: random",
    } <= hard


def test_matching_meets_the_issue_target_on_a_seeded_set() -> None:
    # Deterministic for the seed, so an assertion and not a flaky measurement; the command
    # reports the figures on the full set (ecrime match-eval).
    counts = evaluate(400, seed=20261122).at(MATCH_THRESHOLD)
    assert counts.precision >= 0.95
    assert counts.recall >= 0.95


def test_match_eval_command_prints_the_sweep_and_the_verdict(capsys: object) -> None:
    code = main(["match-eval", "--pairs", "1000", "--seed", "3"])
    out = capsys.readouterr().out  # type: ignore[attr-defined]
    assert "1000 pairs (500 same person, 500 different people)" in out
    assert "precision" in out and "recall" in out
    assert "target recall >= 0.95 at precision >= 0.95: met" in out
    assert code == 0


def test_report_lists_the_chosen_threshold_in_the_sweep() -> None:
    lines = report(evaluate(100, seed=1), threshold=0.55)
    assert any(line.strip().startswith("0.55") for line in lines)
