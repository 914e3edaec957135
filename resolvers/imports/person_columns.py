"""A person's columns in an import file, shared by the person import and an offence's person.

The columns are the same with a prefix (``person_`` in an offence file). A person is known by an
identity document: a row whose document is on file names that person, whoever recorded them;
otherwise a new person is recorded by resolvers.persons.add_person, which matches them against
the watch lists (hits) as one entered by hand.
"""

from __future__ import annotations

import re

from sqlalchemy.ext.asyncio import AsyncSession

from db.imports import DocumentKey
from db.names import document_key
from resolvers.context import Context
from resolvers.imports.cells import Cells
from resolvers.inputs_persons import AliasData, DocumentData, PersonData
from resolvers.persons import DOCUMENT_KINDS, add_person

MAX_ALIASES = 10
_KHMER = re.compile(r"[\u1780-\u17ff]")

# The person resolver's input fields, and the columns that hold them (without the prefix).
PERSON_FIELDS = {
    "familyNameLatin": "family_name_latin",
    "givenNameLatin": "given_name_latin",
    "familyNameKm": "family_name_km",
    "givenNameKm": "given_name_km",
    "sex": "sex",
    "birthDate": "birth_date",
    "nationality": "nationality",
    "documents.0.kind": "document_kind",
    "documents.0.number": "document_number",
    "documents.0.issuingCountry": "document_country",
}


def person_columns(prefix: str) -> dict[str, str]:
    """Input field → the file's column, for columns named ``prefix`` + the person's column."""
    return {field: prefix + column for field, column in PERSON_FIELDS.items()}


def read_person(cells: Cells, prefix: str) -> PersonData:
    v = cells.text
    doc = {k: v(f"{prefix}document_{k}") for k in ("kind", "number", "country")}
    documents = (
        (
            DocumentData(
                kind=doc["kind"].lower(), number=doc["number"], issuing_country=doc["country"]
            ),
        )
        if any(doc.values())
        else ()
    )
    return PersonData(
        sex=v(f"{prefix}sex").upper() or "U",  # a blank sex is unknown
        nationality=v(f"{prefix}nationality"),
        family_name_latin=v(f"{prefix}family_name_latin"),
        given_name_latin=v(f"{prefix}given_name_latin"),
        family_name_km=v(f"{prefix}family_name_km"),
        given_name_km=v(f"{prefix}given_name_km"),
        birth=cells.birth(f"{prefix}birth_date"),
        documents=documents,
    )


def read_aliases(cells: Cells, column: str) -> tuple[AliasData, ...]:
    """Aliases separated by ``;``; each in Khmer script if it holds Khmer letters, else Latin."""
    names = [n.strip() for n in cells.text(column).split(";") if n.strip()]
    if len(names) > MAX_ALIASES:
        cells.problem(column, f"at most {MAX_ALIASES} aliases")
        return ()
    return tuple(AliasData(n, "khmer" if _KHMER.search(n) else "latin") for n in names)


def identity(data: PersonData) -> DocumentKey | None:
    """The person's natural key: the document's kind, country and number key, if well formed."""
    for doc in data.documents:
        key = document_key(doc.number)
        if key and doc.kind in DOCUMENT_KINDS and doc.issuing_country.strip():
            return (doc.kind, doc.issuing_country.strip().upper(), key)
    return None


async def person_for_row(
    ctx: Context, session: AsyncSession, data: PersonData, on_file: dict[DocumentKey, int]
) -> int:
    """The person holding the row's document if on file, else a new person, matched against the
    watch lists (resolvers.hits). The caller adds a new person to ``on_file`` once the row
    holding them is written, so that later rows of the batch name the same person."""
    key = identity(data)
    if key is not None and key in on_file:
        return on_file[key]
    person = await add_person(ctx, session, data)
    assert person.id is not None
    return person.id
