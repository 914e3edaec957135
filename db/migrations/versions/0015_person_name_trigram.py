"""a trigram index on person_name_key.key (PostgreSQL): name search and matching look for
substrings (``LIKE 'l:%abc%'``, db.person_names) and head-and-tail patterns
(db.match_candidates), which a B-tree cannot serve; without it each search scans every key

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-22

pg_trgm ships with PostgreSQL (contrib) and is a trusted extension from PostgreSQL 13, so the
database's owner may create it. SQLite has no such index and keeps its B-tree on ``key``. The
index is not declared on the model (SQLAlchemy cannot say "PostgreSQL only" there); the
migration environment leaves it out of the model comparison by name (``UNMODELLED_INDEXES``).
"""

from __future__ import annotations

from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute(
        "CREATE INDEX ix_person_name_key_trgm ON person_name_key USING gin (key gin_trgm_ops)"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_person_name_key_trgm")
