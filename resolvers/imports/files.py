"""CSV and XLSX files as rows of text, numbered as a spreadsheet shows them (the header is row 1).

Cells are read as text so that one check judges both formats: a date cell of an XLSX file reads
as ``YYYY-MM-DD``, a whole number as its digits. CSV files are UTF-8 (a BOM is allowed).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from db.errors import InvalidArgument


@dataclass(frozen=True)
class Row:
    number: int  # as the spreadsheet numbers it: the header is row 1
    values: dict[str, str]


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: list[Row]


def read_table(path: Path) -> Table:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with path.open(newline="", encoding="utf-8-sig") as handle:
            return _table(iter(csv.reader(handle)))
    if suffix == ".xlsx":
        return _table(_xlsx_rows(path))
    raise InvalidArgument(f"{path.name}: expected a .csv or .xlsx file")


def _table(lines: Iterator[list[str]]) -> Table:
    header = next(lines, None)
    if header is None:
        raise InvalidArgument("the file is empty: the first row must name the columns")
    columns = tuple(name.strip().lower() for name in header)
    rows = []
    for number, line in enumerate(lines, start=2):
        if not any(cell.strip() for cell in line):
            continue  # blank lines (often at a spreadsheet's end) are not records
        padded = [*line, *[""] * (len(columns) - len(line))]
        rows.append(Row(number, {c: v.strip() for c, v in zip(columns, padded, strict=False)}))
    return Table(columns, rows)


def _xlsx_rows(path: Path) -> Iterator[list[str]]:
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        for cells in book.worksheets[0].iter_rows(values_only=True):
            yield [_text(cell) for cell in cells]
    finally:
        book.close()


def _text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == datetime.min.time() else cell.isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)
