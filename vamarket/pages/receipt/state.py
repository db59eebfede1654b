"""One receipt, for the client who paid (or an admin)."""

from __future__ import annotations

import reflex as rx

from vamarket.db import session_scope
from vamarket.errors import ServiceError
from vamarket.i18n.format import format_day, format_money
from vamarket.pages.guard import enter, error_text, route_id
from vamarket.payments import receipts
from vamarket.state.base import AppState


class ReceiptState(AppState):
    """The receipt's lines, already formatted in the reader's language."""

    loaded: bool = False
    error: str = ""
    receipt: dict[str, str] = {}

    @rx.event
    def load(self):
        """Only the contract's client or an admin; anything else reads as "not found"."""
        self.loaded, self.error, self.receipt = False, "", {}
        with session_scope() as session:
            user, redirect = enter(self, session)
            if redirect is not None:
                return redirect
            try:
                found = receipts.receipt(session, actor=user,
                                         payment_id=route_id(self, "payment_id"))
            except ServiceError as err:
                self.error = error_text(self.locale, err)
                return None
        money = lambda minor: format_money(minor, found.currency, self.locale)  # noqa: E731
        self.receipt = {
            "number": found.number, "date": format_day(found.paid_at, self.locale),
            "client": found.client_name, "email": found.client_email, "va": found.va_name,
            "job": found.job_title, "contract": str(found.contract_id),
            "purpose": found.purpose, "item": found.item,
            "amount": money(found.amount_minor),
            "refunded": money(found.refunded_minor) if found.refunded_minor else "",
            "net": money(found.amount_minor - found.refunded_minor),
            "status": found.status, "charge": found.charge_id,
        }
        self.loaded = True
        return None
