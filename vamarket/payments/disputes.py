"""Card disputes (chargebacks). `charge.dispute.created`: Stripe took the disputed amount; what
is still held on the contract (at most that amount) is frozen and its unreleased milestones are
marked disputed. `charge.dispute.closed`: won → the money is back and held again, the milestones
return to where they were; lost → the frozen money went to the client, the milestones are
refunded."""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import Session, select

from vamarket import lifecycle
from vamarket.models import Payment
from vamarket.payments import common
from vamarket.payments.gateway import from_stripe_amount
from vamarket.payments.records import CardDispute, PaymentCharge
from vamarket.services import audit, ledger, ledger_scheme
from vamarket.services import ledger_accounts as acc
from vamarket.services.contracts import contract_milestones

FREEZABLE = ("funded", "submitted", "revision_requested", "approved")


class NotReady(Exception):
    """The event refers to a payment whose capture is not recorded yet: answer 500, Stripe
    retries later."""


def _payment_of(session: Session, dispute: dict[str, Any]) -> Payment:
    charge = session.exec(select(PaymentCharge).where(
        PaymentCharge.charge_id == str(dispute.get("charge") or ""))).first()
    payment = session.get(Payment, charge.payment_id) if charge else None
    if payment is None:
        raise NotReady(f"no captured payment for dispute {dispute.get('id')}")
    return payment


def record_opened(session: Session, dispute: dict[str, Any]) -> None:
    """Post the chargeback, freeze what is held and mark the unreleased milestones disputed."""
    dispute_id = str(dispute["id"])
    payment = _payment_of(session, dispute)
    contract = common.lock_contract(session, payment.contract_id)
    if session.get(CardDispute, dispute_id) is not None:
        return
    cur = contract.currency
    amount = from_stripe_amount(int(dispute["amount"]), cur)
    txns = dispute.get("balance_transactions") or []
    fee = from_stripe_amount(int(txns[0].get("fee") or 0), cur) if txns else 0
    ledger.post_posting(session, ledger_scheme.dispute_withdrawn(
        contract_id=contract.id, dispute_id=dispute_id, amount_minor=amount, fee_minor=fee,
        currency=cur))
    frozen = min(ledger.held(session, acc.escrow(contract.id), cur), amount)
    if frozen > 0:
        ledger.post_posting(session, ledger_scheme.dispute_frozen(
            contract_id=contract.id, dispute_id=dispute_id, amount_minor=frozen, currency=cur))
    previous: dict[str, str] = {}
    for item in contract_milestones(session, contract.id):
        milestone = common.lock_milestone(session, item.id)
        if milestone.status in FREEZABLE:
            previous[str(milestone.id)] = milestone.status
            milestone.status = lifecycle.MILESTONE.require(milestone.status, "dispute",
                                                           lifecycle.SYSTEM)
            session.add(milestone)
    session.add(CardDispute(dispute_id=dispute_id, contract_id=contract.id, payment_id=payment.id,
                            amount_minor=amount, frozen_minor=max(frozen, 0),
                            previous=json.dumps(previous)))
    audit.record(session, actor_id=None, action="payment.disputed", object_type="payment",
                 object_id=payment.id, contract_id=contract.id, dispute=dispute_id,
                 frozen=frozen)
    session.flush()


def record_closed(session: Session, dispute: dict[str, Any]) -> None:
    """Settle what the dispute froze, as the bank decided."""
    dispute_id = str(dispute["id"])
    if session.get(CardDispute, dispute_id) is None:
        record_opened(session, {**dispute, "status": "needs_response"})
    row = session.get(CardDispute, dispute_id)
    contract = common.lock_contract(session, row.contract_id)
    row = common.lock(session, CardDispute, dispute_id)
    won = dispute.get("status") == "won"
    if row.status != "open" or dispute.get("status") not in ("won", "lost"):
        return
    cur = contract.currency
    if won:
        ledger.post_posting(session, ledger_scheme.dispute_reinstated(
            contract_id=contract.id, dispute_id=dispute_id, amount_minor=row.amount_minor,
            currency=cur))
    if row.frozen_minor:
        ledger.post_posting(session, ledger_scheme.dispute_settled(
            contract_id=contract.id, dispute_id=dispute_id, currency=cur,
            to_escrow=row.frozen_minor if won else 0,
            to_client=0 if won else row.frozen_minor))
    for milestone_id, before in json.loads(row.previous).items():
        milestone = common.lock_milestone(session, int(milestone_id))
        if milestone.status != "disputed":
            continue
        milestone.status = before if won else lifecycle.MILESTONE.require(
            "disputed", "refund", lifecycle.SYSTEM)
        session.add(milestone)
    row.status = "won" if won else "lost"
    session.add(row)
    audit.record(session, actor_id=None, action="payment.dispute_closed", object_type="payment",
                 object_id=row.payment_id, contract_id=contract.id, dispute=dispute_id,
                 outcome=row.status)
    session.flush()
