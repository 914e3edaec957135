"""The persons a new record could be: one blocking query, then db.matching on the few found.

Blocking keeps matching a record cheap at national scale: instead of scoring every person, ask the
``person_name_key`` index for persons holding one of this record's folded name keys, or a key that
starts and ends like one of them (``block_patterns``), and the ``identity_document`` index for a
shared document number. `ecrime match-eval` reports how many same-person pairs blocking keeps.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, cast

from sqlalchemy import ColumnElement, Integer, Select, func, literal, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped
from sqlmodel import col

from db.matching import MATCH_THRESHOLD, Match, PersonFacts, score
from db.names import LATIN_PREFIX, name_keys
from db.tables.persons import IdentityDocument, Person, PersonAlias, PersonNameKey

# Letters of a folded whole name that must agree at its start and at its end. The ends of a
# folded name are its most stable letters (folding looks at neighbours only inside it), and keys
# hold both orders, so a typo is missed only if it hits the start or end of both name parts.
HEAD, TAIL = 3, 2
# Romanisations disagree mostly on vowels (Som/Sam, Yim/Yem, Pov/Peou); so a Latin key is also
# looked for by its consonants in order, when there are enough of them to narrow the search.
MIN_CONSONANTS = 3
_NO_VOWELS = str.maketrans("", "", "aeiouyh")

_key = col(PersonNameKey.key)
_key_person = cast("Mapped[int]", col(PersonNameKey.person_id))
_doc_person = cast("Mapped[int]", col(IdentityDocument.person_id))


def keys_of(facts: PersonFacts) -> set[str]:
    """The whole-name keys db.person_names stores for a person with these facts."""
    return name_keys(
        family_latin=facts.family_latin,
        given_latin=facts.given_latin,
        family_km=facts.family_km,
        given_km=facts.given_km,
        aliases=[(alias, "") for alias in facts.aliases],
    )


def _head_tail(key: str) -> str:
    body = key[2:]
    return f"{key[:2]}{body[:HEAD]}%{body[-TAIL:]}" if len(body) > HEAD + TAIL else key


def _consonants(key: str) -> str | None:
    consonants = key[2:].translate(_NO_VOWELS)
    if key.startswith(LATIN_PREFIX) and len(consonants) >= MIN_CONSONANTS:
        return LATIN_PREFIX + "%".join(consonants) + "%"
    return None


def block_patterns(facts: PersonFacts) -> set[str]:
    """LIKE patterns on ``person_name_key.key``: each key's first and last letters, and each
    Latin key's consonants in order."""
    return patterns_of(keys_of(facts))


def patterns_of(keys: set[str]) -> set[str]:
    """``block_patterns`` of a person whose keys (``keys_of``) are already folded."""
    loose = {pattern for key in keys if (pattern := _consonants(key))}
    return {_head_tail(key) for key in keys} | loose


def _like(pattern: str) -> re.Pattern[str]:
    return re.compile(".*".join(map(re.escape, pattern.split("%"))))


def blocked_together(new: PersonFacts, known: PersonFacts) -> bool:
    """Whether ``candidates`` for ``new`` would return ``known``, without a database.

    db.match_eval measures with it how many same-person pairs blocking loses.
    """
    if {d[2] for d in new.documents} & {d[2] for d in known.documents}:
        return True
    stored = keys_of(known)
    return any(_like(p).fullmatch(k) for p in block_patterns(new) for k in stored)


def _branch(condition: ColumnElement[bool], rank: int) -> Select[Any, Any]:
    return select(_key_person.label("person_id"), literal(rank, Integer).label("rank")).where(
        condition
    )


