"""a B-tree pattern index on person_name_key (key, person_id) in place of the plain one on key:
matching's patterns are anchored (``l:mom%ri``, ``l:m%m%t%r%``, db.match_candidates), and a
``varchar_pattern_ops`` B-tree serves them as a prefix range whatever the database's collation,
read from the index alone with ``person_id`` in it

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-22

The plain index on ``key`` served equality only (LIKE needs the C collation or a pattern operator
class), which the new one serves as well, so it goes. At 500k persons (2M keys) recording an
offence with three persons cost ~0.6 s of PostgreSQL CPU, ~0.55 s of it matching through the
trigram index; through this one (and db.match_candidates' query shape) ~0.27 s, ~0.2 s matching.
The index is read index-only: a table just bulk-loaded wants a VACUUM first. SQLite ignores the
operator class and gets a plain (key, person_id) index.
"""

from __future__ import annotations

from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_person_name_key_key", table_name="person_name_key")
    op.create_index(
        "ix_person_name_key_prefix",
        "person_name_key",
        ["key", "person_id"],
        postgresql_ops={"key": "varchar_pattern_ops"},
    )


def downgrade() -> None:
    op.drop_index("ix_person_name_key_prefix", table_name="person_name_key")
    op.create_index("ix_person_name_key_key", "person_name_key", ["key"])
