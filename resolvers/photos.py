"""Person photos as files: check an upload, store its bytes by content hash, and serve a stored
photo to whoever may see it.

An upload is judged by its leading bytes (JPEG, PNG or WebP), not only by the type and name the
client declared, and refused when they disagree: a ``.jpg`` holding a PNG or text is refused by
name. The bytes go to the photo store (db/photos.py), with who uploaded them, and the metadata
row through the same operations GraphQL uses (resolvers.persons ``add_photo`` /
``create_person``, which accept only bytes the caller uploaded or can see:
resolvers.photo_attach), in one transaction: nothing is half-written, and an identical file is
stored once.

A photo is served by (person, photo row), never by hash: the person is read in the caller's scope
and the photo masks (policies.masks ``MASKS["Person"]["photos"]``, resolvers.record_masks) must
not hide the person's photos, which is exactly what GraphQL's ``Person.photos`` shows. Each
photo served is audited as a read of the person (``person.photo.read``), here and nowhere else.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from pathlib import PurePath
from typing import TypeVar

from strawberry.relay import GlobalID

from db import photos as db
from db import tables as t
from db.errors import Forbidden
from db.tables.photos import PhotoBlob
from policies.authorize import allowed
from resolvers import audit, persons
from resolvers.context import Context
from resolvers.inputs_persons import PersonData, PhotoData
from resolvers.record_masks import withheld
from resolvers.validation import Problems
from resolvers.writing import require_user

T = TypeVar("T")
KIND_NAMES = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WebP"}
EXTENSIONS = {"image/jpeg": {".jpg", ".jpeg"}, "image/png": {".png"}, "image/webp": {".webp"}}
# Declared types that say nothing (a browser may send these for any file).
UNDECLARED = {"", "application/octet-stream"}


assert set(KIND_NAMES) == persons.PHOTO_TYPES


@dataclass(frozen=True)
class Upload:
    filename: str
    declared_type: str  # the Content-Type the client sent with the file
    data: bytes
    caption: str = ""


def sniff(data: bytes) -> str | None:
    """The image type the leading bytes show, if it is one we keep."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def check_upload(problems: Problems, field: str, upload: Upload) -> str | None:
    """The upload's true content type, or None after noting what is wrong with it."""
    name = f"“{upload.filename}”" if upload.filename else "the file"
    size = len(upload.data)
    if size == 0:
        problems.add(field, "required", f"{name} is empty")
        return None
    if size > persons.MAX_PHOTO_BYTES:
        limit = persons.MAX_PHOTO_BYTES // (1024 * 1024)
        problems.add(
            field, "out_of_range", f"{name} is {size} bytes; a photo may be at most {limit} MB"
        )
        return None
    actual = sniff(upload.data)
    if actual is None:
        problems.add(field, "invalid", f"{name} is not a JPEG, PNG or WebP image")
        return None
    declared = upload.declared_type.split(";")[0].strip().lower()
    extension = PurePath(upload.filename).suffix.lower()
    claims = []
    if declared not in UNDECLARED and declared != actual:
        claims.append(declared)
    if extension and extension not in EXTENSIONS[actual]:
        claims.append(f"a {extension} file")
    if claims:
        problems.add(
            field,
            "invalid",
            f"{name} is sent as {' and '.join(claims)} but its content is {KIND_NAMES[actual]}",
        )
        return None
    return actual


def _checked(ctx: Context, upload: Upload, field: str) -> tuple[PhotoData, PhotoBlob]:
    problems = Problems()
    content_type = check_upload(problems, field, upload)
    problems.raise_if_any()
    assert content_type is not None
    digest = hashlib.sha256(upload.data).hexdigest()
    photo = PhotoData(
        sha256=digest,
        content_type=content_type,
        size_bytes=len(upload.data),
        caption=upload.caption,
    )
    blob = PhotoBlob(
        sha256=digest,
        content_type=content_type,
        size=len(upload.data),
        data=upload.data,
        created_at=ctx.clock.now(),
    )
    return photo, blob


