"""The gate every id inside an input goes through: resolved through the caller's scope.

An input id names a row only if the caller holds the reference's action on it: the one statement
that looks it up carries ``reachable(principal, action, model)`` (policies.scope: the action's
scope within the read scope). A row outside that scope and a row
that does not exist answer alike — the same field problem (``unknown``, "no such case") — so an
answer never tells what exists. State checks (a case closed, a warrant executed) run on the rows
this returns, never on an id: their messages speak only of rows the caller may reach.

Which action a kind of reference needs is declared once, in the table below, with the reason.
The record a mutation changes — its target (``updateCase(id)``), and linkOffenceToCase's offence —
is reached through ``resolvers.lifecycle.reach_for_change`` (the ``update`` scope, or a granted
``correct``) or its kind's ``update`` scope; its id is parsed here (``target_id``), and a
malformed, missing or unseen target is the same ``NotFound``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.relay import GlobalID

from db import lookups
from db import tables as t
from db.errors import NotFound
from policies.principal import Principal
from policies.scope import ACT_FOR, reachable
from resolvers.validation import Problems
from resolvers.writing import given

_MAX_ID = 2**31 - 1  # integer primary keys; a larger number cannot name a row


@dataclass(frozen=True)
class Reference:
    """Rows of ``model`` that an input may name: those on which the caller holds ``action``."""

    model: type[Any]
    action: str
    unknown: str = ""  # the one answer for missing and unseen; default "no such <model>"

    @property
    def type_name(self) -> str:
        return self.model.__name__

    @property
    def message(self) -> str:
        noun = re.sub(r"(?<!^)([A-Z])", r" \1", self.type_name).lower()
        return self.unknown or f"no such {noun}"


# --- the table: what the caller must hold on a row to name it --------------------------------
# Linking an offence or a warrant to a case, or a person into one, changes the case file: its
# make-up (frozen once closed), and for a warrant the arrest its execution writes there. So the
# caller must be able to change the case (``update``), as linkOffenceToCase always required;
# reading a case is not enough to attach records to it.
CASE_LINK = Reference(t.Case, "update")
# A participant's arrest, detention or release is a change to their case.
PARTICIPANT = Reference(t.CaseParticipant, "update")
# Naming a person (suspect, victim, warrant subject, notice subject) changes nothing about them:
# seeing them is enough, in full or as the cross-province summary (policies.scope VISIBLE_AS),
# so that a person recorded in another province can be named — the point of one register.
PERSON_NAMED = Reference(t.Person, "read")
# A case belongs to its lead unit's province, which the write guard judges as the case is
# written (create or update there): the unit itself is reference data.
CASE_LEAD = Reference(t.Unit, "read")
# The unit that owns a warrant or notice (it is sent the hits and owes the validations) or leads
# an operation answers for the record: the caller must act for it (policies.scope ACT_FOR).
UNIT_IN_CHARGE = Reference(t.Unit, ACT_FOR, "no such unit among those you act for")
# Units that took part in an operation or executed a warrant: a fact about any unit.
UNIT_NAMED = Reference(t.Unit, "read")
# An API token's owner: users are reached by those who administer them (admins).
TOKEN_OWNER = Reference(t.User, "administer")
# A review request names a record its filer sees; whether they may file on it is the operation's
# own question (Forbidden: seen, not theirs).
REVIEWED = {model: Reference(model, "read") for model in (t.Offence, t.Person, t.Case)}


def parse_id(value: str, type_name: str) -> int | None:
    """The row number in a relay global id of ``type_name``; None if it is not one."""
    try:
        gid = GlobalID.from_id(value)
        number = int(gid.node_id)
    except ValueError:
        return None
    if gid.type_name != type_name or not 1 <= number <= _MAX_ID:
        return None
    return number


def target_id(value: str, type_name: str) -> int:
    """A mutation's target: a malformed id is NotFound, as a missing or unseen one will be."""
    number = parse_id(value, type_name)
    if number is None:
        raise NotFound(type_name, value)
    return number


def _where(principal: Principal, ref: Reference) -> ColumnElement[bool]:
    return reachable(principal, ref.action, ref.model)


async def resolve_all(
    session: AsyncSession,
    principal: Principal,
    ref: Reference,
    values: Mapping[str, str | None],
    problems: Problems,
) -> dict[str, Any]:
    """The rows that ``values`` (input path → id) name, in one statement; a problem for each id
    that is malformed (``invalid``) or names no row in scope (``unknown``). None or "" is no
    reference: whether one is required is the caller's rule."""
    numbers: dict[str, int] = {}
    for field, value in values.items():
        if value is None or value == "":
            continue
        number = parse_id(value, ref.type_name)
        if number is None:
            problems.add(field, "invalid", f"is not the id of a {ref.type_name}")
        else:
            numbers[field] = number
    rows = await lookups.rows_in_scope(
        session=session,
        model=ref.model,
        ids=numbers.values(),
        scope=_where(principal, ref),
        lock=ref.action != "read",
    )
    found: dict[str, Any] = {}
    for field, number in numbers.items():
        if number in rows:
            found[field] = rows[number]
        else:
            problems.add(field, "unknown", ref.message)
    return found


async def resolve(
    session: AsyncSession,
    principal: Principal,
    ref: Reference,
    value: str | None,
    *,
    field: str,
    problems: Problems,
) -> Any | None:
    """The row one input id names, or None (with its problem when the id was given)."""
    found = await resolve_all(session, principal, ref, {field: value}, problems)
    return found.get(field)


async def patch_reference(
    session: AsyncSession,
    principal: Principal,
    ref: Reference,
    p: Problems,
    out: dict[str, Any],
    *,
    field: str,
    column: str,
    value: str | None,
) -> None:
    """An optional reference in a patch: unset keeps it, None clears it, an id sets ``column``."""
    if not given(value):
        return
    if not value:
        out[column] = None
        return
    row = await resolve(session, principal, ref, value, field=field, problems=p)
    if row is not None:
        out[column] = row.id
