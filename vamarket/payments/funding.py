"""Funding a contract through Stripe Checkout: the down payment, the pilot, each further
milestone, and the saved card of an hourly contract.

The browser's return from Checkout proves nothing: a payment counts only when its webhook
arrives (`record_capture`, called from webhooks.py), which posts the charge to the ledger, funds
the milestones and activates the contract. Checkout Sessions carry our ids in metadata and an
idempotency key built from them (`deposit:<contract>`, `pilot:<contract>`, `fund:<milestone>`,
`hourly-setup:<contract>`; after an expired checkout the next attempt is `<key>#<n>`).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from vamarket import lifecycle
from vamarket.errors import InvalidTransition, NotFound, PermissionDenied
from vamarket.models import Contract, Milestone, Payment, User
from vamarket.models.base import utcnow
from vamarket.payments import common
from vamarket.payments.errors import NothingToFund
from vamarket.payments.records import MilestoneMoney, PaymentCharge, StripeCustomer
from vamarket.payments.runtime import get_gateway
from vamarket.services import audit, ledger, ledger_scheme, pilot
from vamarket.services.contracts import contract_milestones, down_payment_due

REUSABLE = ("created", "checkout_open", "failed")


def start_funding(session: Session, *, actor: User, contract_id: int, return_base: str) -> str:
    """The Checkout URL for what the client owes to start (or continue) the contract: the down
    payment of a fixed contract, the pilot of a pilot-first one, the card of an hourly one, or
    the next milestone of an active contract. A second call while a checkout is open returns it."""
    contract = common.lock_contract(session, contract_id)
    if contract.client_id != actor.id:
        raise PermissionDenied()
    planned = [m for m in contract_milestones(session, contract.id) if m.status == "planned"]
    if contract.status == "active" and contract.kind == "pilot_first":
        planned = pilot.fundable_after_pilot(contract, planned)
        if planned and pilot.deposit_due(session, contract):
            return _checkout(session, actor=actor, contract=contract,
                             milestones=_covering(planned, down_payment_due(contract)),
                             purpose="deposit", base_key=f"deposit:{contract.id}",
                             return_base=return_base)
    if contract.status == "active" and contract.kind != "hourly":
        if not planned:
            raise NothingToFund()
        return _checkout(session, actor=actor, contract=contract, milestones=planned[:1],
                         purpose="milestone", base_key=f"fund:{planned[0].id}",
                         return_base=return_base)
    if contract.status != "pending_funding":
        raise InvalidTransition("error.contract_not_fundable")
    if contract.kind == "hourly":
        return _setup_checkout(session, actor=actor, contract=contract, return_base=return_base)
    if contract.kind == "pilot_first":
        chosen = [m for m in planned if m.is_pilot][:1]
        purpose, key = "pilot", f"pilot:{contract.id}"
    else:
        chosen = _covering(planned, down_payment_due(contract))
        purpose, key = "deposit", f"deposit:{contract.id}"
    if not chosen:
        raise NothingToFund()
    return _checkout(session, actor=actor, contract=contract, milestones=chosen, purpose=purpose,
                     base_key=key, return_base=return_base)


def start_milestone_funding(session: Session, *, actor: User, milestone_id: int,
                            return_base: str) -> str:
    """The Checkout URL funding one planned milestone of an active contract (`fund:<id>`)."""
    found = session.get(Milestone, milestone_id)
    if found is None:
        raise NotFound()
    contract = common.lock_contract(session, found.contract_id)
    if contract.client_id != actor.id:
        raise PermissionDenied()
    milestone = common.lock_milestone(session, milestone_id)
    if contract.status != "active" or milestone.status != "planned":
        raise InvalidTransition("error.milestone_not_fundable")
    pilot.require_milestone_funding(session, contract)
    return _checkout(session, actor=actor, contract=contract, milestones=[milestone],
                     purpose="milestone", base_key=f"fund:{milestone.id}", return_base=return_base)


def _covering(planned: list[Milestone], due: int) -> list[Milestone]:
    """The first milestones whose sum reaches `due` (the down payment funds whole milestones)."""
    chosen, total = [], 0
    for milestone in planned:
        if total >= due and chosen:
            break
        chosen.append(milestone)
        total += milestone.amount_minor
    return chosen


def _urls(return_base: str, contract_id: int) -> tuple[str, str]:
    base = f"{return_base.rstrip('/')}/contracts/{contract_id}"
    return f"{base}?paid=1", f"{base}?cancelled=1"


def _attempt(session: Session, base_key: str) -> tuple[str, Payment | None]:
    """The key and Payment row to use: the open (or declined) attempt, else a fresh key."""
    rows = session.exec(select(Payment).where(
        (col(Payment.idempotency_key) == base_key)
        | col(Payment.idempotency_key).startswith(f"{base_key}#"))
        .order_by(col(Payment.id))).all()
    if rows and rows[-1].status in REUSABLE:
        return rows[-1].idempotency_key, rows[-1]
    if rows and rows[-1].status == "paid":
        raise NothingToFund()
    return (base_key if not rows else f"{base_key}#{len(rows) + 1}"), None


def _checkout(session: Session, *, actor: User, contract: Contract, milestones: list[Milestone],
              purpose: str, base_key: str, return_base: str) -> str:
    key, payment = _attempt(session, base_key)
    amount = sum(m.amount_minor for m in milestones)
    if payment is None:
        payment = Payment(contract_id=contract.id, purpose=purpose, amount_minor=amount,
                          currency=contract.currency, idempotency_key=key,
                          milestone_id=milestones[0].id if len(milestones) == 1 else None)
        session.add(payment)
        session.flush()
    metadata = {"payment_key": key, "contract_id": str(contract.id), "purpose": purpose,
                "milestones": ",".join(str(m.id) for m in milestones)}
    success, cancel = _urls(return_base, contract.id)
    with common.gateway_errors():
        checkout = get_gateway().checkout_payment(
            key=key, amount_minor=payment.amount_minor, currency=contract.currency,
            name=f"{purpose} #{contract.id}", customer=None,
            transfer_group=common.transfer_group(contract.id), metadata=metadata,
            success_url=success, cancel_url=cancel)
    payment.stripe_checkout_id = checkout.id
    if payment.status == "created":
        payment.status = lifecycle.PAYMENT.require("created", "open_checkout", lifecycle.SYSTEM)
    session.add(payment)
    audit.record(session, actor_id=actor.id, action="payment.checkout", object_type="payment",
                 object_id=payment.id, contract_id=contract.id, key=key, amount=amount)
    session.flush()
    return checkout.url


def ensure_customer(session: Session, user: User) -> StripeCustomer:
    """The client's Stripe customer, made once (`customer:<user>`)."""
    row = session.get(StripeCustomer, user.id)
    if row is None:
        with common.gateway_errors():
            customer = get_gateway().create_customer(key=f"customer:{user.id}", email=user.email,
                                                     user_id=user.id)
        row = StripeCustomer(user_id=user.id, customer_id=customer)
        session.add(row)
        session.flush()
    return row


