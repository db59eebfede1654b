"""Reputation figures computed from records (never stored by hand)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, func, select

from vamarket.models import Contract, Review


@dataclass(frozen=True)
class Reputation:
    """A user's rating and track record."""

    rating_average: float | None
    rating_count: int
    jobs_done: int


def for_users(session: Session, user_ids: list[int]) -> dict[int, Reputation]:
    """Reputation of each of `user_ids` as a VA (reviews received, contracts completed)."""
    if not user_ids:
        return {}
    ratings = dict(
        (uid, (avg, n)) for uid, avg, n in session.exec(
            select(Review.subject_id, func.avg(Review.rating), func.count(Review.id))
            .where(col(Review.subject_id).in_(user_ids)).group_by(Review.subject_id)).all())
    done = dict(session.exec(
        select(Contract.va_id, func.count(Contract.id))
        .where(col(Contract.va_id).in_(user_ids), Contract.status == "completed")
        .group_by(Contract.va_id)).all())
    result = {}
    for uid in user_ids:
        avg, n = ratings.get(uid, (None, 0))
        result[uid] = Reputation(round(float(avg), 1) if avg is not None else None, int(n),
                                 int(done.get(uid, 0)))
    return result
