"""Dashboard rows: the client's jobs and the VA's quotes, each with what needs attention."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case
from sqlmodel import Session, col, func, select

from vamarket.models import Contract, Job, Quote, User
from vamarket.services.jobs import LIVE_QUOTE_STATUSES


@dataclass(frozen=True)
class ClientJobRow:
    """One of the client's jobs."""

    job_id: int
    title: str
    status: str
    quotes: int
    new_quotes: int
    contract_id: int | None
    contract_status: str
    updated_at: datetime


@dataclass(frozen=True)
class VAQuoteRow:
    """One of the VA's quotes."""

    quote_id: int
    job_id: int
    job_title: str
    status: str
    viewed: bool
    price_minor: int
    currency: str
    budget_type: str
    contract_id: int | None
    contract_status: str
    sent_by_agency: bool


def client_jobs(session: Session, *, actor: User) -> list[ClientJobRow]:
    """The actor's jobs, newest first, with live and not-yet-seen quote counts."""
    live = (select(Quote.job_id, func.count().label("n"),
                   func.sum(case((col(Quote.viewed_at).is_(None), 1), else_=0)).label("new"))
            .where(col(Quote.status).in_(LIVE_QUOTE_STATUSES)).group_by(Quote.job_id).subquery())
    rows = session.exec(
        select(Job, live.c.n, live.c.new, Contract.id, Contract.status)
        .outerjoin(live, live.c.job_id == Job.id)
        .outerjoin(Contract, Contract.job_id == Job.id)
        .where(Job.client_id == actor.id).order_by(col(Job.updated_at).desc())).all()
    return [ClientJobRow(job.id, job.title, job.status, int(n or 0), int(new or 0), cid,
                         cstatus or "", job.updated_at) for job, n, new, cid, cstatus in rows]


def va_quotes(session: Session, *, actor: User) -> list[VAQuoteRow]:
    """Quotes sent by or for the actor, newest first, with the contract when hired."""
    rows = session.exec(
        select(Quote, Job.title, Job.budget_type, Contract.id, Contract.status)
        .join(Job, Job.id == Quote.job_id)
        .outerjoin(Contract, Contract.quote_id == Quote.id)
        .where((Quote.va_id == actor.id) | (Quote.sent_by_id == actor.id))
        .order_by(col(Quote.updated_at).desc())).all()
    return [VAQuoteRow(q.id, q.job_id, title, q.status, q.viewed_at is not None, q.price_minor,
                       q.currency, kind, cid, cstatus or "", q.sent_by_id != q.va_id)
            for q, title, kind, cid, cstatus in rows]
