"""Reviews at the end of a contract: each side rates the other once, 1–5 stars and a text.

A contract has *ended* for reviews when it is completed, or cancelled after money was released
to the VA. From then on each party may leave one review of the other until the reveal moment,
`ended_at + REVIEW_REVEAL_DAYS` (14 by default). A review is hidden from everyone but its author
until both sides have reviewed or the reveal moment has come, whichever is first; so neither side
can answer the other's review, and the window to leave one closes when they are shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, exists, or_
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, func, select

from vamarket.errors import InvalidInput, InvalidTransition, NotFound, PermissionDenied
from vamarket.models import Contract, Job, LedgerEntry, LedgerTransaction, Review, User
from vamarket.models.base import utcnow
from vamarket.services import audit, notifications
from vamarket.settings import get_settings

BODY_MAX = 2000
PAGE_SIZE = 5


def reveal_days() -> int:
    """REVIEW_REVEAL_DAYS: how long after the end reviews stay hidden (and may be left)."""
    return get_settings().review_reveal_days


def money_was_released(session: Session, contract_id: int) -> bool:
    """True when some of the contract's money reached the VA (a release, or a dispute split
    with a share for the VA), as the ledger records it."""
    released = session.exec(select(LedgerTransaction.id).where(
        LedgerTransaction.contract_id == contract_id,
        LedgerTransaction.kind == "release")).first()
    if released is not None:
        return True
    return session.exec(select(LedgerTransaction.id).join(
        LedgerEntry, col(LedgerEntry.transaction_id) == col(LedgerTransaction.id)).where(
        LedgerTransaction.contract_id == contract_id,
        LedgerTransaction.kind == "dispute_settle",
        col(LedgerEntry.account).startswith("va_payable:"))).first() is not None


def has_ended(session: Session, contract: Contract) -> bool:
    """Completed, or cancelled after money was released: both sides may review."""
    if contract.status == "completed":
        return True
    return contract.status == "cancelled" and money_was_released(session, contract.id)


def reveal_moment(contract: Contract) -> datetime | None:
    """When the contract's reviews show regardless (None while the end time is unknown)."""
    if contract.ended_at is None:
        return None
    return contract.ended_at + timedelta(days=reveal_days())


def _now(now: datetime | None) -> datetime:
    return now or utcnow()


def _other(contract: Contract, user_id: int) -> int:
    return contract.va_id if user_id == contract.client_id else contract.client_id


def _review_by(session: Session, contract_id: int, author_id: int) -> Review | None:
    return session.exec(select(Review).where(Review.contract_id == contract_id,
                                             Review.author_id == author_id)).first()


def is_visible(session: Session, review: Review, *, now: datetime | None = None) -> bool:
    """Whether `review` shows to its subject and the public: both reviewed, or revealed."""
    contract = session.get(Contract, review.contract_id)
    if contract is None:
        return False
    if _review_by(session, review.contract_id, review.subject_id) is not None:
        return True
    reveal = reveal_moment(contract)
    return reveal is not None and _now(now) >= reveal


def visible_clause(now: datetime | None = None):
    """SQL condition for "this Review row is visible" (the query must join Contract)."""
    answer = aliased(Review)
    both = exists().where(answer.contract_id == Review.contract_id,
                          answer.author_id == Review.subject_id)
    cutoff = _now(now) - timedelta(days=reveal_days())
    return or_(both, and_(col(Contract.ended_at).is_not(None), col(Contract.ended_at) <= cutoff))


