"""Refunds of held money: a milestone refunded by an admin (or because its contract was
cancelled) goes back to the client through Stripe (`refund:<payment>:<n>`). After a release the
Transfer is reversed first (`reverse:<milestone>`) and the release posting mirrored, then the
money is refunded. A contract not funded yet is simply cancelled."""

from __future__ import annotations

from contextlib import suppress

from sqlmodel import Session, func, select

from vamarket import lifecycle
from vamarket.errors import InvalidTransition, PermissionDenied
from vamarket.models import Contract, Dispute, LedgerTransaction, Milestone, Payment, User
from vamarket.models.base import utcnow
from vamarket.payments import common
from vamarket.payments.errors import PaymentRefused, PaymentServiceDown
from vamarket.payments.runtime import get_gateway
from vamarket.services import audit, ledger, ledger_scheme
from vamarket.services.accounts import is_admin
from vamarket.services.contracts import contract_milestones
from vamarket.services.fees import percent_of

UNRELEASED = ("funded", "submitted", "revision_requested", "approved")


def refund_milestone(session: Session, *, actor: User, milestone_id: int, reason: str) -> Payment:
    """An admin refunds a milestone's money to the client (reversing its release first when it
    was released). Returns the payment refunded from."""
    if not is_admin(actor):
        raise PermissionDenied()
    found = session.get(Milestone, milestone_id)
    if found is None:
        raise PermissionDenied()
    contract = common.lock_contract(session, found.contract_id)
    milestone = common.lock_milestone(session, milestone_id)
    return refund(session, contract=contract, milestone=milestone, role=lifecycle.ADMIN,
                  actor_id=actor.id, reason=reason)


def _split_by_dispute(session: Session, milestone_id: int) -> bool:
    """True when an admin already split this milestone's money in a dispute."""
    return session.exec(select(Dispute.id).where(Dispute.milestone_id == milestone_id,
                                                 Dispute.status == "resolved")).first() is not None


def _next_n(session: Session, payment_id: int) -> int:
    count = session.exec(select(func.count()).select_from(LedgerTransaction).where(
        LedgerTransaction.reference.startswith(f"refund_due:{payment_id}:"))).one()
    return int(count) + 1


def refund(session: Session, *, contract: Contract, milestone: Milestone, role: str,
           actor_id: int | None, reason: str) -> Payment:
    """Refund one milestone (contract and milestone rows locked by the caller)."""
    if milestone.status == "disputed":
        raise InvalidTransition("error.milestone_frozen")
    if milestone.status == "released" and _split_by_dispute(session, milestone.id):
        raise InvalidTransition("error.milestone_settled_by_dispute")
    target = lifecycle.MILESTONE.require(milestone.status, "refund", role)
    money = common.money_of(session, milestone.id)
    if money.payment_id is None:
        raise InvalidTransition("error.milestone_not_funded")
    payment = common.lock_payment(session, money.payment_id)
    gateway, cur, amount = get_gateway(), contract.currency, milestone.amount_minor
    if milestone.status == "released" and money.transfer_id:
        net = amount - percent_of(amount, contract.fee_percent)
        with common.gateway_errors():
            reversal = gateway.reverse_transfer(key=f"reverse:{milestone.id}",
                                                transfer=money.transfer_id, amount_minor=net,
                                                currency=cur)
        ledger.post_posting(session, ledger_scheme.transfer_reversed(
            contract_id=contract.id, reversal_id=reversal, va_id=contract.va_id,
            amount_minor=net, currency=cur))
        ledger.reverse(session, reference=f"release:milestone:{milestone.id}", reason=reason,
                       actor_id=actor_id)
        money.reversal_id = reversal
        session.add(money)
    refund_id = refund_from_payment(session, contract=contract, payment=payment,
                                    amount_minor=amount)
    milestone.status = target
    session.add(milestone)
    audit.record(session, actor_id=actor_id, action="milestone.refunded", object_type="milestone",
                 object_id=milestone.id, contract_id=contract.id, refund=refund_id,
                 amount=amount, reason=reason[:500])
    session.flush()
    return payment


def refund_from_payment(session: Session, *, contract: Contract, payment: Payment,
                        amount_minor: int) -> str:
    """Give `amount_minor` of a paid payment (row locked by the caller) back to the client:
    the decision, the Stripe refund (`refund:<payment>:<n>`), its posting; the refund id."""
    cur = contract.currency
    n = _next_n(session, payment.id)
    ledger.post_posting(session, ledger_scheme.refund_decided(
        contract_id=contract.id, payment_id=payment.id, n=n, amount_minor=amount_minor,
        currency=cur))
    with common.gateway_errors():
        refund_id = get_gateway().refund(key=f"refund:{payment.id}:{n}",
                                         payment_intent=payment.stripe_payment_intent_id or "",
                                         amount_minor=amount_minor, currency=cur)
    ledger.post_posting(session, ledger_scheme.refund_paid(
        contract_id=contract.id, refund_id=refund_id, amount_minor=amount_minor, currency=cur))
    payment.refunded_minor += amount_minor
    event = "refund" if payment.refunded_minor >= payment.amount_minor else "refund_part"
    payment.status = lifecycle.PAYMENT.require(payment.status, event, lifecycle.SYSTEM)
    session.add(payment)
    return refund_id


def cancel_contract(session: Session, *, actor: User, contract_id: int) -> Contract:
    """Cancel a contract: before funding its client, VA or an admin may; once active only an
    admin, and every unreleased milestone is refunded to the client."""
    contract = common.lock_contract(session, contract_id)
    admin = is_admin(actor)
    if actor.id not in (contract.client_id, contract.va_id) and not admin:
        raise PermissionDenied()
    role = lifecycle.ADMIN if admin else (
        lifecycle.CLIENT if actor.id == contract.client_id else lifecycle.VA)
    target = lifecycle.CONTRACT.require(contract.status, "cancel", role)
    if any(m.status == "disputed" for m in contract_milestones(session, contract.id)):
        raise InvalidTransition("error.milestone_frozen")
    if contract.status == "active":
        for item in contract_milestones(session, contract.id):
            milestone = common.lock_milestone(session, item.id)
            if milestone.status in UNRELEASED:
                refund(session, contract=contract, milestone=milestone, role=lifecycle.ADMIN,
                       actor_id=actor.id, reason="contract cancelled")
    else:
        _expire_open_checkouts(session, contract.id)
    contract.status, contract.ended_at = target, utcnow()
    session.add(contract)
    audit.record(session, actor_id=actor.id, action="contract.cancelled", object_type="contract",
                 object_id=contract.id, contract_id=contract.id)
    session.flush()
    return contract


def _expire_open_checkouts(session: Session, contract_id: int) -> None:
    open_ones = session.exec(select(Payment).where(
        Payment.contract_id == contract_id, Payment.status == "checkout_open")).all()
    for payment in open_ones:
        if payment.stripe_checkout_id:
            # already paid or expired: the webhook tells which
            with suppress(PaymentRefused, PaymentServiceDown), common.gateway_errors():
                get_gateway().expire_checkout(session_id=payment.stripe_checkout_id)
