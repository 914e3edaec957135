"""likelyDuplicates: who a person being entered might already be, with the reasons."""

from __future__ import annotations

import strawberry

from db.matching import PersonFacts, document_keys
from resolvers import duplicates
from resolvers.context import Context
from resolvers.references import parse_id
from schema.enums import DocumentKind, Sex
from schema.types.persons import Person

Info = strawberry.Info[Context, None]


@strawberry.input
class DocumentProbe:
    kind: DocumentKind
    number: str
    issuing_country: str


@strawberry.input(description="What has been typed so far on the person form.")
class PersonProbe:
    family_name_latin: str = ""
    given_name_latin: str = ""
    family_name_km: str = ""
    given_name_km: str = ""
    sex: Sex = Sex.UNKNOWN
    birth_year: int | None = None
    birth_month: int | None = None
    birth_day: int | None = None
    nationality: str = ""
    documents: list[DocumentProbe] = strawberry.field(default_factory=list)

    def facts(self) -> PersonFacts:
        return PersonFacts(
            family_latin=self.family_name_latin,
            given_latin=self.given_name_latin,
            family_km=self.family_name_km,
            given_km=self.given_name_km,
            sex=self.sex.value,
            birth_year=self.birth_year,
            birth_month=self.birth_month,
            birth_day=self.birth_day,
            nationality=self.nationality.upper(),
            documents=document_keys(
                (d.kind.value, d.issuing_country.upper(), d.number) for d in self.documents
            ),
        )


@strawberry.type(description="A person already on file who may be the one being entered.")
class DuplicateSuggestion:
    person: Person
    score: float
    reasons: list[str]


@strawberry.type
class DuplicatesQuery:
    @strawberry.field(
        description="Likely duplicates of a person being entered, best first, among those you may see."
    )
    async def likely_duplicates(
        self,
        info: Info,
        person: PersonProbe,
        exclude_id: strawberry.ID | None = None,
        first: int = 5,
    ) -> list[DuplicateSuggestion]:
        exclude = parse_id(str(exclude_id), "Person") if exclude_id else None
        found = await duplicates.likely_duplicates(
            info.context, person.facts(), exclude=exclude, limit=max(1, min(first, 20))
        )
        return [
            DuplicateSuggestion(
                person=Person.from_row(s.person),
                score=round(s.match.score, 3),
                reasons=s.match.reasons,
            )
            for s in found
        ]