def _anchored(session: AsyncSession) -> Callable[[str], ColumnElement[bool]]:
    """``key LIKE pattern`` for patterns that start with fixed letters.

    On PostgreSQL under the C collation, which LIKE does not depend on, so that the trigram index
    (0015, name search's substrings) cannot take them: its estimate misses that a one-letter
    prefix's trigrams hold every Latin key, and rechecking those rows cost ~70 ms per pattern at
    500k persons. The B-tree pattern index (0016) reads the same prefix range from the index.
    """
    if session.get_bind().dialect.name == "postgresql":
        return lambda pattern: _key.collate("C").like(pattern)
    return _key.like


async def candidates(
    *,
    session: AsyncSession,
    facts: PersonFacts,
    among: Select[Any] | None = None,
    exclude: int | None = None,
    limit: int = 50,
) -> list[int]:
    """Ids of persons (of ``among``, a select of person ids, if given) that could be ``facts``.

    Best first: a shared document, then a whole-name key, then a key with the same first and
    last letters, then one with the same consonants (``block_patterns``); one query, one branch
    per pattern, so that each reads one range of the key index.
    """
    exact = sorted(keys_of(facts))
    close = sorted({p for key in exact if "%" in (p := _head_tail(key))})
    loose = sorted(p for p in patterns_of(set(exact)) if "%" in p and p not in close)
    like = _anchored(session)
    branches: list[Select[Any, Any]] = []
    if exact:
        branches.append(_branch(_key.in_(exact), 3))
        branches += [_branch(like(p), 2) for p in close]
        branches += [_branch(like(p), 1) for p in loose]
    numbers = sorted({number for _, _, number in facts.documents if number})
    if numbers:
        documents = col(IdentityDocument.number_key).in_(numbers)
        branches.append(
            select(_doc_person.label("person_id"), literal(4, Integer).label("rank")).where(
                documents
            )
        )
    if not branches:
        return []
    hits = union_all(*branches).subquery()
    query = (
        select(hits.c.person_id)
        .group_by(hits.c.person_id)
        .order_by(func.max(hits.c.rank).desc(), hits.c.person_id)
        .limit(limit)
    )
    if among is not None:
        query = query.where(hits.c.person_id.in_(among))
    if exclude is not None:
        query = query.where(hits.c.person_id != exclude)
    return list((await session.execute(query)).scalars())


async def facts_of(*, session: AsyncSession, person_ids: Sequence[int]) -> dict[int, PersonFacts]:
    """PersonFacts for these persons, in three queries (persons, aliases, documents)."""
    if not person_ids:
        return {}
    ids = sorted(set(person_ids))
    persons = (await session.execute(select(Person).where(col(Person.id).in_(ids)))).scalars()
    aliases: dict[int, list[PersonAlias]] = {}
    for alias in (
        await session.execute(select(PersonAlias).where(col(PersonAlias.person_id).in_(ids)))
    ).scalars():
        aliases.setdefault(alias.person_id, []).append(alias)
    documents: dict[int, list[IdentityDocument]] = {}
    for doc in (
        await session.execute(select(IdentityDocument).where(_doc_person.in_(ids)))
    ).scalars():
        documents.setdefault(doc.person_id, []).append(doc)
    return {
        cast(int, p.id): PersonFacts.from_row(
            p,
            aliases=aliases.get(cast(int, p.id), ()),
            documents=documents.get(cast(int, p.id), ()),
        )
        for p in persons
    }


async def matches(
    *,
    session: AsyncSession,
    facts: PersonFacts,
    among: Select[Any] | None = None,
    exclude: int | None = None,
    threshold: float = MATCH_THRESHOLD,
    limit: int = 50,
) -> list[tuple[int, Match]]:
    """Persons scoring at least ``threshold`` against ``facts``, best first: four queries."""
    ids = await candidates(session=session, facts=facts, among=among, exclude=exclude, limit=limit)
    found = [
        (pid, score(facts, other))
        for pid, other in (await facts_of(session=session, person_ids=ids)).items()
    ]
    return sorted(
        ((p, m) for p, m in found if m.score >= threshold), key=lambda pm: (-pm[1].score, pm[0])
    )
