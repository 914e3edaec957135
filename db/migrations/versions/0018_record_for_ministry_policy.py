"""the default policy's ``record_for_ministry`` line, in databases that already hold a policy:
an offence is recorded under the caller's own ministry unless the policy grants naming another
(issue 14), and police specialists keep doing so

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-23

As migration 0014: only an absent line is inserted, and the policy version is bumped only when it
was, so that running processes reload the policy. Downgrade deletes exactly this line.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import db.types

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

# (subject, domain, object, action, min_rank, effect), as in policies/default_policy.csv
LINE = ("specialist", "*", "offence", "record_for_ministry", "-", "allow")
COLUMNS = ("v0", "v1", "v2", "v3", "v4", "v5")

rule = sa.table(
    "policy_rule",
    sa.column("id", sa.Integer()),
    sa.column("ptype", sa.String()),
    *(sa.column(name, sa.String()) for name in COLUMNS),
)
version = sa.table(
    "policy_version",
    sa.column("id", sa.Integer()),
    sa.column("version", sa.Integer()),
    sa.column("changed_at", db.types.UTCDateTime(timezone=True)),
    sa.column("changed_by", sa.String()),
)
SAME = sa.and_(
    rule.c.ptype == "p", *(rule.c[name] == value for name, value in zip(COLUMNS, LINE, strict=True))
)


def _bump(connection: sa.Connection, by: str) -> None:
    connection.execute(
        version.update()
        .where(version.c.id == 1)
        .values(version=version.c.version + 1, changed_at=datetime.now(UTC), changed_by=by)
    )


def upgrade() -> None:
    connection = op.get_bind()
    if connection.execute(sa.select(rule.c.id).where(SAME).limit(1)).first() is not None:
        return
    connection.execute(rule.insert(), [{"ptype": "p", **dict(zip(COLUMNS, LINE, strict=True))}])
    _bump(connection, "migration 0018")


def downgrade() -> None:
    connection = op.get_bind()
    if connection.execute(rule.delete().where(SAME)).rowcount:
        _bump(connection, "migration 0018 (down)")
