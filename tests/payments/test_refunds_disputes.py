"""Refunds before and after release, cancelling, and card disputes (freeze, won, lost)."""

from __future__ import annotations

import pytest
from sqlmodel import select

from tests.payments.conftest import HTTP, admin_user, contract_status, make_contract
from tests.payments.helpers import approve, fund, milestone_ids, onboard, status, submit
from vamarket.db import session_scope
from vamarket.errors import PermissionDenied
from vamarket.models import Payment, User
from vamarket.payments import refunds
from vamarket.payments.records import PaymentCharge
from vamarket.services import ledger
from vamarket.services import ledger_accounts as acc


def _refund(deal, milestone_id: int) -> Payment:
    admin = admin_user()
    with session_scope() as session:
        return refunds.refund_milestone(session, actor=session.get(User, admin.id),
                                        milestone_id=milestone_id, reason="agreed")


def _held(contract_id: int) -> tuple[int, int]:
    with session_scope() as session:
        return (ledger.held(session, acc.escrow(contract_id), "USD"),
                ledger.held(session, acc.dispute_hold(contract_id), "USD"))


def _stripe_refunds(stripe) -> int:
    with stripe.local.store.lock:
        return sum(r["amount"] for r in stripe.local.store.all("refund"))


def test_refund_before_release(stripe):
    deal = make_contract("fixed")
    fund(stripe, deal)
    first = milestone_ids(deal)[0]
    with session_scope() as session, pytest.raises(PermissionDenied):
        refunds.refund_milestone(session, actor=session.get(User, deal.client.id),
                                 milestone_id=first, reason="no")
    before = _stripe_refunds(stripe)
    payment = _refund(deal, first)
    assert (payment.status, payment.refunded_minor) == ("refunded", 30_000)
    assert status(first) == "refunded"
    assert _stripe_refunds(stripe) - before == 30_000
    assert _held(deal.contract_id) == (0, 0)
    with session_scope() as session:
        assert ledger.trial_balance_ok(session) and ledger.escrow_never_negative(session)


def test_refund_after_release_reverses_the_transfer_first(stripe):
    deal = make_contract("fixed")
    fund(stripe, deal)
    onboard(stripe, deal)
    first = milestone_ids(deal)[0]
    submit(deal, first)
    assert approve(deal, first) == "released"
    _refund(deal, first)
    assert status(first) == "refunded"
    with stripe.local.store.lock:
        [transfer] = stripe.local.store.all("transfer", transfer_group=f"contract_{deal.contract_id}")
        assert transfer["reversed"]
    with session_scope() as session:
        assert ledger.balance(session, acc.va_payable(deal.va.id), "USD") == 0
        assert ledger.held(session, acc.escrow(deal.contract_id), "USD") == 0


def test_cancel_before_funding_and_admin_cancel_of_an_active_contract(stripe):
    deal = make_contract("fixed")
    with session_scope() as session:
        refunds.cancel_contract(session, actor=session.get(User, deal.va.id),
                                contract_id=deal.contract_id)
    assert contract_status(deal.contract_id) == "cancelled"
    deal = make_contract("fixed")
    fund(stripe, deal)
    with session_scope() as session, pytest.raises(PermissionDenied):
        refunds.cancel_contract(session, actor=session.get(User, deal.client.id),
                                contract_id=deal.contract_id)
    admin = admin_user()
    with session_scope() as session:
        refunds.cancel_contract(session, actor=session.get(User, admin.id),
                                contract_id=deal.contract_id)
    assert contract_status(deal.contract_id) == "cancelled"
    assert [status(m) for m in milestone_ids(deal)] == ["refunded", "planned"]
    assert _held(deal.contract_id) == (0, 0)


def _dispute(stripe, deal) -> str:
    with session_scope() as session:
        payment = session.exec(select(Payment).where(Payment.contract_id == deal.contract_id)).one()
        charge = session.get(PaymentCharge, payment.id).charge_id
    response = HTTP.post(f"{stripe.base_url}/_test/disputes", json={"charge": charge})
    stripe.local.webhooks.drain(20)
    return response.json()["id"]


@pytest.mark.parametrize("outcome", ["won", "lost"])
def test_card_dispute_freezes_then_settles(stripe, outcome):
    deal = make_contract("fixed")
    fund(stripe, deal)
    first = milestone_ids(deal)[0]
    submit(deal, first)
    dispute = _dispute(stripe, deal)
    assert status(first) == "disputed"
    assert _held(deal.contract_id) == (0, 30_000)
    HTTP.post(f"{stripe.base_url}/_test/disputes/{dispute}/close", json={"outcome": outcome})
    stripe.local.webhooks.drain(20)
    if outcome == "won":
        assert status(first) == "submitted"
        assert _held(deal.contract_id) == (30_000, 0)
    else:
        assert status(first) == "refunded"
        assert _held(deal.contract_id) == (0, 0)
    with session_scope() as session:
        assert ledger.trial_balance_ok(session) and ledger.escrow_never_negative(session)
