"""Hits: a person recorded anywhere who matches the subject of a warrant or notice in force.

``record_hits`` is the one place matching runs; every path that creates or changes a person
(create/update person, aliases, documents, recording an offence with persons, linking a person)
calls it inside its own transaction, so a hit and its alerts exist exactly when the change commits.

Rules, and why:
- against: warrants with status ``active`` not past ``expires_on``, and notices valid today
  (Phnom Penh date); matching is db.match_candidates at ``MATCH_THRESHOLD``. The recorded person
  being the subject itself counts as a certain match (score 1).
- one hit per (person, warrant) and per (person, notice), held by unique constraints: re-recording
  the person adds none, and a rejected hit is not raised again by later edits.
- no hit when the recording officer's unit owns the warrant or notice: it knows its own subject.
- deadline: ``HitConfig.custody`` (10 min) when the person is in custody, else ``otherwise``
  (1 h). In custody = the person's latest arrest/detention/release event (case participant
  events) is an arrest or a detention: a recorded fact, not a guess from the offence role.
- alerts: the owning unit (``hit``), the owning province's ``provincial_chief`` (``hit``) and the
  recording officer (``recorded``). Past half the deadline the owning unit gets a ``reminder``;
  past the deadline the hit is escalated to the provincial chief and to ``criminal_police``
  nationwide (national HQ: they track the wanted and execute warrants).
- confirm/reject: members of the owning unit, or the owning province's chief.
- withdrawn: a warrant executed or cancelled no longer wants its subject, so its pending hits
  close in that same transaction (``withdraw_hits``, reason "warrant executed"/"warrant
  cancelled"); the tick only ever looks at pending hits, so nobody is reminded of them.
Every row written here is audited by the flush hook (resolvers.audit); alert ids are announced on
db.alert_bus once the transaction commits. ``ecrime hits tick`` (web.cli_hits) runs
``process_due_hits``; deadlines come from ECRIME_HIT_CUSTODY_MINUTES / ECRIME_HIT_DEADLINE_MINUTES.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from db import hits as db
from db.clock import PHNOM_PENH
from db.errors import Forbidden, NotFound
from db.match_candidates import facts_of, matches
from db.matching import Match
from db.tables.hits import Hit, HitAlert
from db.tables.orders import Notice, Warrant
from db.tables.persons import Person
from resolvers.context import Context
from resolvers.hit_alerts import visible_hits
from resolvers.references import target_id
from resolvers.validation import Problems
from resolvers.writing import require_user

CHIEF = "provincial_chief"
NATIONAL_HQ = "criminal_police"


@dataclass(frozen=True)
class HitConfig:
    custody: timedelta = timedelta(minutes=10)
    otherwise: timedelta = timedelta(hours=1)

    @classmethod
    def from_env(cls) -> HitConfig:
        """ECRIME_HIT_CUSTODY_MINUTES and ECRIME_HIT_DEADLINE_MINUTES override the defaults."""
        custody = os.environ.get("ECRIME_HIT_CUSTODY_MINUTES")
        otherwise = os.environ.get("ECRIME_HIT_DEADLINE_MINUTES")
        return cls(
            custody=timedelta(minutes=float(custody)) if custody else cls.custody,
            otherwise=timedelta(minutes=float(otherwise)) if otherwise else cls.otherwise,
        )


CONFIG = HitConfig.from_env()

Order = Warrant | Notice


def _subject(order: Order) -> int:
    return order.subject_person_id if isinstance(order, Warrant) else order.person_id


def _owner(order: Order) -> int | None:
    return order.owning_unit_id or order.created_unit_id


def _new_alerts(
    hit: Hit, kind: str, at: datetime, *, unit: bool, chief: bool, hq: bool
) -> list[HitAlert]:
    """Alerts of one step, to the owning unit (its chief when no unit owns the order), the
    owning province's chief, and national HQ, as asked."""
    assert hit.id is not None
    to: list[dict[str, int | str | None]] = []
    if unit and hit.owning_unit_id is not None:
        to.append({"unit_id": hit.owning_unit_id})
    if chief or (unit and hit.owning_unit_id is None):
        to.append({"role": CHIEF, "province_code": hit.owning_province_code})
    if hq:
        to.append({"role": NATIONAL_HQ, "province_code": None})
    return [HitAlert(hit_id=hit.id, kind=kind, created_at=at, **a) for a in to]  # type: ignore[arg-type]


async def record_hits(
    ctx: Context, session: AsyncSession, person_ids: Iterable[int], config: HitConfig = CONFIG
) -> list[Hit]:
    """Match these (just created or changed) persons; create hits and alerts for new matches."""
    now = ctx.clock.now()
    today = now.astimezone(PHNOM_PENH).date()
    p = ctx.principal
    ids = sorted(set(person_ids))
    await session.flush()  # matching reads the person as written in this transaction
    facts = await facts_of(session=session, person_ids=ids)
    made: list[Hit] = []
    for person_id in ids:
        if person_id not in facts:
            continue
        found: dict[int, Match] = {
            pid: m
            for pid, m in await matches(
                session=session,
                facts=facts[person_id],
                among=db.subjects_in_force(today),
                exclude=person_id,
            )
        }
        warrants, notices = await db.orders_against(
            session=session, subject_ids=[*found, person_id], today=today
        )
        orders: list[Order] = [*warrants, *notices]
        if not orders:
            continue
        await db.lock_hits_of(session=session, person_id=person_id)  # ids in order: no deadlock
        known = {
            (h.warrant_id, h.notice_id)
            for h in await db.hits_of(session=session, person_id=person_id)
        }
        custody = await db.in_custody(session=session, person_id=person_id)
        for order in orders:
            pair = (order.id, None) if isinstance(order, Warrant) else (None, order.id)
            owner = _owner(order)
            if pair in known or (owner is not None and owner == p.unit_id):
                continue
            subject = _subject(order)
            match = found.get(subject) or Match(1.0, ["the subject's own record"])
            hit = await db.add_hit(
                session=session,
                hit=Hit(
                    person_id=person_id,
                    subject_person_id=subject,
                    warrant_id=pair[0],
                    notice_id=pair[1],
                    province_code=p.province_code,
                    recorded_by_id=p.user_id,
                    recorded_unit_id=p.unit_id,
                    owning_unit_id=owner,
                    owning_province_code=order.province_code,
                    score=round(match.score, 4),
                    reasons=json.dumps(match.reasons, ensure_ascii=False),
                    custody=custody,
                    created_at=now,
                    deadline_at=now + (config.custody if custody else config.otherwise),
                ),
            )
            alerts = _new_alerts(hit, "hit", now, unit=True, chief=True, hq=False)
            if p.user_id is not None:
                alerts.append(
                    HitAlert(hit_id=hit.id, kind="recorded", user_id=p.user_id, created_at=now)  # type: ignore[arg-type]
                )
            await db.add_alerts(session=session, alerts=alerts)
            known.add(pair)
            made.append(hit)
    return made


