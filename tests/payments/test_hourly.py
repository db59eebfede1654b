"""Hourly weeks: time logged, submitted, approved, charged off-session on the saved card (cap
enforced, exact amount), released after the review window; a declined card; refusals; one
charge for one week however often it is tried."""

from __future__ import annotations

import dataclasses
import threading
import uuid
from datetime import date, timedelta

import pytest
from sqlmodel import select

from tests.payments.conftest import Deal, make_contract, make_user, pay
from tests.payments.helpers import BASE, onboard
from vamarket.db import session_scope
from vamarket.errors import InvalidInput, InvalidTransition, PermissionDenied
from vamarket.models import Contract, Notification, Payment, Timesheet, User
from vamarket.payments import funding, hourly
from vamarket.payments.gateway import to_stripe_amount
from vamarket.payments.hourly_records import TimesheetMoney
from vamarket.services import ledger, timesheets
from vamarket.services import ledger_accounts as acc
from vamarket.settings import get_settings

TODAY = date.today()
LAST_MONDAY = TODAY - timedelta(days=TODAY.weekday() + 7)
LAST_WEEK = timesheets.iso_week(LAST_MONDAY)
DECLINES_OFF_SESSION = "4000000000000341"  # saves fine, every later charge is declined


def test_amount_is_integer_and_rounded_half_up():
    assert hourly.hourly_amount(60, 75_000) == 75_000
    assert hourly.hourly_amount(1, 90) == 2      # 1.5 → 2
    assert hourly.hourly_amount(1, 89) == 1      # 1.48… → 1
    assert hourly.hourly_amount(1, 100) == 2     # 1.67 → 2
    assert hourly.hourly_amount(0, 75_000) == 0
    contract = Contract(job_id=1, quote_id=1, client_id=1, va_id=2, kind="hourly",
                        currency="IDR", rate_minor=75_000, weekly_hour_cap=10)
    assert hourly.billable_minutes(contract, 660) == 600
    assert hourly.billable_minutes(contract, 300) == 300


def _hourly_deal(stripe, card: str = "4242424242424242") -> Deal:
    deal = make_contract("hourly")
    with session_scope() as session:
        url = funding.start_funding(session, actor=session.get(User, deal.client.id),
                                    contract_id=deal.contract_id, return_base=BASE)
    pay(stripe, url, card)
    return deal


def _log(deal: Deal, day: date, minutes: int, who: User | None = None) -> None:
    with session_scope() as session:
        timesheets.log_time(session, actor=session.get(User, (who or deal.va).id),
                            contract_id=deal.contract_id, work_date=day, minutes=minutes,
                            description="Inbox and calendar", today=TODAY)


def _submitted_week(deal: Deal, minutes_per_day: list[int]) -> int:
    for offset, minutes in enumerate(minutes_per_day):
        _log(deal, LAST_MONDAY + timedelta(days=offset), minutes)
    with session_scope() as session:
        return timesheets.submit_week(session, actor=session.get(User, deal.va.id),
                                      contract_id=deal.contract_id, iso_week=LAST_WEEK).id


def _approve(deal: Deal, timesheet_id: int) -> str:
    with session_scope() as session:
        return timesheets.approve_week(session, actor=session.get(User, deal.client.id),
                                       timesheet_id=timesheet_id).status


def _week(timesheet_id: int) -> Timesheet:
    with session_scope() as session:
        return session.get(Timesheet, timesheet_id)


def _intents(stripe, timesheet_id: int) -> list[dict]:
    with stripe.local.store.lock:
        return [pi for pi in stripe.local.store.all("payment_intent")
                if pi["metadata"].get("timesheet_id") == str(timesheet_id)]


def _transfers(stripe, contract_id: int) -> list[dict]:
    with stripe.local.store.lock:
        return list(stripe.local.store.all("transfer", transfer_group=f"contract_{contract_id}"))


def _kinds(user_id: int) -> list[str]:
    with session_scope() as session:
        return list(session.exec(select(Notification.kind).where(
            Notification.user_id == user_id)).all())