def _rating(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput("error.rating_range", field="rating")
    if not 1 <= value <= 5:
        raise InvalidInput("error.rating_range", field="rating")
    return value


def _body(value: object) -> str:
    if value is not None and not isinstance(value, str):
        raise InvalidInput("error.review_text_required", field="review")
    text = (value or "").strip()
    if not text:
        raise InvalidInput("error.review_text_required", field="review")
    if len(text) > BODY_MAX:
        raise InvalidInput("error.review_text_too_long", field="review", max=BODY_MAX)
    return text


def _locked_contract(session: Session, contract_id: int) -> Contract:
    if isinstance(contract_id, bool) or not isinstance(contract_id, int):
        raise NotFound()
    found = session.exec(select(Contract).where(Contract.id == contract_id).with_for_update()
                         .execution_options(populate_existing=True)).first()
    if found is None:
        raise NotFound()
    return found


def _check_may_review(session: Session, contract: Contract, actor: User, now: datetime) -> None:
    if actor.id not in (contract.client_id, contract.va_id):
        raise PermissionDenied()
    if not has_ended(session, contract):
        raise InvalidTransition("error.review_not_ended")
    reveal = reveal_moment(contract)
    if reveal is not None and now >= reveal:
        raise InvalidTransition("error.review_window_closed")


def leave_review(session: Session, *, actor: User, contract_id: int, rating: int, body: str,
                 now: datetime | None = None) -> Review:
    """The actor rates the other party of an ended contract, once. Sending the same review
    again returns it unchanged (a resent event); a different second review is refused."""
    contract = _locked_contract(session, contract_id)
    moment = _now(now)
    if actor.id not in (contract.client_id, contract.va_id):
        raise PermissionDenied()
    existing = _review_by(session, contract.id, actor.id)
    stars, text = _rating(rating), _body(body)
    if existing is not None:
        if existing.rating == stars and existing.body == text:
            return existing
        raise InvalidTransition("error.review_already_left")
    _check_may_review(session, contract, actor, moment)
    subject_id = _other(contract, actor.id)
    review = Review(contract_id=contract.id, author_id=actor.id, subject_id=subject_id,
                    rating=stars, body=text, created_at=moment)
    session.add(review)
    session.flush()
    audit.record(session, actor_id=actor.id, action="review.left", object_type="review",
                 object_id=review.id, contract_id=contract.id, rating=stars)
    answered = _review_by(session, contract.id, subject_id) is not None
    job = session.get(Job, contract.job_id)
    notifications.notify(session, user_id=subject_id,
                         kind="reviews_visible" if answered else "review_left",
                         link=f"/contracts/{contract.id}", title=job.title if job else "")
    if answered:
        notifications.notify(session, user_id=actor.id, kind="reviews_visible",
                             link=f"/contracts/{contract.id}", title=job.title if job else "")
    return review


@dataclass(frozen=True)
class ContractReviews:
    """What one party sees of a contract's reviews."""

    ended: bool
    can_review: bool
    window_closed: bool
    mine: Review | None
    theirs: Review | None  # only when visible
    theirs_waiting: bool  # the other side reviewed; it shows later
    other_name: str
    reveal_at: datetime | None


def for_contract(session: Session, *, actor: User, contract_id: int,
                 now: datetime | None = None) -> ContractReviews:
    """The contract's reviews as its client or VA sees them (outsiders are refused)."""
    contract = session.get(Contract, contract_id) if isinstance(contract_id, int) else None
    if contract is None:
        raise NotFound()
    if actor.id not in (contract.client_id, contract.va_id):
        raise PermissionDenied()
    moment = _now(now)
    other_id = _other(contract, actor.id)
    other = session.get(User, other_id)
    mine, theirs = _review_by(session, contract.id, actor.id), _review_by(session, contract.id,
                                                                          other_id)
    ended = has_ended(session, contract)
    reveal = reveal_moment(contract)
    closed = ended and reveal is not None and moment >= reveal
    shown = theirs is not None and is_visible(session, theirs, now=moment)
    return ContractReviews(
        ended=ended, can_review=ended and not closed and mine is None, window_closed=closed,
        mine=mine, theirs=theirs if shown else None,
        theirs_waiting=theirs is not None and not shown,
        other_name=other.display_name if other else "", reveal_at=reveal)


@dataclass(frozen=True)
class PublicReview:
    """A visible review as a profile lists it."""

    id: int
    author_id: int
    author_name: str
    rating: int
    body: str
    created_at: datetime
    job_title: str
    subject_role: str  # va | client


def visible_reviews_of(session: Session, *, subject_id: int, page: int = 1,
                       per_page: int = PAGE_SIZE,
                       now: datetime | None = None) -> tuple[list[PublicReview], int]:
    """One page (from 1) of the visible reviews `subject_id` received, newest first, and how
    many there are in all."""
    page = max(int(page), 1)
    base = (select(Review, Contract, Job.title, User.display_name)
            .join(Contract, col(Contract.id) == col(Review.contract_id))
            .join(Job, col(Job.id) == col(Contract.job_id))
            .join(User, col(User.id) == col(Review.author_id))
            .where(Review.subject_id == subject_id, visible_clause(now)))
    total = session.exec(select(func.count()).select_from(base.subquery())).one()
    rows = session.exec(base.order_by(col(Review.created_at).desc(), col(Review.id).desc())
                        .offset((page - 1) * per_page).limit(per_page)).all()
    return [PublicReview(r.id, r.author_id, name or "", r.rating, r.body, r.created_at, title,
                         "va" if r.subject_id == c.va_id else "client")
            for r, c, title, name in rows], int(total)


def reviews_to_leave(session: Session, *, actor: User, now: datetime | None = None) -> list[int]:
    """Ids of the actor's ended contracts still waiting for the actor's review."""
    mine = exists().where(Review.contract_id == Contract.id, Review.author_id == actor.id)
    candidates = session.exec(select(Contract).where(
        or_(Contract.client_id == actor.id, Contract.va_id == actor.id),
        col(Contract.status).in_(("completed", "cancelled")), ~mine)
        .order_by(col(Contract.id))).all()
    moment = _now(now)
    found = []
    for contract in candidates:
        reveal = reveal_moment(contract)
        if (reveal is None or moment < reveal) and has_ended(session, contract):
            found.append(contract.id)
    return found
