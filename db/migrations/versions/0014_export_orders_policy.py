"""export of warrants and notices: the default policy's new ``export`` lines, in databases that
already hold a policy (issue 7: "any list the user may see")

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-22

Migration 0005 seeds ``policy_rule`` from policies/default_policy.csv as it reads at migration
time, so a database created now already has these lines: only the absent ones are inserted, and
the policy version is bumped only when something was, so that running processes reload the policy
(policies/store.py compares the single ``policy_version`` row, id 1). The lines are written out
here rather than read from the CSV, which may change again later. Downgrade deletes exactly these
lines (any copies) and bumps the version again.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import db.types

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

# (subject, domain, object, action, min_rank, effect), as in policies/default_policy.csv
LINES = (
    ("national_analyst", "*", "warrant", "export", "-", "allow"),
    ("national_analyst", "*", "notice", "export", "-", "allow"),
    ("criminal_police", "*", "warrant", "export", "-", "allow"),
    ("criminal_police", "*", "notice", "export", "-", "allow"),
    ("provincial_chief", "own_province", "warrant", "export", "-", "allow"),
    ("provincial_chief", "own_province", "notice", "export", "-", "allow"),
)
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


def _same(line: tuple[str, ...]) -> sa.ColumnElement[bool]:
    return sa.and_(
        rule.c.ptype == "p",
        *(rule.c[name] == value for name, value in zip(COLUMNS, line, strict=True)),
    )


def _bump(connection: sa.Connection, by: str) -> None:
    connection.execute(
        version.update()
        .where(version.c.id == 1)
        .values(version=version.c.version + 1, changed_at=datetime.now(UTC), changed_by=by)
    )


def upgrade() -> None:
    connection = op.get_bind()
    absent = [
        line
        for line in LINES
        if connection.execute(sa.select(rule.c.id).where(_same(line)).limit(1)).first() is None
    ]
    if not absent:
        return
    connection.execute(
        rule.insert(), [{"ptype": "p", **dict(zip(COLUMNS, line, strict=True))} for line in absent]
    )
    _bump(connection, "migration 0014")


def downgrade() -> None:
    connection = op.get_bind()
    gone = connection.execute(rule.delete().where(sa.or_(*(_same(line) for line in LINES))))
    if gone.rowcount:
        _bump(connection, "migration 0014 (down)")
