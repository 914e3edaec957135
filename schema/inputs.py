"""Filter inputs for lists. Each maps explicitly onto a plain filter in db.filters."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from db import filters
from schema.enums import (
    CaseRole,
    CaseStatus,
    NoticeKind,
    OffenceKind,
    Sex,
    WarrantKind,
    WarrantStatus,
)


@strawberry.input(description="Narrow a list of offences. Every given condition must hold.")
class OffenceFilterInput:
    province_codes: list[str] | None = None
    district_code: str | None = None
    commune_code: str | None = None
    categories: list[str] | None = strawberry.field(
        default=None, description='ICCS codes at any level: "06" matches every drug offence.'
    )
    type_codes: list[str] | None = None
    kind: OffenceKind | None = None
    ministry_code: str | None = None
    occurred_from: datetime | None = None
    occurred_to: datetime | None = strawberry.field(default=None, description="Exclusive.")

    def to_filter(self) -> filters.OffenceFilter:
        return filters.OffenceFilter(
            province_codes=tuple(self.province_codes or ()),
            district_code=self.district_code,
            commune_code=self.commune_code,
            categories=tuple(self.categories or ()),
            type_codes=tuple(self.type_codes or ()),
            kind=self.kind.value if self.kind else None,
            ministry_code=self.ministry_code,
            occurred_from=self.occurred_from,
            occurred_to=self.occurred_to,
        )


@strawberry.input(description="Find persons. Name search ignores case, accents, spacing and order.")
class PersonFilterInput:
    name: str | None = strawberry.field(
        default=None, description="A name or alias in Khmer or Latin script, in either order."
    )
    document_number: str | None = None
    nationality: str | None = None
    sex: Sex | None = None
    province_codes: list[str] | None = None
    role: CaseRole | None = strawberry.field(
        default=None, description="Only persons who appear in some case with this role."
    )
    purpose: str | None = strawberry.field(
        default=None,
        description=(
            "Why you are searching: a case number or at least ten characters. Required unless "
            "the search is limited to your own province; kept in the audit trail."
        ),
    )

    def to_filter(self) -> filters.PersonFilter:
        return filters.PersonFilter(
            name=self.name,
            document_number=self.document_number,
            nationality=self.nationality,
            sex=self.sex.value if self.sex else None,
            province_codes=tuple(self.province_codes or ()),
            role=self.role.value if self.role else None,
            purpose=self.purpose.strip() if self.purpose else None,
        )


@strawberry.input
class CaseFilterInput:
    statuses: list[CaseStatus] | None = None
    province_codes: list[str] | None = None
    opened_from: datetime | None = None
    opened_to: datetime | None = None

    def to_filter(self) -> filters.CaseFilter:
        return filters.CaseFilter(
            statuses=tuple(s.value for s in self.statuses or ()),
            province_codes=tuple(self.province_codes or ()),
            opened_from=self.opened_from,
            opened_to=self.opened_to,
        )


@strawberry.input
class WarrantFilterInput:
    statuses: list[WarrantStatus] | None = None
    kinds: list[WarrantKind] | None = None
    province_codes: list[str] | None = None
    court: str | None = None
    issued_from: date | None = None
    issued_to: date | None = None

    def to_filter(self) -> filters.WarrantFilter:
        return filters.WarrantFilter(
            statuses=tuple(s.value for s in self.statuses or ()),
            kinds=tuple(k.value for k in self.kinds or ()),
            province_codes=tuple(self.province_codes or ()),
            court=self.court,
            issued_from=self.issued_from,
            issued_to=self.issued_to,
        )


@strawberry.input
class NoticeFilterInput:
    kinds: list[NoticeKind] | None = None
    province_codes: list[str] | None = None
    valid_on: date | None = strawberry.field(
        default=None, description="Only notices in force on this day."
    )

    def to_filter(self) -> filters.NoticeFilter:
        return filters.NoticeFilter(
            kinds=tuple(k.value for k in self.kinds or ()),
            province_codes=tuple(self.province_codes or ()),
            valid_on=self.valid_on,
        )
