"""Generated court-order files for the import tests (and a benchmark run by hand)."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from sqlalchemy import func, select

from db import tables as t
from resolvers.imports.court_orders import COLUMNS
from tests.test_hits import PHNOM_PENH
from web import cli_import

COURT = "Phnom Penh Municipal Court"
FAMILY = ("Sok", "Chan", "Kim", "Heng", "Ly", "Meas", "Nuon", "Phan", "Ros", "Touch")
GIVEN = ("Dara", "Vanna", "Sothea", "Bopha", "Rithy", "Sreymom", "Piseth", "Kosal", "Nary")


def order_row(i: int, **changes: str) -> dict[str, str]:
    """The i-th order of a generated file: valid, each subject with a document of its own."""
    row = dict.fromkeys(COLUMNS, "")
    row.update(
        court=COURT,
        number=f"PP-{2005 + i % 12}-{i:05d}",
        kind="arrest" if i % 3 else "detention",
        issued_on=(date(2001, 1, 1) + timedelta(days=17 * i % 9000)).isoformat(),
        expires_on="" if i % 4 else (date(2030, 1, 1) + timedelta(days=i)).isoformat(),
        subject_family_name_latin=FAMILY[i % len(FAMILY)],
        subject_given_name_latin=f"{GIVEN[i % len(GIVEN)]}{'a' * (i // 90)}",
        subject_sex="MF"[i % 2],
        subject_birth_date=("1970", "1981-04", f"1975-03-{1 + i % 28:02d}")[i % 3][:10],
        subject_nationality="KH",
        subject_document_kind="national_id",
        subject_document_number=f"{100_000_000 + i}",
        subject_document_country="KH",
        notes=f"imported order {i}",
        historical="yes" if i % 5 == 0 else "",
    )
    row["subject_birth_date"] = str(1950 + i % 40) + row["subject_birth_date"][4:]
    row.update(changes)
    return row


async def run_cli(
    db: Any, kind: str, clock: Any, path: Path, username: str, *, batch: int, **kw: Any
) -> int:
    """``ecrime import KIND PATH --as USERNAME`` in process, the report beside the file; its exit
    status, after checking it printed the final rate (it always does)."""
    err = io.StringIO()
    code = await cli_import.import_file(
        db,
        kind=kind,
        clock=clock,
        path=path,
        username=username,
        report_path=path.with_suffix(".report.csv"),
        batch=batch,
        err=err,
        **kw,
    )
    assert "rows/s" in err.getvalue(), err.getvalue()
    return code


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.DictWriter(handle, fieldnames=COLUMNS)
        out.writeheader()
        out.writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[dict[str, str]]) -> Path:
    """Dates as real date cells, as a spreadsheet program stores them."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(list(COLUMNS))
    for row in rows:
        cells: list[Any] = [row[c] for c in COLUMNS]
        for c in ("issued_on", "expires_on"):
            if row[c] and row[c] >= "2000":
                cells[COLUMNS.index(c)] = date.fromisoformat(row[c])
        sheet.append(cells)
    book.save(path)
    return path


def read_report(path: Path) -> list[tuple[int, str, str, str]]:
    lines = list(csv.reader(io.StringIO(path.read_text("utf-8"))))
    assert lines[0] == ["row", "column", "value", "problem"]
    return [(int(r), c, v, p) for r, c, v, p in lines[1:]]


async def count(db: Any, model: type[Any], *where: Any) -> int:
    async with db.session() as session:
        return int(await session.scalar(select(func.count()).select_from(model).where(*where)))


async def stored_orders(db: Any) -> int:
    return await count(db, t.Warrant, t.Warrant.court == COURT)


def like_the_wanted_subject(i: int, **changes: str) -> dict[str, str]:
    """An order whose subject is spelt like Siem Reap's wanted Chea Sokha (tests.test_hits)."""
    return order_row(
        i,
        subject_family_name_latin="Chear",
        subject_given_name_latin="Sokhar",
        subject_sex="M",
        subject_birth_date="1990-05-12",
        subject_document_kind="",
        subject_document_number="",
        subject_document_country="",
        province_code=PHNOM_PENH,
        **changes,
    )


# --- persons and offences (resolvers.imports.persons, resolvers.imports.offences) -----------


def write_rows(path: Path, columns: tuple[str, ...], rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.DictWriter(handle, fieldnames=columns)
        out.writeheader()
        out.writerows(rows)
    return path


def person_row(i: int, **changes: str) -> dict[str, str]:
    """The i-th person of a generated file: valid, each with a document of their own."""
    from resolvers.imports.persons import COLUMNS as PERSON_COLUMNS

    row = dict.fromkeys(PERSON_COLUMNS, "")
    row.update(
        family_name_latin=FAMILY[i % len(FAMILY)],
        given_name_latin=f"{GIVEN[i % len(GIVEN)]}{'a' * (i // 90)}",
        sex="MF"[i % 2],
        birth_date=f"{1950 + i % 40}-0{1 + i % 9}",
        nationality="KH",
        document_kind="national_id",
        document_number=f"{200_000_000 + i}",
        document_country="KH",
        aliases=f"{GIVEN[i % len(GIVEN)]} {i}" if i % 3 == 0 else "",
    )
    row.update(changes)
    return row


def offence_row(i: int, **changes: str) -> dict[str, str]:
    """The i-th offence of a generated file: a Phnom Penh theft, every other with a suspect."""
    from resolvers.imports.offences import COLUMNS as OFFENCE_COLUMNS

    row = dict.fromkeys(OFFENCE_COLUMNS, "")
    row.update(
        source_ref=f"PP-{2010 + i % 10}-{i:06d}",
        type_code="THEFT",
        occurred_at=f"{2010 + i % 10}-0{1 + i % 9}-1{i % 10} 0{i % 10}:30",
        province_code=PHNOM_PENH,
        district_code="1201" if i % 4 else "",
        description=f"imported offence {i}",
        historical="yes" if i % 5 == 0 else "",
    )
    if i % 2:
        row.update(
            person_role="suspect",
            person_family_name_latin=FAMILY[i % len(FAMILY)],
            person_given_name_latin=GIVEN[i % len(GIVEN)],
            person_sex="MF"[i % 2],
            person_birth_date=str(1960 + i % 30),
            person_nationality="KH",
            person_document_kind="national_id",
            person_document_number=f"{300_000_000 + i}",
            person_document_country="KH",
        )
    row.update(changes)
    return row
