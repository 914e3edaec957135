"""Folding of person names and document numbers into the keys that search compares.

Pure functions, no database: the search predicates (db.person_names) and the duplicate matcher
build on them. A folded name is a *skeleton*: spellings of one Khmer name that officers write
differently in Latin letters (Chea/Chear/Chia) fold to the same string, while distinct names
(Sok/Sak, Dara/Dary) stay apart. tests/test_names.py holds the tables of pairs that must and must
not collide; change a rule only with them.

Folding ignores spacing, so a family and given name fold the same written apart or together
("Srey Mom" = "Sreymom"); keys therefore fold the whole name, not each part (a rule that looks at
the next letter would otherwise see a different neighbour across the part boundary).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Literal

Script = Literal["latin", "khmer"]

LATIN_PREFIX = "l:"
KHMER_PREFIX = "k:"

_CONSONANTS = "bcdfghjklmnpqrstvwxyz"
# Runs of one repeated consonant, as an alternation: it fails fast where a backreference would
# be tried at every position (folding 500k persons spends most of its time here).
_DOUBLED_CONSONANT = re.compile("|".join(f"{c}{c}+" for c in _CONSONANTS))


def _first_letter(match: re.Match[str]) -> str:
    return match.group()[0]


# Each rule: (pattern, replacement); applied in order to lower-case a-z text without spaces.
_LATIN_RULES: tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]], ...] = (
    # វ is romanised v or w (Leav/Leaw, Vong/Wong).
    (re.compile("w"), "v"),
    # Aspiration is written, doubled or dropped at will (Chhay/Chay, Sokhun/Sokun, Rith/Rit); the
    # h of ch, kh, th, ph, nh goes with it, so ch is c and ph is p.
    (re.compile(r"(?<=[b-df-gj-np-tv-z])h+"), ""),
    # Doubled consonants carry no distinction in romanisation (Vannak/Vanak, Vutthy/Vuthy).
    (_DOUBLED_CONSONANT, _first_letter),
    # y not before a vowel is the vowel ី or a final (Vuthy/Vuthi, Pisey/Pisei, Vyrak/Virak).
    (re.compile(r"y(?![aeiou])"), "i"),
    # A final or pre-consonant h after a vowel is a length/glottal mark (Darah/Dara, Sokhah).
    (re.compile(r"(?<=[aeiou])h(?![aeiou])"), ""),
    # French-style r after a vowel marks vowel length, not a sound (Chear/Chea, Sokhar, Sorn/Son).
    (re.compile(r"(?<=[aeiou])r(?![aeiouy])"), ""),
)

# Whole vowel runs that spell one Khmer vowel, to one canonical run. Every canonical value maps
# to itself so that folding is idempotent.
_VOWEL_RUNS: dict[str, str] = {
    # ា (second series), ៀ: ea, ia, ie, iea; Heng/Hieng and Seng/Sieng are written for both.
    **dict.fromkeys(("e", "ea", "ia", "ie", "iea", "eia"), "e"),
    # ី: i, ee, ey (y already i), ei (Pisey/Pisei, Srey/Srei/Sri).
    **dict.fromkeys(("i", "ii", "ee", "ei", "eii"), "i"),
    # ុ ូ ោ ៅ: o, u, ou, au, ao, oo, uo (Bopha/Bupha, Kosal/Kausal, Sokun/Sokhon, Kouch/Kuoch).
    **dict.fromkeys(("o", "u", "oo", "uu", "ou", "au", "ao", "uo", "aou"), "o"),
    # ឹ ឺ ើ ឿ: oe, eu, oeu, aeu, euu (Chhoeun/Chheun).
    **dict.fromkeys(("eu", "oe", "oeu", "aeu", "euu"), "eu"),
    # ៃ and -ាយ: ai, ay (y already i), aai (Chhay).
    **dict.fromkeys(("ai", "aai"), "ai"),
    **dict.fromkeys(("a", "aa"), "a"),
}

# Single a, e, i, o are already canonical; only longer runs and u need a look-up.
_VOWEL_RUN_TO_FOLD = re.compile("[aeiou]{2,}|u")
_DOUBLED = re.compile(r"([a-z])\1+")
_NOT_A_TO_Z = re.compile("[^a-z]+")


def _canonical_vowels(match: re.Match[str]) -> str:
    run = match.group()
    if run in _VOWEL_RUNS:
        return _VOWEL_RUNS[run]
    # Other runs: u read as o (ុ is written either way) and doubled vowels as one, then looked
    # up again, so that the result is itself canonical.
    run = _DOUBLED.sub(r"\1", run.replace("u", "o"))
    return _VOWEL_RUNS.get(run, run)


def _latin_letters(text: str) -> str:
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_A_TO_Z.sub("", text.lower())


@lru_cache(maxsize=1 << 16)
def fold_latin(text: str) -> str:
    """The spelling skeleton of a romanised name: case, accents, spacing and variants removed.

    Cached: a nation's names repeat, and rebuilding every person's keys folds each one again.
    """
    skeleton = _latin_letters(text)
    for pattern, replacement in _LATIN_RULES:
        skeleton = pattern.sub(replacement, skeleton)
    skeleton = _VOWEL_RUN_TO_FOLD.sub(_canonical_vowels, skeleton)
    return _DOUBLED_CONSONANT.sub(_first_letter, skeleton)


_COENG = "\u17d2"
_KHMER_VARIANTS: tuple[tuple[str, str], ...] = (
    # Invisible inherent-vowel signs, deprecated by Unicode; dropped first, since they can sit
    # between the halves of the pairs below.
    ("\u17b4", ""),
    ("\u17b5", ""),
    # Subscript DA and subscript TA look alike and are typed interchangeably (ចិន្តា/ចិន្ដា).
    (_COENG + "\u178a", _COENG + "\u178f"),
    # Unicode deprecates QAQ (use QA) and QAA (use QA + AA); old keyboards still type them.
    ("\u17a3", "\u17a2"),
    ("\u17a4", "\u17a2\u17b6"),
    # Two-part vowels typed as their visible halves: E + AA for OO, E + II for OE.
    ("\u17c1\u17b6", "\u17c4"),
    ("\u17c1\u17b8", "\u17be"),
)


@lru_cache(maxsize=1 << 16)
def fold_khmer(text: str) -> str:
    """Khmer-script name without spacing, zero-width characters or interchangeable spellings."""
    normal = unicodedata.normalize("NFC", text)
    # Letters and marks only: drops spaces, ZWSP/ZWNJ/ZWJ/BOM (format characters) and punctuation.
    kept = "".join(c for c in normal if unicodedata.category(c)[0] in "LM").lower()
    for variant, canonical in _KHMER_VARIANTS:
        kept = kept.replace(variant, canonical)
    # Dropping characters can bring combining marks together that NFC orders differently, so
    # normalise once more: folding a folded key must change nothing.
    return unicodedata.normalize("NFC", kept)


_KHMER_CHARACTER = re.compile("[\u1780-\u17ff\u19e0-\u19ff]")


def script_of(text: str) -> Script:
    return "khmer" if _KHMER_CHARACTER.search(text) else "latin"


def _fold_as(script: Script) -> tuple[str, Callable[[str], str]]:
    return (KHMER_PREFIX, fold_khmer) if script == "khmer" else (LATIN_PREFIX, fold_latin)


def query_key(text: str) -> str:
    """The key a search string is compared by; "" when nothing searchable is left."""
    prefix, fold = _fold_as(script_of(text))
    body = fold(text)
    return prefix + body if body else ""


def _both_orders(prefix: str, fold: Callable[[str], str], first: str, second: str) -> set[str]:
    folded = (fold(f"{first} {second}"), fold(f"{second} {first}"))
    return {prefix + body for body in folded if body}


def name_keys(
    *,
    family_latin: str,
    given_latin: str,
    family_km: str,
    given_km: str,
    aliases: Iterable[tuple[str, str]] = (),
) -> set[str]:
    """Every key a person is found by: each script's name in both orders, and each alias.

    An alias is a whole name whose parts are unknown, so it is keyed as written and with its
    words reversed. Its script is read from its text rather than the recorded label, so that a
    mislabelled alias is still found.
    """
    keys = _both_orders(LATIN_PREFIX, fold_latin, family_latin, given_latin)
    keys |= _both_orders(KHMER_PREFIX, fold_khmer, family_km, given_km)
    for name, _label in aliases:
        words = name.split()
        for form in (" ".join(words), " ".join(reversed(words))):
            if key := query_key(form):
                keys.add(key)
    return keys


_NUMBER_SIGN = re.compile(r"^\s*(?:n[°º]|no\.|no\s|№|#)\s*", re.IGNORECASE)


def document_key(number: str) -> str:
    """Upper case, letters and digits only: "n° 01-234 567" and "01234567" are one document.

    A leading number sign (n°, No., №, #) is dropped; a bare leading N is kept, since Cambodian
    passport numbers start with one. Digits of any script (Khmer ០ to ៩) become ASCII digits.
    """
    text = _NUMBER_SIGN.sub("", number)
    out: list[str] = []
    for char in unicodedata.normalize("NFKD", text):
        if char.isdecimal():
            out.append(str(unicodedata.decimal(char)))
        elif "a" <= char.lower() <= "z":
            out.append(char.upper())
    return "".join(out)
