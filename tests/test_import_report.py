"""The import report echoes rejected cells as text: a spreadsheet opening it never runs a formula
(the exports' own rule, resolvers.exports.files.safe, not a second copy of it)."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

from db.clock import FixedClock
from resolvers.exports.files import _FORMULA_START
from resolvers.imports.court_orders import Mode
from resolvers.imports.report import Problem, report_csv
from tests.import_support import order_row, run_cli, write_csv
from tests.test_hits import make_world


def _cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))[1:]


@pytest.mark.parametrize("start", _FORMULA_START)
def test_every_cell_that_could_run_as_a_formula_is_written_as_text(start: str) -> None:
    value = f'{start}HYPERLINK("http://x")'
    [row] = _cells(report_csv([Problem(2, "kind", value, f"{start} is not a kind")]))
    assert row == ["2", "kind", "'" + value, f"'{start} is not a kind"]


async def test_a_rejected_formula_in_an_imported_file_reaches_the_report_as_text(
    db: Any, session: Any, clock: FixedClock, tmp_path: Path
) -> None:
    world = await make_world(session)
    rows = [order_row(1, kind="=cmd|' /C calc'!A0", notes="+1")]
    path = write_csv(tmp_path / "orders.csv", rows)
    user = world["pp"].username
    assert await run_cli(db, "court-orders", clock, path, user, batch=10, mode=Mode.VALID_ROWS) == 0
    lines = _cells(path.with_suffix(".report.csv").read_text("utf-8"))
    assert [line[:3] for line in lines] == [["2", "kind", "'=cmd|' /C calc'!A0"]]
