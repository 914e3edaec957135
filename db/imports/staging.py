"""The PostgreSQL path of bulk imports: COPY into a staging table, look up set-wise, COPY out.

A batch of file rows is copied into a temporary table that lives as long as the batch's
transaction. What the rows collide with is then found by joining it, once per question, instead
of one query per row: the orders already on file under their natural key, and the persons already
holding their identity document. Rows that pass are written with COPY under ids taken from the
tables' own sequences, so that a row's person, document and order can refer to each other before
they are sent.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from operator import itemgetter
from typing import Any, cast

from sqlalchemy import Integer, bindparam, column, select, table, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import SQLModel, col

from db import tables as t

StageRow = tuple[int, str, str, str | None, str | None, str | None]
# (row number, court, number, document kind, country, number key)
_STAGE = table(
    "import_order_stage",
    column("row_no", Integer),
    column("court"),
    column("number"),
    column("doc_kind"),
    column("doc_country"),
    column("doc_key"),
)


async def _raw(session: AsyncSession) -> Any:
    """The asyncpg connection under the session's, in the same transaction."""
    connection = await session.connection()
    raw = await connection.get_raw_connection()
    return raw.driver_connection


async def stage_orders(session: AsyncSession, rows: Sequence[StageRow]) -> None:
    # A batch whose transaction ended without a commit (a checking pass) may leave it behind.
    await session.execute(text("DROP TABLE IF EXISTS pg_temp.import_order_stage"))
    await session.execute(
        text(
            "CREATE TEMPORARY TABLE import_order_stage (row_no integer PRIMARY KEY,"
            " court text, number text, doc_kind text, doc_country text, doc_key text)"
            " ON COMMIT DROP"
        )
    )
    await (await _raw(session)).copy_records_to_table(
        "import_order_stage", records=list(rows), columns=[c.name for c in _STAGE.columns]
    )


async def staged_orders_on_file(session: AsyncSession) -> dict[int, Any]:
    """Row number → the facts of the stored order under the row's (court, number) and of its
    subject, as one row with the two tables' column names (resolvers.imports.conflicts reads
    them). Read without a scope: an import must see every order it could collide with."""
    w, p = t.Warrant, t.Person
    query = (
        select(
            _STAGE.c.row_no,
            *(col(c) for c in (w.kind, w.issued_on, w.expires_on, w.province_code, w.notes)),
            col(w.historical),
            *(col(c) for c in (p.family_name_latin, p.given_name_latin, p.family_name_km)),
            *(col(c) for c in (p.given_name_km, p.sex, p.birth_year, p.birth_month)),
            *(col(c) for c in (p.birth_day, p.nationality)),
        )
        .join(w, (col(w.court) == _STAGE.c.court) & (col(w.number) == _STAGE.c.number))
        .join(p, col(p.id) == col(w.subject_person_id))
    )
    return {row.row_no: row for row in await session.execute(query)}


async def staged_document_holders(session: AsyncSession) -> dict[int, Any]:
    """Row number → the person already holding the row's identity document: ``id`` and the
    columns that identify them (names, sex, birth date, nationality), for the row to agree with.
    Read without a scope, as ``staged_orders_on_file``."""
    doc, p = t.IdentityDocument, t.Person
    query = (
        select(
            _STAGE.c.row_no,
            *(col(c) for c in (p.id, p.family_name_latin, p.given_name_latin, p.family_name_km)),
            *(col(c) for c in (p.given_name_km, p.sex, p.birth_year, p.birth_month)),
            *(col(c) for c in (p.birth_day, p.nationality)),
        )
        .join(
            doc,
            (col(doc.kind) == _STAGE.c.doc_kind)
            & (col(doc.issuing_country) == _STAGE.c.doc_country)
            & (col(doc.number_key) == _STAGE.c.doc_key),
        )
        .join(p, col(p.id) == col(doc.person_id))
    )
    return {row.row_no: row for row in await session.execute(query)}


async def province_codes(session: AsyncSession) -> set[str]:
    return set((await session.execute(select(col(t.Province.code)))).scalars())


async def new_ids(session: AsyncSession, name: str, count: int) -> list[int]:
    """``count`` ids from the table's serial sequence, in order."""
    if count == 0:
        return []
    query = text(
        f"SELECT nextval(pg_get_serial_sequence('{name}', 'id')) FROM generate_series(1, :n)"
    )
    return list((await session.execute(query, {"n": count})).scalars())


