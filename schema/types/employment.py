"""The employment check's answer and query (resolvers.employment): yes/no and the end date,
deliberately nothing else — no ids, names, reasons or scores (DESIGN, rule 7)."""

from __future__ import annotations

from datetime import date

import strawberry

from resolvers import employment
from resolvers.context import Context

Info = strawberry.Info[Context, None]


@strawberry.type(description="Whether a person is blacklisted today, and until when.")
class EmploymentCheck:
    blacklisted: bool
    until: date | None = strawberry.field(description="The last day of the blacklisting.")


@strawberry.type
class EmploymentQuery:
    @strawberry.field(
        description="For employment bodies: is this person (by identity document number, or by "
        "name with full date of birth YYYY-MM-DD) blacklisted, and until when. Every check is "
        "audited."
    )
    async def employment_check(
        self,
        info: Info,
        document_number: str | None = None,
        name: str | None = None,
        birth_date: str | None = None,
    ) -> EmploymentCheck:
        answer = await employment.employment_check(
            info.context, document_number=document_number, name=name, birth_date=birth_date
        )
        return EmploymentCheck(blacklisted=answer.blacklisted, until=answer.until)
