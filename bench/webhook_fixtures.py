"""Contracts for the webhook benchmark, made through the same services the pages use."""

from __future__ import annotations

import uuid

from vamarket.db import session_scope
from vamarket.models import User
from vamarket.services import contracts, jobs, quotes
from vamarket.services.job_rules import JobInput
from vamarket.services.quote_rules import MilestoneInput, QuoteInput


def hire_fixed_contract() -> tuple[int, int]:
    """A committed fixed-price USD contract waiting for its down payment: (contract id, client id)."""
    with session_scope() as session:
        client, va = (User(email=f"{uuid.uuid4().hex[:12]}@bench.test", email_verified=True,
                           display_name="bench", onboarded=True, **role)
                      for role in ({"is_client": True}, {"is_va": True}))
        session.add_all([client, va])
        session.flush()
        job = jobs.create_job(session, actor=client, publish=True, data=JobInput(
            title="Bookkeeping for an online shop", budget_type="fixed", currency="USD",
            description="Record sales and expenses and reconcile the bank account monthly.",
            budget_min_minor=100_000, down_payment_percent=30))
        quote = quotes.send_quote(session, actor=va, job_id=job.id, data=QuoteInput(
            cover_letter="Five years of bookkeeping for online shops.", price_minor=90_000,
            currency="USD", milestones=[MilestoneInput("First month", 30_000),
                                        MilestoneInput("Second and third month", 60_000)]))
        contract = contracts.hire(session, actor=client, quote_id=quote.id)
        return contract.id, client.id
