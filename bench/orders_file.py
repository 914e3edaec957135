"""A generated court-order file of any size, with a known share of bad rows and their report.

Every good row is a distinct order of a distinct subject with a national id of its own; every
hundredth row (1%) carries one bad value of a kind the import must name, so the benchmark can
check the report line for line, not just count it.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from resolvers.imports.court_orders import COLUMNS

COURT = "Benchmark Municipal Court"
FAMILY = ("Sok", "Chan", "Kim", "Heng", "Ly", "Meas", "Nuon", "Phan", "Ros", "Touch", "Keo", "Sam")
GIVEN = ("Dara", "Vanna", "Sothea", "Bopha", "Rithy", "Sreymom", "Piseth", "Kosal", "Nary", "Vibol")
# (column, bad value, the problem the import reports), taken in turn by the bad rows.
BAD_VALUES = (
    ("issued_on", "1999-12-31", "court orders are entered from 2000-01-01 on"),
    ("kind", "arest", "must be one of arrest, detention, judgment, search, summons"),
    ("subject_nationality", "XX", "'XX' is not an ISO 3166-1 alpha-2 country code"),
    ("issued_on", "2001-02-30", "2001-02-30 is not a date"),
)
BAD_EVERY = 100

Expected = tuple[int, str, str, str]  # (row, column, value, problem) as in the report


def _row(i: int) -> dict[str, str]:
    row = dict.fromkeys(COLUMNS, "")
    issued = date(2000, 1, 3) + timedelta(days=i % 9400)
    row.update(
        court=COURT,
        number=f"B-{issued.year}-{i:07d}",
        kind=("arrest", "detention", "summons", "judgment")[i % 4],
        issued_on=issued.isoformat(),
        expires_on="" if i % 3 else (issued + timedelta(days=3650)).isoformat(),
        subject_family_name_latin=FAMILY[i % len(FAMILY)],
        subject_given_name_latin=f"{GIVEN[(i // 7) % len(GIVEN)]}{_suffix(i)}",
        subject_sex="MF"[i % 2],
        subject_birth_date=f"{1950 + i % 45}-{1 + i % 12:02d}",
        subject_nationality="KH",
        subject_document_kind="national_id",
        subject_document_number=f"B{i:09d}",
        subject_document_country="KH",
        province_code="12",
        notes=f"benchmark order {i}",
    )
    return row


def _suffix(i: int) -> str:
    """Letters that keep generated names apart (a to z from the row number)."""
    letters = ""
    while i:
        i, r = divmod(i, 26)
        letters += chr(ord("a") + r)
    return letters


def rows(count: int) -> Iterator[tuple[dict[str, str], Expected | None]]:
    for i in range(count):
        row = _row(i)
        expected = None
        if i % BAD_EVERY == BAD_EVERY - 1:
            column, value, problem = BAD_VALUES[(i // BAD_EVERY) % len(BAD_VALUES)]
            row[column] = value
            expected = (i + 2, column, value, problem)  # the header is row 1
        yield row, expected


def write(path: Path, count: int) -> list[Expected]:
    """Write the file; the report lines the import must give for it, in row order."""
    expected: list[Expected] = []
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.DictWriter(handle, fieldnames=COLUMNS)
        out.writeheader()
        for row, bad in rows(count):
            out.writerow(row)
            if bad is not None:
                expected.append(bad)
    return expected
