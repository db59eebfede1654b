"""Minimal contracts for ledger tests (rows inserted directly; the hiring flow is tested elsewhere)."""

from __future__ import annotations

from sqlmodel import Session

from vamarket.models import Contract, Job, Quote


def make_contract(db: Session, make_user, *, currency: str = "USD") -> Contract:
    """A contract between a new client and a new VA in `currency`."""
    client = make_user(is_client=True)
    va = make_user(is_va=True)
    job = Job(client_id=client.id, title="Inbox support", description="Answer emails.",
              budget_type="fixed", currency=currency, budget_min_minor=100_000,
              budget_max_minor=100_000, status="hired")
    db.add(job)
    db.flush()
    quote = Quote(job_id=job.id, va_id=va.id, sent_by_id=va.id, cover_letter="Hello.",
                  price_minor=100_000, currency=currency, status="hired")
    db.add(quote)
    db.flush()
    contract = Contract(job_id=job.id, quote_id=quote.id, client_id=client.id, va_id=va.id,
                        kind="fixed", currency=currency, total_minor=100_000, status="active")
    db.add(contract)
    db.flush()
    return contract
