"""Dashboards: the client's jobs and the VA's quotes (/my/jobs, /my/quotes), and the home
dashboard's figures: money per month from the ledger, running contracts and what waits for the
user. Everything is the actor's own data only."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import case
from sqlmodel import Session, col, func, select

from vamarket.models import Contract, Job, LedgerEntry, LedgerTransaction, Quote, Timesheet, User
from vamarket.models.base import utcnow
from vamarket.services import ledger_accounts as acc
from vamarket.services import next_actions, reviews
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


# -- the home dashboard: money per month, active contracts, what needs the user ------------

MONTHS = 12
RUNNING = ("pending_funding", "active", "disputed")
OPEN_QUOTES = ("submitted", "shortlisted")


@dataclass(frozen=True)
class MonthMoney:
    """One month of one currency: the client's paid / refunded, or the VA's held / released."""

    month: date  # its first day
    in_minor: int  # client: paid in; VA: paid in by clients and held for the VA's work
    out_minor: int  # client: refunded; VA: released to the VA (after the platform fee)


@dataclass(frozen=True)
class MoneySeries:
    """The last twelve months of one currency, oldest first."""

    currency: str
    months: list[MonthMoney]

    @property
    def in_total(self) -> int:
        """All twelve months of `in_minor`."""
        return sum(m.in_minor for m in self.months)

    @property
    def out_total(self) -> int:
        """All twelve months of `out_minor`."""
        return sum(m.out_minor for m in self.months)


def last_months(now: datetime, count: int = MONTHS) -> list[date]:
    """The first days of the `count` months up to and including `now`'s (UTC), oldest first."""
    year, month = now.astimezone(UTC).year, now.astimezone(UTC).month
    firsts = []
    for _ in range(count):
        firsts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return firsts[::-1]


def _ledger_rows(session: Session, party_column, actor: User, since: date, kinds=None):
    query = (select(LedgerTransaction.kind, LedgerTransaction.created_at, LedgerEntry.account,
                    LedgerEntry.amount_minor, LedgerEntry.currency)
             .join(LedgerEntry, col(LedgerEntry.transaction_id) == col(LedgerTransaction.id))
             .join(Contract, col(Contract.id) == col(LedgerTransaction.contract_id))
             .where(party_column == actor.id,
                    col(LedgerTransaction.created_at) >= datetime(since.year, since.month, 1,
                                                                 tzinfo=UTC)))
    if kinds:
        query = query.where(col(LedgerTransaction.kind).in_(kinds))
    return session.exec(query).all()


def _series(buckets: dict[str, dict[date, list[int]]], months: list[date],
            first: str) -> list[MoneySeries]:
    """One series per currency, the user's own currency first."""
    return [MoneySeries(cur, [MonthMoney(m, *buckets[cur].get(m, [0, 0])) for m in months])
            for cur in sorted(buckets, key=lambda c: (c != first, c))]


def _month_of(moment: datetime) -> date:
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    moment = moment.astimezone(UTC)
    return date(moment.year, moment.month, 1)


def client_spend(session: Session, *, actor: User, now: datetime | None = None) -> list[MoneySeries]:
    """What the actor paid for their contracts per month (captured charges) and what went back
    to them (refunds and dispute shares), per currency, from the ledger; only currencies with
    money in the last twelve months."""
    months = last_months(now or utcnow())
    buckets: dict[str, dict[date, list[int]]] = defaultdict(dict)
    for kind, when, account, amount, cur in _ledger_rows(
            session, Contract.client_id, actor, months[0], ("charge", "refund_due", "dispute_settle")):
        slot = buckets[cur].setdefault(_month_of(when), [0, 0])
        if kind == "charge" and account.startswith(acc.ESCROW_PREFIX):
            slot[0] -= amount
        elif kind != "charge" and account == acc.CLIENT_REFUNDS and amount < 0:
            slot[1] -= amount
    return _series(buckets, months, actor.currency)


