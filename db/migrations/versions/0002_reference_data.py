"""reference data: gazetteer, ICCS categories, national offence types, ministries

Revision ID: 0002
Revises: 0001c
Create Date: 2026-11-22

The data comes from the project's own copies in db/reference/. Later changes to reference data
arrive as new migrations, never as edits to this one.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db import reference

revision = "0002"
down_revision = "0001c"
branch_labels = None
depends_on = None


def _table(name: str, *columns: str) -> sa.TableClause:
    return sa.table(name, *(sa.column(c) for c in columns))


NAMES = ("type_en", "type_km", "name_km", "name_latin")


def upgrade() -> None:
    gazetteer = reference.gazetteer()
    op.bulk_insert(
        _table("province", "code", *NAMES, "seat_latin", "seat_lat", "seat_lon"),
        [
            {k: p[k] for k in ("code", *NAMES, "seat_latin", "seat_lat", "seat_lon")}
            for p in gazetteer["provinces"]
        ],
    )
    op.bulk_insert(
        _table("district", "code", "province_code", *NAMES),
        [
            {"code": d["code"], "province_code": d["parent"], **{k: d[k] for k in NAMES}}
            for d in gazetteer["districts"]
        ],
    )
    op.bulk_insert(
        _table("commune", "code", "district_code", "province_code", *NAMES),
        [
            {
                "code": c["code"],
                "district_code": c["parent"],
                "province_code": c["parent"][:2],
                **{k: c[k] for k in NAMES},
            }
            for c in gazetteer["communes"]
        ],
    )
    op.bulk_insert(
        _table("offence_category", "code", "parent_code", "level", "name_en", "name_km"),
        [
            {
                "code": code,
                "parent_code": reference.iccs_parent(code),
                "level": reference.ICCS_LEVELS[len(code)],
                "name_en": name,
                "name_km": "",
            }
            for code, name in reference.iccs_categories()
        ],
    )
    op.bulk_insert(
        _table("offence_type", "code", "iccs_code", "kind", "name_en", "name_km"),
        [
            {
                "code": t["code"],
                "iccs_code": t["iccs"],
                "kind": t["kind"],
                "name_en": t["name_en"],
                "name_km": t["name_km"],
            }
            for t in reference.offence_types()
        ],
    )
    ministries = reference.ministries()
    op.bulk_insert(
        _table("ministry", "code", "name_en", "name_km"),
        [{k: m[k] for k in ("code", "name_en", "name_km")} for m in ministries],
    )
    op.bulk_insert(
        _table("ministry_jurisdiction", "ministry_code", "iccs_prefix"),
        [
            {"ministry_code": m["code"], "iccs_prefix": p}
            for m in ministries
            for p in m["jurisdiction"]
        ],
    )


def downgrade() -> None:
    for name in (
        "ministry_jurisdiction",
        "ministry",
        "offence_type",
        "offence_category",
        "commune",
        "district",
        "province",
    ):
        op.execute(sa.text(f"DELETE FROM {name}"))
