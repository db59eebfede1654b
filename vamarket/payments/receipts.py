"""A client's receipt for one payment: what was paid, when, for what, and what came back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from vamarket.errors import NotFound
from vamarket.models import Contract, Job, Milestone, Payment, Timesheet, User
from vamarket.payments.records import PaymentCharge
from vamarket.services.accounts import is_admin

RECEIPTED = ("paid", "partially_refunded", "refunded")


@dataclass(frozen=True)
class Receipt:
    """Everything a receipt shows; amounts in minor units of `currency`."""

    number: str
    payment_id: int
    contract_id: int
    paid_at: datetime
    client_name: str
    client_email: str
    va_name: str
    job_title: str
    purpose: str
    item: str  # the milestone's title or the ISO week, when there is one
    amount_minor: int
    refunded_minor: int
    currency: str
    status: str
    charge_id: str


def receipt(session: Session, *, actor: User, payment_id: int) -> Receipt:
    """The receipt of a paid payment, for the contract's client (or an admin); anyone else,
    and payments that were never paid, get NotFound."""
    payment = session.get(Payment, payment_id)
    contract = session.get(Contract, payment.contract_id) if payment else None
    if payment is None or contract is None or payment.status not in RECEIPTED:
        raise NotFound()
    if actor.id != contract.client_id and not is_admin(actor):
        raise NotFound()
    client, va = session.get(User, contract.client_id), session.get(User, contract.va_id)
    job = session.get(Job, contract.job_id)
    milestone = session.get(Milestone, payment.milestone_id) if payment.milestone_id else None
    week = session.get(Timesheet, payment.timesheet_id) if payment.timesheet_id else None
    charge = session.get(PaymentCharge, payment.id)
    return Receipt(
        number=f"VM-{payment.id:06d}", payment_id=payment.id, contract_id=contract.id,
        paid_at=payment.paid_at or payment.created_at,
        client_name=client.display_name if client else "", client_email=client.email or "" if client else "",
        va_name=va.display_name if va else "", job_title=job.title if job else "",
        purpose=payment.purpose,
        item=milestone.title if milestone else (week.iso_week if week else ""),
        amount_minor=payment.amount_minor, refunded_minor=payment.refunded_minor,
        currency=payment.currency, status=payment.status,
        charge_id=charge.charge_id if charge else "")
