"""Which stored photos a caller may name in a new photo row (addPersonPhoto, createPerson).

A hash is a storage key, never a permission (issue 14). A photo row may name bytes that are in
the store and that the caller either uploaded (``photo_upload``) or can already see as some
person's photo, under the person scope and the photo masks, exactly as the photo route would
serve it. Missing bytes and bytes that are not the caller's read alike, so that the answer
says nothing about photos the caller may not see. The row records the stored bytes' own type
and size, whatever the input declared: the metadata describes what is served.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy.ext.asyncio import AsyncSession

from db import photos as db
from db import tables as t
from policies.scope import scope
from resolvers.context import Context
from resolvers.inputs_persons import PhotoData
from resolvers.record_masks import photos_hidden
from resolvers.validation import Problems

SHA256 = re.compile(r"[0-9a-f]{64}")
UNKNOWN = "no photo with this hash was uploaded"


async def _visible(ctx: Context, session: AsyncSession, sha256: str) -> bool:
    """Whether the caller can see a photo of some person with these bytes."""
    where = scope(ctx.principal, "read", t.PersonPhoto)
    holders = await db.photo_holders(session=session, sha256=sha256, scope=where)
    return any(photos_hidden(ctx.principal, p, victim=v) is None for p, v in holders)


async def check_attachable(
    ctx: Context, session: AsyncSession, problems: Problems, photos: Sequence[tuple[str, PhotoData]]
) -> list[PhotoData]:
    """Note in ``problems`` each photo (input path prefix, data) the caller may not name (a
    malformed hash was noted by the field checks already); the photos as stored."""
    wanted = {p.sha256.lower() for _, p in photos if SHA256.fullmatch(p.sha256.lower())}
    if not wanted:
        return [p for _, p in photos]
    stored = await db.blobs(session=session, hashes=wanted)
    user_id = ctx.principal.user_id
    mine = (
        await db.uploaded_by(session=session, hashes=stored, user_id=user_id)
        if user_id is not None
        else set()
    )
    theirs = {h for h in sorted(stored.keys() - mine) if await _visible(ctx, session, h)}
    found = []
    for prefix, photo in photos:
        digest = photo.sha256.lower()
        blob = stored.get(digest)
        if digest in wanted and (blob is None or digest not in mine | theirs):
            problems.add(f"{prefix}sha256", "unknown", UNKNOWN)
        if blob is not None:
            photo = replace(photo, content_type=blob.content_type, size_bytes=blob.size)
        found.append(photo)
    return found
