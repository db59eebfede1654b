"""Sweep job: milestones the client left unanswered past the review window are approved and
released (by the sweeper role), and each milestone due within two days that is still being
worked on gets one reminder.

Both run one short transaction per milestone, so several workers may sweep at once: a worker
claims the contract row with SKIP LOCKED (others move on), and `release.auto_approve` re-reads
the milestone under its lock, so a milestone already approved is left alone. A reminder is
claimed by setting `due_reminded_at` only where it is still empty, so it is sent once.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import col, select

from vamarket.db import session_scope
from vamarket.models import Contract, Milestone
from vamarket.payments import release
from vamarket.services import notifications
from vamarket.settings import get_settings
from vamarket.sweep.claims import aware, claim

BATCH = 20
REMIND_DAYS = 2
IN_PROGRESS = ("funded", "revision_requested")
log = logging.getLogger(__name__)


def run(now: datetime) -> dict[str, int]:
    """Do what is due at `now`; counts of what was done, by name."""
    now = aware(now)
    counts = {"auto_approved": 0, "auto_approve_failed": 0, "reminded": 0}
    _auto_approve_due(now, counts)
    _remind_due(now, counts)
    return counts


def _due_for_approval(now: datetime, seen: set[int]) -> list[tuple[int, int]]:
    cutoff = now - timedelta(days=get_settings().milestone_review_days)
    query = select(Milestone.id, Milestone.contract_id).where(
        Milestone.status == "submitted", col(Milestone.submitted_at) <= cutoff)
    if seen:
        query = query.where(col(Milestone.id).not_in(seen))
    with session_scope() as session:
        return [(int(a), int(b)) for a, b in session.exec(
            query.order_by(col(Milestone.submitted_at), col(Milestone.id)).limit(BATCH)).all()]


def _auto_approve_due(now: datetime, counts: dict[str, int]) -> None:
    seen: set[int] = set()
    while batch := _due_for_approval(now, seen):
        for milestone_id, contract_id in batch:
            seen.add(milestone_id)
            try:
                with session_scope() as session:
                    if claim(session, Contract, contract_id) is None:
                        continue  # another worker has it; it re-checks the milestone itself
                    if release.auto_approve(session, milestone_id=milestone_id, now=now):
                        counts["auto_approved"] += 1
            except Exception:  # one failing milestone (Stripe down) must not stop the others
                log.exception("auto-approval of milestone %s failed", milestone_id)
                counts["auto_approve_failed"] += 1


def _due_soon(now: datetime, seen: set[int]) -> list[int]:
    horizon = now.date() + timedelta(days=REMIND_DAYS)
    query = select(Milestone.id).join(Contract, col(Contract.id) == col(Milestone.contract_id)).where(
        Contract.status == "active", col(Milestone.status).in_(IN_PROGRESS),
        col(Milestone.due_date).is_not(None), col(Milestone.due_date) <= horizon,
        col(Milestone.due_reminded_at).is_(None))
    if seen:
        query = query.where(col(Milestone.id).not_in(seen))
    with session_scope() as session:
        return [int(i) for i in session.exec(query.order_by(col(Milestone.id)).limit(BATCH)).all()]


def _remind_due(now: datetime, counts: dict[str, int]) -> None:
    seen: set[int] = set()
    while batch := _due_soon(now, seen):
        for milestone_id in batch:
            seen.add(milestone_id)
            with session_scope() as session:
                claimed = session.connection().execute(
                    update(Milestone).where(col(Milestone.id) == milestone_id,
                                            col(Milestone.due_reminded_at).is_(None))
                    .values(due_reminded_at=now)).rowcount
                if not claimed:
                    continue  # another worker sent it
                milestone = session.get(Milestone, milestone_id)
                contract = session.get(Contract, milestone.contract_id)
                for user_id in (contract.va_id, contract.client_id):
                    notifications.notify(session, user_id=user_id, kind="milestone_due_soon",
                                         link=f"/contracts/{contract.id}", title=milestone.title,
                                         due=str(milestone.due_date))
                counts["reminded"] += 1