async def process_due_hits(
    *, session: AsyncSession, now: datetime, config: HitConfig = CONFIG
) -> tuple[int, int]:
    """Remind past half the deadline, escalate past it: (reminders, escalations) sent.

    Idempotent (``reminded_at``/``escalated_at`` stamp each step once), so any number of cron
    runs or processes may call it; rows are locked with SKIP LOCKED on PostgreSQL.
    """
    reminded = escalated = 0
    longest = max(config.custody, config.otherwise)
    for hit in await db.open_hits(session=session, due_by=now + longest / 2):
        alerts: list[HitAlert] = []
        if now >= hit.deadline_at:
            hit.escalated, hit.escalated_at = True, now
            alerts += _new_alerts(hit, "escalation", now, unit=False, chief=True, hq=True)
            escalated += 1
        elif (
            hit.reminded_at is None
            and now >= hit.created_at + (hit.deadline_at - hit.created_at) / 2
        ):
            hit.reminded_at = now
            alerts += _new_alerts(hit, "reminder", now, unit=True, chief=False, hq=False)
            reminded += 1
        if alerts:
            await db.add_alerts(session=session, alerts=alerts)
    await session.flush()
    return reminded, escalated


def may_decide(ctx: Context, hit: Hit) -> bool:
    """Whether the caller may confirm or reject the hit (the pages ask before offering it)."""
    p = ctx.principal
    if hit.owning_unit_id is not None and p.unit_id == hit.owning_unit_id:
        return True
    return CHIEF in p.roles and p.province_code == hit.owning_province_code


async def _decide(ctx: Context, hit_id: str, status: str, reason: str) -> Hit:
    user_id = require_user(ctx)
    number = target_id(hit_id, "Hit")
    problems = Problems()
    if status == "rejected":
        problems.text("reason", reason.strip(), max_length=2000)
        if not reason.strip():
            problems.add("reason", "required", "say why the hit is not the person")
    async with ctx.transaction() as session:
        hit = await db.hit_for_update(session=session, hit_id=number, visible=visible_hits(ctx))
        if hit is None:
            raise NotFound("Hit", hit_id)
        if not may_decide(ctx, hit):
            raise Forbidden("only the owning unit or its provincial chief decides a hit")
        if hit.status != "pending":
            problems.add("id", "conflict", f"the hit is already {hit.status}")
        problems.raise_if_any()
        now = ctx.clock.now()
        hit.status, hit.decided_by_id, hit.decided_at = status, user_id, now
        hit.decision_reason = reason.strip()
        if hit.recorded_by_id is not None:
            await db.add_alerts(
                session=session,
                alerts=[
                    HitAlert(hit_id=number, kind=status, user_id=hit.recorded_by_id, created_at=now)
                ],
            )
        await session.flush()
        return hit


async def withdraw_hits(
    ctx: Context,
    session: AsyncSession,
    *,
    reason: str,
    warrant_id: int | None = None,
    notice_id: int | None = None,
) -> list[Hit]:
    """Close the pending hits against a warrant or a notice that no longer stands, in the
    caller's transaction; the recording officers hear of it as they would of a decision."""
    assert (warrant_id is None) != (notice_id is None), "one warrant or one notice"
    now = ctx.clock.now()
    withdrawn = await db.pending_hits_on(
        session=session, warrant_id=warrant_id, notice_id=notice_id
    )
    alerts: list[HitAlert] = []
    for hit in withdrawn:
        hit.status, hit.decided_by_id, hit.decided_at = "withdrawn", ctx.principal.user_id, now
        hit.decision_reason = reason
        if hit.recorded_by_id is not None and hit.id is not None:
            alerts.append(
                HitAlert(
                    hit_id=hit.id, kind="withdrawn", user_id=hit.recorded_by_id, created_at=now
                )
            )
    if alerts:
        await db.add_alerts(session=session, alerts=alerts)
    await session.flush()
    return withdrawn


async def confirm_hit(ctx: Context, hit_id: str) -> Hit:
    return await _decide(ctx, hit_id, "confirmed", "")


async def reject_hit(ctx: Context, hit_id: str, reason: str) -> Hit:
    return await _decide(ctx, hit_id, "rejected", reason)


async def matched(ctx: Context, session: AsyncSession, person: Person) -> Person:
    """``person`` after matching it (``record_hits``): wraps the return of a person write path."""
    assert person.id is not None
    await record_hits(ctx, session, [person.id])
    return person