def test_week_logged_submitted_approved_charged_then_released_after_the_window(stripe):
    deal = _hourly_deal(stripe)
    onboard(stripe, deal)
    failed_before = stripe.local.webhooks.stats["failed_attempts"]
    with session_scope() as session:
        contract = session.get(Contract, deal.contract_id)
        rate, cap, fee_percent = contract.rate_minor, contract.weekly_hour_cap, contract.fee_percent
    assert (rate, cap) == (75_000, 10)
    # 6 × 110 = 660 minutes logged, over the 10-hour cap; this week's entry stays open
    timesheet_id = _submitted_week(deal, [110] * 6)
    _log(deal, TODAY, 30)
    week = _week(timesheet_id)
    assert (week.status, week.approved_minutes) == ("submitted", 600)
    assert "timesheet_submitted" in _kinds(deal.client.id)

    assert _approve(deal, timesheet_id) == "charged"
    amount = 600 * rate // 60
    assert amount == 750_000
    [intent] = _intents(stripe, timesheet_id)
    assert intent["amount"] == to_stripe_amount(amount, "IDR")
    assert intent["status"] == "succeeded"
    with session_scope() as session:
        money = session.get(TimesheetMoney, timesheet_id)
        assert (money.charged_minutes, money.amount_minor) == (600, amount)
        payment = session.get(Payment, money.payment_id)
        assert (payment.status, payment.purpose) == ("paid", "hourly")
        assert payment.idempotency_key == f"hourly:{deal.contract_id}:{LAST_WEEK}"
        assert ledger.held(session, acc.escrow(deal.contract_id), "IDR") == amount
    assert "hourly_week_charged" in _kinds(deal.client.id)

    approved_at = _week(timesheet_id).approved_at
    with session_scope() as session:  # the review window is still running: nothing moves
        assert hourly.release_due_weeks(session, now=approved_at + timedelta(days=4)) == 0
    assert _week(timesheet_id).status == "charged"
    assert _transfers(stripe, deal.contract_id) == []

    with session_scope() as session:
        assert hourly.release_due_weeks(
            session, now=approved_at + timedelta(days=5, seconds=1)) >= 1
    assert _week(timesheet_id).status == "released"
    fee = (amount * fee_percent * 2 + 100) // 200
    [transfer] = _transfers(stripe, deal.contract_id)
    assert transfer["amount"] == to_stripe_amount(amount - fee, "IDR")
    assert transfer["source_transaction"].startswith("ch_")
    with session_scope() as session:
        assert ledger.held(session, acc.escrow(deal.contract_id), "IDR") == 0
        assert ledger.balance(session, acc.va_payable(deal.va.id), "IDR") == 0
        assert hourly.release_due_weeks(session, now=approved_at + timedelta(days=30)) == 0
    assert len(_transfers(stripe, deal.contract_id)) == 1
    assert "hourly_week_released" in _kinds(deal.va.id)
    stripe.local.webhooks.drain(20)  # the charge's and transfer's events are accepted
    assert stripe.local.webhooks.stats["failed_attempts"] == failed_before


def test_review_window_is_a_setting(stripe, monkeypatch):
    deal = _hourly_deal(stripe)
    onboard(stripe, deal)
    timesheet_id = _submitted_week(deal, [60])
    assert _approve(deal, timesheet_id) == "charged"
    approved_at = _week(timesheet_id).approved_at
    settings = dataclasses.replace(get_settings(), hourly_review_days=1)  # HOURLY_REVIEW_DAYS=1
    monkeypatch.setattr(hourly, "get_settings", lambda: settings)
    with session_scope() as session:
        hourly.release_due_weeks(session, now=approved_at + timedelta(days=1, seconds=1))
    assert _week(timesheet_id).status == "released"


def test_declined_saved_card_leaves_the_week_approved_and_unpaid(stripe):
    deal = _hourly_deal(stripe, DECLINES_OFF_SESSION)
    timesheet_id = _submitted_week(deal, [120, 90])
    assert _approve(deal, timesheet_id) == "approved"
    with session_scope() as session:
        payments = session.exec(select(Payment).where(
            Payment.timesheet_id == timesheet_id)).all()
        assert [p.status for p in payments] == ["failed"]
        assert ledger.held(session, acc.escrow(deal.contract_id), "IDR") == 0
        money = session.get(TimesheetMoney, timesheet_id)
        assert money is None or money.charged_at is None
    assert "hourly_charge_declined" in _kinds(deal.client.id)
    with session_scope() as session, pytest.raises(hourly.CardDeclined):
        hourly.charge_week(session, timesheet_id=timesheet_id)
    assert _week(timesheet_id).status == "approved"
    assert all(pi["status"] != "succeeded" for pi in _intents(stripe, timesheet_id))
    assert _approve(deal, timesheet_id) == "approved"  # approving again changes nothing


