"""Is this the same person? A score in 0..1 with the reasons, from two sets of facts.

Pure: no database (db.match_candidates fetches the candidates, db.match_eval measures this).

The score is a sum of log-odds weights, one per piece of evidence, squashed by the logistic
function (Fellegi-Sunter record linkage). Each weight says how much likelier the evidence is for
two records of one person than for two different people *among the candidates*, which already
share a name block, so a similar name is weak evidence on its own. The weights, and why:

* identical document (kind, country, number): +14, it settles the question by itself; a
  different number of the same kind and country: national ID -4 (one per person, but mistyped
  or reissued), passport -1 (renewals change the number);
* Latin names, folded (db.names) and compared in both orders, spacing ignored: equal +5, else
  ``30 * (similarity - 0.86)`` capped to [-8, +3]: one typo in a short name costs about as much
  as a one-letter different name gains, so the rest of the evidence decides; names whose
  consonants agree count as similarity 0.9 (+1.2), see VOWEL_ONLY;
* Khmer names, folded: equal +4; nearly equal (a typo) -1; different -5. A Khmer spelling is
  unambiguous where romanisations are not, so when both records carry one it dominates Latin;
* birth date, on what both know: same year +2, one year apart -0.5 (a mistyped year), two -6,
  more -10; same month +1 / different -2.5; same day +1.5 / different -2.5;
* sex (M/F on both) equal +0.5, different -8; nationality equal +0.3, different -6: a conflict
  on either rules a match out unless a document, or both names and a full birth date, agree
  (then a clerk's slip is likelier than a namesake born the same day);
* a prior of -4: most candidates are not the person.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import product

from rapidfuzz.distance import Indel

from db.names import document_key, fold_khmer, fold_latin, script_of
from db.tables.persons import IdentityDocument, Person, PersonAlias

# Even odds. From `ecrime match-eval` (db.match_eval): 0.1 to 0.5 all meet recall and precision
# >= 0.95; precision barely moves across the sweep, recall falls above 0.5. The higher end of that
# range is kept because every hit pages a unit under a confirmation deadline.
MATCH_THRESHOLD = 0.5

PRIOR = -4.0
KNOWN_SEXES = frozenset({"M", "F"})

# Khmer vowels are romanised far less consistently than consonants (Seyha/Seiha, Rotha/Rattha,
# Samnang/Somnang), so equal consonants count as a near match; names that differ only in their
# vowels (Vanna/Vanny) stay apart through the Khmer spelling and the birth date.
VOWEL_ONLY = 0.9
# y and h too: folding keeps them only before a vowel, where romanisations disagree (Seyha/Seiha).
_NO_VOWELS = str.maketrans("", "", "aeiouyh")

DocumentKey = tuple[str, str, str]  # kind, issuing country, number key


@dataclass(frozen=True)
class PersonFacts:
    """What matching compares; build it from rows (``from_row``) or from mutation input."""

    family_latin: str = ""
    given_latin: str = ""
    family_km: str = ""
    given_km: str = ""
    aliases: tuple[str, ...] = ()
    sex: str = "U"
    birth_year: int | None = None
    birth_month: int | None = None
    birth_day: int | None = None
    nationality: str = ""
    documents: frozenset[DocumentKey] = field(default_factory=frozenset)

    @classmethod
    def from_row(
        cls,
        person: Person,
        *,
        aliases: Iterable[PersonAlias] = (),
        documents: Iterable[IdentityDocument] = (),
    ) -> PersonFacts:
        return cls(
            family_latin=person.family_name_latin,
            given_latin=person.given_name_latin,
            family_km=person.family_name_km,
            given_km=person.given_name_km,
            aliases=tuple(alias.name for alias in aliases),
            sex=person.sex,
            birth_year=person.birth_year,
            birth_month=person.birth_month,
            birth_day=person.birth_day,
            nationality=person.nationality,
            documents=frozenset((d.kind, d.issuing_country, d.number_key) for d in documents),
        )


def document_keys(documents: Iterable[tuple[str, str, str]]) -> frozenset[DocumentKey]:
    """(kind, issuing country, number as typed) to the keys PersonFacts holds."""
    return frozenset((kind, country, document_key(number)) for kind, country, number in documents)


@dataclass(frozen=True)
class Match:
    score: float
    reasons: list[str]


def latin_forms(facts: PersonFacts) -> set[str]:
    """Folded Latin name in both orders, and Latin aliases (words in both orders)."""
    forms = {
        fold_latin(f"{facts.family_latin} {facts.given_latin}"),
        fold_latin(f"{facts.given_latin} {facts.family_latin}"),
    }
    for alias in facts.aliases:
        if script_of(alias) == "latin":
            words = alias.split()
            forms |= {fold_latin(" ".join(words)), fold_latin(" ".join(reversed(words)))}
    return forms - {""}


def khmer_forms(facts: PersonFacts) -> set[str]:
    forms = {
        fold_khmer(facts.family_km + facts.given_km),
        fold_khmer(facts.given_km + facts.family_km),
    }
    forms |= {fold_khmer(alias) for alias in facts.aliases if script_of(alias) == "khmer"}
    return forms - {""}


def _best(a: set[str], b: set[str]) -> float:
    return max((Indel.normalized_similarity(x, y) for x, y in product(a, b)), default=-1.0)


def _consonants(facts: PersonFacts) -> set[str]:
    return {form.translate(_NO_VOWELS) for form in latin_forms(facts)}


def _shown(facts: PersonFacts) -> str:
    return f"{facts.family_latin} {facts.given_latin}".strip()


def _documents(a: PersonFacts, b: PersonFacts) -> tuple[float, list[str]]:
    shared = a.documents & b.documents
    if shared:
        kind, country, _ = min(shared)
        return 14.0, [f"same {kind.replace('_', ' ')} ({country})"]
    weight, reasons = 0.0, []
    kinds_a = {(kind, country) for kind, country, _ in a.documents}
    for kind, country in sorted(kinds_a & {(k, c) for k, c, _ in b.documents}):
        weight += -4.0 if kind == "national_id" else -1.0
        reasons.append(f"different {kind.replace('_', ' ')} numbers ({country})")
    return weight, reasons


def _latin(a: PersonFacts, b: PersonFacts) -> tuple[float, list[str]]:
    similarity = _best(latin_forms(a), latin_forms(b))
    if similarity < 0:
        return 0.0, []
    names = f"({_shown(a)} ~ {_shown(b)})"
    if similarity == 1.0:
        return 5.0, [f"Latin names match after folding {names}"]
    if similarity < VOWEL_ONLY and _best(*map(_consonants, (a, b))) == 1.0:
        return 30.0 * (VOWEL_ONLY - 0.86), [f"Latin names differ only in vowels {names}"]
    weight = max(-8.0, min(3.0, 30.0 * (similarity - 0.86)))
    verdict = "similar" if weight > 0 else "differ"
    return weight, [f"Latin names {verdict} ({similarity:.2f}) {names}"]


def _khmer(a: PersonFacts, b: PersonFacts) -> tuple[float, list[str]]:
    similarity = _best(khmer_forms(a), khmer_forms(b))
    if similarity < 0:
        return 0.0, []
    if similarity == 1.0:
        return 4.0, ["Khmer names equal"]
    if similarity >= 0.85:
        return -1.0, [f"Khmer names nearly equal ({similarity:.2f})"]
    return -5.0, ["Khmer names differ"]


def _birth(a: PersonFacts, b: PersonFacts) -> tuple[float, list[str]]:
    if a.birth_year is None or b.birth_year is None:
        return 0.0, []
    apart = abs(a.birth_year - b.birth_year)
    weight, reasons = {0: 2.0, 1: -0.5, 2: -6.0}.get(apart, -10.0), []
    reasons.append("same birth year" if apart == 0 else f"birth years {apart} apart")
    if apart > 1:
        return weight, reasons
    for part, (x, y), same, differ in (
        ("month", (a.birth_month, b.birth_month), 1.0, -2.5),
        ("day", (a.birth_day, b.birth_day), 1.5, -2.5),
    ):
        if x is None or y is None:
            break
        weight += same if x == y else differ
        reasons.append(f"same birth {part}" if x == y else f"birth {part} differs")
    return weight, reasons


def _sex_and_nationality(a: PersonFacts, b: PersonFacts) -> tuple[float, list[str]]:
    weight, reasons = 0.0, []
    if a.sex in KNOWN_SEXES and b.sex in KNOWN_SEXES:
        weight += 0.5 if a.sex == b.sex else -8.0
        reasons.append("same sex" if a.sex == b.sex else "sex differs")
    if a.nationality and b.nationality:
        same = a.nationality == b.nationality
        weight += 0.3 if same else -6.0
        reasons.append("same nationality" if same else "nationality differs")
    return weight, reasons


def score(a: PersonFacts, b: PersonFacts) -> Match:
    total, reasons = PRIOR, []
    for part in (_documents, _latin, _khmer, _birth, _sex_and_nationality):
        weight, said = part(a, b)
        total += weight
        reasons.extend(said)
    return Match(score=1.0 / (1.0 + math.exp(-total)), reasons=reasons)


def is_match(match: Match, threshold: float = MATCH_THRESHOLD) -> bool:
    return match.score >= threshold
