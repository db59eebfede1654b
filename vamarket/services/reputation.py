"""Reputation figures computed from records (never stored by hand).

- rating: average and number of the *visible* reviews (services/reviews.py) a user received in
  that role (as the VA or as the client of the contract);
- jobs completed: contracts in that role with status `completed`;
- on-time rate (VAs): milestones first submitted on or before their due date (UTC day) out of
  the milestones with a due date that were submitted;
- repeat-client rate (VAs): clients with two or more started contracts out of all clients with a
  started contract (started: funded at some point, i.e. not waiting for funding and not
  cancelled before any payment).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists
from sqlmodel import Session, col, func, select

from vamarket.models import AuditLog, Contract, Milestone, Payment, Review
from vamarket.services.reviews import visible_clause


@dataclass(frozen=True)
class Reputation:
    """A user's rating and track record in one role."""

    rating_average: float | None
    rating_count: int
    jobs_done: int
    on_time_percent: int | None = None
    on_time_counts: tuple[int, int] = (0, 0)
    repeat_client_percent: int | None = None
    repeat_client_counts: tuple[int, int] = (0, 0)


def percent(part: int, whole: int) -> int | None:
    """`part` of `whole` as a whole percent (halves round up); None when `whole` is 0."""
    if whole <= 0:
        return None
    return (part * 200 + whole) // (whole * 2)


def _ratings(session: Session, user_ids: list[int], role_column,
             now: datetime | None) -> dict[int, tuple[float, int]]:
    rows = session.exec(
        select(Review.subject_id, func.avg(Review.rating), func.count(Review.id))
        .join(Contract, col(Contract.id) == col(Review.contract_id))
        .where(col(Review.subject_id).in_(user_ids), role_column == Review.subject_id,
               visible_clause(now))
        .group_by(Review.subject_id)).all()
    return {uid: (round(float(avg), 1), int(n)) for uid, avg, n in rows}


def _completed(session: Session, user_ids: list[int], role_column) -> dict[int, int]:
    return {uid: int(n) for uid, n in session.exec(
        select(role_column, func.count(Contract.id))
        .where(col(role_column).in_(user_ids), Contract.status == "completed")
        .group_by(role_column)).all()}


def _on_time(session: Session, user_ids: list[int]) -> dict[int, tuple[int, int]]:
    rows = session.exec(
        select(Contract.va_id, Milestone.id, Milestone.due_date, Milestone.submitted_at)
        .join(Contract, col(Contract.id) == col(Milestone.contract_id))
        .where(col(Contract.va_id).in_(user_ids), col(Milestone.due_date).is_not(None),
               col(Milestone.submitted_at).is_not(None))).all()
    first = dict(session.exec(
        select(AuditLog.object_id, func.min(AuditLog.created_at))
        .where(AuditLog.action == "milestone.submitted", AuditLog.object_type == "milestone",
               col(AuditLog.object_id).in_([r[1] for r in rows] or [0]))
        .group_by(AuditLog.object_id)).all())
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for va_id, milestone_id, due, submitted in rows:
        handed_in = min(t for t in (first.get(milestone_id), submitted) if t is not None)
        counts[va_id][1] += 1
        if handed_in.date() <= due:
            counts[va_id][0] += 1
    return {uid: (c[0], c[1]) for uid, c in counts.items()}


def started_contract():
    """SQL condition: the contract was funded at some point (it really started)."""
    paid = exists().where(Payment.contract_id == Contract.id, col(Payment.paid_at).is_not(None))
    return (Contract.status != "pending_funding") & ((Contract.status != "cancelled") | paid)


def _repeat_clients(session: Session, user_ids: list[int]) -> dict[int, tuple[int, int]]:
    rows = session.exec(
        select(Contract.va_id, Contract.client_id, func.count(Contract.id))
        .where(col(Contract.va_id).in_(user_ids), started_contract())
        .group_by(Contract.va_id, Contract.client_id)).all()
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for va_id, _client, n in rows:
        counts[va_id][1] += 1
        if n >= 2:
            counts[va_id][0] += 1
    return {uid: (c[0], c[1]) for uid, c in counts.items()}


def for_users(session: Session, user_ids: list[int], *,
              now: datetime | None = None) -> dict[int, Reputation]:
    """Reputation of each of `user_ids` as a VA: visible reviews received as the VA,
    contracts completed, on-time and repeat-client rates."""
    ids = sorted({int(u) for u in user_ids})
    if not ids:
        return {}
    ratings = _ratings(session, ids, Contract.va_id, now)
    done = _completed(session, ids, Contract.va_id)
    on_time, repeat = _on_time(session, ids), _repeat_clients(session, ids)
    result = {}
    for uid in ids:
        avg, n = ratings.get(uid, (None, 0))
        timely, repeated = on_time.get(uid, (0, 0)), repeat.get(uid, (0, 0))
        result[uid] = Reputation(avg, n, done.get(uid, 0), percent(*timely), timely,
                                 percent(*repeated), repeated)
    return result


def for_clients(session: Session, user_ids: list[int], *,
                now: datetime | None = None) -> dict[int, Reputation]:
    """Reputation of each of `user_ids` as a client: visible reviews received as the client
    and contracts completed."""
    ids = sorted({int(u) for u in user_ids})
    if not ids:
        return {}
    ratings = _ratings(session, ids, Contract.client_id, now)
    done = _completed(session, ids, Contract.client_id)
    return {uid: Reputation(*ratings.get(uid, (None, 0)), done.get(uid, 0)) for uid in ids}