def test_charging_twice_makes_one_charge(stripe):
    deal = _hourly_deal(stripe)
    timesheet_id = _submitted_week(deal, [45, 45])

    class Crash(Exception):
        pass

    # Stripe charges, then our transaction is lost: the retry reuses the same key
    with pytest.raises(Crash), session_scope() as session:
        timesheets.approve_week(session, actor=session.get(User, deal.client.id),
                                timesheet_id=timesheet_id)
        raise Crash()
    assert _week(timesheet_id).status == "submitted"
    assert len(_intents(stripe, timesheet_id)) == 1
    assert _approve(deal, timesheet_id) == "charged"
    with session_scope() as session:
        hourly.charge_week(session, timesheet_id=timesheet_id)
    intents = _intents(stripe, timesheet_id)
    assert len(intents) == 1
    assert intents[0]["amount"] == to_stripe_amount(90 * 75_000 // 60, "IDR")
    with session_scope() as session:
        assert ledger.held(session, acc.escrow(deal.contract_id), "IDR") == 112_500


def test_two_release_runs_at_once_make_one_transfer(stripe):
    deal = _hourly_deal(stripe)
    onboard(stripe, deal)
    timesheet_id = _submitted_week(deal, [60, 60])
    assert _approve(deal, timesheet_id) == "charged"
    later = _week(timesheet_id).approved_at + timedelta(days=6)
    barrier, errors = threading.Barrier(2), []

    def run() -> None:
        barrier.wait()
        try:
            with session_scope() as session:
                hourly.release_due_weeks(session, now=later)
        except Exception as exc:  # noqa: BLE001 - collected and checked below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert _week(timesheet_id).status == "released"
    assert len(_transfers(stripe, deal.contract_id)) == 1


def test_refusals(stripe):
    deal = _hourly_deal(stripe)
    stranger = make_user(email=f"{uuid.uuid4().hex[:8]}@example.com", is_va=True)
    with pytest.raises(PermissionDenied):
        _log(deal, LAST_MONDAY, 60, who=stranger)
    with pytest.raises(PermissionDenied):
        _log(deal, LAST_MONDAY, 60, who=deal.client)
    for minutes in (0, 1441, -5):
        with pytest.raises(InvalidInput):
            _log(deal, LAST_MONDAY, minutes)
    with session_scope() as session, pytest.raises(InvalidInput):
        timesheets.log_time(session, actor=session.get(User, deal.va.id),
                            contract_id=deal.contract_id, work_date=LAST_MONDAY, minutes=30,
                            description="   ", today=TODAY)
    with pytest.raises(InvalidInput):  # a future week
        _log(deal, TODAY + timedelta(days=7), 60)
    _log(deal, LAST_MONDAY, 1000)
    with pytest.raises(InvalidInput):  # more than 24 hours in one day
        _log(deal, LAST_MONDAY, 500)
    with session_scope() as session, pytest.raises(PermissionDenied):
        timesheets.submit_week(session, actor=session.get(User, stranger.id),
                               contract_id=deal.contract_id, iso_week=LAST_WEEK)
    with session_scope() as session:
        timesheet_id = timesheets.submit_week(session, actor=session.get(User, deal.va.id),
                                              contract_id=deal.contract_id,
                                              iso_week=LAST_WEEK).id
    with pytest.raises(InvalidTransition):  # the week is no longer open
        _log(deal, LAST_MONDAY + timedelta(days=1), 60)
    for who in (deal.va, stranger):  # the VA cannot approve their own week
        with session_scope() as session, pytest.raises(PermissionDenied):
            timesheets.approve_week(session, actor=session.get(User, who.id),
                                    timesheet_id=timesheet_id)
    assert _week(timesheet_id).status == "submitted"
    with session_scope() as session, pytest.raises(InvalidTransition):
        hourly.charge_week(session, timesheet_id=timesheet_id)  # not approved yet
    pending = make_contract("hourly")  # no card saved yet: not active
    with pytest.raises(InvalidTransition):
        _log(pending, LAST_MONDAY, 60)
