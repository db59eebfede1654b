"""An admin's decision on a platform dispute, carried out through the money flows.

The disputed amount is split in two: `released_minor` goes to the VA (a release posting of that
gross and a Transfer of gross − platform fee, `release:dispute:<dispute>`, through
release.transfer_to_va) and `refunded_minor` goes back to the client (refunds.refund_from_payment,
`refund:<payment>:<n>`). released + refunded must equal the disputed amount:

- a milestone: its amount, held in escrow since it was funded;
- a charged week: what was charged for it (held in escrow);
- a week not charged yet: what approval would have charged. Its released part is charged on
  the saved card first (hourly.charge_disputed_share), then released; the rest is never
  charged.

Resolution locks the contract, then the milestone or timesheet, then the dispute, so two admins
deciding at once carry out one split; resolving again with the same split returns it.
"""

from __future__ import annotations

from sqlmodel import Session, select

from vamarket import lifecycle
from vamarket.errors import InvalidInput, InvalidTransition, NotFound, PermissionDenied
from vamarket.models import Contract, Dispute, Milestone, Payment, Timesheet, User
from vamarket.models.base import utcnow
from vamarket.payments import common, hourly, refunds, release
from vamarket.payments.hourly_records import TimesheetMoney
from vamarket.payments.records import CardDispute
from vamarket.services import accounts, audit, disputes, milestones, notifications