async def copy_rows(session: AsyncSession, name: str, rows: Sequence[dict[str, Any]]) -> None:
    """COPY ``rows`` (column → value, as asyncpg encodes them) into the table ``name``."""
    if not rows:
        return
    target = SQLModel.metadata.tables[name]
    given = [c.name for c in target.columns if c.name in rows[0]]
    # A column the rows leave out takes the model's default, as an ORM insert would give it.
    defaults = {
        c.name: cast(Any, c.default).arg
        for c in target.columns
        if c.name not in rows[0] and c.default is not None and c.default.is_scalar
    }
    values = itemgetter(*given)
    rest = tuple(defaults.values())
    records = [(*values(row), *rest) for row in rows] if len(given) > 1 else None
    await (await _raw(session)).copy_records_to_table(
        name,
        records=records or [(row[given[0]], *rest) for row in rows],
        columns=[*given, *defaults],
    )


_SUSPECTS = text(
    """
    WITH owned AS (SELECT CAST(:unit AS integer) AS unit),
    subjects AS (
        SELECT w.subject_person_id AS person_id FROM warrant w, owned
        WHERE w.status = 'active' AND (w.expires_on IS NULL OR w.expires_on >= :today)
          AND (owned.unit IS NULL OR COALESCE(w.owning_unit_id, w.created_unit_id) IS NULL
               OR COALESCE(w.owning_unit_id, w.created_unit_id) <> owned.unit)
        UNION
        SELECT n.person_id FROM notice n, owned
        WHERE n.valid_from <= :today AND (n.valid_until IS NULL OR n.valid_until >= :today)
          AND (owned.unit IS NULL OR COALESCE(n.owning_unit_id, n.created_unit_id) IS NULL
               OR COALESCE(n.owning_unit_id, n.created_unit_id) <> owned.unit)
    ),
    subject_keys AS (
        SELECT k.person_id, k.key, left(k.key, 3) AS head, left(k.key, 5) AS long_head
        FROM person_name_key k JOIN subjects s ON s.person_id = k.person_id
    )
    SELECT p.person_id, k.person_id FROM import_pattern p
    JOIN subject_keys k ON k.long_head = p.head AND k.key LIKE p.pattern
    WHERE length(p.head) > 3 AND k.person_id <> p.person_id
    UNION
    SELECT p.person_id, k.person_id FROM import_pattern p
    JOIN subject_keys k ON k.head = p.head AND k.key LIKE p.pattern
    WHERE length(p.head) <= 3 AND k.person_id <> p.person_id
    UNION
    SELECT d.person_id, o.person_id FROM identity_document d
    JOIN identity_document o ON o.number_key = d.number_key AND o.person_id <> d.person_id
    JOIN subjects s ON s.person_id = o.person_id
    WHERE d.person_id = ANY(:persons)
    """
).bindparams(bindparam("persons", type_=ARRAY(Integer)))


def _head(pattern: str) -> str:
    """The pattern's first five characters if none is a wildcard (a key matching it begins with
    them; a shorter pattern without one is the whole key), else its first three."""
    head = pattern[:5]
    return head if "%" not in head else pattern[:3]


async def suspects(
    session: AsyncSession,
    patterns: Iterable[tuple[int, str]],
    persons: Sequence[int],
    *,
    unit_id: int | None,
    today: date,
) -> set[tuple[int, int]]:
    """(new person, subject) for each of these new persons that blocking (db.match_candidates)
    puts next to the subject of an order in force that ``unit_id`` does not own: the only pairs
    matching can raise a hit for.

    ``patterns`` are each person's whole-name keys and LIKE patterns (block_patterns); every one
    begins with three fixed characters (script prefix and first letter), most with five (a key,
    a head-and-tail pattern), so the join is a hash join on those before the LIKE, and costs in
    proportion to the orders in force, not to the persons on file. On five where it can: at 500k
    persons (13k subjects in force) three alone left each pattern ~5k subject keys to test, 6.6 s
    of a 5,000-row batch."""
    if not persons:
        return set()
    await session.execute(
        text(
            "CREATE TEMPORARY TABLE IF NOT EXISTS import_pattern"
            " (person_id integer, head text, pattern text) ON COMMIT DROP"
        )
    )
    await (await _raw(session)).copy_records_to_table(
        "import_pattern", records=[(p, _head(k), k) for p, k in patterns]
    )
    found = await session.execute(
        _SUSPECTS, {"unit": unit_id, "today": today, "persons": list(persons)}
    )
    await session.execute(text("TRUNCATE import_pattern"))
    return {(new, subject) for new, subject in found}
