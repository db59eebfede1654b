"""Hourly weeks through Stripe: an approved timesheet is charged off-session on the card the
client saved when the contract started, and released to the VA after the review window.

- `charge_week`: min(approved minutes, weekly cap × 60) × rate / 60 (rounded half up, in the
  contract's currency) on the saved card, idempotency key `hourly:<contract>:<iso-week>` (after a
  recorded decline the next attempt is `<key>#<n>`, since Stripe replays a key's decline). The
  charge is posted as a capture (`charge:<ch>` into the contract's escrow) and the week becomes
  `charged`. A declined card leaves the week `approved`, marks the payment failed, tells the
  client and raises `CardDeclined`.
- `release_due_weeks`: every charged week approved at least `HOURLY_REVIEW_DAYS` days ago (5 by
  default) is released: `release:timesheet:<id>` then a Transfer of gross − platform fee to the
  VA (`release:hourly:<timesheet>`), only when the VA's transfers are active.

Each step locks the contract row, then the timesheet row (SELECT … FOR UPDATE) and re-reads its
status, so concurrent runs charge and transfer once.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from vamarket import lifecycle
from vamarket.errors import NotFound, ServiceError
from vamarket.models import Contract, Payment, StripeAccount, Timesheet
from vamarket.models.base import utcnow
from vamarket.payments import common
from vamarket.payments.gateway import PaymentDeclined
from vamarket.payments.hourly_records import TimesheetMoney
from vamarket.payments.records import PaymentCharge, StripeCustomer
from vamarket.payments.runtime import get_gateway
from vamarket.services import audit, ledger, ledger_scheme, notifications
from vamarket.services.fees import percent_of
from vamarket.settings import get_settings


class HourlyChargeFailed(ServiceError):
    """The week could not be charged; it stays approved and unpaid."""

    key = "error.hourly_charge_failed"


class CardDeclined(HourlyChargeFailed):
    """The client's saved card was declined off-session; the client has been told."""

    key = "error.hourly_card_declined"


class NoSavedCard(HourlyChargeFailed):
    """The client has no saved card to charge."""

    key = "error.hourly_no_card"


def review_days() -> int:
    """HOURLY_REVIEW_DAYS (default 5, 0–60): the client's window to answer a submitted week."""
    return get_settings().hourly_review_days


def billable_minutes(contract: Contract, minutes: int) -> int:
    """The minutes that may be billed for a week: never above the weekly cap."""
    return max(0, min(minutes, contract.weekly_hour_cap * 60))


def hourly_amount(minutes: int, rate_minor: int) -> int:
    """minutes × hourly rate / 60 in minor units, rounded half up (integers only)."""
    return (minutes * rate_minor + 30) // 60


def week_key(contract_id: int, iso_week: str) -> str:
    """The idempotency key of a week's charge."""
    return f"hourly:{contract_id}:{iso_week}"


def lock_timesheet(session: Session, timesheet_id: int) -> tuple[Contract, Timesheet]:
    """The timesheet's contract and the timesheet, both locked (contract first)."""
    found = session.get(Timesheet, timesheet_id)
    if found is None:
        raise NotFound()
    contract = common.lock_contract(session, found.contract_id)
    return contract, common.lock(session, Timesheet, timesheet_id)  # type: ignore[return-value]


def _money(session: Session, timesheet_id: int) -> TimesheetMoney:
    row = session.get(TimesheetMoney, timesheet_id)
    if row is None:
        row = TimesheetMoney(timesheet_id=timesheet_id)
        session.add(row)
        session.flush()
    return row


