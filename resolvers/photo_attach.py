"""Which stored photos a caller may name in a new photo row (addPersonPhoto, createPerson).

A hash is a storage key, never a permission (issue 14). A photo row may name bytes that are in
the store and that the caller either uploaded (``photo_upload``) or can already see as some
person's photo, under the person scope and the photo masks, exactly as the photo route would
serve it. Missing bytes and bytes that are not the caller's read alike, so that the answer
says nothing about photos the caller may not see. The row's declared type and size must be
the stored bytes' own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

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
) -> None:
    """Note in ``problems`` each photo (input path prefix, data) the caller may not name; a
    malformed hash was noted by the field checks already."""
    wanted = {p.sha256.lower() for _, p in photos if SHA256.fullmatch(p.sha256.lower())}
    if not wanted:
        return
    stored = await db.blobs(session=session, hashes=wanted)
    user_id = ctx.principal.user_id
    mine = (
        await db.uploaded_by(session=session, hashes=stored, user_id=user_id)
        if user_id is not None
        else set()
    )
    theirs = {h for h in sorted(stored.keys() - mine) if await _visible(ctx, session, h)}
    for prefix, photo in photos:
        digest = photo.sha256.lower()
        if digest not in wanted:
            continue
        blob = stored.get(digest)
        if blob is None or digest not in mine | theirs:
            problems.add(f"{prefix}sha256", "unknown", UNKNOWN)
            continue
        if photo.content_type != blob.content_type:
            problems.add(
                f"{prefix}contentType", "conflict", f"the uploaded photo is {blob.content_type}"
            )
        if photo.size_bytes != blob.size:
            problems.add(
                f"{prefix}sizeBytes", "conflict", f"the uploaded photo is {blob.size} bytes"
            )
