"""Reading HTML forms into the resolvers' inputs, and showing their problems beside the fields.

Fields are named as in the GraphQL input (camelCase), so a problem the resolvers report
(``db.errors.FieldProblem.field``) lands beside the field it names, with the same message
the API gives. Text that fails to parse here (a date that is not a date) is reported the same way,
and the form is shown again with everything that was typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request

from db.errors import InvalidInput
from web.admin.i18n import PHNOM_PENH


@dataclass
class Form:
    """What was typed, and what is wrong with it (field name → messages)."""

    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    files: dict[str, UploadFile] = field(default_factory=dict)

    @classmethod
    async def read(cls, request: Request) -> Form:
        form: FormData = await request.form()
        values: dict[str, str] = {}
        files: dict[str, UploadFile] = {}
        for key, value in form.multi_items():
            if isinstance(value, str):
                values[key] = value if key not in values else values[key] + "\n" + value
            elif value.filename:
                files[key] = value
        return cls(values=values, files=files)

    def get(self, name: str) -> str:
        return self.values.get(name, "")

    def add(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)

    def absorb(self, error: InvalidInput) -> None:
        for problem in error.problems:
            self.add(problem.field, problem.message)

    @property
    def ok(self) -> bool:
        return not self.errors

    # --- typed reads: None when empty or unreadable (and the problem is noted) -----------

    def text(self, name: str) -> str:
        return self.get(name).strip()

    def optional(self, name: str) -> str | None:
        return self.text(name) or None

    def day(self, name: str) -> date | None:
        raw = self.text(name)
        if not raw:
            return None
        try:
            return date.fromisoformat(raw)
        except ValueError:
            self.add(name, "must be a date (YYYY-MM-DD)")
            return None

    def moment(self, name: str) -> datetime | None:
        """A ``datetime-local`` field: Phnom Penh wall-clock time, made timezone-aware."""
        raw = self.text(name)
        if not raw:
            return None
        try:
            value = datetime.fromisoformat(raw)
        except ValueError:
            self.add(name, "must be a date and time")
            return None
        return value if value.tzinfo else value.replace(tzinfo=PHNOM_PENH)

    def integer(self, name: str) -> int | None:
        raw = self.text(name)
        if not raw:
            return None
        try:
            return int(raw)
        except ValueError:
            self.add(name, "must be a whole number")
            return None

    def decimal(self, name: str) -> Decimal | None:
        raw = self.text(name)
        if not raw:
            return None
        try:
            return Decimal(raw)
        except InvalidOperation:
            self.add(name, "must be a number")
            return None

    def flag(self, name: str) -> bool:
        return self.get(name) in ("on", "true", "1", "yes")


def prefill(row: Any, names: dict[str, str]) -> Form:
    """A form showing a stored row: ``names`` maps form field → attribute."""
    values = {}
    for name, attr in names.items():
        value = getattr(row, attr, None)
        values[name] = "" if value is None else str(value)
    return Form(values=values)
