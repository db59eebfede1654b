"""The contract page's money part, as plain dicts for state: what is held, released and
refunded, what is due next, the payments made, and whether the VA can be paid out."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from vamarket.i18n import catalog, translate
from vamarket.i18n.format import format_day, format_money
from vamarket.models import Contract, User
from vamarket.payments import funding, payouts
from vamarket.payments.reports import ContractMoney, PaymentRow
from vamarket.services import fees, pilot

OPEN_PAYMENT = ("created", "checkout_open")


def _due(view: ContractMoney) -> dict[str, Any]:
    """What the client is asked to pay next as {kind, amount, label} (empty when nothing)."""
    if view.due is None:
        return {"kind": "", "amount": 0, "label": ""}
    return {"kind": view.due.kind, "amount": view.due.amount_minor, "label": view.due.label_key}


def _label(locale: str, label: str, kind: str) -> str:
    known = catalog(locale)
    if label and label in known:
        return known[label]
    if kind and f"money.due.{kind}" in known:
        return known[f"money.due.{kind}"]
    return label if label and "." not in label else translate(locale, "money.due_default")


def _payment_row(payment: PaymentRow, locale: str) -> dict[str, str]:
    return {"purpose": payment.purpose,
            "amount": format_money(payment.amount_minor, payment.currency, locale),
            "status": payment.status,
            "date": format_day(payment.date, locale)}


def money_summary(session: Session, *, user: User, contract: Contract, locale: str,
                  paid_return: bool) -> tuple[dict[str, str], list[dict[str, str]]]:
    """The payment status of `contract` for a party (`user`) as ({field: text}, payment rows).

    `paid_return` is True when the browser came back from Checkout (?paid=1): until the
    webhook has recorded the payment the summary says it is waiting for confirmation."""
    view = funding.payment_view(session, actor=user, contract_id=contract.id)
    currency = view.currency

    def money(minor: int) -> str:
        return format_money(int(minor or 0), currency, locale)

    due = _due(view)
    after_pilot = pilot.due_after_pilot(session, contract)
    if after_pilot is not None:  # a pilot-first contract: nothing until the client continues
        kind, amount = after_pilot
        due = {"kind": kind, "amount": amount, "label": f"money.due.{kind}" if kind else ""}
    split = fees.preview(due["amount"], currency, contract.fee_percent)
    rows = [_payment_row(p, locale) for p in view.payments]
    latest = rows[-1]["status"] if rows else ""
    # back from Checkout's success page: a declined attempt that was retried keeps "failed"
    # until the webhook of the new attempt arrives, so it counts as waiting too
    waiting = paid_return and (not rows or latest in (*OPEN_PAYMENT, "failed"))
    label_text = _label(locale, due["label"], due["kind"])
    summary = {
        "held": money(view.held_minor),
        "released": money(view.released_minor),
        "refunded": money(view.refunded_minor),
        "frozen": "1" if view.frozen else "",
        "va_can_be_paid": "1" if view.va_can_be_paid else "",
        "due_kind": str(due["kind"]),
        "due": "1" if due["kind"] and (due["amount"] > 0 or due["kind"] in ("card", "setup",
                                                                          "hourly_setup")) else "",
        "due_label": label_text,
        "due_amount": money(due["amount"]) if due["amount"] else "",
        "due_fee": f"{contract.fee_percent}% ({money(split.fee_minor)})" if due["amount"] else "",
        "due_va": money(split.va_receives_minor) if due["amount"] else "",
        "latest": latest,
        "declined": "1" if latest == "failed" and not waiting else "",
        "waiting": "1" if waiting else "",
        "confirmed": "1" if paid_return and latest == "paid" else "",
    }
    return summary, rows


def payouts_ready(session: Session, *, user: User, fallback: bool) -> bool:
    """For a VA: True when their payout account can receive transfers (or we cannot tell)."""
    return payouts.payout_status(session, actor=user).transfers_active
