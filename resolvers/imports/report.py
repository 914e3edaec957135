"""What an import did with each row, and the report of the rows it did not write.

A row is written, skipped (its natural key is on file with the same facts: "already imported"),
or rejected (a problem with a value, or a natural key on file with other facts). The report has
one line per problem: row, column, value, problem; CSV so that it opens next to the file. Its
cells go through the exports' ``safe`` (resolvers.exports.files): a rejected value such as
``=HYPERLINK(…)`` is echoed as text, never run as a formula by the spreadsheet that opens it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TextIO

from resolvers.exports.files import safe

ALREADY_IMPORTED = "already imported"
CONFLICT = "conflicts with the stored order"


class Outcome(Enum):
    WRITTEN = "written"
    SKIPPED = "already imported"
    REJECTED = "rejected"


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    value: str
    problem: str


@dataclass
class Report:
    total: int = 0
    outcomes: dict[Outcome, int] = field(default_factory=lambda: dict.fromkeys(Outcome, 0))
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    written_to_database: bool = True  # False when all-or-nothing refused the file

    def count(self, outcome: Outcome) -> int:
        return self.outcomes[outcome]

    @property
    def done(self) -> int:
        return sum(self.outcomes.values())

    @property
    def rate(self) -> float:
        """Rows judged per second, over the whole run (checks, matching, writes)."""
        return self.total / self.seconds if self.seconds > 0 else 0.0

    def summary(self) -> str:
        written = self.count(Outcome.WRITTEN) if self.written_to_database else 0
        return (
            f"{self.total} rows: {written} written, {self.count(Outcome.SKIPPED)} already "
            f"imported, {self.count(Outcome.REJECTED)} rejected ({len(self.problems)} report lines); "
            f"{self.seconds:.1f} s, {self.rate:.0f} rows/s"
        )


def write_report(path: Path, problems: list[Problem]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        _write(handle, problems)


def report_csv(problems: list[Problem]) -> str:
    """The report as text, for a download (the admin's upload page)."""
    out = io.StringIO(newline="")
    _write(out, problems)
    return out.getvalue()


def _write(handle: TextIO, problems: list[Problem]) -> None:
    out = csv.writer(handle)
    out.writerow(["row", "column", "value", "problem"])
    for p in sorted(problems, key=lambda p: p.row):
        out.writerow([p.row, safe(p.column), safe(p.value), safe(p.problem)])
