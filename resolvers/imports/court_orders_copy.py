"""The court-order import's PostgreSQL path: the same judgement as row by row, set-wise.

Row by row (resolvers.imports.court_orders) costs some 34 statements a row: each order and
subject goes through the resolvers, the write guard and the audit hook on its own. Here a batch
takes a fixed handful, whatever its size:

1. the batch's keys are COPYed into a staging table (db.imports.staging), which is joined once for
   the orders already on file and once for the persons already holding a row's document;
2. each row gets the resolvers' own checks that need no database (``warrant_fields``,
   ``person_fields``, for a subject on file too), the comparison of its subject with the holder
   of its document (order_subjects, as row by row), the province from a set read once, and the
   write guard's per-row rule (``row_allows``), so a problem reads exactly as it does for an
   order entered by hand;
3. the rows that pass are written with COPY: new subjects, their documents and name keys, then
   the orders; the new subjects that blocking puts next to an order in force are matched by
   ``record_hits``, as every person write path is;
4. one audit entry per batch names the import, its rows and every id it wrote, in the batch's
   transaction (the audit hook does not see COPY; this entry stands for the rows' creation).

All-or-nothing's checking pass judges without writing: a batch's judgement depends only on the
stored records and the file's earlier rows, not on the batch's own writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncSession

from db import audit as chain
from db import tables as t
from db.imports import staging
from db.match_candidates import facts_of, keys_of, patterns_of
from db.matching import MATCH_THRESHOLD, PersonFacts, score
from db.person_names import KEY_LENGTH
from policies.scope import row_allows
from resolvers.context import Context
from resolvers.hits import record_hits
from resolvers.imports.batches import Judged, Seen, merged, named
from resolvers.imports.conflicts import compare
from resolvers.imports.order_columns import FIELD_COLUMNS
from resolvers.imports.order_subjects import Identity, identity, judge_subject
from resolvers.imports.report import Outcome
from resolvers.orders import warrant_fields
from resolvers.persons import person_fields
from resolvers.validation import Problems
from resolvers.warrant_actions import first_validation_due
from resolvers.writing import local_now

if TYPE_CHECKING:  # court_orders imports this module
    from resolvers.imports.court_orders import Order


@dataclass
class _Writes:
    """What the batch will write, with ids from the tables' sequences."""

    persons: list[dict[str, Any]]
    documents: list[dict[str, Any]]
    warrants: list[dict[str, Any]]
    facts: dict[int, PersonFacts]
    rows: list[int]


async def judge_and_write(
    ctx: Context,
    session: AsyncSession,
    read: list[Order],
    duplicates: dict[int, Judged],
    seen: Seen,
    *,
    write: bool,
) -> list[Judged]:
    """Judge ``read`` (one batch) and, if ``write``, write what passed; one judgement per row.
    ``duplicates`` holds the rows already judged as repeats of an earlier row's key; ``seen``
    what the pass met in earlier rows (order_subjects)."""
    identities = {o.row.number: identity(o) for o in read if o.row.number not in duplicates}
    await staging.stage_orders(
        session,
        [
            (o.row.number, o.key[0], o.key[1], *(identities[o.row.number] or (None, None, None)))
            for o in read
            if o.row.number in identities
        ],
    )
    stored = await staging.staged_orders_on_file(session)
    holders = await staging.staged_document_holders(session)
    provinces = await staging.province_codes(session)
    now, today = ctx.clock.now(), local_now(ctx).date()
    writes = _Writes([], [], [], {}, [])
    new_by_document: dict[Identity, int] = {}
    allowed: dict[tuple[str, str | None], bool] = {}
    judged: list[Judged] = []
    for order in read:
        if order.row.number in duplicates:
            judged.append(duplicates[order.row.number])
            continue
        if order.row.number in stored and not order.unread:
            facts = stored[order.row.number]  # the order's and its subject's columns at once
            judged.append(compare(order, facts, facts))
            continue
        document = identities[order.row.number]
        holder = holders.get(order.row.number)
        subject = holder.id if holder is not None else new_by_document.get(document or ("",) * 3)
        problems = Problems()
        person = None
        if subject is None:
            placeholder = -1 - len(writes.persons)  # the real id is drawn when written
            person = _new_person(ctx, problems, order, placeholder, now)
        else:
            person_fields(ctx, problems, order.subject)  # validated like any input
        judge_subject(problems, order, holder, seen)
        values = warrant_fields(ctx, problems, order.warrant, None)
        code = order.warrant.province_code
        if code is not None and code not in provinces and not problems.has("provinceCode"):
            problems.add("provinceCode", "unknown", f"{code!r} is not a province code")
        if not problems.items:
            refused = _refused(ctx, person, order, allowed)
            if refused is not None:
                problems.add("provinceCode", "forbidden", refused)
        if problems.items or order.unread:  # the subject's problems come first, as on the row path
            found = [named(order.row, p, FIELD_COLUMNS) for p in problems.items]
            judged.append((Outcome.REJECTED, merged(order.row, order.unread, found)))
            continue
        if person is not None:
            subject = person["id"]
            _add_person(writes, person, order, document)
            if document is not None:
                new_by_document[document] = subject
        assert subject is not None
        writes.warrants.append(_warrant(ctx, values, order, subject, now, today))
        writes.rows.append(order.row.number)
        judged.append((Outcome.WRITTEN, []))
    if write:
        await _write(ctx, session, writes, today)
    return judged