def _setup_checkout(session: Session, *, actor: User, contract: Contract,
                    return_base: str) -> str:
    customer = ensure_customer(session, actor)
    success, cancel = _urls(return_base, contract.id)
    with common.gateway_errors():
        checkout = get_gateway().checkout_setup(
            key=f"hourly-setup:{contract.id}", customer=customer.customer_id,
            currency=contract.currency, success_url=success, cancel_url=cancel,
            metadata={"contract_id": str(contract.id), "purpose": "hourly_setup"})
    audit.record(session, actor_id=actor.id, action="payment.card_setup", object_type="contract",
                 object_id=contract.id, contract_id=contract.id)
    return checkout.url


def payment_by_key(session: Session, key: str | None) -> Payment | None:
    """Our Payment row named by a checkout's `payment_key` metadata."""
    if not key:
        return None
    return session.exec(select(Payment).where(Payment.idempotency_key == key)).first()


_PAYMENTS = Payment.__table__
_CHARGES = PaymentCharge.__table__
_CONTRACTS = Contract.__table__
_MILESTONES = Milestone.__table__
_MONEY = MilestoneMoney.__table__

# The capture's statements, built once. A capture is the first of three webhooks announcing
# each payment and the busiest write path of the app, so it uses Core statements on the
# session's connection: no ORM objects are loaded or flushed, and nothing is left in the session.
_LOCK_CONTRACT = (sa.select(_CONTRACTS.c.status).where(_CONTRACTS.c.id == sa.bindparam("id"))
                  .with_for_update())
