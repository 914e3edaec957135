"""Mutations for persons: thin shells over resolvers.persons, each returning a result union."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any, TypeVar

import strawberry

from db import tables as t
from resolvers import inputs_persons as plain
from resolvers import persons
from resolvers.context import Context
from schema.enums import DocumentKind, NameScript, Sex
from schema.results import (
    Forbidden,
    NotFound,
    RecordLocked,
    StaleVersion,
    ValidationFailed,
    mutation,
    record_outcome,
)
from schema.types.persons import Person

Info = strawberry.Info[Context, None]
F = TypeVar("F", bound=Callable[..., Any])


@strawberry.input(description="A date of birth; give the year, the year and month, or all three.")
class PartialDateInput:
    year: int | None = None
    month: int | None = None
    day: int | None = None

    def to_data(self) -> plain.BirthDate:
        return plain.BirthDate(year=self.year, month=self.month, day=self.day)


@strawberry.input
class PersonAliasInput:
    name: str
    script: NameScript

    def to_data(self) -> plain.AliasData:
        return plain.AliasData(name=self.name, script=self.script.value)


@strawberry.input
class IdentityDocumentInput:
    kind: DocumentKind
    number: str
    issuing_country: str = strawberry.field(description="ISO 3166-1 alpha-2, e.g. KH.")

    def to_data(self) -> plain.DocumentData:
        return plain.DocumentData(
            kind=self.kind.value, number=self.number, issuing_country=self.issuing_country
        )


@strawberry.input(
    description="A photo already stored, by its SHA-256: bytes you uploaded (POST /photos "
    "answers this input's fields) or a photo you can already see; any other hash is refused as "
    "never uploaded. The stored bytes' own type and size are recorded."
)
class PersonPhotoInput:
    sha256: str
    content_type: str = strawberry.field(description="image/jpeg, image/png or image/webp.")
    size_bytes: int = strawberry.field(description="At most 10 MB.")
    caption: str = ""
    taken_at: datetime | None = None

    def to_data(self) -> plain.PhotoData:
        return plain.PhotoData(
            sha256=self.sha256,
            content_type=self.content_type,
            size_bytes=self.size_bytes,
            caption=self.caption,
            taken_at=self.taken_at,
        )


@strawberry.input(description="A new person. Names are family name first; give at least one.")
class PersonInput:
    sex: Sex
    nationality: str = strawberry.field(description="ISO 3166-1 alpha-2, e.g. KH.")
    family_name_latin: str = ""
    given_name_latin: str = ""
    family_name_km: str = ""
    given_name_km: str = ""
    birth_date: PartialDateInput | None = None
    background: str = ""
    aliases: list[PersonAliasInput] = strawberry.field(default_factory=list)
    documents: list[IdentityDocumentInput] = strawberry.field(default_factory=list)
    photos: list[PersonPhotoInput] = strawberry.field(default_factory=list)

    def to_data(self) -> plain.PersonData:
        return plain.PersonData(
            sex=self.sex.value,
            nationality=self.nationality,
            family_name_latin=self.family_name_latin,
            given_name_latin=self.given_name_latin,
            family_name_km=self.family_name_km,
            given_name_km=self.given_name_km,
            birth=self.birth_date.to_data() if self.birth_date else plain.BirthDate(),
            background=self.background,
            aliases=tuple(a.to_data() for a in self.aliases),
            documents=tuple(d.to_data() for d in self.documents),
            photos=tuple(p.to_data() for p in self.photos),
        )


@strawberry.input(description="Changes to a person's facts: omitted fields stay, null clears.")
class PersonPatch:
    expected_version: int = strawberry.field(
        description="The version this change is based on; a newer stored version refuses it."
    )
    family_name_latin: str | None = strawberry.UNSET
    given_name_latin: str | None = strawberry.UNSET
    family_name_km: str | None = strawberry.UNSET
    given_name_km: str | None = strawberry.UNSET
    sex: Sex | None = strawberry.UNSET
    birth_date: PartialDateInput | None = strawberry.UNSET
    nationality: str | None = strawberry.UNSET
    background: str | None = strawberry.UNSET

    def to_data(self) -> plain.PersonPatch:
        # UNSET (not given) and None (clear) pass through as they are.
        sex = self.sex.value if isinstance(self.sex, Sex) else self.sex
        birth = (
            self.birth_date.to_data()
            if isinstance(self.birth_date, PartialDateInput)
            else self.birth_date
        )
        return plain.PersonPatch(
            family_name_latin=self.family_name_latin,
            given_name_latin=self.given_name_latin,
            family_name_km=self.family_name_km,
            given_name_km=self.given_name_km,
            sex=sex,
            birth=birth,
            nationality=self.nationality,
            background=self.background,
        )


@strawberry.type
class CreatePersonSuccess:
    person: Person


@strawberry.type
class UpdatePersonSuccess:
    person: Person


@strawberry.type
class AddPersonAliasSuccess:
    person: Person


@strawberry.type
class RemovePersonAliasSuccess:
    person: Person


@strawberry.type
class AddIdentityDocumentSuccess:
    person: Person


@strawberry.type
class AddPersonPhotoSuccess:
    person: Person


Failures = ValidationFailed | NotFound | Forbidden | RecordLocked | StaleVersion
CreatePersonResult = Annotated[
    CreatePersonSuccess | Failures, strawberry.union("CreatePersonResult")
]
UpdatePersonResult = Annotated[
    UpdatePersonSuccess | Failures, strawberry.union("UpdatePersonResult")
]
AddPersonAliasResult = Annotated[
    AddPersonAliasSuccess | Failures, strawberry.union("AddPersonAliasResult")
]
RemovePersonAliasResult = Annotated[
    RemovePersonAliasSuccess | Failures, strawberry.union("RemovePersonAliasResult")
]
AddIdentityDocumentResult = Annotated[
    AddIdentityDocumentSuccess | Failures, strawberry.union("AddIdentityDocumentResult")
]
AddPersonPhotoResult = Annotated[
    AddPersonPhotoSuccess | Failures, strawberry.union("AddPersonPhotoResult")
]


def _person(row: t.Person) -> Person:
    return Person.from_row(row)


@strawberry.type
class PersonsMutations:
    @mutation("Record a new person, with aliases, documents and photos.")
    async def create_person(self, info: Info, input: PersonInput) -> CreatePersonResult:
        return await record_outcome(
            persons.create_person(info.context, input.to_data()),
            lambda row: CreatePersonSuccess(person=_person(row)),
        )

    @mutation("Correct a person's facts; bumps the version.")
    async def update_person(
        self, info: Info, id: strawberry.ID, input: PersonPatch
    ) -> UpdatePersonResult:
        return await record_outcome(
            persons.update_person(info.context, id, input.to_data(), input.expected_version),
            lambda row: UpdatePersonSuccess(person=_person(row)),
        )

    @mutation("Add another name the person is known by; search finds it at once.")
    async def add_person_alias(
        self, info: Info, person_id: strawberry.ID, input: PersonAliasInput
    ) -> AddPersonAliasResult:
        return await record_outcome(
            persons.add_alias(info.context, person_id, input.to_data()),
            lambda row: AddPersonAliasSuccess(person=_person(row)),
        )

    @mutation("Remove the person's aliases spelled exactly so.")
    async def remove_person_alias(
        self, info: Info, person_id: strawberry.ID, name: str
    ) -> RemovePersonAliasResult:
        return await record_outcome(
            persons.remove_alias(info.context, person_id, name),
            lambda row: RemovePersonAliasSuccess(person=_person(row)),
        )

    @mutation("Add an identity document; one already on file is refused.")
    async def add_identity_document(
        self, info: Info, person_id: strawberry.ID, input: IdentityDocumentInput
    ) -> AddIdentityDocumentResult:
        return await record_outcome(
            persons.add_document(info.context, person_id, input.to_data()),
            lambda row: AddIdentityDocumentSuccess(person=_person(row)),
        )

    @mutation("Attach a stored photo to a person; upload the image first with POST /photos.")
    async def add_person_photo(
        self, info: Info, person_id: strawberry.ID, input: PersonPhotoInput
    ) -> AddPersonPhotoResult:
        return await record_outcome(
            persons.add_photo(info.context, person_id, input.to_data()),
            lambda row: AddPersonPhotoSuccess(person=_person(row)),
        )
