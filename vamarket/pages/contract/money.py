"""The contract page's money part, as plain dicts for state: what is held, released and
refunded, what is due next, the payments made, and whether the VA can be paid out."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from vamarket.i18n import catalog, translate
from vamarket.i18n.format import format_day, format_money
from vamarket.models import Contract, User
from vamarket.pages.money_access import pick
from vamarket.payments import funding, payouts
from vamarket.services import fees, pilot

OPEN_PAYMENT = ("created", "checkout_open")


def _due(view: Any) -> dict[str, Any]:
    due = pick(view, "due", "next_due")
    if due is not None:
        return {"kind": pick(due, "kind", default="") or "",
                "amount": int(pick(due, "amount_minor", "amount", default=0) or 0),
                "label": pick(due, "label_key", "label", default="") or ""}
    return {"kind": pick(view, "due_kind", default="") or "",
            "amount": int(pick(view, "due_amount_minor", "due_minor", default=0) or 0),
            "label": pick(view, "due_label_key", "due_label", default="") or ""}


def _label(locale: str, label: str, kind: str) -> str:
    known = catalog(locale)
    if label and label in known:
        return known[label]
    if kind and f"money.due.{kind}" in known:
        return known[f"money.due.{kind}"]
    return label if label and "." not in label else translate(locale, "money.due_default")


def _payment_row(payment: Any, currency: str, locale: str) -> dict[str, str]:
    moment = pick(payment, "paid_at", "date", "created_at", default=None)
    return {"purpose": str(pick(payment, "purpose", default="") or ""),
            "amount": format_money(int(pick(payment, "amount_minor", "amount", default=0) or 0),
                                   pick(payment, "currency", default=currency) or currency, locale),
            "status": str(pick(payment, "status", default="") or ""),
            "date": format_day(moment, locale) if moment else ""}


def money_summary(session: Session, *, user: User, contract: Contract, locale: str,
                  paid_return: bool) -> tuple[dict[str, str], list[dict[str, str]]]:
    """The payment status of `contract` for a party (`user`) as ({field: text}, payment rows).

    `paid_return` is True when the browser came back from Checkout (?paid=1): until the
    webhook has recorded the payment the summary says it is waiting for confirmation."""
    view = funding.payment_view(session, actor=user, contract_id=contract.id)
    currency = pick(view, "currency", default=contract.currency) or contract.currency

    def money(minor: int) -> str:
        return format_money(int(minor or 0), currency, locale)

    due = _due(view)
    after_pilot = pilot.due_after_pilot(session, contract)
    if after_pilot is not None:  # a pilot-first contract: nothing until the client continues
        kind, amount = after_pilot
        due = {"kind": kind, "amount": amount, "label": f"money.due.{kind}" if kind else ""}
    split = fees.preview(due["amount"], currency, contract.fee_percent)
    raw_payments = list(pick(view, "payments", default=[]) or [])
    rows = [_payment_row(p, currency, locale) for p in raw_payments]
    latest = rows[-1]["status"] if rows else ""
    # back from Checkout's success page: a declined attempt that was retried keeps "failed"
    # until the webhook of the new attempt arrives, so it counts as waiting too
    waiting = paid_return and (not rows or latest in (*OPEN_PAYMENT, "failed"))
    label_text = _label(locale, due["label"], due["kind"])
    summary = {
        "held": money(pick(view, "held_minor", default=0)),
        "released": money(pick(view, "released_minor", default=0)),
        "refunded": money(pick(view, "refunded_minor", default=0)),
        "frozen": "1" if pick(view, "frozen", default=False) else "",
        "va_can_be_paid": "1" if pick(view, "va_can_be_paid", default=True) else "",
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
    status = payouts.payout_status(session, actor=user)
    return bool(pick(status, "transfers_active", default=False))
