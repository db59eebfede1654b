"""The milestone sweep: a submission the client leaves unanswered past MILESTONE_REVIEW_DAYS
is approved by the sweeper and released once, however often and by however many workers the
sweep runs; due-soon reminders go out once; unpaid checkouts older than CHECKOUT_EXPIRY_HOURS
are expired through Stripe; cancelling a milestone closes the checkout that would fund it."""

from __future__ import annotations

import threading
from datetime import date, timedelta

from sqlmodel import func, select

from tests.conftest import reset_caches
from tests.payments.conftest import make_contract, pay
from tests.payments.helpers import BASE, fund, milestone_ids, onboard, status, submit
from vamarket.db import session_scope
from vamarket.models import AuditLog, Milestone, Notification, Payment, User
from vamarket.models.base import utcnow
from vamarket.payments import funding, release
from vamarket.services import milestones
from vamarket.sweep import checkouts
from vamarket.sweep import milestones as milestone_sweep


def _transfers(stripe, contract_id: int) -> list[dict]:
    with stripe.local.store.lock:
        return list(stripe.local.store.all("transfer", transfer_group=f"contract_{contract_id}"))


def _count(model, *where) -> int:
    with session_scope() as session:
        return session.exec(select(func.count()).select_from(model).where(*where)).one()


def _submitted_deal(stripe, *, payouts: bool = True):
    deal = make_contract("fixed")
    fund(stripe, deal)
    if payouts:
        onboard(stripe, deal)
    first = milestone_ids(deal)[0]
    submit(deal, first)
    return deal, first


def test_unanswered_submission_is_approved_and_released_once_after_the_window(stripe):
    deal, first = _submitted_deal(stripe)
    now = utcnow()
    milestone_sweep.run(now + timedelta(days=13, hours=23))
    assert status(first) == "submitted"  # the client still has time
    done = milestone_sweep.run(now + timedelta(days=14, minutes=1))
    assert done["auto_approved"] >= 1
    assert status(first) == "released"
    [transfer] = _transfers(stripe, deal.contract_id)
    assert transfer["amount"] == 27_000
    for _ in range(2):  # running again changes nothing
        milestone_sweep.run(now + timedelta(days=30))
    assert len(_transfers(stripe, deal.contract_id)) == 1
    assert _count(AuditLog, AuditLog.action == "milestone.auto_approved",
                  AuditLog.object_id == first) == 1
    assert _count(Notification, Notification.user_id == deal.client.id,
                  Notification.kind == "milestone_auto_approved") == 1


def test_the_sweeper_only_approves_what_the_client_left_unanswered(stripe):
    deal, first = _submitted_deal(stripe, payouts=False)
    with session_scope() as session:
        release.request_revision(session, actor=session.get(User, deal.client.id),
                                 milestone_id=first, reason="Add the weekly report")
    milestone_sweep.run(utcnow() + timedelta(days=40))
    assert status(first) == "revision_requested"
    submit(deal, first)
    with session_scope() as session:  # the window counts from the latest submission
        assert release.auto_approve(session, milestone_id=first, now=utcnow()) is None
    milestone_sweep.run(utcnow() + timedelta(days=15))
    assert status(first) == "approved"  # no payout account yet: approved and held
    assert _transfers(stripe, deal.contract_id) == []
    assert _count(Notification, Notification.user_id == deal.va.id,
                  Notification.kind == "payout_details_missing") == 1


def test_review_window_is_a_setting(stripe, monkeypatch):
    deal, first = _submitted_deal(stripe)
    monkeypatch.setenv("MILESTONE_REVIEW_DAYS", "3")
    reset_caches()
    try:
        milestone_sweep.run(utcnow() + timedelta(days=2))
        assert status(first) == "submitted"
        milestone_sweep.run(utcnow() + timedelta(days=3, minutes=1))
        assert status(first) == "released"
    finally:
        monkeypatch.delenv("MILESTONE_REVIEW_DAYS")
        reset_caches()


