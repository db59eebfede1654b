"""Platform disputes: who may open one, the freeze, statements by the parties only, and an
admin's split carried out through Stripe (a Transfer and a refund) with the ledger balanced."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from tests.payments.conftest import admin_user, make_contract, make_user
from tests.payments.helpers import approve, fund, milestone_ids, onboard, status, submit
from tests.payments.test_hourly import _approve, _hourly_deal, _submitted_week, _week
from vamarket import lifecycle
from vamarket.db import session_scope
from vamarket.errors import InvalidInput, InvalidTransition, NotFound, PermissionDenied
from vamarket.models import AuditLog, Contract, Dispute, Notification, User
from vamarket.models.base import utcnow
from vamarket.payments import dispute_split, hourly, refunds, release, reports
from vamarket.payments.gateway import to_stripe_amount
from vamarket.services import disputes, ledger
from vamarket.services import ledger_accounts as acc
from vamarket.sweep import hourly as sweep_hourly
from vamarket.sweep import milestones as sweep_milestones


def _open(deal, who: User, milestone_id=None, timesheet_id=None) -> Dispute:
    with session_scope() as session:
        return disputes.open_dispute(session, actor=session.get(User, who.id),
                                     contract_id=deal.contract_id, milestone_id=milestone_id,
                                     timesheet_id=timesheet_id, reason="Work not delivered")


def _resolve(dispute_id: int, released: int, refunded: int, who: User | None = None) -> Dispute:
    actor = who or admin_user()
    with session_scope() as session:
        return dispute_split.resolve(session, actor=session.get(User, actor.id),
                                     dispute_id=dispute_id, released_minor=released,
                                     refunded_minor=refunded)


def _stripe_totals(stripe, contract_id: int) -> tuple[int, int]:
    """(transferred, refunded) on the local Stripe for the contract's charges and transfers."""
    with stripe.local.store.lock:
        transfers = stripe.local.store.all("transfer", transfer_group=f"contract_{contract_id}")
        refunded = stripe.local.store.all("refund")
        return sum(t["amount"] for t in transfers), sum(r["amount"] for r in refunded)


def idr(amount: int) -> int:
    """An IDR amount as Stripe's side counts it."""
    return to_stripe_amount(amount, "IDR")


def _balanced() -> bool:
    with session_scope() as session:
        return ledger.trial_balance_ok(session) and ledger.escrow_never_negative(session)


def test_who_may_open_and_what(stripe):
    deal = make_contract("fixed")
    first, second = milestone_ids(deal)
    with pytest.raises(InvalidTransition):  # not funded yet
        _open(deal, deal.client, first)
    fund(stripe, deal)
    with pytest.raises(PermissionDenied):
        _open(deal, make_user(is_client=True), first)
    other = make_contract("fixed")
    with pytest.raises(NotFound):  # a milestone of another contract
        _open(other, other.client, first)
    with pytest.raises(InvalidInput), session_scope() as session:
        disputes.open_dispute(session, actor=session.get(User, deal.va.id),
                              contract_id=deal.contract_id, milestone_id=first, reason="  ")
    opened = _open(deal, deal.va, first)
    assert status(first) == "disputed"
    assert _open(deal, deal.client, first).id == opened.id  # one open dispute per milestone
    with pytest.raises(InvalidTransition):  # planned, never funded
        _open(deal, deal.client, second)
    with session_scope() as session:
        told = session.exec(select(Notification).where(Notification.user_id == deal.client.id,
                                                       Notification.kind == "dispute_opened"))
        assert told.first() is not None


def test_freeze_blocks_approval_release_refund_and_cancel(stripe):
    deal = make_contract("fixed")
    fund(stripe, deal)
    onboard(stripe, deal)
    first = milestone_ids(deal)[0]
    submit(deal, first)
    _open(deal, deal.client, first)
    with pytest.raises(InvalidTransition):
        approve(deal, first)
    with pytest.raises(InvalidTransition):  # the sweep may not auto-approve a frozen milestone
        lifecycle.MILESTONE.require("disputed", "approve", lifecycle.SWEEPER)
    sweep_milestones.run(utcnow() + timedelta(days=60))
    with session_scope() as session:
        assert release.release_pending(session, va_id=deal.va.id) == 0
    admin = admin_user()
    with pytest.raises(InvalidTransition), session_scope() as session:
        refunds.refund_milestone(session, actor=session.get(User, admin.id), milestone_id=first,
                                 reason="x")
    with pytest.raises(InvalidTransition), session_scope() as session:
        refunds.cancel_contract(session, actor=session.get(User, admin.id),
                                contract_id=deal.contract_id)
    assert status(first) == "disputed"


def test_statements_by_parties_only(stripe):
    deal = make_contract("fixed")
    fund(stripe, deal)
    opened = _open(deal, deal.client, milestone_ids(deal)[0])
    with session_scope() as session:
        disputes.add_statement(session, actor=session.get(User, deal.va.id),
                               dispute_id=opened.id, body="I delivered on time",
                               files=[("proof.txt", b"delivery log\n")])
    for outsider in (make_user(is_va=True), admin_user()):
        with pytest.raises(PermissionDenied), session_scope() as session:
            disputes.add_statement(session, actor=session.get(User, outsider.id),
                                   dispute_id=opened.id, body="me too")
    with pytest.raises(InvalidInput), session_scope() as session:  # a file that is not allowed
        disputes.add_statement(session, actor=session.get(User, deal.client.id),
                               dispute_id=opened.id, body="see",
                               files=[("x.exe", b"MZ\x90\x00")])
    with session_scope() as session:
        said = disputes.statements(session, opened.id)
        assert [s.body for s in said] == ["I delivered on time"]


