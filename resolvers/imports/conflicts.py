"""A row whose natural key is already on file (court orders: court and number; persons: their
identity document; offences: province and source_ref): "already imported" when its facts agree
with the stored record, else a conflict named column by column with the stored value. Nothing
stored is overwritten; a correction goes through the record's lifecycle."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from db import tables as t
from resolvers.imports.files import Row
from resolvers.imports.report import ALREADY_IMPORTED, CONFLICT, Outcome, Problem
from resolvers.inputs_persons import PersonData

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


def differences(row: Row, facts: list[tuple[str, Any, Any]], what: str) -> list[Problem]:
    """The columns whose value differs from the stored record's: (column, read, stored)."""
    return [
        Problem(
            row.number,
            column,
            row.values.get(column, ""),
            f"conflicts with the stored {what} (stored: {_shown(b)})",
        )
        for column, a, b in facts
        if a != b
    ]


def person_facts(prefix: str, data: PersonData, person: t.Person) -> list[tuple[str, Any, Any]]:
    """A person's identifying facts as read from the row (columns ``prefix``…) and as stored."""
    return [
        (f"{prefix}family_name_latin", data.family_name_latin.strip(), person.family_name_latin),
        (f"{prefix}given_name_latin", data.given_name_latin.strip(), person.given_name_latin),
        (f"{prefix}family_name_km", data.family_name_km.strip(), person.family_name_km),
        (f"{prefix}given_name_km", data.given_name_km.strip(), person.given_name_km),
        (f"{prefix}sex", data.sex, person.sex),
        (
            f"{prefix}birth_date",
            (data.birth.year, data.birth.month, data.birth.day),
            (person.birth_year, person.birth_month, person.birth_day),
        ),
        (f"{prefix}nationality", data.nationality.upper(), person.nationality),
    ]
