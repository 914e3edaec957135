"""An export as a file: CSV or XLSX, the same cells in both.

Both start with the preamble (who exported, when in Phnom Penh time, the query, the row count),
one line per cell, then a blank line, the header row and the rows.

CSV is UTF-8 with a byte-order mark: Excel, which most offices open CSV files with, reads a CSV
without one in the machine's legacy code page and shows Khmer names as mojibake; with the mark it
reads UTF-8. Other tools skip the mark.

Cells that begin with ``= + - @`` (or a tab or carriage return) get a leading apostrophe, in both
formats: a spreadsheet would otherwise run them as formulas (OWASP "CSV injection"), and a name
or description typed by anyone must never become a formula on an analyst's machine. openpyxl
itself stores a text starting with ``=`` as a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from openpyxl import Workbook  # type: ignore[import-untyped]

from resolvers.exports.core import Cell, Export

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def filename(export: Export, fmt: str) -> str:
    """``offences-2026-11-22T1830.csv``: the list and the Phnom Penh minute it was taken."""
    return f"{export.kind}-{export.exported_at.strftime('%Y-%m-%dT%H%M')}.{fmt}"


def safe(value: Cell) -> Cell:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def lines(export: Export) -> Iterator[tuple[Cell, ...]]:
    """Every row of the file, preamble first, cells made safe."""
    for line in export.preamble():
        yield (safe(line),)
    yield ()
    yield export.header
    for row in export.rows:
        yield tuple(safe(cell) for cell in row)


def to_csv(export: Export) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180
    for row in lines(export):
        writer.writerow(["" if cell is None else cell for cell in row])
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(export: Export) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(export.kind)
    for row in lines(export):
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


WRITERS = {"csv": to_csv, "xlsx": to_xlsx}
