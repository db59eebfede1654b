"""What the pages read (payment view, billing, earnings) and reconciliation with Stripe,
including the `cli_reconcile` command."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.payments.conftest import admin_user, make_contract
from tests.payments.helpers import approve, fund, milestone_ids, onboard, submit
from vamarket.db import session_scope
from vamarket.errors import NotFound
from vamarket.models import User
from vamarket.payments import funding, receipts, refunds, reports


def test_views_and_reconcile_after_a_full_flow(stripe):
    deal = make_contract("fixed")
    with session_scope() as session:
        view = funding.payment_view(session, actor=session.get(User, deal.client.id),
                                    contract_id=deal.contract_id)
        assert (view.due.kind, view.due.amount_minor) == ("deposit", 30_000)
    fund(stripe, deal)
    onboard(stripe, deal)
    first, second = milestone_ids(deal)
    submit(deal, first)
    approve(deal, first)
    fund(stripe, deal)
    with session_scope() as session:
        admin = session.get(User, admin_user().id)
        refunds.refund_milestone(session, actor=admin, milestone_id=second, reason="agreed")
    with session_scope() as session:
        client, va = session.get(User, deal.client.id), session.get(User, deal.va.id)
        view = reports.payment_view(session, actor=client, contract_id=deal.contract_id)
        assert (view.held_minor, view.released_minor, view.refunded_minor) == (0, 30_000, 60_000)
        assert view.va_can_be_paid and not view.frozen and view.due is None
        billing = reports.client_billing(session, actor=client)
        assert sorted(r.purpose for r in billing) == ["deposit", "milestone"]
        assert all(r.receipt_url == f"/billing/receipts/{r.id}" for r in billing)
        _check_receipts(session, billing, client, va)
        earnings = reports.va_earnings(session, actor=va)
        [usd] = earnings.totals
        assert (usd.released_minor, usd.paid_out_minor, usd.held_minor) == (27_000, 27_000, 0)
        report = reports.reconcile_now(session)
        assert report.ok, report.mismatches
    done = subprocess.run([sys.executable, "-m", "vamarket.payments.cli_reconcile"],
                          capture_output=True, text=True, env=dict(os.environ), timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("reconcile transactions=")
    assert "balanced=true" in done.stdout and "mismatches=0" in done.stdout
    _admin_page_shows_the_same(done.stdout.strip())


def _admin_page_shows_the_same(line: str) -> None:
    """/admin/money runs the same reconcile for an admin and shows its line."""
    import vamarket.vamarket  # noqa: F401  (registers every page state)
    from tests.unit.page_states import fire, state_as
    from vamarket.pages.admin_money.state import AdminMoneyState

    state = state_as(AdminMoneyState, admin_user(), "/admin/money")
    fire(state, AdminMoneyState.load)
    assert (state.error, state.loaded, state.ok, state.mismatches) == ("", True, True, [])
    assert state.line == line


def _check_receipts(session, billing, client, va) -> None:
    """The client reads each receipt (amount, refund, what it paid for); the VA reads none."""
    by_purpose = {r.purpose: r for r in billing}
    deposit = receipts.receipt(session, actor=client, payment_id=by_purpose["deposit"].id)
    assert (deposit.amount_minor, deposit.refunded_minor, deposit.currency) == (30_000, 0, "USD")
    assert deposit.number.startswith("VM-") and deposit.charge_id.startswith("ch_")
    assert deposit.client_email == client.email
    refunded = receipts.receipt(session, actor=client, payment_id=by_purpose["milestone"].id)
    assert (refunded.amount_minor, refunded.refunded_minor) == (60_000, 60_000)
    assert refunded.item != "" and refunded.status == "refunded"
    with pytest.raises(NotFound):
        receipts.receipt(session, actor=va, payment_id=deposit.payment_id)
    with pytest.raises(NotFound):
        receipts.receipt(session, actor=client, payment_id=10**9)
