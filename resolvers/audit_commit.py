"""Audit entries are chained at commit, not at each flush.

Appending to the chain locks its head until the transaction ends (db.audit: two transactions
must never link to the same predecessor). Appended at each flush, a write held that lock through
everything after its first flush — matching new persons against every warrant and notice
included — so concurrent writes ran one at a time: recording offences at 500k persons, 1,481 of
1,659 samples of the writing backends were waiting on the lock. The drafts of each flush are
therefore kept in the session and chained just before COMMIT, in the order they were made, still
in the same transaction. A rollback, of the transaction or of a savepoint, drops the drafts made
inside it, as it drops the rows they describe.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from db import audit as chain

PENDING = "audit_pending"
Pending = list[tuple[SessionTransaction, list[chain.Draft], chain.Source, datetime]]


def keep(session: Session, drafts: list[chain.Draft], source: chain.Source, at: datetime) -> None:
    """Hold ``drafts`` until the session commits, owned by the innermost open transaction."""
    if not drafts:
        return
    owner = session.get_nested_transaction() or session.get_transaction()
    assert owner is not None  # a flush or a statement runs in a transaction
    pending: Pending = session.info.setdefault(PENDING, [])
    pending.append((owner, drafts, source, at))


def _within(transaction: SessionTransaction | None, ended: SessionTransaction) -> bool:
    while transaction is not None:
        if transaction is ended:
            return True
        transaction = transaction.parent
    return False


def _before_commit(session: Session) -> None:
    if session.new or session.dirty or session.deleted:
        session.flush()  # commit's own flush comes after this hook; its drafts must be chained
    pending: Pending = session.info.pop(PENDING, [])
    for _owner, drafts, source, at in pending:
        chain.append_sync(session.connection(), drafts, source, at)


def _after_soft_rollback(session: Session, previous: SessionTransaction) -> None:
    pending: Pending | None = session.info.get(PENDING)
    if pending:
        pending[:] = [entry for entry in pending if not _within(entry[0], previous)]


def _after_transaction_end(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop(PENDING, None)  # committed (chained) or rolled back (dropped)


def listen() -> None:
    event.listen(Session, "before_commit", _before_commit)
    event.listen(Session, "after_soft_rollback", _after_soft_rollback)
    event.listen(Session, "after_transaction_end", _after_transaction_end)
