"""Quotes: send, edit, withdraw (VA or agency owner); view, shortlist, decline (the job's client)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from vamarket import lifecycle
from vamarket.errors import InvalidInput, InvalidTransition, NotFound, PermissionDenied
from vamarket.models import Job, Quote, QuoteMilestone, User
from vamarket.models.base import utcnow
from vamarket.services import audit, notifications
from vamarket.services.agencies import agency_of, can_quote_for
from vamarket.services.jobs import LIVE_QUOTE_STATUSES
from vamarket.services.quote_rules import QuoteInput, validate_quote

DECLINE_REASON_MAX = 500


def _quote_for_update(session: Session, quote_id: int) -> Quote:
    quote = session.exec(select(Quote).where(Quote.id == quote_id).with_for_update()).first()
    if quote is None:
        raise NotFound()
    return quote


def author_role(session: Session, actor: User, quote: Quote) -> str:
    """VA for the quoted VA, AGENCY_OWNER for their agency's owner; else PermissionDenied."""
    if actor.id == quote.va_id:
        return lifecycle.VA
    if actor.id != quote.va_id and can_quote_for(session, actor, quote.va_id):
        return lifecycle.AGENCY_OWNER
    raise PermissionDenied()


def _client_job(session: Session, actor: User, quote: Quote) -> Job:
    job = session.get(Job, quote.job_id)
    if job is None or job.client_id != actor.id:
        raise PermissionDenied()
    return job


def _store_plan(session: Session, quote: Quote, data: QuoteInput) -> None:
    for row in session.exec(select(QuoteMilestone).where(QuoteMilestone.quote_id == quote.id)).all():
        session.delete(row)
    session.flush()
    for position, step in enumerate(data.milestones, start=1):
        session.add(QuoteMilestone(quote_id=quote.id, position=position, title=step.title,
                                   amount_minor=step.amount_minor, due_date=step.due_date))


def _copy_terms(quote: Quote, data: QuoteInput) -> None:
    for name in ("cover_letter", "price_minor", "currency", "duration_weeks", "weekly_hour_cap",
                 "pilot_scope", "pilot_price_minor", "pilot_days"):
        setattr(quote, name, getattr(data, name))
    quote.updated_at = utcnow()


def send_quote(session: Session, *, actor: User, job_id: int, data: QuoteInput) -> Quote:
    """Send a quote on an open job, for oneself or (agency owner) for a member VA."""
    va_id = data.va_id or actor.id
    if not can_quote_for(session, actor, va_id):
        raise PermissionDenied("error.quote_not_for_you")
    va = session.get(User, va_id)
    if va is None or not va.is_va or va.status != "active":
        raise PermissionDenied("error.vas_only")
    job = session.exec(select(Job).where(Job.id == job_id).with_for_update()).first()
    if job is None or job.hidden or job.status == "draft":
        raise NotFound()
    if va_id == job.client_id or actor.id == job.client_id:
        raise PermissionDenied("error.quote_own_job")
    if job.status != "open":
        raise InvalidTransition("error.job_not_taking_quotes")
    if session.exec(select(Quote.id).where(Quote.job_id == job_id, Quote.va_id == va_id,
                                           col(Quote.status).in_(LIVE_QUOTE_STATUSES))).first():
        raise InvalidInput("error.quote_exists", field="job")
    validate_quote(data, job, today=datetime.now(UTC).date())
    agency = agency_of(session, va_id) if actor.id != va_id else None
    quote = Quote(job_id=job_id, va_id=va_id, agency_id=agency.id if agency else None,
                  sent_by_id=actor.id, cover_letter="", price_minor=data.price_minor,
                  currency=data.currency)
    _copy_terms(quote, data)
    session.add(quote)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:  # a concurrent duplicate lost the race to the unique index
        raise InvalidInput("error.quote_exists", field="job") from None
    _store_plan(session, quote, data)
    audit.record(session, actor_id=actor.id, action="quote.sent", object_type="quote",
                 object_id=quote.id, job_id=job_id)
    notifications.notify(session, user_id=job.client_id, kind="quote_received",
                         link=f"/jobs/{job_id}/quotes", job_id=job_id, title=job.title)
    session.flush()
    return quote


