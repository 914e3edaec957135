"""Entering and correcting notices: red notice, wanted, escaped, released-prisoner monitoring,
blacklist. Each is valid for a period: valid until (when given) on or after valid from.

Create and update share one check (``_notice_changes``), as for warrants (resolvers.orders).
Besides the period, each kind but "wanted" has facts of its own (``KIND_FIELDS``):

- red notice: its INTERPOL reference and the issuing country (ISO 3166-1 alpha-2). The reference
  is checked loosely against the shape of INTERPOL control numbers, "A-1234/5-2024": a letter, a
  serial, a month and a year, not against INTERPOL itself; stored trimmed and upper-case;
- blacklist: the official's position, the employing ministry and the case or court order behind
  it, and always an end, because officials are blacklisted "each for a set period" (DESIGN,
  rule 7);
- escaped: from where and when (not in the future);
- released-prisoner monitoring: the day of release (not in the future, and monitoring does not
  start before it), the reporting duty, and the conditions of release if any. The monitoring
  period is the notice's own period.

A field of another kind (an escape place on a red notice) is refused as ``not_applicable``
rather than stored where no reader looks for it; changing a notice's kind therefore means
clearing the old kind's fields in the same change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import UNSET

from db import lookups, orders
from db import tables as t
from db.errors import NotFound
from policies.scope import reachable
from resolvers.context import Context
from resolvers.hits import withdraw_hits
from resolvers.lifecycle import authored, check_version
from resolvers.orders import complete, person_field, place_fields
from resolvers.references import target_id
from resolvers.validation import Problems
from resolvers.warrant_actions import first_validation_due
from resolvers.writing import (
    given,
    local_now,
    merged,
    present,
    require_user,
    text_field,
)

NOTICE_KINDS = {"red_notice", "wanted", "escaped", "released", "blacklist"}
RED_NOTICE_REFERENCE = re.compile(r"^[A-Z]-\d{1,6}/\d{1,2}-\d{4}$")
# The text fields, which default to "" on a new notice (resolvers.orders.complete).
TEXTS = {
    "summary",
    "reference",
    "position",
    "basis",
    "escaped_from",
    "release_conditions",
    "reporting_duty",
}
# The fields only one kind of notice has, as (input field, column), and what the kind is called.
KIND_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "red_notice": (("reference", "reference"), ("issuingCountry", "issuing_country")),
    "blacklist": (("position", "position"), ("ministryCode", "ministry_code"), ("basis", "basis")),
    "escaped": (("escapedFrom", "escaped_from"), ("escapedAt", "escaped_at")),
    "released": (
        ("releasedOn", "released_on"),
        ("releaseConditions", "release_conditions"),
        ("reportingDuty", "reporting_duty"),
    ),
}
KIND_NAMES = {
    "red_notice": "red notices",
    "blacklist": "blacklist entries",
    "escaped": "escaped notices",
    "released": "released-prisoner notices",
}
# What each kind requires, as (input field, column, why).
REQUIRED: dict[str, tuple[tuple[str, str, str], ...]] = {
    "red_notice": (
        ("reference", "reference", "a red notice carries its INTERPOL reference"),
        ("issuingCountry", "issuing_country", "a red notice names the country that asked for it"),
    ),
    "blacklist": (
        ("position", "position", "a blacklist entry names it"),
        ("ministryCode", "ministry_code", "a blacklist entry names it"),
        ("basis", "basis", "a blacklist entry names it"),
    ),
    "escaped": (
        ("escapedFrom", "escaped_from", "an escaped notice says where the person escaped from"),
        ("escapedAt", "escaped_at", "an escaped notice says when the person escaped"),
    ),
    "released": (
        ("releasedOn", "released_on", "a released-prisoner notice gives the day of release"),
        ("reportingDuty", "reporting_duty", "a released prisoner reports somewhere, how often"),
    ),
}


@dataclass(frozen=True)
class NoticePatch:
    """A notice's entered facts. Unset fields stay; for a new notice every field is set."""

    kind: str | None = UNSET
    person_id: str | None = UNSET
    valid_from: date | None = UNSET
    valid_until: date | None = UNSET
    reference: str | None = UNSET
    issuing_country: str | None = UNSET
    summary: str | None = UNSET
    province_code: str | None = UNSET
    owning_unit_id: str | None = UNSET
    position: str | None = UNSET  # blacklist: the official's position, ministry and the basis
    ministry_code: str | None = UNSET
    basis: str | None = UNSET
    escaped_from: str | None = UNSET  # escaped: from where and when
    escaped_at: datetime | None = UNSET
    released_on: date | None = UNSET  # released: the day, conditions and reporting duty
    release_conditions: str | None = UNSET
    reporting_duty: str | None = UNSET