def va_money(session: Session, *, actor: User, now: datetime | None = None) -> list[MoneySeries]:
    """Per month and currency, from the ledger: what clients paid in to be held for the actor's
    contracts, and what was released to the actor after the platform fee (less any release
    reversed later)."""
    months = last_months(now or utcnow())
    payable = acc.va_payable(actor.id)
    buckets: dict[str, dict[date, list[int]]] = defaultdict(dict)
    for kind, when, account, amount, cur in _ledger_rows(session, Contract.va_id, actor, months[0]):
        month = _month_of(when)
        if kind == "charge" and account.startswith(acc.ESCROW_PREFIX):
            buckets[cur].setdefault(month, [0, 0])[0] -= amount
        elif account == payable and kind not in ("transfer", "transfer_reversal"):
            buckets[cur].setdefault(month, [0, 0])[1] -= amount
    return _series(buckets, months, actor.currency)


@dataclass(frozen=True)
class ContractRow:
    """One of the user's running contracts."""

    contract_id: int
    job_title: str
    other_name: str
    status: str
    kind: str
    role: str  # client | va


def running_contracts(session: Session, *, actor: User, role: str) -> list[ContractRow]:
    """The actor's contracts as `role` ("client" or "va") that are not over, newest first."""
    mine = Contract.client_id if role == "client" else Contract.va_id
    other = Contract.va_id if role == "client" else Contract.client_id
    rows = session.exec(
        select(Contract, Job.title, User.display_name)
        .join(Job, col(Job.id) == col(Contract.job_id))
        .join(User, col(User.id) == other)
        .where(mine == actor.id, col(Contract.status).in_(RUNNING))
        .order_by(col(Contract.id).desc())).all()
    return [ContractRow(c.id, title, name or "", c.status, c.kind, role) for c, title, name in rows]


@dataclass(frozen=True)
class ActionItem:
    """Something waiting for the user: `key` names it; `title` and `detail` say which."""

    key: str
    title: str
    detail: str
    link: str


def _contract_actions(session: Session, actor: User, rows: list[ContractRow]) -> list[ActionItem]:
    found = []
    for row in rows:
        contract = session.get(Contract, row.contract_id)
        for step in next_actions.next_actions(session, actor=actor, contract=contract):
            if step.key != "review_other":
                found.append(ActionItem(step.key, row.job_title, step.title,
                                        f"/contracts/{row.contract_id}"))
    return found


def _review_actions(session: Session, actor: User, now: datetime | None,
                    role: str) -> list[ActionItem]:
    found = []
    for contract_id in reviews.reviews_to_leave(session, actor=actor, now=now):
        contract = session.get(Contract, contract_id)
        if (contract.client_id if role == "client" else contract.va_id) != actor.id:
            continue
        job = session.get(Job, contract.job_id)
        found.append(ActionItem("leave_review", job.title if job else "", "",
                                f"/contracts/{contract_id}"))
    return found


def client_actions(session: Session, *, actor: User, now: datetime | None = None) -> list[ActionItem]:
    """What waits for the actor as a client: submissions to review, weeks to approve,
    payments due, unread quotes, reviews to leave."""
    rows = running_contracts(session, actor=actor, role="client")
    found = _contract_actions(session, actor, rows)
    weeks = session.exec(select(Timesheet, Job.title).join(
        Contract, col(Contract.id) == col(Timesheet.contract_id)).join(
        Job, col(Job.id) == col(Contract.job_id)).where(
        Contract.client_id == actor.id, Timesheet.status == "submitted")
        .order_by(col(Timesheet.id))).all()
    found += [ActionItem("approve_week", title, week.iso_week, f"/contracts/{week.contract_id}")
              for week, title in weeks]
    found += [ActionItem("read_quotes", row.title, str(row.new_quotes), f"/jobs/{row.job_id}/quotes")
              for row in client_jobs(session, actor=actor)
              if row.new_quotes and row.status in ("open", "paused")]
    return found + _review_actions(session, actor, now, "client")


def va_actions(session: Session, *, actor: User, now: datetime | None = None) -> list[ActionItem]:
    """What waits for the actor as a VA: work to submit or resubmit, proposals to answer,
    payout details, reviews to leave."""
    found = _contract_actions(session, actor, running_contracts(session, actor=actor, role="va"))
    return found + _review_actions(session, actor, now, "va")
