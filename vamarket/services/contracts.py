"""Hiring: the client accepts a quote and a contract with the quote's terms is made."""

from __future__ import annotations

from sqlmodel import Session, col, select

from vamarket import lifecycle
from vamarket.errors import InvalidInput, InvalidTransition, NotFound, PermissionDenied
from vamarket.models import Contract, Job, Milestone, Quote, User
from vamarket.models.base import utcnow
from vamarket.services import audit, notifications, threads
from vamarket.services.fees import percent_of_ceil
from vamarket.services.jobs import live_quotes
from vamarket.services.quotes import quote_plan
from vamarket.settings import get_settings


def _contract_kind(job: Job, quote: Quote, start_with_pilot: bool) -> str:
    if start_with_pilot:
        if not quote.pilot_price_minor:
            raise InvalidInput("error.hire_no_pilot", field="pilot")
        return "pilot_first"
    return job.budget_type


def hire(session: Session, *, actor: User, quote_id: int, start_with_pilot: bool = False) -> Contract:
    """Hire the VA of `quote_id` on the actor's job. Hiring the same quote again returns the
    contract already made (a resent request never creates a second one)."""
    quote = session.exec(select(Quote).where(Quote.id == quote_id).with_for_update()).first()
    if quote is None:
        raise NotFound()
    job = session.exec(select(Job).where(Job.id == quote.job_id).with_for_update()).first()
    if job is None or job.client_id != actor.id:
        raise PermissionDenied()
    existing = session.exec(select(Contract).where(Contract.quote_id == quote.id)).first()
    if existing is not None:
        return existing
    if job.status != "open":
        raise InvalidTransition("error.job_not_open_for_hire")
    kind = _contract_kind(job, quote, start_with_pilot)  # checks come before any change
    quote_status = lifecycle.QUOTE.require(quote.status, "hire", lifecycle.CLIENT)
    job_status = lifecycle.JOB.require(job.status, "hire", lifecycle.CLIENT)
    quote.status, job.status, job.updated_at = quote_status, job_status, utcnow()
    contract = _make_contract(job, quote, kind)
    session.add_all([quote, job, contract])
    session.flush()
    _make_milestones(session, contract, quote)
    _decline_others(session, job, quote)
    threads.attach_to_contract(session, contract)
    audit.record(session, actor_id=actor.id, action="contract.hired", object_type="contract",
                 object_id=contract.id, contract_id=contract.id, quote_id=quote.id)
    notifications.notify(session, user_id=quote.va_id, kind="hired",
                         link=f"/contracts/{contract.id}", job_id=job.id, title=job.title)
    session.flush()
    return contract


def _make_contract(job: Job, quote: Quote, kind: str) -> Contract:
    hourly = job.budget_type == "hourly"
    return Contract(
        job_id=job.id, quote_id=quote.id, client_id=job.client_id, va_id=quote.va_id,
        kind=kind, currency=quote.currency,
        total_minor=0 if hourly else quote.price_minor,
        rate_minor=quote.price_minor if hourly else 0,
        weekly_hour_cap=quote.weekly_hour_cap if hourly else 0,
        down_payment_percent=0 if hourly else job.down_payment_percent,
        fee_percent=get_settings().platform_fee_percent,
        pilot_scope=quote.pilot_scope if kind == "pilot_first" else "",
        pilot_price_minor=quote.pilot_price_minor if kind == "pilot_first" else 0,
        status="pending_funding",
    )


def _make_milestones(session: Session, contract: Contract, quote: Quote) -> None:
    if contract.kind == "pilot_first":
        session.add(Milestone(contract_id=contract.id, position=0, title=quote.pilot_scope[:200],
                              amount_minor=quote.pilot_price_minor, is_pilot=True))
    for step in quote_plan(session, quote.id):
        session.add(Milestone(contract_id=contract.id, position=step.position, title=step.title,
                              amount_minor=step.amount_minor, due_date=step.due_date))


def _decline_others(session: Session, job: Job, hired: Quote) -> None:
    for other in live_quotes(session, job.id):
        if other.id == hired.id:
            continue
        other.status = "declined"
        other.decline_reason = "another_va_hired"
        session.add(other)
        notifications.notify(session, user_id=other.va_id, kind="job_filled",
                             link=f"/jobs/{job.id}", job_id=job.id, title=job.title)


def contract_for_party(session: Session, *, actor: User, contract_id: int) -> Contract:
    """A contract its client or VA may see."""
    contract = session.get(Contract, contract_id)
    if contract is None:
        raise NotFound()
    if actor.id not in (contract.client_id, contract.va_id):
        raise PermissionDenied()
    return contract


def contract_milestones(session: Session, contract_id: int) -> list[Milestone]:
    """A contract's milestones in order (a pilot first)."""
    return list(session.exec(select(Milestone).where(Milestone.contract_id == contract_id)
                             .order_by(col(Milestone.position))).all())


def down_payment_due(contract: Contract) -> int:
    """What a fixed contract's down payment is: its percent of the total, at least the first
    milestone the VA planned for it (the quote rules make the first milestone cover it)."""
    return percent_of_ceil(contract.total_minor, contract.down_payment_percent)
