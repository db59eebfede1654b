"""Contracts in a chosen state, made as rows (the hiring and money flows are tested elsewhere),
and money postings dated in a chosen month (the ledger's real posting scheme, backdated)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlmodel import Session

from vamarket.models import Contract, Job, LedgerEntry, LedgerTransaction, Milestone, Quote, User
from vamarket.services import ledger_scheme

T0 = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def deal(db: Session, client: User, va: User, *, status: str = "completed",
         ended_at: datetime | None = T0, currency: str = "USD", title: str = "Inbox support",
         kind: str = "fixed") -> Contract:
    """A contract between `client` and `va` with its job and hired quote."""
    job = Job(client_id=client.id, title=title, description="Answer customer emails.",
              budget_type="fixed", currency=currency, budget_min_minor=100_000,
              budget_max_minor=100_000, status="hired")
    db.add(job)
    db.flush()
    quote = Quote(job_id=job.id, va_id=va.id, sent_by_id=va.id, cover_letter="Hello.",
                  price_minor=100_000, currency=currency, status="hired")
    db.add(quote)
    db.flush()
    contract = Contract(job_id=job.id, quote_id=quote.id, client_id=client.id, va_id=va.id,
                        kind=kind, currency=currency, total_minor=100_000, status=status,
                        ended_at=ended_at if status in ("completed", "cancelled") else None)
    db.add(contract)
    db.flush()
    return contract


def milestone(db: Session, contract: Contract, position: int, *, status: str = "released",
              due: date | None = None, submitted_at: datetime | None = None,
              amount_minor: int = 50_000) -> Milestone:
    """A milestone of `contract`."""
    row = Milestone(contract_id=contract.id, position=position, title=f"Step {position}",
                    amount_minor=amount_minor, status=status, due_date=due,
                    submitted_at=submitted_at)
    db.add(row)
    db.flush()
    return row


def post_at(db: Session, posting: ledger_scheme.Posting, when: datetime) -> None:
    """Insert a posting of the real scheme as if it had been made at `when` (rows are only
    ever inserted, as the ledger requires)."""
    txn = LedgerTransaction(kind=posting.kind, reference=posting.reference,
                            contract_id=posting.contract_id, created_at=when)
    db.add(txn)
    db.flush()
    for leg in posting.legs:
        db.add(LedgerEntry(transaction_id=txn.id, account=leg.account,
                           amount_minor=leg.amount_minor, currency=leg.currency))
    db.flush()


def charge(db: Session, contract: Contract, amount_minor: int, when: datetime, ref: str) -> None:
    """The client's payment of `amount_minor` captured at `when` (Stripe fee 3%)."""
    post_at(db, ledger_scheme.charge_captured(
        contract_id=contract.id, charge_id=ref, amount_minor=amount_minor,
        fee_minor=amount_minor * 3 // 100, currency=contract.currency), when)


def release(db: Session, contract: Contract, gross_minor: int, when: datetime, ref: str) -> None:
    """Work worth `gross_minor` released to the VA at `when` (10% platform fee)."""
    post_at(db, ledger_scheme.release(
        contract_id=contract.id, subject=ref, va_id=contract.va_id, gross_minor=gross_minor,
        platform_fee_minor=gross_minor // 10, currency=contract.currency), when)