def _attempt(session: Session, base_key: str, contract: Contract, timesheet: Timesheet,
             amount: int) -> Payment:
    """The Payment row of this charge: the unfinished attempt, else a new one (`#n` after a
    recorded failure)."""
    rows = session.exec(select(Payment).where(
        (col(Payment.idempotency_key) == base_key)
        | col(Payment.idempotency_key).startswith(f"{base_key}#"))
        .order_by(col(Payment.id))).all()
    if rows and rows[-1].status == "created" and rows[-1].amount_minor == amount:
        return rows[-1]
    key = base_key if not rows else f"{base_key}#{len(rows) + 1}"
    payment = Payment(contract_id=contract.id, timesheet_id=timesheet.id, purpose="hourly",
                      amount_minor=amount, currency=contract.currency, idempotency_key=key)
    session.add(payment)
    session.flush()
    return payment


def charge_week(session: Session, *, timesheet_id: int) -> Timesheet:
    """Charge an approved week on the client's saved card (see the module docstring).
    Charging a charged or released week again changes nothing."""
    contract, timesheet = lock_timesheet(session, timesheet_id)
    if timesheet.status in ("charged", "released"):
        return timesheet
    lifecycle.TIMESHEET.require(timesheet.status, "charge", lifecycle.SYSTEM)
    minutes = billable_minutes(contract, timesheet.approved_minutes)
    amount = hourly_amount(minutes, contract.rate_minor)
    money = _money(session, timesheet.id)
    if amount > 0:
        money.payment_id = _charge(session, contract=contract, timesheet=timesheet,
                                   amount=amount).id
    money.charged_minutes, money.amount_minor, money.charged_at = minutes, amount, utcnow()
    session.add(money)
    timesheet.status = lifecycle.TIMESHEET.require("approved", "charge", lifecycle.SYSTEM)
    session.add(timesheet)
    audit.record(session, actor_id=None, action="timesheet.charged", object_type="timesheet",
                 object_id=timesheet.id, contract_id=contract.id, minutes=minutes, amount=amount,
                 currency=contract.currency)
    notifications.notify(session, user_id=contract.client_id, kind="hourly_week_charged",
                         link=f"/contracts/{contract.id}", title=timesheet.iso_week)
    session.flush()
    return timesheet


