"""Person photos as files: check an upload, store its bytes by content hash, and decide who may
see a stored photo.

An upload is judged by its leading bytes (JPEG, PNG or WebP), not only by the type and name the
client declared, and refused when they disagree: a ``.jpg`` holding a PNG or text is refused by
name. The bytes go to the photo store (db/photos.py) and the metadata row through the same
operations GraphQL uses (resolvers.persons ``add_photo`` / ``create_person``), in one
transaction: nothing is half-written, and an identical file is stored once.

A stored photo is readable by whoever may read at least one ``person_photo`` row naming its hash
(the data-layer scope) that the victim-photo mask does not hide.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from pathlib import PurePath
from typing import TypeVar

from db import photos as db
from db import tables as t
from db.tables.photos import PhotoBlob
from policies.masks import VICTIM_PHOTOS, hidden_reason
from policies.scope import scope
from resolvers import persons
from resolvers.context import Context
from resolvers.inputs_persons import PersonData, PhotoData
from resolvers.validation import Problems
from resolvers.writing import require_user

T = TypeVar("T")
SHA256 = re.compile(r"[0-9a-f]{64}")
KIND_NAMES = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WebP"}
EXTENSIONS = {"image/jpeg": {".jpg", ".jpeg"}, "image/png": {".png"}, "image/webp": {".webp"}}
# Declared types that say nothing (a browser may send these for any file).
UNDECLARED = {"", "application/octet-stream"}


@dataclass(frozen=True)
class _Holder:
    victim: bool


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


async def _with_blob(ctx: Context, blob: PhotoBlob, write: Callable[[], Awaitable[T]]) -> T:
    """Store the bytes, then run the operation that writes the metadata; its transaction commits
    both, and any failure takes both back."""
    try:
        await ctx.run(db.store_blob, blob=blob)
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


async def photos_withheld(ctx: Context, person: t.Person) -> str | None:
    """Why this person's photos are hidden from the caller, or None when they are not."""
    assert person.id is not None
    victim = await ctx.run(db.is_victim, person_id=person.id)
    return hidden_reason(ctx.principal, (VICTIM_PHOTOS,), _Holder(victim), person)


async def readable_photo(ctx: Context, sha256: str) -> PhotoBlob | None:
    """The stored photo, if the caller may see it; None alike when missing or not theirs."""
    if not SHA256.fullmatch(sha256):
        return None
    where = scope(ctx.principal, "read", t.PersonPhoto)
    holders = await ctx.run(db.photo_holders, sha256=sha256, scope=where)
    if not any(
        not VICTIM_PHOTOS.hides(ctx.principal, _Holder(victim), person)
        for person, victim in holders
    ):
        return None
    return await ctx.run(db.blob, sha256=sha256)


async def stored_hashes(ctx: Context, hashes: list[str]) -> set[str]:
    """Which of these photos have their bytes in the store (older records may name only a hash)."""
    return await ctx.run(db.stored, hashes=hashes)
