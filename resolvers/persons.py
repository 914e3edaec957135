"""Recording persons: create, correct, and add aliases, identity documents and photos.

Each operation checks every field first (all problems at once), then, inside its one
transaction, the checks that need the database, and writes only when nothing was wrong.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import or_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from db import persons as db
from db import tables as t
from db.errors import Forbidden, NotFound
from db.names import document_key
from db.paging import Page
from policies.scope import reachable
from resolvers import reading
from resolvers.context import Context
from resolvers.hits import matched
from resolvers.inputs_persons import (
    AliasData,
    BirthDate,
    DocumentData,
    PersonData,
    PersonPatch,
    PhotoData,
)
from resolvers.lifecycle import check_version, reach_for_change
from resolvers.photo_attach import check_attachable
from resolvers.references import target_id
from resolvers.validation import Problems
from resolvers.writing import given, local_now, require_user

SEXES = {"M", "F", "X", "U"}
SCRIPTS = {"latin", "khmer"}
DOCUMENT_KINDS = {"national_id", "passport", "other"}
PHOTO_TYPES = {"image/jpeg", "image/png", "image/webp"}
MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_BACKGROUND = 20_000
_SHA256 = re.compile(r"[0-9a-f]{64}")
# (attribute, input field): family name first, as written in Cambodia.
NAME_FIELDS = (
    ("family_name_latin", "familyNameLatin"),
    ("given_name_latin", "givenNameLatin"),
    ("family_name_km", "familyNameKm"),
    ("given_name_km", "givenNameKm"),
)


def _birth_problems(problems: Problems, birth: BirthDate, ctx: Context) -> None:
    today = local_now(ctx).date()
    problems.partial_date("birthDate", birth.year, birth.month, birth.day, today)


def _name_problems(problems: Problems, names: dict[str, str]) -> None:
    for attr, path in NAME_FIELDS:
        problems.text(path, names[attr], max_length=80)
    if not any(names.values()):
        problems.add(
            "familyNameLatin",
            "required",
            "give at least one name: family or given, in Latin or Khmer script",
        )


def _alias_problems(problems: Problems, prefix: str, alias: AliasData) -> None:
    problems.text(f"{prefix}name", alias.name, max_length=160, required=True)
    problems.choice(f"{prefix}script", alias.script, SCRIPTS)


def _document_problems(problems: Problems, prefix: str, doc: DocumentData) -> db.DocumentKey | None:
    """Check one document; its identity (kind, country, number key) if it is well formed."""
    ok = problems.choice(f"{prefix}kind", doc.kind, DOCUMENT_KINDS)
    ok &= problems.country(f"{prefix}issuingCountry", doc.issuing_country, required=True)
    if problems.text(f"{prefix}number", doc.number, max_length=40, required=True):
        key = document_key(doc.number)
        if key:
            return (doc.kind, doc.issuing_country.upper(), key) if ok else None
        problems.add(f"{prefix}number", "invalid", "must contain letters or digits")
    return None


def _photo_problems(problems: Problems, prefix: str, photo: PhotoData, ctx: Context) -> None:
    if not _SHA256.fullmatch(photo.sha256.lower()):
        problems.add(f"{prefix}sha256", "invalid", "must be 64 hexadecimal characters (SHA-256)")
    problems.choice(f"{prefix}contentType", photo.content_type, PHOTO_TYPES)
    if not 0 < photo.size_bytes <= MAX_PHOTO_BYTES:
        problems.add(f"{prefix}sizeBytes", "out_of_range", f"must be 1 to {MAX_PHOTO_BYTES} bytes")
    problems.text(f"{prefix}caption", photo.caption, max_length=200)
    if problems.aware(f"{prefix}takenAt", photo.taken_at):
        problems.not_future(f"{prefix}takenAt", photo.taken_at, ctx.clock.now())


async def _documents_free(
    session: AsyncSession, problems: Problems, keyed: list[tuple[str, db.DocumentKey]]
) -> None:
    on_file = await db.documents_on_file(session=session, keys=[key for _, key in keyed])
    seen: set[db.DocumentKey] = set()
    for path, key in keyed:
        if key in on_file or key in seen:
            whose = "appears twice in this input" if key in seen else "is already on file"
            problems.add(path, "conflict", f"this {key[0]} of {key[1]} {whose}")
        seen.add(key)


def _alias_row(alias: AliasData, person_id: int = 0) -> t.PersonAlias:
    return t.PersonAlias(person_id=person_id, name=alias.name.strip(), script=alias.script)


def _document_row(doc: DocumentData, key: str, person_id: int = 0) -> t.IdentityDocument:
    return t.IdentityDocument(
        person_id=person_id,
        kind=doc.kind,
        number=doc.number.strip(),
        number_key=key,
        issuing_country=doc.issuing_country.upper(),
    )


def _photo_row(photo: PhotoData, ctx: Context, person_id: int = 0) -> t.PersonPhoto:
    return t.PersonPhoto(
        person_id=person_id,
        sha256=photo.sha256.lower(),
        content_type=photo.content_type,
        size_bytes=photo.size_bytes,
        caption=photo.caption.strip(),
        taken_at=photo.taken_at,
        created_at=ctx.clock.now(),
    )


async def create_person(ctx: Context, data: PersonData) -> t.Person:
    require_user(ctx)
    if ctx.principal.province_code is None:
        raise Forbidden("your account has no province, and a person is recorded under one")
    async with ctx.transaction() as session:
        return await add_person(ctx, session, data)


async def add_person(ctx: Context, session: AsyncSession, data: PersonData) -> t.Person:
    """Check, insert and match a new person in the caller's transaction: one entry here, or one
    subject of a bulk import (resolvers.imports), which goes through matching the same way."""
    user_id = require_user(ctx)
    province = ctx.principal.province_code
    if province is None:
        raise Forbidden("your account has no province, and a person is recorded under one")
    problems = Problems()
    names, keyed = person_fields(ctx, problems, data)
    await _documents_free(session, problems, keyed)
    photos = [(f"photos.{i}.", p) for i, p in enumerate(data.photos)]
    stored = await check_attachable(ctx, session, problems, photos)
    problems.raise_if_any()
    now = ctx.clock.now()
    person = t.Person(
        **names,
        sex=data.sex,
        birth_year=data.birth.year,
        birth_month=data.birth.month,
        birth_day=data.birth.day,
        nationality=data.nationality.upper(),
        background=data.background.strip(),
        province_code=province,
        recorded_by_id=user_id,
        recorded_unit_id=ctx.principal.unit_id,
        created_at=now,
        updated_at=now,
    )
    person = await db.insert_person(
        session=session,
        person=person,
        aliases=[_alias_row(a) for a in data.aliases],
        documents=[_document_row(d, document_key(d.number)) for d in data.documents],
        photos=[_photo_row(p, ctx) for p in stored],
    )
    return await matched(ctx, session, person)


def person_fields(
    ctx: Context, problems: Problems, data: PersonData
) -> tuple[dict[str, Any], list[tuple[str, db.DocumentKey]]]:
    """The checks of a new person that need no database, into ``problems``: the trimmed names,
    and each well-formed document's identity with its input path. A bulk import
    (resolvers.imports.court_orders_copy) runs them on every row, then the rest set-wise."""
    names = {attr: getattr(data, attr).strip() for attr, _ in NAME_FIELDS}
    _name_problems(problems, names)
    problems.choice("sex", data.sex, SEXES)
    _birth_problems(problems, data.birth, ctx)
    problems.country("nationality", data.nationality, required=True)
    problems.text("background", data.background, max_length=MAX_BACKGROUND)
    for i, alias in enumerate(data.aliases):
        _alias_problems(problems, f"aliases.{i}.", alias)
    keyed = [
        (f"documents.{i}.number", key)
        for i, doc in enumerate(data.documents)
        if (key := _document_problems(problems, f"documents.{i}.", doc))
    ]
    for i, photo in enumerate(data.photos):
        _photo_problems(problems, f"photos.{i}.", photo, ctx)
    return names, keyed


def _patch_changes(problems: Problems, patch: PersonPatch, ctx: Context) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for attr, path in NAME_FIELDS:
        value = getattr(patch, attr)
        if given(value):
            changes[attr] = (value or "").strip()
            problems.text(path, changes[attr], max_length=80)
    if given(patch.sex):
        if patch.sex is None:
            problems.add("sex", "required", "cannot be cleared; use UNKNOWN")
        elif problems.choice("sex", patch.sex, SEXES):
            changes["sex"] = patch.sex
    if given(patch.birth):
        birth = patch.birth or BirthDate()
        _birth_problems(problems, birth, ctx)
        changes.update(birth_year=birth.year, birth_month=birth.month, birth_day=birth.day)
    nationality = patch.nationality
    if given(nationality) and problems.country("nationality", nationality, required=True):
        changes["nationality"] = (nationality or "").upper()
    if given(patch.background):
        changes["background"] = (patch.background or "").strip()
        problems.text("background", changes["background"], max_length=MAX_BACKGROUND)
    return changes


async def person_to_change(ctx: Context, person_id: int) -> t.Person | None:
    """The person as the caller may change it — the update scope, else the working group's
    correct scope — or None: an edit form is never filled from a record seen only in summary."""
    may_change = or_(*(reachable(ctx.principal, a, t.Person) for a in ("update", "correct")))
    where = [col(t.Person.id) == person_id, may_change]
    rows = await reading.list_page(ctx, t.Person, where=where, order_by=(), page=Page(limit=1))
    return rows[0] if rows else None


async def _target(ctx: Context, session: AsyncSession, person_id: str) -> t.Person:
    """The person to change: unknown, malformed and unseen ids all read as NotFound."""
    ident = target_id(person_id, "Person")
    person = await reach_for_change(
        ctx.principal,
        session,
        t.Person,
        lambda where: db.person_for_update(session=session, person_id=ident, scope=where),
        ctx.clock.now(),
    )
    if person is None:
        raise NotFound("Person", person_id)
    return person


async def update_person(
    ctx: Context, person_id: str, patch: PersonPatch, expected_version: int | None = None
) -> t.Person:
    require_user(ctx)
    problems = Problems()
    changes = _patch_changes(problems, patch, ctx)
    async with ctx.transaction() as session:
        person = await _target(ctx, session, person_id)
        check_version(f"person {person.id}", person, expected_version)
        names = {attr: changes.get(attr, getattr(person, attr)) for attr, _ in NAME_FIELDS}
        if not any(names.values()):
            _name_problems(problems, names)
        problems.raise_if_any()
        if not changes:
            return person
        person = await db.update_person(
            session=session, person=person, changes=changes, now=ctx.clock.now()
        )
        return await matched(ctx, session, person)


async def add_alias(ctx: Context, person_id: str, alias: AliasData) -> t.Person:
    require_user(ctx)
    problems = Problems()
    _alias_problems(problems, "", alias)
    async with ctx.transaction() as session:
        person = await _target(ctx, session, person_id)
        problems.raise_if_any()
        assert person.id is not None
        await db.add_child(session=session, row=_alias_row(alias, person.id))
        person = await db.touch_person(
            session=session, person=person, now=ctx.clock.now(), names_changed=True
        )
        return await matched(ctx, session, person)


async def remove_alias(ctx: Context, person_id: str, name: str) -> t.Person:
    require_user(ctx)
    async with ctx.transaction() as session:
        person = await _target(ctx, session, person_id)
        assert person.id is not None
        if not await db.remove_aliases(session=session, person_id=person.id, name=name.strip()):
            problems = Problems()
            problems.add("name", "unknown", f"{name!r} is not one of this person's aliases")
            problems.raise_if_any()
        return await db.touch_person(
            session=session, person=person, now=ctx.clock.now(), names_changed=True
        )


async def add_document(ctx: Context, person_id: str, doc: DocumentData) -> t.Person:
    require_user(ctx)
    problems = Problems()
    key = _document_problems(problems, "", doc)
    async with ctx.transaction() as session:
        person = await _target(ctx, session, person_id)
        if key is not None:
            await _documents_free(session, problems, [("number", key)])
        problems.raise_if_any()
        assert person.id is not None and key is not None
        await db.add_child(session=session, row=_document_row(doc, key[2], person.id))
        person = await db.touch_person(session=session, person=person, now=ctx.clock.now())
        return await matched(ctx, session, person)


async def add_photo(ctx: Context, person_id: str, photo: PhotoData) -> t.Person:
    require_user(ctx)
    problems = Problems()
    _photo_problems(problems, "", photo, ctx)
    async with ctx.transaction() as session:
        person = await _target(ctx, session, person_id)
        [stored] = await check_attachable(ctx, session, problems, [("", photo)])
        problems.raise_if_any()
        assert person.id is not None
        await db.add_child(session=session, row=_photo_row(stored, ctx, person.id))
        return await db.touch_person(session=session, person=person, now=ctx.clock.now())
