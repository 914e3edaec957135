"""Person search by name and document number, and upkeep of the derived name keys.

The predicates are plain SQL expressions on ``person.id`` so that callers AND them with the
scope predicate and page in SQL (DESIGN: never fetch-then-filter). Keys are folded by db.names.

Matching a query key ``q`` (script prefix + folded body) against the stored keys of a person:

* equal to a stored key: the whole name, in either order, or an alias;
* a prefix of a stored key when the body has at least ``MIN_PREFIX`` characters: since both
  orders are stored, a family or a given name alone finds the person ("Chea" folds to "ce");
* a substring of a stored key when the body has at least ``MIN_SUBSTRING`` characters: a middle
  word of a three-word name or alias ("Mom" in "Chea Srey Mom").

The trade-off: folding already merges spellings, so a short fragment matches many people. Three
characters is where a substring is specific enough to page through, and where PostgreSQL's
pg_trgm index can serve ``LIKE '%abc%'``; below it, only anchored prefixes are searched.
``name_rank`` orders exact matches first, then prefixes, then substrings, shorter keys first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import cast

from sqlalchemy import (
    ColumnElement,
    Integer,
    String,
    Table,
    bindparam,
    case,
    delete,
    false,
    func,
    insert,
    literal,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped
from sqlmodel import col

from db.names import document_key, name_keys, query_key
from db.tables.persons import IdentityDocument, Person, PersonAlias, PersonNameKey

MIN_PREFIX = 2
MIN_SUBSTRING = 3
PREFIX_LENGTH = 2  # "l:" / "k:"
KEY_LENGTH = 200  # person_name_key.key

# Bound parameters per statement stay well under SQLite's and asyncpg's limits (32766/32767).
_CHUNK = 5000

NameRow = tuple[int, str, str, str, str]

# Always set once stored; typed as such so the rows read back are tuples of int and str.
_person_id = cast("Mapped[int]", col(Person.id))
_name_key = col(PersonNameKey.key)
_key_person_id = col(PersonNameKey.person_id)
# Core inserts: the ORM's bulk path costs twice as long per row and adds nothing here.
_KEY_TABLE = cast(Table, PersonNameKey.__table__)  # type: ignore[attr-defined]


def _key_condition(key: str) -> ColumnElement[bool]:
    # Folded bodies hold letters and marks only, never LIKE wildcards, so no escaping is needed.
    prefix, body = key[:PREFIX_LENGTH], key[PREFIX_LENGTH:]
    if len(body) >= MIN_SUBSTRING:
        return _name_key.like(f"{prefix}%{body}%")
    if len(body) >= MIN_PREFIX:
        return _name_key.like(f"{key}%")
    return _name_key == key


def name_key_condition(text: str) -> ColumnElement[bool]:
    """Name keys that match ``text`` (see the module docstring); none for an empty key."""
    key = query_key(text)
    return _key_condition(key) if key else false()


def person_name_filter(text: str) -> ColumnElement[bool]:
    """Persons one of whose names or aliases matches ``text`` (see the module docstring)."""
    # IN rather than a correlated EXISTS: SQLite runs the subquery once and looks the matches up
    # by primary key instead of probing keys for every person row; PostgreSQL semi-joins both.
    return _person_id.in_(select(_key_person_id).where(name_key_condition(text)))


def document_filter(number: str) -> ColumnElement[bool]:
    """Persons holding an identity document with this number, however it is punctuated."""
    key = document_key(number)
    if not key:
        return false()
    holders = select(col(IdentityDocument.person_id)).where(col(IdentityDocument.number_key) == key)
    return _person_id.in_(holders)


def name_rank(text: str) -> ColumnElement[int]:
    """Ascending sort key: exact key match, then prefix, then substring; shorter keys first.

    A correlated subquery on ``person.id``; persons that do not match sort last.
    """
    key = query_key(text)
    worst = literal(3_000_000, Integer)
    if not key:
        return worst
    tier = case(
        (_name_key == key, 0),
        (_name_key.like(f"{key}%"), 1_000_000),
        else_=2_000_000,
    )
    best = (
        select(func.min(tier + func.length(_name_key)))
        .where(_key_person_id == _person_id, _key_condition(key))
        .scalar_subquery()
    )
    return func.coalesce(best, worst, type_=Integer)


_name_columns = (
    _person_id,
    col(Person.family_name_latin),
    col(Person.given_name_latin),
    col(Person.family_name_km),
    col(Person.given_name_km),
)


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


async def _key_rows(
    *,
    session: AsyncSession,
    persons: Sequence[NameRow],
    alias_filter: ColumnElement[bool],
) -> list[tuple[int, str]]:
    aliases: dict[int, list[tuple[str, str]]] = {}
    result = await session.execute(
        select(col(PersonAlias.person_id), col(PersonAlias.name), col(PersonAlias.script)).where(
            alias_filter
        )
    )
    for owner, name, script in result:
        aliases.setdefault(owner, []).append((name, script))
    rows: list[tuple[int, str]] = []
    for person_id, family_latin, given_latin, family_km, given_km in persons:
        keys = name_keys(
            family_latin=family_latin,
            given_latin=given_latin,
            family_km=family_km,
            given_km=given_km,
            aliases=aliases.get(person_id, ()),
        )
        # Names are not length-checked on every write path; an overlong key must not fail the
        # whole rebuild on PostgreSQL, and its first 200 characters still match by prefix.
        rows.extend((person_id, key[:KEY_LENGTH]) for key in sorted(keys))
    return rows


_INSERT_UNNEST = text(
    "INSERT INTO person_name_key (person_id, key) SELECT * FROM unnest(:person_ids, :keys)"
).bindparams(bindparam("person_ids", type_=ARRAY(Integer)), bindparam("keys", type_=ARRAY(String)))


async def _store_keys(
    *,
    session: AsyncSession,
    persons: Sequence[NameRow],
    alias_filter: ColumnElement[bool],
) -> None:
    rows = await _key_rows(session=session, persons=persons, alias_filter=alias_filter)
    if not rows:
        return
    if session.get_bind().dialect.name == "postgresql":
        # One statement with two arrays instead of one row per parameter set: ~2x faster.
        person_ids, keys = zip(*rows, strict=True)
        await session.execute(_INSERT_UNNEST, {"person_ids": person_ids, "keys": keys})
    else:
        await session.execute(insert(_KEY_TABLE), [{"person_id": p, "key": k} for p, k in rows])


async def refresh_name_keys(*, session: AsyncSession, person_ids: Sequence[int]) -> None:
    """Recompute the keys of these persons from their current names and aliases.

    Call it in the transaction that changes a name or an alias, so that search never sees the
    old keys next to the new names. Does not commit.
    """
    for chunk in _chunks(sorted(set(person_ids))):
        await session.execute(delete(PersonNameKey).where(_key_person_id.in_(chunk)))
        result = await session.execute(select(*_name_columns).where(_person_id.in_(chunk)))
        alias_filter = col(PersonAlias.person_id).in_(chunk)
        await _store_keys(session=session, persons=result.all(), alias_filter=alias_filter)


async def rebuild_all_name_keys(session: AsyncSession) -> None:
    """Recompute every person's keys (demo loader, folding-rule changes). Does not commit.

    Walks persons in id order by keyset, a chunk at a time, so memory stays flat at any size.
    """
    await session.execute(delete(PersonNameKey))
    last_id = 0
    while True:
        result = await session.execute(
            select(*_name_columns).where(_person_id > last_id).order_by(_person_id).limit(_CHUNK)
        )
        persons = result.all()
        if not persons:
            return
        # A range, not an IN list: one index range scan per chunk, two parameters.
        alias_filter = col(PersonAlias.person_id).between(persons[0][0], persons[-1][0])
        await _store_keys(session=session, persons=persons, alias_filter=alias_filter)
        last_id = persons[-1][0]
