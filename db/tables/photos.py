"""The photo store: each image's bytes once, by content hash (admin issue 6).

``person_photo`` rows (db/tables/persons.py) name a hash; this table holds the bytes. Two
uploads of the same file share one row. Nothing here is public: the bytes are read only through
the permission-checked route (web/photos.py), which first finds a ``person_photo`` row naming the
hash that the caller may see.
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