def charge_disputed_share(session: Session, *, contract: Contract, timesheet: Timesheet,
                          amount: int) -> Payment:
    """Charge the part of a disputed week an admin released (both rows locked by the caller)
    on the saved card and note it on the week's money record; the rest is never charged.
    Raises `HourlyChargeFailed` (recorded, client told) when the card cannot be charged."""
    payment = _charge(session, contract=contract, timesheet=timesheet, amount=amount)
    money = _money(session, timesheet.id)
    money.payment_id, money.amount_minor, money.charged_at = payment.id, amount, utcnow()
    money.charged_minutes = min(timesheet.approved_minutes,
                                (amount * 60) // contract.rate_minor if contract.rate_minor else 0)
    session.add(money)
    return payment


def _charge(session: Session, *, contract: Contract, timesheet: Timesheet,
            amount: int) -> Payment:
    """The off-session charge and its capture posting; raises on a decline (recorded first)."""
    card = session.get(StripeCustomer, contract.client_id)
    if card is None or not card.payment_method_id:
        notifications.notify(session, user_id=contract.client_id, kind="hourly_card_missing",
                             link=f"/contracts/{contract.id}", title=timesheet.iso_week)
        session.flush()
        raise NoSavedCard()
    payment = _attempt(session, week_key(contract.id, timesheet.iso_week), contract, timesheet,
                       amount)
    gateway = get_gateway()
    try:
        with common.gateway_errors():
            intent = gateway.charge_saved_card(
                key=payment.idempotency_key, amount_minor=amount, currency=contract.currency,
                customer=card.customer_id, payment_method=card.payment_method_id,
                transfer_group=common.transfer_group(contract.id),
                metadata={"contract_id": str(contract.id), "timesheet_id": str(timesheet.id),
                          "iso_week": timesheet.iso_week, "purpose": "hourly"})
            info = gateway.charge_of_intent(intent)
    except PaymentDeclined as error:
        payment.status = lifecycle.PAYMENT.require(payment.status, "fail", lifecycle.SYSTEM)
        session.add(payment)
        audit.record(session, actor_id=None, action="timesheet.charge_declined",
                     object_type="timesheet", object_id=timesheet.id, contract_id=contract.id,
                     key=payment.idempotency_key, code=error.code)
        notifications.notify(session, user_id=contract.client_id, kind="hourly_charge_declined",
                             link=f"/contracts/{contract.id}", title=timesheet.iso_week)
        session.flush()
        raise CardDeclined(detail=str(error)) from error
    if info is None:
        raise HourlyChargeFailed()
    if session.get(PaymentCharge, payment.id) is None:
        session.add(PaymentCharge(payment_id=payment.id, charge_id=info.id,
                                  fee_minor=info.fee_minor))
    ledger.post_posting(session, ledger_scheme.charge_captured(
        contract_id=contract.id, charge_id=info.id, amount_minor=info.amount_minor,
        fee_minor=info.fee_minor, currency=info.currency))
    payment.stripe_payment_intent_id = intent
    payment.status = lifecycle.PAYMENT.require(payment.status, "pay", lifecycle.SYSTEM)
    payment.paid_at = utcnow()
    session.add(payment)
    session.flush()
    return payment


def release_week(session: Session, *, contract: Contract, timesheet: Timesheet) -> bool:
    """Release a charged week (both rows locked by the caller): post the release, Transfer
    gross − fee to the VA, post it. False (nothing done) when the VA cannot be paid yet."""
    if timesheet.status != "charged":
        return timesheet.status == "released"
    money = _money(session, timesheet.id)
    transfer_id = None
    if money.amount_minor > 0:
        account = session.get(StripeAccount, contract.va_id)
        if account is None or not account.transfers_active:
            return False
        charge = session.get(PaymentCharge, money.payment_id) if money.payment_id else None
        gross = money.amount_minor
        fee = percent_of(gross, contract.fee_percent)
        net = gross - fee
        ledger.post_posting(session, ledger_scheme.release(
            contract_id=contract.id, subject=f"timesheet:{timesheet.id}", va_id=contract.va_id,
            gross_minor=gross, platform_fee_minor=fee, currency=contract.currency))
        with common.gateway_errors():
            transfer_id = get_gateway().transfer(
                key=f"release:hourly:{timesheet.id}", amount_minor=net,
                currency=contract.currency, destination=account.stripe_account_id,
                transfer_group=common.transfer_group(contract.id),
                source_transaction=charge.charge_id if charge else None,
                metadata={"contract_id": str(contract.id), "timesheet_id": str(timesheet.id)})
        ledger.post_posting(session, ledger_scheme.transfer(
            contract_id=contract.id, transfer_id=transfer_id, va_id=contract.va_id,
            amount_minor=net, currency=contract.currency))
    money.transfer_id, money.released_at = transfer_id, utcnow()
    session.add(money)
    timesheet.status = lifecycle.TIMESHEET.require("charged", "release", lifecycle.SYSTEM)
    session.add(timesheet)
    audit.record(session, actor_id=None, action="timesheet.released", object_type="timesheet",
                 object_id=timesheet.id, contract_id=contract.id, transfer=transfer_id)
    notifications.notify(session, user_id=contract.va_id, kind="hourly_week_released",
                         link=f"/contracts/{contract.id}", title=timesheet.iso_week)
    session.flush()
    return True


def release_due_weeks(session: Session, *, now: datetime | None = None) -> int:
    """Release every charged week whose review window has passed; how many were released.
    Safe to run twice at once: each week is re-read under its row locks."""
    cutoff = (now or utcnow()) - timedelta(days=review_days())
    due = session.exec(select(Timesheet.id).where(
        Timesheet.status == "charged", col(Timesheet.approved_at).is_not(None),
        col(Timesheet.approved_at) <= cutoff).order_by(col(Timesheet.id))).all()
    done = 0
    for timesheet_id in due:
        contract, timesheet = lock_timesheet(session, timesheet_id)
        if timesheet.status == "charged" and release_week(session, contract=contract,
                                                           timesheet=timesheet):
            done += 1
    return done
