"""Reading a file's text cells into values, each problem named by its column.

A value that cannot be read is left out (None) and reported here; the resolvers then judge the
rest, so that a row's report gives all its problems at once.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from db.clock import PHNOM_PENH
from resolvers.imports.files import Row
from resolvers.imports.report import Problem
from resolvers.inputs_persons import BirthDate

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z)?")


class Cells:
    """One row's values, read; ``problems`` holds the values that could not be read."""

    def __init__(self, row: Row) -> None:
        self.row = row
        self.problems: list[Problem] = []

    def text(self, column: str) -> str:
        return self.row.values.get(column, "")

    def problem(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.row.number, column, self.text(column), message))

    def day(self, column: str) -> date | None:
        text = self.text(column)
        if not text:
            return None
        if not _DATE.fullmatch(text):
            self.problem(column, "must be a date as YYYY-MM-DD")
            return None
        try:
            return date.fromisoformat(text)
        except ValueError:
            self.problem(column, f"{text} is not a date")
            return None

    def moment(self, column: str) -> datetime | None:
        """A date and time; without an offset it is Phnom Penh's wall-clock time. A date alone
        (old registers often hold no time) is read as its midnight there."""
        text = self.text(column)
        if not text:
            return None
        if _DATE.fullmatch(text):
            day = self.day(column)
            return (
                None if day is None else datetime(day.year, day.month, day.day, tzinfo=PHNOM_PENH)
            )
        if not _MOMENT.fullmatch(text):
            self.problem(column, "must be a date and time as YYYY-MM-DD HH:MM")
            return None
        try:
            value = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            self.problem(column, f"{text} is not a date and time")
            return None
        return value if value.tzinfo else value.replace(tzinfo=PHNOM_PENH)

    def birth(self, column: str) -> BirthDate:
        """A possibly partial date (YYYY, YYYY-MM or YYYY-MM-DD); the resolvers judge its parts."""
        text = self.text(column)
        if not text:
            return BirthDate()
        parts = _PARTIAL_DATE.fullmatch(text)
        if parts is None:
            self.problem(column, "must be YYYY, YYYY-MM or YYYY-MM-DD")
            return BirthDate()
        return BirthDate(*(int(p) if p else None for p in parts.groups()))

    def number(self, column: str) -> Decimal | None:
        text = self.text(column)
        if not text:
            return None
        try:
            value = Decimal(text)
        except InvalidOperation:
            self.problem(column, "must be a number")
            return None
        if not value.is_finite():
            self.problem(column, "must be a number")
            return None
        return value

    def coordinate(self, column: str) -> float | None:
        value = self.number(column)
        return None if value is None else float(value)

    def historical(self, column: str, on: date | None, today: date, noun: str) -> bool:
        """Records dated before the day of the import are historical (never late): a value in
        the file must agree. ``noun`` names the record ("an offence that occurred")."""
        flag = self.text(column).lower()
        past = on is not None and on < today
        if flag not in ("", "yes", "no"):
            self.problem(column, "must be yes or no")
        elif on is not None and flag and (flag == "yes") != past:
            self.problem(
                column,
                f"{noun} before the day of the import is historical"
                if past
                else f"{noun} on the day of the import or later is not historical",
            )
        return past
