"""offence.source_ref: the reference an offence had in the register it was imported from, its
natural key together with the province, so that importing a file again adds nothing (issue 7)

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("offence") as batch:
        batch.add_column(sa.Column("source_ref", sa.String(length=64), nullable=True))
        # NULLs are distinct in a unique index on both databases: offences entered by hand have none.
        batch.create_index(
            "ux_offence_province_source_ref", ["province_code", "source_ref"], unique=True
        )


def downgrade() -> None:
    with op.batch_alter_table("offence") as batch:
        batch.drop_index("ux_offence_province_source_ref")
        batch.drop_column("source_ref")