def edit_quote(session: Session, *, actor: User, quote_id: int, data: QuoteInput) -> Quote:
    """Change a quote's terms while it is still submitted or shortlisted."""
    quote = _quote_for_update(session, quote_id)
    role = author_role(session, actor, quote)
    lifecycle.QUOTE.require(quote.status, "edit", role)
    job = session.get(Job, quote.job_id)
    if job is None or job.status != "open":
        raise InvalidTransition("error.job_not_taking_quotes")
    data.va_id = quote.va_id
    validate_quote(data, job, today=datetime.now(UTC).date())
    _copy_terms(quote, data)
    quote.viewed_at = None  # the client should look again
    session.add(quote)
    _store_plan(session, quote, data)
    audit.record(session, actor_id=actor.id, action="quote.edited", object_type="quote",
                 object_id=quote.id)
    session.flush()
    return quote


def withdraw_quote(session: Session, *, actor: User, quote_id: int) -> Quote:
    """Withdraw one's own (or a member's) quote before hire. Repeating it changes nothing."""
    quote = _quote_for_update(session, quote_id)
    role = author_role(session, actor, quote)
    if quote.status == "withdrawn":
        return quote
    quote.status = lifecycle.QUOTE.require(quote.status, "withdraw", role)
    quote.updated_at = utcnow()
    session.add(quote)
    audit.record(session, actor_id=actor.id, action="quote.withdrawn", object_type="quote",
                 object_id=quote.id)
    session.flush()
    return quote


def shortlist_quote(session: Session, *, actor: User, quote_id: int) -> Quote:
    """The job's client shortlists a quote (idempotent)."""
    quote = _quote_for_update(session, quote_id)
    _client_job(session, actor, quote)
    if quote.status == "shortlisted":
        return quote
    quote.status = lifecycle.QUOTE.require(quote.status, "shortlist", lifecycle.CLIENT)
    session.add(quote)
    audit.record(session, actor_id=actor.id, action="quote.shortlisted", object_type="quote",
                 object_id=quote.id)
    session.flush()
    return quote


def decline_quote(session: Session, *, actor: User, quote_id: int, reason: str = "") -> Quote:
    """The job's client declines a quote, optionally saying why; the VA is told."""
    quote = _quote_for_update(session, quote_id)
    job = _client_job(session, actor, quote)
    reason = (reason or "").strip()
    if len(reason) > DECLINE_REASON_MAX:
        raise InvalidInput("error.decline_reason_length", field="reason", high=DECLINE_REASON_MAX)
    if quote.status == "declined":
        return quote
    quote.status = lifecycle.QUOTE.require(quote.status, "decline", lifecycle.CLIENT)
    quote.decline_reason = reason
    session.add(quote)
    audit.record(session, actor_id=actor.id, action="quote.declined", object_type="quote",
                 object_id=quote.id)
    notifications.notify(session, user_id=quote.va_id, kind="quote_declined",
                         link="/my/quotes", job_id=job.id, title=job.title, reason=reason)
    session.flush()
    return quote


def quotes_for_job(session: Session, *, actor: User, job_id: int) -> list[Quote]:
    """All quotes on the actor's job (not withdrawn), marking them viewed by the client."""
    job = session.get(Job, job_id)
    if job is None:
        raise NotFound()
    if job.client_id != actor.id:
        raise PermissionDenied()
    quotes = list(session.exec(select(Quote).where(
        Quote.job_id == job_id, Quote.status != "withdrawn").order_by(col(Quote.id))).all())
    now = utcnow()
    for quote in quotes:
        if quote.viewed_at is None:
            quote.viewed_at = now
            session.add(quote)
    session.flush()
    return quotes


def quote_plan(session: Session, quote_id: int) -> list[QuoteMilestone]:
    """A quote's milestone plan in order."""
    return list(session.exec(select(QuoteMilestone).where(QuoteMilestone.quote_id == quote_id)
                             .order_by(col(QuoteMilestone.position))).all())


def my_quote_on(session: Session, *, actor: User, job_id: int) -> Quote | None:
    """The actor's live quote on a job, if any."""
    return session.exec(select(Quote).where(Quote.job_id == job_id, Quote.va_id == actor.id,
                                            col(Quote.status).in_(LIVE_QUOTE_STATUSES))).first()