_LOCK_PAYMENT = (
    sa.select(_PAYMENTS.c.status, _PAYMENTS.c.purpose, _PAYMENTS.c.amount_minor,
              _PAYMENTS.c.currency, _PAYMENTS.c.milestone_id,
              _PAYMENTS.c.stripe_payment_intent_id, _CHARGES.c.charge_id)
    .select_from(_PAYMENTS.outerjoin(_CHARGES, _CHARGES.c.payment_id == _PAYMENTS.c.id))
    .where(_PAYMENTS.c.id == sa.bindparam("id")).with_for_update(of=_PAYMENTS))
_INSERT_CHARGE = _CHARGES.insert()
_SET_INTENT = (_PAYMENTS.update().where(_PAYMENTS.c.id == sa.bindparam("payment"))
               .values(stripe_payment_intent_id=sa.bindparam("intent")))
_SET_PAID = (_PAYMENTS.update().where(_PAYMENTS.c.id == sa.bindparam("payment"))
             .values(stripe_payment_intent_id=sa.bindparam("intent"),
                     status=sa.bindparam("to_status"), paid_at=sa.bindparam("at")))
_LOCK_MILESTONES = (
    sa.select(_MILESTONES.c.id, _MILESTONES.c.status,
              _MONEY.c.milestone_id.label("money_row"), _MONEY.c.payment_id)
    .select_from(_MILESTONES.outerjoin(_MONEY, _MONEY.c.milestone_id == _MILESTONES.c.id))
    .where(_MILESTONES.c.id.in_(sa.bindparam("ids", expanding=True)))
    .order_by(_MILESTONES.c.id).with_for_update(of=_MILESTONES))
_SET_MILESTONES = (_MILESTONES.update()
                   .where(_MILESTONES.c.id.in_(sa.bindparam("ids", expanding=True)))
                   .values(status=sa.bindparam("to_status")))
_INSERT_MONEY = _MONEY.insert()
_SET_MONEY_PAYMENT = (_MONEY.update()
                      .where(_MONEY.c.milestone_id.in_(sa.bindparam("ids", expanding=True)),
                             _MONEY.c.payment_id.is_(None))
                      .values(payment_id=sa.bindparam("payment")))
_SET_CONTRACT = (_CONTRACTS.update().where(_CONTRACTS.c.id == sa.bindparam("contract"))
                 .values(status=sa.bindparam("to_status")))


