"""Collect every problem with an input before refusing it, so a form can show them all at once."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pycountry

from db.errors import FieldProblem, InvalidInput


class Problems:
    def __init__(self) -> None:
        self.items: list[FieldProblem] = []

    def add(self, field: str, code: str, message: str) -> None:
        self.items.append(FieldProblem(field=field, code=code, message=message))

    def has(self, field: str) -> bool:
        return any(p.field == field for p in self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise InvalidInput(self.items)

    # Checks that recur across inputs. Each returns True when the value passed.

    def text(
        self, field: str, value: str | None, *, max_length: int, required: bool = False
    ) -> bool:
        if value is None or not value.strip():
            if required:
                self.add(field, "required", "is required")
                return False
            return True
        if len(value) > max_length:
            self.add(
                field, "too_long", f"must be at most {max_length} characters, not {len(value)}"
            )
            return False
        return True

    def choice(self, field: str, value: Any, allowed: set[str]) -> bool:
        if value is not None and value not in allowed:
            self.add(field, "invalid", f"must be one of {', '.join(sorted(allowed))}")
            return False
        return True

    def country(self, field: str, value: str | None, *, required: bool = False) -> bool:
        if value is None or value == "":
            if required:
                self.add(field, "required", "is required (ISO 3166-1 alpha-2, e.g. KH)")
            return not required
        if len(value) != 2 or pycountry.countries.get(alpha_2=value.upper()) is None:
            self.add(field, "invalid", f"{value!r} is not an ISO 3166-1 alpha-2 country code")
            return False
        return True

    def not_future(self, field: str, value: datetime | date | None, now: datetime) -> bool:
        if value is None:
            return True
        later = value > now if isinstance(value, datetime) else value > now.date()
        if later:
            self.add(field, "out_of_range", "cannot be in the future")
            return False
        return True

    def aware(self, field: str, value: datetime | None) -> bool:
        if value is not None and value.tzinfo is None:
            self.add(
                field, "invalid", "must include a time zone offset, e.g. 2026-11-02T10:00:00+07:00"
            )
            return False
        return True

    def partial_date(
        self, field: str, year: int | None, month: int | None, day: int | None, today: date
    ) -> bool:
        if year is None and (month is not None or day is not None):
            self.add(field, "invalid", "a month or day needs a year")
            return False
        if month is None and day is not None:
            self.add(field, "invalid", "a day needs a month")
            return False
        if year is not None and not 1900 <= year <= today.year:
            self.add(field, "out_of_range", f"year must be between 1900 and {today.year}")
            return False
        if month is not None and not 1 <= month <= 12:
            self.add(field, "out_of_range", "month must be between 1 and 12")
            return False
        if year is not None and month is not None and day is not None:
            try:
                born = date(year, month, day)
            except ValueError:
                self.add(field, "invalid", f"{year:04d}-{month:02d}-{day:02d} is not a date")
                return False
            if born > today:
                self.add(field, "out_of_range", "cannot be in the future")
                return False
        return True