def _new_person(
    ctx: Context, problems: Problems, order: Order, person_id: int, now: datetime
) -> dict[str, Any]:
    data = order.subject
    names, _keyed = person_fields(ctx, problems, data)
    return {
        "id": person_id,
        **names,
        "sex": data.sex,
        "birth_year": data.birth.year,
        "birth_month": data.birth.month,
        "birth_day": data.birth.day,
        "nationality": data.nationality.upper(),
        "background": data.background.strip(),
        "province_code": ctx.principal.province_code,
        "recorded_by_id": ctx.principal.user_id,
        "recorded_unit_id": ctx.principal.unit_id,
        "created_at": now,
        "updated_at": now,
        "version": 1,
    }


def _refused(
    ctx: Context,
    person: dict[str, Any] | None,
    order: Order,
    allowed: dict[tuple[str, str | None], bool],
) -> str | None:
    """The write guard's refusal (policies.guard), in its words, or None. For persons and
    warrants the guard looks at the principal and the row's province only, so its answer is
    kept per (table, province) for the batch."""
    p = ctx.principal
    asked: list[tuple[type[Any], str, str | None]] = []
    if person is not None:
        asked.append((t.Person, "person", person["province_code"]))
    asked.append((t.Warrant, "warrant", order.warrant.province_code))
    for model, resource, province in asked:
        key = (resource, province)
        if key not in allowed:
            row = SimpleNamespace(province_code=province)
            allowed[key] = row_allows(p, "create", model, row)
        if not allowed[key]:
            return f"not allowed: create {resource} here"
    return None


def _add_person(
    writes: _Writes, person: dict[str, Any], order: Order, identity: Identity | None
) -> None:
    writes.persons.append(person)
    documents = []
    if identity is not None:
        doc = order.subject.documents[0]
        documents.append(
            {
                "person_id": person["id"],
                "kind": identity[0],
                "number": doc.number.strip(),
                "number_key": identity[2],
                "issuing_country": identity[1],
            }
        )
    writes.documents += documents
    # Stand-ins for the rows, for matching's facts, which read only their attributes.
    docs = [SimpleNamespace(**d) for d in documents]
    writes.facts[person["id"]] = PersonFacts.from_row(
        SimpleNamespace(**person),  # type: ignore[arg-type]
        documents=docs,  # type: ignore[arg-type]
    )


def _warrant(
    ctx: Context, values: dict[str, Any], order: Order, subject: int, now: datetime, today: Any
) -> dict[str, Any]:
    return {
        **values,
        "expires_on": values.get("expires_on"),
        "notes": values.get("notes", ""),
        "subject_person_id": subject,
        "case_id": None,
        "status": "active",
        "province_code": order.warrant.province_code,
        "owning_unit_id": ctx.principal.unit_id,
        "historical": order.historical,
        "validation_due_on": first_validation_due(today),
        "created_at": now,
        "created_by_id": ctx.principal.user_id,
        "created_unit_id": ctx.principal.unit_id,
        "version": 1,
    }


async def _write(ctx: Context, session: AsyncSession, writes: _Writes, today: Any) -> None:
    if not writes.warrants:
        return
    real = dict(
        zip(
            [p["id"] for p in writes.persons],
            await staging.new_ids(session, "person", len(writes.persons)),
            strict=True,
        )
    )
    for row in writes.persons:
        row["id"] = real[row["id"]]
    for row in writes.documents:
        row["person_id"] = real[row["person_id"]]
    for row in writes.warrants:
        row["subject_person_id"] = real.get(row["subject_person_id"], row["subject_person_id"])
    writes.facts = {real[pid]: facts for pid, facts in writes.facts.items()}
    document_ids = await staging.new_ids(session, "identity_document", len(writes.documents))
    for doc, ident in zip(writes.documents, document_ids, strict=True):
        doc["id"] = ident
    warrant_ids = await staging.new_ids(session, "warrant", len(writes.warrants))
    for warrant, ident in zip(writes.warrants, warrant_ids, strict=True):
        warrant["id"] = ident
    await staging.copy_rows(session, "person", writes.persons)
    await staging.copy_rows(session, "identity_document", writes.documents)
    new_persons = [p["id"] for p in writes.persons]
    # The name keys db.person_names would store (a new person has no aliases), folded once for
    # search and for blocking alike.
    keys = {pid: keys_of(facts) for pid, facts in writes.facts.items()}
    await staging.copy_rows(
        session,
        "person_name_key",
        [{"person_id": pid, "key": k[:KEY_LENGTH]} for pid, ks in keys.items() for k in sorted(ks)],
    )
    # Matched before their own orders exist, as on the row path (its subject comes first).
    patterns = [(pid, pattern) for pid, ks in keys.items() for pattern in ks | patterns_of(ks)]
    near = await staging.suspects(
        session, patterns, new_persons, unit_id=ctx.principal.unit_id, today=today
    )
    if near:
        await record_hits(ctx, session, await _likely(session, writes.facts, near))
    await staging.copy_rows(session, "warrant", writes.warrants)
    details = {
        "rows": writes.rows,
        "warrant_ids": warrant_ids,
        "person_ids": new_persons,
        "identity_document_ids": document_ids,
    }
    draft = chain.Draft("import.court_orders", "ok", "warrant", None, details)
    await chain.append(session, [draft], ctx.audit_source, ctx.clock.now())


async def _likely(
    session: AsyncSession, facts: dict[int, PersonFacts], pairs: set[tuple[int, int]]
) -> list[int]:
    """The new persons scoring at least the match threshold against a subject blocking put them
    next to: those ``record_hits`` then matches in full. Common names put many new persons next
    to some subject; scoring them here, against the subjects read once, spares the rest the
    queries of matching one by one."""
    subjects = await facts_of(session=session, person_ids=sorted({s for _, s in pairs}))
    return sorted(
        {
            new
            for new, subject in pairs
            if subject in subjects and score(facts[new], subjects[subject]).score >= MATCH_THRESHOLD
        }
    )