def test_two_workers_at_once_release_each_milestone_once(stripe, money_db):
    """PostgreSQL: rows claimed with SKIP LOCKED; SQLite: one writer at a time, same outcome."""
    deals = [_submitted_deal(stripe) for _ in range(4)]
    barrier, results, errors = threading.Barrier(2), [], []
    later = utcnow() + timedelta(days=15)

    def worker() -> None:
        barrier.wait()
        try:
            results.append(milestone_sweep.run(later))
        except Exception as exc:  # noqa: BLE001 - collected and checked below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and all(r["auto_approve_failed"] == 0 for r in results)
    assert sum(r["auto_approved"] for r in results) >= len(deals)
    for deal, first in deals:
        assert status(first) == "released"
        assert len(_transfers(stripe, deal.contract_id)) == 1
        assert _count(AuditLog, AuditLog.action == "milestone.auto_approved",
                      AuditLog.object_id == first) == 1


def _due_tomorrow(milestone_id: int) -> None:
    with session_scope() as session:
        row = session.get(Milestone, milestone_id)
        row.due_date = date.today() + timedelta(days=1)
        session.add(row)


def test_due_soon_reminders_go_out_once_even_from_two_workers(stripe):
    deal = make_contract("fixed")
    fund(stripe, deal)
    first, second = milestone_ids(deal)
    _due_tomorrow(first)
    _due_tomorrow(second)  # not funded yet: nothing to remind the VA of
    barrier = threading.Barrier(2)

    def worker() -> None:
        barrier.wait()
        milestone_sweep.run(utcnow())

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    milestone_sweep.run(utcnow())
    for user in (deal.va, deal.client):
        assert _count(Notification, Notification.user_id == user.id,
                      Notification.kind == "milestone_due_soon") == 1
    with session_scope() as session:
        assert session.get(Milestone, first).due_reminded_at is not None
        assert session.get(Milestone, second).due_reminded_at is None


def _session_status(stripe, checkout_id: str) -> str:
    with stripe.local.store.lock:
        return stripe.local.store.get("checkout.session", checkout_id)["status"]


def test_unpaid_checkouts_expire_after_the_setting(stripe):
    deal = make_contract("fixed")
    with session_scope() as session:
        funding.start_funding(session, actor=session.get(User, deal.client.id),
                              contract_id=deal.contract_id, return_base=BASE)
    with session_scope() as session:
        payment = session.exec(select(Payment).where(Payment.contract_id == deal.contract_id)).one()
    checkouts.run(utcnow() + timedelta(hours=23))
    assert _session_status(stripe, payment.stripe_checkout_id) == "open"
    done = checkouts.run(utcnow() + timedelta(hours=24, minutes=1))
    assert done["checkouts_expired"] >= 1
    assert _session_status(stripe, payment.stripe_checkout_id) == "expired"
    stripe.local.webhooks.drain(20)
    with session_scope() as session:
        assert session.get(Payment, payment.id).status == "expired"
    checkouts.run(utcnow() + timedelta(days=3))  # again: nothing more for this payment
    assert _count(AuditLog, AuditLog.action == "payment.expired",
                  AuditLog.object_id == payment.id) == 1
    with session_scope() as session:  # the client can start a fresh checkout
        url = funding.start_funding(session, actor=session.get(User, deal.client.id),
                                    contract_id=deal.contract_id, return_base=BASE)
    pay(stripe, url)
    with session_scope() as session:
        assert session.get(Milestone, milestone_ids(deal)[0]).status == "funded"


def test_cancelling_a_milestone_closes_the_checkout_that_would_fund_it(stripe):
    deal = make_contract("fixed")
    fund(stripe, deal)
    second = milestone_ids(deal)[1]
    with session_scope() as session:
        funding.start_milestone_funding(session, actor=session.get(User, deal.client.id),
                                        milestone_id=second, return_base=BASE)
    with session_scope() as session:
        payment = session.exec(select(Payment).where(Payment.milestone_id == second)).one()
    with session_scope() as session:
        milestones.cancel(session, actor=session.get(User, deal.client.id), milestone_id=second)
    assert status(second) == "cancelled"
    assert _session_status(stripe, payment.stripe_checkout_id) == "expired"
    with session_scope() as session:
        assert session.get(Payment, payment.id).status == "expired"
