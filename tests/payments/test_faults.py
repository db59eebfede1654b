"""Faults: the local Stripe answers 5xx (before or after doing the work) or stalls past the
client's timeout on about 20% of API calls. The adapter retries with the same idempotency keys;
an operation that still fails changes nothing and is simply tried again. Afterwards there is no
duplicate charge, transfer or refund and the ledger reconciles with Stripe."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.payments.conftest import admin_user, make_contract, pay
from tests.payments.helpers import BASE, milestone_ids, status
from vamarket.db import session_scope
from vamarket.models import User
from vamarket.payments import funding, gateway, payouts, refunds, release, reports, runtime
from vamarket.payments.errors import PaymentServiceDown
from vamarket.services import ledger


def _retry(action, attempts: int = 8):
    """Run a committed action until it goes through (as a person pressing the button again)."""
    for _ in range(attempts):
        try:
            with session_scope() as session:
                return action(session)
        except PaymentServiceDown:
            continue
    raise AssertionError("still failing after retries")


@pytest.fixture
def faulty(stripe, monkeypatch):
    """20% of API calls fail: 5xx before, 5xx after doing the work, or a stall past the timeout."""
    monkeypatch.setattr(gateway, "TIMEOUT_SECONDS", 1)
    runtime.get_gateway.cache_clear()
    stripe.local.faults.update({"rate_5xx": 0.07, "rate_5xx_after": 0.07, "rate_timeout": 0.06,
                                "timeout_seconds": 1.5, "seed": 7})
    yield stripe
    stripe.local.faults.clear()
    runtime.get_gateway.cache_clear()


def test_faults_are_retried_with_the_same_keys_and_nothing_is_doubled(faulty):
    stripe, deals = faulty, [make_contract("fixed") for _ in range(4)]
    admin = admin_user()
    for deal in deals:
        def start(session, deal=deal):
            return funding.start_funding(session, actor=session.get(User, deal.client.id),
                                         contract_id=deal.contract_id, return_base=BASE)
        pay(stripe, _retry(start))
        _retry(lambda s, d=deal: payouts.start_onboarding(s, actor=s.get(User, d.va.id),
                                                          return_base=BASE))
        from tests.payments.helpers import onboard
        onboard(stripe, deal)
        first, second = milestone_ids(deal)
        _retry(lambda s, d=deal, m=first: release.submit_milestone(
            s, actor=s.get(User, d.va.id), milestone_id=m))
        _retry(lambda s, d=deal, m=first: release.approve_milestone(
            s, actor=s.get(User, d.client.id), milestone_id=m))
        pay(stripe, _retry(start))
        _retry(lambda s, m=second: refunds.refund_milestone(
            s, actor=s.get(User, admin.id), milestone_id=m, reason="agreed"))
    stripe.local.webhooks.drain(30)
    injected = stripe.local.faults.settings()["injected"]
    assert sum(injected.values()) > 0, "no fault was injected"
    stripe.local.faults.clear()
    for deal in deals:
        assert [status(m) for m in milestone_ids(deal)] == ["released", "refunded"]
    store = stripe.local.store
    with store.lock:
        charges = Counter(c["payment_intent"] for c in store.all("charge") if c.get("payment_intent"))
        transfers = Counter(t["metadata"].get("milestone_id") for t in store.all("transfer"))
        refunded = Counter(r["payment_intent"] for r in store.all("refund"))
        accounts = Counter(a["metadata"].get("user_id") for a in store.all("account"))
    assert set(charges.values()) == {1}
    assert set(transfers.values()) == {1}
    assert set(refunded.values()) == {1}
    assert set(accounts.values()) == {1}
    with session_scope() as session:
        assert ledger.trial_balance_ok(session) and ledger.escrow_never_negative(session)
        report = reports.reconcile_now(session)
        assert report.ok, report.mismatches