async def create_notice(ctx: Context, patch: NoticePatch) -> t.Notice:
    require_user(ctx)
    async with ctx.transaction() as session:
        changes = await _notice_changes(ctx, session, complete(ctx, patch, texts=TEXTS), None)
        return await orders.insert(
            session=session,
            row=authored(
                t.Notice(
                    **changes,
                    validation_due_on=first_validation_due(local_now(ctx).date()),
                    created_at=ctx.clock.now(),
                ),
                ctx.principal,
            ),
        )


async def update_notice(
    ctx: Context, notice_id: str, patch: NoticePatch, expected_version: int | None = None
) -> t.Notice:
    require_user(ctx)
    ident = target_id(notice_id, "Notice")
    async with ctx.transaction() as session:
        row = await orders.notice_for_update(
            session=session, notice_id=ident, scope=reachable(ctx.principal, "update", t.Notice)
        )
        if row is None:
            raise NotFound("Notice", notice_id)
        # The lifecycle guard judges the change at flush (policies.lifecycle, policies.guard).
        check_version(f"notice {ident}", row, expected_version)
        changes = await _notice_changes(ctx, session, patch, row)
        for name, value in changes.items():
            setattr(row, name, value)
        row.version += 1
        await session.flush()
        if row.valid_until is not None and row.valid_until < local_now(ctx).date():
            # ended: nobody is to be asked to confirm a match against it any more
            await withdraw_hits(ctx, session, notice_id=ident, reason="notice ended")
        return row


async def _notice_changes(
    ctx: Context, session: AsyncSession, patch: NoticePatch, row: t.Notice | None
) -> dict[str, Any]:
    """Check a notice patch against the notice it changes (None: a new one); raise or return
    the column values to write."""
    p = Problems()
    out: dict[str, Any] = {}
    if (
        given(patch.kind)
        and present(p, "kind", patch.kind)
        and p.choice("kind", patch.kind, NOTICE_KINDS)
    ):
        out["kind"] = patch.kind
    await person_field(ctx, p, session, out, "personId", "person_id", patch.person_id)
    if given(patch.valid_from) and present(p, "validFrom", patch.valid_from):
        out["valid_from"] = patch.valid_from
    if given(patch.valid_until):
        out["valid_until"] = patch.valid_until
    start, end = merged(out, row, "valid_from"), merged(out, row, "valid_until")
    if start is not None and end is not None and end < start:
        p.add(
            "validUntil" if given(patch.valid_until) else "validFrom",
            "out_of_range",
            "a notice cannot end before it starts",
        )
    text_field(p, out, "summary", patch.summary, 600)
    _red_notice_fields(p, out, patch)
    await _blacklist_fields(p, session, out, patch)
    _escape_fields(ctx, p, out, patch)
    _release_fields(ctx, p, out, patch)
    if not p.has("kind"):
        _check_kind(p, out, patch, row, merged(out, row, "kind"))
    await place_fields(ctx, p, session, out, patch.province_code, patch.owning_unit_id)
    p.raise_if_any()
    return out


