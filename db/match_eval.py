"""A labelled set of record pairs, and how well db.matching separates them.

Positives are one person recorded twice by different clerks: another romanisation, family and
given name swapped, spacing changed, a typo, a Khmer variant spelling or no Khmer at all, a
partial or off-by-one birth date, a document on one record only, sex left unknown. Negatives are
different people chosen to look alike: same family name and a similar given name, same given name
and birth year, namesakes among the commonest names, plus some easy random pairs. Deterministic
for a seed; names come from db.demo.names, misspellings from db.demo.spelling.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import cache

from rapidfuzz.distance import Indel

from db.demo.names import FOREIGN_NATIONALITIES, GIVEN_NAMES
from db.demo.spelling import DocumentNumbers, Name, drift, foreign_name, khmer_name
from db.demo.world import Weighted
from db.match_candidates import blocked_together
from db.matching import MATCH_THRESHOLD, PersonFacts, score
from db.names import fold_latin

SWEEP = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95)
TARGET = 0.95
_NATIONALITY = Weighted(
    [("KH", 88.0), *((c, w * 12 / 100) for c, w in FOREIGN_NATIONALITIES.items())]
)
# A key next to the intended one (QWERTY), for substitution typos.
_NEIGHBOURS = dict(zip("aeiounmtkhsrlpcv", "seuinmnyjjdtkoxb", strict=True))
_ZWSP = "\u200b"


@dataclass(frozen=True)
class Pair:
    a: PersonFacts
    b: PersonFacts
    same: bool
    kind: str


@dataclass(frozen=True)
class _Truth:
    name: Name
    family: str
    given: str
    sex: str
    birth: tuple[int, int | None, int | None]
    nationality: str
    documents: tuple[tuple[str, str, str], ...]


def _birth(rng: random.Random) -> tuple[int, int | None, int | None]:
    year, precision = rng.randint(1955, 2008), rng.random()
    if precision < 0.15:
        return year, None, None
    if precision < 0.25:
        return year, rng.randint(1, 12), None
    return year, rng.randint(1, 12), rng.randint(1, 28)


def _truth(
    rng: random.Random, numbers: DocumentNumbers, name: Name | None = None, nationality: str = ""
) -> _Truth:
    nationality = nationality or ("KH" if name else _NATIONALITY.pick(rng))
    sex = name.sex if name else rng.choice("MF")
    if name is None:
        name = khmer_name(rng, sex) if nationality == "KH" else foreign_name(rng, nationality, sex)
    documents: tuple[tuple[str, str, str], ...] = ()
    if nationality == "KH" and rng.random() < 0.5:
        documents = (("national_id", "KH", numbers.national_id(rng)),)
    elif nationality != "KH" and rng.random() < 0.6:
        documents = (("passport", nationality, numbers.passport(nationality)),)
    family, given = name.spelled(rng)
    return _Truth(name, family, given, sex, _birth(rng), nationality, documents)


def _facts(truth: _Truth, rng: random.Random, family: str = "", given: str = "") -> PersonFacts:
    has_khmer = bool(truth.name.family_km) and rng.random() < 0.85
    year, month, day = truth.birth
    return PersonFacts(
        family_latin=family or truth.family,
        given_latin=given or truth.given,
        family_km=truth.name.family_km if has_khmer else "",
        given_km=truth.name.given_km if has_khmer else "",
        sex=truth.sex,
        birth_year=year,
        birth_month=month,
        birth_day=day,
        nationality=truth.nationality,
        documents=frozenset(truth.documents),
    )


def typo(rng: random.Random, text: str) -> str:
    if len(text) < 3:
        return text + text[-1:]
    at = rng.randrange(1, len(text) - 1)
    edit = rng.randrange(4)
    if edit == 0:
        return text[:at] + text[at + 1 :]
    if edit == 1:
        return text[:at] + text[at + 1] + text[at] + text[at + 2 :]
    if edit == 2:
        return text[:at] + _NEIGHBOURS.get(text[at], text[at]) + text[at + 1 :]
    return text[:at] + text[at] + text[at:]


def _khmer_variant(text: str) -> str:
    """The same Khmer name as another keyboard types it: subscript DA for TA, OO as E + AA,
    zero-width spaces between clusters (fold_khmer undoes all three)."""
    text = text.replace("\u17d2\u178f", "\u17d2\u178a").replace("\u17c4", "\u17c1\u17b6")
    return _ZWSP.join(text[i : i + 2] for i in range(0, len(text), 2))


def _respace(text: str) -> str:
    return text.replace(" ", "") if " " in text else text[:3] + " " + text[3:].lower()


_Variation = Callable[[random.Random, PersonFacts], PersonFacts]
_VARIATIONS: dict[str, _Variation] = {
    "swap": lambda r, f: replace(f, family_latin=f.given_latin, given_latin=f.family_latin),
    "spacing": lambda r, f: replace(f, given_latin=_respace(f.given_latin)),
    "typo": lambda r, f: (
        replace(f, given_latin=typo(r, f.given_latin))
        if r.random() < 0.6
        else replace(f, family_latin=typo(r, f.family_latin))
    ),
    "drift": lambda r, f: replace(f, given_latin=drift(r, f.given_latin)),
    "khmer variant": lambda r, f: replace(
        f, family_km=_khmer_variant(f.family_km), given_km=_khmer_variant(f.given_km)
    ),
    "no khmer": lambda r, f: replace(f, family_km="", given_km=""),
    "year only": lambda r, f: replace(f, birth_month=None, birth_day=None),
    "year off by one": lambda r, f: replace(
        f, birth_year=None if f.birth_year is None else f.birth_year + r.choice((-1, 1))
    ),
    "no document": lambda r, f: replace(f, documents=frozenset()),
    "sex unknown": lambda r, f: replace(f, sex="U"),
}


def _positive(rng: random.Random, numbers: DocumentNumbers) -> Pair:
    truth = _truth(rng, numbers)
    family, given = truth.name.respelled(rng, truth.family, truth.given)
    b = _facts(truth, rng, family, given)
    changes = rng.sample(sorted(_VARIATIONS), rng.randint(1, 3))
    for change in changes:
        b = _VARIATIONS[change](rng, b)
    return Pair(_facts(truth, rng), b, True, "same person: respelled, " + ", ".join(changes))


@cache
def _similar_given(given_km: str) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """The given names whose usual romanisation is closest after folding, closest first."""
    own = next(g for g in GIVEN_NAMES if g[0] == given_km)
    others = [g for g in GIVEN_NAMES if g[0] != given_km and g[1] in (own[1], "U")]
    closeness = {
        g[0]: Indel.normalized_similarity(fold_latin(own[2][0]), fold_latin(g[2][0]))
        for g in others
    }
    return tuple(sorted(others, key=lambda g: -closeness[g[0]])[:4])


def _negative(rng: random.Random, numbers: DocumentNumbers) -> Pair:
    first = _truth(rng, numbers)
    kind = rng.choices(
        ("similar given name", "same given name and year", "namesake", "random"),
        weights=(4, 3, 3, 1) if first.name.family_km else (0, 0, 3, 1),
    )[0]
    if kind == "random":
        second = _truth(rng, numbers)
    elif kind == "namesake":
        second = _truth(rng, numbers, first.name, first.nationality)
    else:
        name = khmer_name(rng, first.sex)
        while name.family_km == first.name.family_km:
            name = khmer_name(rng, first.sex)
        if kind == "similar given name":
            given_km, _, given = rng.choice(_similar_given(first.name.given_km))
            name = replace(first.name, given_km=given_km, given=given)
        else:
            name = replace(name, given_km=first.name.given_km, given=first.name.given)
        second = _truth(rng, numbers, name)
        if kind == "same given name and year" or rng.random() < 0.3:
            second = replace(second, birth=(first.birth[0], *second.birth[1:]))
    return Pair(_facts(first, rng), _facts(second, rng), False, f"different people: {kind}")


def labelled_pairs(count: int, seed: int) -> list[Pair]:
    rng, numbers = random.Random(seed), DocumentNumbers()
    return [(_positive if i % 2 == 0 else _negative)(rng, numbers) for i in range(count)]


@dataclass(frozen=True)
class Counts:
    threshold: float
    tp: int
    fp: int
    tn: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def meets_target(self) -> bool:
        return self.precision >= TARGET and self.recall >= TARGET

    def line(self) -> str:
        return (
            f"{self.threshold:9.2f} {self.tp:5d} {self.fp:5d} {self.tn:5d} {self.fn:5d}"
            f" {self.precision:9.3f} {self.recall:7.3f}"
        )


def counts(scored: Iterable[tuple[float, bool]], threshold: float) -> Counts:
    tp = fp = tn = fn = 0
    for value, same in scored:
        found = value >= threshold
        tp, fp = tp + (found and same), fp + (found and not same)
        tn, fn = tn + (not found and not same), fn + (not found and same)
    return Counts(threshold, tp, fp, tn, fn)


@dataclass(frozen=True)
class Evaluation:
    pairs: list[Pair]
    scores: list[float]
    seconds: float

    def at(self, threshold: float) -> Counts:
        return counts(zip(self.scores, (p.same for p in self.pairs), strict=True), threshold)

    def errors(self, threshold: float) -> list[tuple[float, Pair]]:
        return [
            (s, p)
            for s, p in zip(self.scores, self.pairs, strict=True)
            if (s >= threshold) != p.same
        ]


def evaluate(count: int, seed: int) -> Evaluation:
    pairs = labelled_pairs(count, seed)
    started = time.perf_counter()
    scores = [score(pair.a, pair.b).score for pair in pairs]
    return Evaluation(pairs, scores, time.perf_counter() - started)


def report(evaluation: Evaluation, threshold: float = MATCH_THRESHOLD) -> list[str]:
    chosen = evaluation.at(threshold)
    positives = sum(p.same for p in evaluation.pairs)
    kept_pairs = [
        (p, s)
        for p, s in zip(evaluation.pairs, evaluation.scores, strict=True)
        if p.same and blocked_together(p.b, p.a)
    ]
    blocked, kept = len(kept_pairs), sum(s >= threshold for _, s in kept_pairs)
    lines = [
        f"{len(evaluation.pairs)} pairs ({positives} same person, "
        f"{len(evaluation.pairs) - positives} different people);"
        f" scored in {evaluation.seconds * 1000:.1f} ms",
        f"{'threshold':>9} {'TP':>5} {'FP':>5} {'TN':>5} {'FN':>5} {'precision':>9} {'recall':>7}",
        *(evaluation.at(t).line() for t in sorted({*SWEEP, threshold})),
        f"blocking (db.match_candidates) keeps {blocked}/{positives} same-person pairs"
        f" ({kept} also score at or above the threshold: end-to-end recall"
        f" {kept / max(positives, 1):.3f})",
        f"at threshold {threshold}: precision {chosen.precision:.3f}, recall {chosen.recall:.3f}",
        f"target recall >= {TARGET} at precision >= {TARGET}: "
        + ("met" if chosen.meets_target else "NOT met"),
    ]
    return lines