def _whole(value: object, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidInput("error.dispute_split_amount", field=field)
    return value


def _week_money(session: Session, timesheet_id: int) -> TimesheetMoney | None:
    money = session.get(TimesheetMoney, timesheet_id)
    return money if money is not None and money.charged_at is not None else None


def disputed_amount(session: Session, contract: Contract, dispute: Dispute) -> int:
    """The amount an admin splits: the milestone's, the week's charge, or what the week would
    have been charged."""
    if dispute.milestone_id is not None:
        milestone = session.get(Milestone, dispute.milestone_id)
        return milestone.amount_minor if milestone else 0
    charged = _week_money(session, dispute.timesheet_id or 0)
    if charged is not None:
        return charged.amount_minor
    timesheet = session.get(Timesheet, dispute.timesheet_id)
    if timesheet is None:
        return 0
    minutes = hourly.billable_minutes(contract, timesheet.approved_minutes)
    return hourly.hourly_amount(minutes, contract.rate_minor)


def _locked(session: Session, dispute_id: object) -> tuple[Contract, Milestone | Timesheet, Dispute]:
    if not disputes.is_id(dispute_id):
        raise NotFound()
    found = session.get(Dispute, dispute_id)
    if found is None:
        raise NotFound()
    contract = common.lock_contract(session, found.contract_id)
    target: Milestone | Timesheet = (
        common.lock_milestone(session, found.milestone_id) if found.milestone_id is not None
        else common.lock(session, Timesheet, found.timesheet_id))  # type: ignore[assignment]
    return contract, target, common.lock(session, Dispute, dispute_id)  # type: ignore[return-value]


def _check(session: Session, contract: Contract, dispute: Dispute, released: int,
           refunded: int) -> None:
    if released + refunded != disputed_amount(session, contract, dispute):
        raise InvalidInput("error.dispute_split_total", field="released")
    card = session.exec(select(CardDispute).where(CardDispute.contract_id == contract.id,
                                                  CardDispute.status == "open")).first()
    if card is not None:
        raise InvalidTransition("error.dispute_card_open")
    if released and not release.va_can_be_paid(session, contract.va_id):
        raise InvalidTransition("error.dispute_va_not_payable")


def resolve(session: Session, *, actor: User, dispute_id: int, released_minor: int,
            refunded_minor: int, note: str = "") -> Dispute:
    """An admin (not a party of the contract) splits an open dispute; the money moves, both
    parties are told, the decision is audited. The same split again returns the dispute."""
    if not accounts.is_admin(actor):
        raise PermissionDenied()
    released = _whole(released_minor, "released")
    refunded = _whole(refunded_minor, "refunded")
    contract, target, dispute = _locked(session, dispute_id)
    if actor.id in (contract.client_id, contract.va_id):
        raise PermissionDenied()
    if dispute.status != "open":
        if (dispute.released_minor, dispute.refunded_minor) == (released, refunded):
            return dispute
        raise InvalidTransition("error.dispute_closed")
    _check(session, contract, dispute, released, refunded)
    if isinstance(target, Milestone):
        _split_milestone(session, contract, target, dispute, released, refunded)
    else:
        _split_week(session, contract, target, dispute, released, refunded)
    dispute.status, dispute.resolved_by_id, dispute.resolved_at = "resolved", actor.id, utcnow()
    dispute.released_minor, dispute.refunded_minor = released, refunded
    session.add(dispute)
    audit.record(session, actor_id=actor.id, action="dispute.resolved", object_type="dispute",
                 object_id=dispute.id, contract_id=contract.id, released=released,
                 refunded=refunded, currency=contract.currency, note=str(note or "")[:500])
    title = target.title if isinstance(target, Milestone) else target.iso_week
    for party in (contract.client_id, contract.va_id):
        notifications.notify(session, user_id=party, kind="dispute_resolved",
                             link=f"/contracts/{contract.id}", dispute_id=dispute.id,
                             title=title)
    if isinstance(target, Milestone):
        milestones.complete_if_done(session, contract)  # the split may settle the last milestone
    session.flush()
    return dispute


def _pay_share(session: Session, contract: Contract, dispute: Dispute, subject: str,
               released: int, payment_id: int | None) -> str:
    return release.transfer_to_va(
        session, contract=contract, subject=subject, gross_minor=released,
        key=f"release:dispute:{dispute.id}", payment_id=payment_id,
        metadata={"dispute_id": str(dispute.id)})


def _refund_share(session: Session, contract: Contract, payment_id: int | None,
                  refunded: int) -> None:
    if payment_id is None:
        raise InvalidTransition("error.milestone_not_funded")
    payment: Payment = common.lock_payment(session, payment_id)
    refunds.refund_from_payment(session, contract=contract, payment=payment,
                                amount_minor=refunded)


def _split_milestone(session: Session, contract: Contract, milestone: Milestone,
                     dispute: Dispute, released: int, refunded: int) -> None:
    money = common.money_of(session, milestone.id)
    if money.payment_id is None:
        raise InvalidTransition("error.milestone_not_funded")
    if released:
        money.transfer_id = _pay_share(session, contract, dispute, f"milestone:{milestone.id}",
                                       released, money.payment_id)
        session.add(money)
    if refunded:
        _refund_share(session, contract, money.payment_id, refunded)
    event = "release" if released else "refund"
    milestone.status = lifecycle.MILESTONE.require(milestone.status, event, lifecycle.ADMIN)
    if released:
        milestone.released_at = utcnow()
    session.add(milestone)


def _split_week(session: Session, contract: Contract, timesheet: Timesheet, dispute: Dispute,
                released: int, refunded: int) -> None:
    if timesheet.status != "disputed":
        raise InvalidTransition("error.dispute_closed")
    money = _week_money(session, timesheet.id)
    if money is None:  # never charged: charge only what the VA is given
        payment_id = None
        if released:
            payment_id = hourly.charge_disputed_share(session, contract=contract,
                                                      timesheet=timesheet, amount=released).id
        money = session.get(TimesheetMoney, timesheet.id) or TimesheetMoney(
            timesheet_id=timesheet.id, charged_at=utcnow())
    else:
        payment_id = money.payment_id
        if refunded:
            _refund_share(session, contract, payment_id, refunded)
    if released:
        money.transfer_id = _pay_share(session, contract, dispute, f"timesheet:{timesheet.id}",
                                       released, payment_id)
    money.released_at = utcnow()
    session.add(money)
    timesheet.status = lifecycle.TIMESHEET.require("disputed", "release", lifecycle.ADMIN)
    session.add(timesheet)