def _check_kind(
    p: Problems, out: dict[str, Any], patch: NoticePatch, row: t.Notice | None, kind: str
) -> None:
    """The notice after the change has what its kind requires, and nothing another kind has."""
    for field, column, why in REQUIRED.get(kind, ()):
        if not p.has(field) and not merged(out, row, column):
            p.add(field, "required", why)
    if kind == "red_notice" and not p.has("reference"):
        reference = merged(out, row, "reference")
        if reference and not RED_NOTICE_REFERENCE.match(reference):
            p.add("reference", "invalid", "expected an INTERPOL reference like A-1234/5-2024")
    if kind == "blacklist" and merged(out, row, "valid_until") is None:
        p.add("validUntil", "required", "a blacklist entry is for a set period")
    released, start = merged(out, row, "released_on"), merged(out, row, "valid_from")
    early = kind == "released" and released and start and start < released
    if early and not (p.has("validFrom") or p.has("releasedOn")):
        sent_release_only = given(patch.released_on) and not given(patch.valid_from)
        p.add(
            "releasedOn" if sent_release_only else "validFrom",
            "out_of_range",
            "monitoring of a released prisoner starts on or after the day of release",
        )
    _not_applicable(p, out, row, kind)


def _not_applicable(p: Problems, out: dict[str, Any], row: t.Notice | None, kind: str) -> None:
    """Judged on what this change brings: a value sent, or the kind changed under stored values
    (a value stored before this rule and left alone is not the caller's doing)."""
    kind_changed = row is None or row.kind != kind
    for other, columns in KIND_FIELDS.items():
        if other == kind:
            continue
        for field, column in columns:
            if p.has(field) or not merged(out, row, column):
                continue
            if column in out:
                p.add(field, "not_applicable", f"only {KIND_NAMES[other]} have it")
            elif kind_changed:
                p.add(
                    field,
                    "not_applicable",
                    f"only {KIND_NAMES[other]} have it: clear it when changing the kind",
                )


def _red_notice_fields(p: Problems, out: dict[str, Any], patch: NoticePatch) -> None:
    if given(patch.reference):
        reference = (patch.reference or "").strip().upper()
        if p.text("reference", reference, max_length=60):
            out["reference"] = reference
    if given(patch.issuing_country):
        country = (patch.issuing_country or "").strip().upper() or None
        if p.country("issuingCountry", country):
            out["issuing_country"] = country


async def _blacklist_fields(
    p: Problems, session: AsyncSession, out: dict[str, Any], patch: NoticePatch
) -> None:
    """A blacklist entry names the official's position, the employing ministry and the case or
    court order behind it (issue 5)."""
    text_field(p, out, "position", patch.position, 120)
    text_field(p, out, "basis", patch.basis, 120)
    if given(patch.ministry_code):
        code = (patch.ministry_code or "").strip().upper() or None
        if code is not None and not await lookups.existing(
            session=session, model=t.Ministry, key_name="code", values=[code]
        ):
            p.add("ministryCode", "unknown", f"{code!r} is not a ministry code")
        else:
            out["ministry_code"] = code


def _escape_fields(ctx: Context, p: Problems, out: dict[str, Any], patch: NoticePatch) -> None:
    _text(p, out, "escapedFrom", "escaped_from", patch.escaped_from, 200)
    if given(patch.escaped_at):
        when = patch.escaped_at
        if p.aware("escapedAt", when) and p.not_future("escapedAt", when, ctx.clock.now()):
            # In UTC already, so that the answer to this change reads as every later read will.
            out["escaped_at"] = when.astimezone(UTC) if when is not None else None


def _release_fields(ctx: Context, p: Problems, out: dict[str, Any], patch: NoticePatch) -> None:
    if given(patch.released_on) and p.not_future("releasedOn", patch.released_on, local_now(ctx)):
        out["released_on"] = patch.released_on
    _text(p, out, "releaseConditions", "release_conditions", patch.release_conditions, 600)
    _text(p, out, "reportingDuty", "reporting_duty", patch.reporting_duty, 200)


def _text(
    p: Problems, out: dict[str, Any], field: str, column: str, value: str | None, limit: int
) -> None:
    """An optional text field whose input name differs from its column. Stored trimmed."""
    if given(value):
        text = (value or "").strip()
        if p.text(field, text, max_length=limit):
            out[column] = text