def record_capture(session: Session, *, payment_id: int, contract_id: int, charged: bool,
                   payment_intent: str, milestone_ids: list[int],
                   charge_event: dict[str, Any] | None = None) -> bool:
    """The webhook said payment `payment_id` was paid: post the charge (once), mark the payment
    paid, fund its milestones, activate the contract. Idempotent; False when Stripe has no
    charge yet.

    `charged` is whether the payment's charge row existed when the caller read it (checked
    again under the locks). `charge_event` is the charge a `charge.succeeded` event carries:
    then only the fee is read from Stripe. Locks: the contract, then the payment, then the
    milestones in id order."""
    info = None
    if not charged:
        # Asked before taking any lock: the answer does not depend on our rows, and a slow
        # Stripe would otherwise hold up every other event of this contract.
        gateway = get_gateway()
        with common.gateway_errors():
            if charge_event is not None:
                info = gateway.charge_of_event(charge_event)
            if info is None:
                info = gateway.charge_of_intent(payment_intent)
        if info is None:
            return False
    connection = session.connection()
    contract_status = connection.execute(_LOCK_CONTRACT, {"id": contract_id}).scalar()
    # The payment is read after the contract's lock, which every writer of the charge row
    # holds: this statement's snapshot already sees a charge a concurrent capture committed.
    payment = connection.execute(_LOCK_PAYMENT, {"id": payment_id}).first()
    if contract_status is None or payment is None:
        raise NotFound()
    if info is not None and payment.charge_id is None:
        connection.execute(_INSERT_CHARGE, {"payment_id": payment_id, "charge_id": info.id,
                                            "fee_minor": info.fee_minor})
        ledger.post_posting(session, ledger_scheme.charge_captured(
            contract_id=contract_id, charge_id=info.id, amount_minor=info.amount_minor,
            fee_minor=info.fee_minor, currency=info.currency))
    if payment.status in REUSABLE:
        connection.execute(_SET_PAID, {
            "payment": payment_id, "intent": payment_intent, "at": utcnow(),
            "to_status": lifecycle.PAYMENT.require(payment.status, "pay", lifecycle.SYSTEM)})
        audit.record_now(session, actor_id=None, action="payment.captured",
                         object_type="payment", object_id=payment_id, contract_id=contract_id,
                         purpose=payment.purpose, amount=payment.amount_minor,
                         currency=payment.currency)
    elif payment.stripe_payment_intent_id != payment_intent:
        connection.execute(_SET_INTENT, {"payment": payment_id, "intent": payment_intent})
    _fund_milestones(connection, payment_id, milestone_ids or (
        [payment.milestone_id] if payment.milestone_id else []))
    if contract_status == "pending_funding":
        connection.execute(_SET_CONTRACT, {"contract": contract_id, "to_status": (
            lifecycle.CONTRACT.require(contract_status, "fund", lifecycle.SYSTEM))})
    return True


def _fund_milestones(connection: sa.Connection, payment_id: int, milestone_ids: list[int]) -> None:
    """Lock the milestones (one statement, id order; NotFound when one is missing), record the
    payment on their money rows where none is recorded, and fund the planned ones."""
    if not milestone_ids:
        return
    rows = connection.execute(_LOCK_MILESTONES, {"ids": milestone_ids}).all()
    if len(rows) != len(set(milestone_ids)):
        raise NotFound()
    planned = [row.id for row in rows if row.status == "planned"]
    if planned:
        connection.execute(_SET_MILESTONES, {"ids": planned, "to_status": (
            lifecycle.MILESTONE.require("planned", "fund", lifecycle.SYSTEM))})
    missing = [row.id for row in rows if row.money_row is None]
    if missing:
        connection.execute(_INSERT_MONEY, [{"milestone_id": milestone_id, "payment_id": payment_id}
                                           for milestone_id in missing])
    unpaid = [row.id for row in rows if row.money_row is not None and row.payment_id is None]
    if unpaid:
        connection.execute(_SET_MONEY_PAYMENT, {"ids": unpaid, "payment": payment_id})


def record_failure(session: Session, *, payment: Payment, expired: bool) -> None:
    """A declined attempt or an expired checkout: the payment says so, the contract is as it was."""
    payment = common.lock_payment(session, payment.id)
    event = "expire" if expired else "fail"
    if event in lifecycle.PAYMENT.allowed(payment.status, lifecycle.SYSTEM):
        payment.status = lifecycle.PAYMENT.require(payment.status, event, lifecycle.SYSTEM)
        session.add(payment)
        session.flush()


def record_card_saved(session: Session, *, contract_id: int, setup_intent: str) -> None:
    """A setup-mode checkout saved the client's card: keep it and start the hourly contract."""
    contract = common.lock_contract(session, contract_id)
    with common.gateway_errors():
        customer_id, method = get_gateway().saved_card(setup_intent)
    row = session.get(StripeCustomer, contract.client_id)
    if row is None:
        row = StripeCustomer(user_id=contract.client_id, customer_id=customer_id)
    row.payment_method_id, row.updated_at = method, utcnow()
    session.add(row)
    if contract.status == "pending_funding":
        contract.status = lifecycle.CONTRACT.require(contract.status, "fund", lifecycle.SYSTEM)
        session.add(contract)
    session.flush()


def payment_view(session: Session, *, actor: User, contract_id: int):
    """The contract's money as its parties see it (see reports.payment_view)."""
    from vamarket.payments.reports import payment_view as view
    return view(session, actor=actor, contract_id=contract_id)