def test_split_of_a_milestone_moves_the_money_through_stripe(stripe):
    deal = make_contract("fixed")
    fund(stripe, deal)
    onboard(stripe, deal)
    first = milestone_ids(deal)[0]  # 30,000 held
    opened = _open(deal, deal.client, first)
    with pytest.raises(PermissionDenied):  # a party never decides
        _resolve(opened.id, 10_000, 20_000, who=deal.client)
    for bad in ((10_000, 10_000), (-1, 30_001), (30_001, 0)):
        with pytest.raises(InvalidInput):
            _resolve(opened.id, *bad)
    with pytest.raises(InvalidInput):
        _resolve(opened.id, "10000", 20_000)  # type: ignore[arg-type]
    moved_before, refunded_before = _stripe_totals(stripe, deal.contract_id)
    done = _resolve(opened.id, 18_000, 12_000)
    assert (done.status, done.released_minor, done.refunded_minor) == ("resolved", 18_000, 12_000)
    assert _resolve(opened.id, 18_000, 12_000).id == opened.id  # resent: nothing moves again
    moved, refunded = _stripe_totals(stripe, deal.contract_id)
    assert moved - moved_before == 18_000 - 1_800  # gross − 10% platform fee
    assert refunded - refunded_before == 12_000
    assert status(first) == "released"
    with session_scope() as session:
        earned = reports.va_earnings(session, actor=session.get(User, deal.va.id))
        assert [t.released_minor for t in earned.totals] == [18_000 - 1_800]
        assert ledger.held(session, acc.escrow(deal.contract_id), "USD") == 0
        assert ledger.balance(session, acc.va_payable(deal.va.id), "USD") == 0
        kinds = {n.kind for n in session.exec(select(Notification).where(
            Notification.kind == "dispute_resolved")).all()
            if n.user_id in (deal.client.id, deal.va.id)}
        assert kinds == {"dispute_resolved"}
        assert session.exec(select(AuditLog).where(AuditLog.action == "dispute.resolved",
                                                   AuditLog.object_id == opened.id)).first()
    assert _balanced()
    admin = admin_user()
    with pytest.raises(InvalidTransition), session_scope() as session:  # settled: no refund
        refunds.refund_milestone(session, actor=session.get(User, admin.id), milestone_id=first,
                                 reason="again")


def test_split_all_to_the_client_and_an_unpayable_va(stripe):
    deal = make_contract("fixed")
    fund(stripe, deal)
    first = milestone_ids(deal)[0]
    opened = _open(deal, deal.va, first)
    with pytest.raises(InvalidTransition):  # the VA has no payout account yet
        _resolve(opened.id, 1, 29_999)
    _resolve(opened.id, 0, 30_000)
    assert status(first) == "refunded"
    assert _balanced()


def test_a_disputed_week_is_charged_only_for_what_is_released(stripe):
    deal = _hourly_deal(stripe)
    onboard(stripe, deal)
    week = _submitted_week(deal, [120, 120])  # 4 h × 75,000 IDR = 300,000
    opened = _open(deal, deal.client, timesheet_id=week)
    assert _week(week).status == "disputed"
    with pytest.raises(InvalidTransition):
        _approve(deal, week)
    with session_scope() as session:  # the review window passes: nothing is released
        later = utcnow() + timedelta(days=30)
        assert hourly.release_due_weeks(session, now=later) == 0
    sweep_hourly.run(later)  # nor does the sweep approve or release it
    assert _week(week).status == "disputed"
    moved_before, refunded_before = _stripe_totals(stripe, deal.contract_id)
    _resolve(opened.id, 100_000, 200_000)
    moved, refunded = _stripe_totals(stripe, deal.contract_id)
    assert (moved - moved_before, refunded - refunded_before) == (idr(90_000), 0)
    with stripe.local.store.lock:
        charged = [pi["amount"] for pi in stripe.local.store.all("payment_intent")
                   if (pi.get("metadata") or {}).get("timesheet_id") == str(week)]
    assert charged == [idr(100_000)]
    assert _week(week).status == "released"
    assert _balanced()


def test_a_charged_week_is_split_by_a_transfer_and_a_refund(stripe):
    deal = _hourly_deal(stripe)
    onboard(stripe, deal)
    week = _submitted_week(deal, [60])  # 75,000 IDR
    assert _approve(deal, week) == "charged"
    opened = _open(deal, deal.va, timesheet_id=week)
    moved_before, refunded_before = _stripe_totals(stripe, deal.contract_id)
    _resolve(opened.id, 50_000, 25_000)
    moved, refunded = _stripe_totals(stripe, deal.contract_id)
    assert (moved - moved_before, refunded - refunded_before) == (idr(45_000), idr(25_000))
    with session_scope() as session:
        assert ledger.held(session, acc.escrow(deal.contract_id), "IDR") == 0
    assert _balanced()


def test_a_split_of_the_last_milestone_completes_the_contract(stripe):
    deal = make_contract("fixed")
    fund(stripe, deal)
    onboard(stripe, deal)
    first, second = milestone_ids(deal)
    submit(deal, first)
    approve(deal, first)
    fund(stripe, deal)  # the next milestone
    assert status(second) == "funded"
    opened = _open(deal, deal.client, second)
    _resolve(opened.id, 40_000, 20_000)
    assert status(second) == "released"
    with session_scope() as session:
        assert session.get(Contract, deal.contract_id).status == "completed"
    assert _balanced()
