"""A row whose natural key (court, number) is already on file: "already imported" when its facts
agree with the stored order and its subject, else a conflict named column by column with the
stored value. Nothing stored is overwritten; a correction goes through the record's lifecycle."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from db import tables as t
from resolvers.imports.report import ALREADY_IMPORTED, CONFLICT, Outcome, Problem

if TYPE_CHECKING:
    from resolvers.imports.court_orders import Order


def compare(order: Order, warrant: t.Warrant, person: t.Person) -> tuple[Outcome, list[Problem]]:
    w, s, row = order.warrant, order.subject, order.row
    facts: list[tuple[str, Any, Any]] = [
        ("kind", w.kind, warrant.kind),
        ("issued_on", w.issued_on, warrant.issued_on),
        ("expires_on", w.expires_on, warrant.expires_on),
        ("province_code", w.province_code, warrant.province_code),
        ("notes", (w.notes or "").strip(), warrant.notes),
        ("historical", order.historical, warrant.historical),
        ("subject_family_name_latin", s.family_name_latin.strip(), person.family_name_latin),
        ("subject_given_name_latin", s.given_name_latin.strip(), person.given_name_latin),
        ("subject_family_name_km", s.family_name_km.strip(), person.family_name_km),
        ("subject_given_name_km", s.given_name_km.strip(), person.given_name_km),
        ("subject_sex", s.sex, person.sex),
        (
            "subject_birth_date",
            (s.birth.year, s.birth.month, s.birth.day),
            (person.birth_year, person.birth_month, person.birth_day),
        ),
        ("subject_nationality", s.nationality.upper(), person.nationality),
    ]
    differ = [
        Problem(row.number, column, row.values.get(column, ""), f"{CONFLICT} (stored: {_shown(b)})")
        for column, a, b in facts
        if a != b
    ]
    if differ:
        return Outcome.REJECTED, differ
    number = row.values.get("number", "")
    return Outcome.SKIPPED, [Problem(row.number, "number", number, ALREADY_IMPORTED)]


def _shown(value: Any) -> str:
    if isinstance(value, tuple):  # a partial birth date
        return "-".join(f"{p:02d}" for p in value if p is not None)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else str(value)
