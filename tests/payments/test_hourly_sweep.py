"""The hourly sweep against the local Stripe-compatible server: an ended week is submitted,
silence approves it after the review window and the saved card is charged, the money is released
to the VA after the window; running the sweep again changes nothing; two workers sweeping at once
charge each week once; a declined card is not charged again and again."""

from __future__ import annotations

import threading
from datetime import date, timedelta

from sqlmodel import select

from tests.payments.conftest import Deal, make_contract, pay
from tests.payments.helpers import BASE, onboard
from vamarket import sweep
from vamarket.db import session_scope
from vamarket.models import Payment, Timesheet, User
from vamarket.models.base import utcnow
from vamarket.payments import funding
from vamarket.payments.gateway import to_stripe_amount
from vamarket.services import ledger, timesheets
from vamarket.services import ledger_accounts as acc
from vamarket.sweep import hourly as sweep_hourly

TODAY = date.today()
LAST_MONDAY = TODAY - timedelta(days=TODAY.weekday() + 7)
LAST_WEEK = timesheets.iso_week(LAST_MONDAY)
WINDOW = timedelta(days=5)  # HOURLY_REVIEW_DAYS by default
NOTHING = {"submitted": 0, "approved": 0, "released": 0}


def _hourly_deal(stripe, card: str = "4242424242424242") -> Deal:
    deal = make_contract("hourly")
    with session_scope() as session:
        url = funding.start_funding(session, actor=session.get(User, deal.client.id),
                                    contract_id=deal.contract_id, return_base=BASE)
    pay(stripe, url, card)
    return deal


def _log_last_week(deal: Deal, minutes_per_day: list[int]) -> None:
    for offset, minutes in enumerate(minutes_per_day):
        with session_scope() as session:
            timesheets.log_time(session, actor=session.get(User, deal.va.id),
                                contract_id=deal.contract_id,
                                work_date=LAST_MONDAY + timedelta(days=offset), minutes=minutes,
                                description="Calendar and travel bookings", today=TODAY)


def _week(deal: Deal) -> Timesheet:
    with session_scope() as session:
        return session.exec(select(Timesheet).where(Timesheet.contract_id == deal.contract_id,
                                                    Timesheet.iso_week == LAST_WEEK)).one()


def _intents(stripe, timesheet_id: int) -> list[dict]:
    with stripe.local.store.lock:
        return [pi for pi in stripe.local.store.all("payment_intent")
                if pi["metadata"].get("timesheet_id") == str(timesheet_id)]


def _transfers(stripe, contract_id: int) -> list[dict]:
    with stripe.local.store.lock:
        return list(stripe.local.store.all("transfer", transfer_group=f"contract_{contract_id}"))


def _hourly_counts(counts: dict[str, int]) -> dict[str, int]:
    return {name.split(".", 1)[1]: n for name, n in counts.items() if name.startswith("hourly.")}


def test_sweep_submits_approves_charges_then_releases_a_week(stripe):
    deal = _hourly_deal(stripe)
    onboard(stripe, deal)
    _log_last_week(deal, [120, 150, 90])  # 6 hours, under the 10-hour cap
    start = utcnow()

    assert sweep_hourly.run(start)["submitted"] >= 1  # last week has ended (the VA is on UTC)
    week = _week(deal)
    assert (week.status, week.approved_minutes, week.submitted_at) == ("submitted", 360, start)

    sweep_hourly.run(start + WINDOW - timedelta(seconds=1))  # the client may still answer
    assert _week(deal).status == "submitted"
    assert _intents(stripe, week.id) == []

    approved_at = start + WINDOW
    assert sweep_hourly.run(approved_at)["approved"] >= 1  # silence approves
    week = _week(deal)
    assert (week.status, week.approved_at) == ("charged", approved_at)
    amount = 360 * 75_000 // 60
    [intent] = _intents(stripe, week.id)
    assert (intent["amount"], intent["status"]) == (to_stripe_amount(amount, "IDR"), "succeeded")
    with session_scope() as session:
        assert ledger.held(session, acc.escrow(deal.contract_id), "IDR") == amount

    sweep_hourly.run(approved_at + WINDOW - timedelta(seconds=1))  # held during the window
    assert _week(deal).status == "charged"
    assert _transfers(stripe, deal.contract_id) == []

    later = approved_at + WINDOW
    assert _hourly_counts(sweep.run_once(later))["released"] >= 1
    assert _week(deal).status == "released"
    [transfer] = _transfers(stripe, deal.contract_id)
    assert transfer["amount"] == to_stripe_amount(amount - amount // 10, "IDR")
    with session_scope() as session:
        assert ledger.held(session, acc.escrow(deal.contract_id), "IDR") == 0

    # the same run again, and later ones, change nothing
    assert _hourly_counts(sweep.run_once(later)) == NOTHING
    assert sweep_hourly.run(later + timedelta(days=30)) == NOTHING
    assert (len(_intents(stripe, week.id)), len(_transfers(stripe, deal.contract_id))) == (1, 1)
    assert _week(deal).status == "released"


def test_two_workers_at_once_charge_each_week_once(stripe):
    deals = [_hourly_deal(stripe) for _ in range(3)]
    for deal in deals:
        _log_last_week(deal, [60, 45])
        with session_scope() as session:
            timesheets.submit_week(session, actor=session.get(User, deal.va.id),
                                   contract_id=deal.contract_id, iso_week=LAST_WEEK)
    due = max(_week(d).submitted_at for d in deals) + WINDOW
    barrier, results, errors = threading.Barrier(2), [], []

    def worker() -> None:
        barrier.wait()
        try:
            results.append(sweep_hourly.run(due))
        except Exception as exc:  # noqa: BLE001 - collected and checked below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sum(r["approved"] for r in results) == len(deals)  # each week by one worker only
    for deal in deals:
        week = _week(deal)
        assert week.status == "charged"
        [intent] = _intents(stripe, week.id)
        assert intent["amount"] == to_stripe_amount(105 * 75_000 // 60, "IDR")
    assert sweep_hourly.run(due) == NOTHING


def test_a_declined_card_is_not_charged_again_by_every_run(stripe):
    deal = _hourly_deal(stripe, "4000000000000341")  # saves fine, declines off-session
    _log_last_week(deal, [60])
    start = utcnow()
    sweep_hourly.run(start)
    for days in (5, 6, 7):
        sweep_hourly.run(start + timedelta(days=days))
    week = _week(deal)
    assert week.status == "approved"  # approved, unpaid: the client was told to act
    with session_scope() as session:
        payments = session.exec(select(Payment).where(Payment.timesheet_id == week.id)).all()
        assert [p.status for p in payments] == ["failed"]


def test_a_charged_week_waits_for_the_vas_payouts_then_is_released(stripe):
    deal = _hourly_deal(stripe)
    _log_last_week(deal, [30])
    start = utcnow()
    sweep_hourly.run(start)
    sweep_hourly.run(start + WINDOW)
    assert _week(deal).status == "charged"
    assert sweep_hourly.run(start + 2 * WINDOW)["released"] == 0  # no payout account yet
    assert _week(deal).status == "charged"
    onboard(stripe, deal)
    assert sweep_hourly.run(start + 2 * WINDOW)["released"] >= 1
    assert _week(deal).status == "released"
    assert len(_transfers(stripe, deal.contract_id)) == 1
