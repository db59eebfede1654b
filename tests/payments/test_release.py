"""Release on approval: a Transfer of gross − fee only once the VA's transfers are active;
20 concurrent approvals make one transfer and one posting."""

from __future__ import annotations

import threading

import pytest
from sqlmodel import func, select

from tests.payments.conftest import make_contract
from tests.payments.helpers import approve, fund, milestone_ids, onboard, status, submit
from vamarket.db import session_scope
from vamarket.errors import InvalidTransition, PermissionDenied
from vamarket.models import LedgerTransaction, User
from vamarket.payments import payouts, release
from vamarket.services import ledger
from vamarket.services import ledger_accounts as acc


def _transfers(stripe, contract_id: int) -> list[dict]:
    with stripe.local.store.lock:
        return [t for t in stripe.local.store.all("transfer", transfer_group=f"contract_{contract_id}")]


def test_approval_waits_for_onboarding_then_releases(stripe):
    deal = make_contract("fixed")
    fund(stripe, deal)
    first = milestone_ids(deal)[0]
    with session_scope() as session, pytest.raises(PermissionDenied):
        release.submit_milestone(session, actor=session.get(User, deal.client.id),
                                 milestone_id=first)
    submit(deal, first)
    with session_scope() as session:
        release.request_revision(session, actor=session.get(User, deal.client.id),
                                 milestone_id=first, reason="Add the weekly report")
    submit(deal, first)
    assert approve(deal, first) == "approved"  # the VA has no payout account yet: held
    assert _transfers(stripe, deal.contract_id) == []
    with session_scope() as session:
        assert payouts.payout_status(session, actor=session.get(User, deal.va.id)) == \
            payouts.PayoutStatus(False, False)
    onboard(stripe, deal)  # account.updated turns transfers on and releases what was held
    assert status(first) == "released"
    [transfer] = _transfers(stripe, deal.contract_id)
    assert transfer["amount"] == 27_000  # 30,000 − 10% fee
    assert transfer["source_transaction"].startswith("ch_")
    with session_scope() as session:
        assert payouts.payout_status(session, actor=session.get(User, deal.va.id)).transfers_active
        assert ledger.held(session, acc.escrow(deal.contract_id), "USD") == 0
        assert ledger.balance(session, acc.va_payable(deal.va.id), "USD") == 0
        assert ledger.held(session, acc.fee_revenue(), "USD") >= 3_000
    assert approve(deal, first) == "released"  # approving again changes nothing
    assert len(_transfers(stripe, deal.contract_id)) == 1


def test_unfunded_milestone_cannot_be_submitted(stripe):
    deal = make_contract("fixed")
    fund(stripe, deal)
    second = milestone_ids(deal)[1]
    with session_scope() as session, pytest.raises(InvalidTransition):
        release.submit_milestone(session, actor=session.get(User, deal.va.id),
                                 milestone_id=second)


def test_twenty_concurrent_approvals_make_one_transfer(stripe, money_db):
    deal = make_contract("fixed")
    fund(stripe, deal)
    onboard(stripe, deal)
    first = milestone_ids(deal)[0]
    submit(deal, first)
    barrier, errors = threading.Barrier(20), []

    def worker() -> None:
        barrier.wait()
        try:
            approve(deal, first)
        except Exception as exc:  # noqa: BLE001 - collected and checked below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert status(first) == "released"
    assert len(_transfers(stripe, deal.contract_id)) == 1
    with session_scope() as session:
        kinds = session.exec(select(LedgerTransaction.kind, func.count()).where(
            LedgerTransaction.contract_id == deal.contract_id)
            .group_by(LedgerTransaction.kind)).all()
        assert dict(kinds) == {"charge": 1, "release": 1, "transfer": 1}
