"""Who a court-order row is about: the holder of its identity document, checked, never assumed.

A row whose document is on file names that person; but a row that names someone else with it (a
typo in the number, a reused document) must not attach an order to the wrong person (issue 14).
So the row's subject is validated like any person input, and compared with the holder: a value
that both the row and the holder state must agree (names without regard to case or spacing, a
birth date on the parts both give, sex unless either says unknown); a blank cell states nothing.
Each column that disagrees is a problem of the row, in both modes and on both import paths
(resolvers.imports.court_orders row by row, court_orders_copy set-wise).

Within one file, the first row naming a document not yet on file stands for its holder: later
rows naming the document are compared with that row, in the checking pass as in the writing
pass, so that all-or-nothing never accepts a file it would then half refuse.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

from db.names import document_key
from resolvers.inputs_persons import PersonData
from resolvers.persons import DOCUMENT_KINDS
from resolvers.validation import Problems

if TYPE_CHECKING:
    from resolvers.imports.court_orders import Order

Identity = tuple[str, str, str]  # a document: kind, issuing country, number key
ON_FILE = "does not match the person on file with this document"
NAMES = (
    ("familyNameLatin", "family_name_latin"),
    ("givenNameLatin", "given_name_latin"),
    ("familyNameKm", "family_name_km"),
    ("givenNameKm", "given_name_km"),
)


def identity(order: Order) -> Identity | None:
    for doc in order.subject.documents:
        key = document_key(doc.number)
        if key and doc.kind in DOCUMENT_KINDS:
            return (doc.kind, doc.issuing_country.upper(), key)
    return None


def _facts(who: Any) -> dict[str, Any]:
    """What identifies a person, from a row's input or a stored person (None: not stated)."""
    names = {
        field: " ".join((getattr(who, attr) or "").split()).casefold() for field, attr in NAMES
    }
    if isinstance(who, PersonData):
        birth = (who.birth.year, who.birth.month, who.birth.day)
    else:
        birth = (who.birth_year, who.birth_month, who.birth_day)
    return {
        **{field: name or None for field, name in names.items()},
        "sex": who.sex if who.sex not in ("", "U") else None,
        "birthDate": birth,
        "nationality": (who.nationality or "").strip().upper() or None,
    }


def _disagree(mine: Any, theirs: Any) -> bool:
    if isinstance(mine, tuple):  # a birth date: the parts both give
        return any(
            a is not None and b is not None and a != b for a, b in zip(mine, theirs, strict=True)
        )
    return mine is not None and theirs is not None and mine != theirs


def _conflicts(problems: Problems, data: PersonData, holder: Any, message: str) -> None:
    mine, theirs = _facts(data), _facts(holder)
    for field, value in mine.items():
        if not problems.has(field) and _disagree(value, theirs[field]):
            problems.add(field, "conflict", message)


def judge_subject(
    problems: Problems, order: Order, on_file: Any | None, seen: dict[Hashable, Any]
) -> None:
    """Note the row's subject's disagreements with the holder of its document: the file's first
    row naming it if there is one, else ``on_file`` (the stored holder, or None). Run after the
    subject's field checks: a value already refused is not compared."""
    key = identity(order)
    if key is None:
        return
    first = seen.get(("subject", key))
    if first is not None and first[0] != order.row.number:
        number, data = first
        message = f"does not match row {number}, the first in this file with this document"
        _conflicts(problems, order.subject, data, message)
    elif on_file is not None:
        _conflicts(problems, order.subject, on_file, ON_FILE)
    else:
        seen.setdefault(("subject", key), (order.row.number, order.subject))
