"""The photo store: each image's bytes once, by content hash (admin issue 6).

``person_photo`` rows (db/tables/persons.py) name a hash; ``photo_blob`` holds the bytes. Two
uploads of the same file share one blob. Nothing here is addressed from outside: the bytes are
served by (person, photo) under the person's scope and photo masks (web/photos.py), never by
hash. ``photo_upload`` says who sent which bytes: a hash is a storage key, not a permission, so
a photo row may name only bytes its writer uploaded or could already see (issue 14).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, LargeBinary
from sqlmodel import Field, SQLModel

from db.types import UTCDateTime


class PhotoBlob(SQLModel, table=True):
    __tablename__ = "photo_blob"
    sha256: str = Field(primary_key=True, max_length=64)  # lower-case hex of the bytes
    content_type: str = Field(max_length=32)  # as sniffed from the leading bytes
    size: int
    # The attribute is ``data`` so that it does not shadow the ``bytes`` type in the class body.
    data: bytes = Field(sa_column=Column("bytes", LargeBinary(), nullable=False))
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class PhotoUpload(SQLModel, table=True):
    """One upload of a file by one user (every upload, repeats included)."""

    __tablename__ = "photo_upload"
    id: int | None = Field(default=None, primary_key=True)
    sha256: str = Field(max_length=64, index=True)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