async def _store(ctx: Context, blob: PhotoBlob) -> None:
    """The bytes, once, and this upload of them by the caller."""
    user_id = require_user(ctx)
    await ctx.run(db.store_blob, blob=blob)
    await ctx.run(db.record_upload, sha256=blob.sha256, user_id=user_id, now=blob.created_at)


async def _with_blob(ctx: Context, blob: PhotoBlob, write: Callable[[], Awaitable[T]]) -> T:
    """Store the bytes, then run the operation that writes the metadata; its transaction commits
    both, and any failure takes both back."""
    try:
        await _store(ctx, blob)
        return await write()
    except BaseException:
        await ctx.session.rollback()
        raise


async def add_uploaded_photo(
    ctx: Context, person_id: str, upload: Upload, *, field: str = "photo"
) -> t.Person:
    require_user(ctx)
    photo, blob = _checked(ctx, upload, field)
    return await _with_blob(ctx, blob, lambda: persons.add_photo(ctx, person_id, photo))


async def create_person_with_photo(
    ctx: Context, data: PersonData, upload: Upload | None, *, field: str = "photo"
) -> t.Person:
    """``create_person``, with the uploaded file (if any) as the person's first photo."""
    if upload is None:
        return await persons.create_person(ctx, data)
    require_user(ctx)
    photo, blob = _checked(ctx, upload, field)
    with_photo = replace(data, photos=(*data.photos, photo))
    return await _with_blob(ctx, blob, lambda: persons.create_person(ctx, with_photo))


async def upload_photo(ctx: Context, upload: Upload) -> PhotoData:
    """Store a file for a later ``addPersonPhoto`` (API clients, which cannot send bytes through
    GraphQL): the answer is the metadata to give it. Only those who may record or correct a
    person upload."""
    require_user(ctx)
    if not any(allowed(ctx.principal, action, "person") for action in ("create", "update")):
        raise Forbidden("not allowed: upload a person photo")
    photo, blob = _checked(ctx, upload, "photo")
    async with ctx.transaction() as session:
        await db.store_blob(session=session, blob=blob)
        assert ctx.principal.user_id is not None
        await db.record_upload(
            session=session, sha256=blob.sha256, user_id=ctx.principal.user_id, now=blob.created_at
        )
    return photo


def photo_url(person_id: int, photo_id: int) -> str:
    """Where a photo is served (web/photos.py): by its person's global id and its own row id."""
    return f"/persons/{GlobalID('Person', str(person_id))}/photos/{photo_id}"


async def photos_withheld(ctx: Context, person: t.Person) -> str | None:
    """Why this person's photos are hidden from the caller, or None when they are not."""
    return (await withheld(ctx, person)).get("photos")


def _person_key(person_id: str) -> int | None:
    try:
        gid = GlobalID.from_id(person_id)
        key = int(gid.node_id)
    except ValueError:
        return None
    return key if gid.type_name == "Person" and 0 < key < 2**31 else None


async def readable_photo(ctx: Context, person_id: str, photo_id: int) -> PhotoBlob | None:
    """The bytes of the person's photo, if the caller may see them; None alike when the person
    or the photo is missing, unseen or masked."""
    key = _person_key(person_id)
    if key is None or not 0 < photo_id < 2**31:
        return None
    person: t.Person | None = await ctx.loaders.row(t.Person).load(key)
    if person is None or await photos_withheld(ctx, person) is not None:
        return None
    found = await ctx.run(db.photo_of_person, person_id=key, photo_id=photo_id)
    if found is not None:
        details = {"photo_id": photo_id}
        await audit.record_read(
            ctx, action="person.photo.read", object_type="person", object_ids=[key], details=details
        )
    return found


async def stored_hashes(ctx: Context, hashes: list[str]) -> set[str]:
    """Which of these photos have their bytes in the store (older records may name only a hash)."""
    return await ctx.run(db.stored, hashes=hashes)
