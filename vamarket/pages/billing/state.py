"""The client's billing: payments made, refunds and receipts, per contract."""

from __future__ import annotations

import dataclasses

import reflex as rx

from vamarket.db import session_scope
from vamarket.errors import PermissionDenied
from vamarket.i18n.format import format_day, format_money
from vamarket.pages.guard import enter
from vamarket.pages.money_access import is_money_error, money_error_text, pick
from vamarket.payments import reports
from vamarket.state.base import AppState


@dataclasses.dataclass
class BillingGroup:
    """One contract's billing rows."""

    contract: str = ""
    title: str = ""
    rows: list[dict[str, str]] = dataclasses.field(default_factory=list)


def billing_groups(rows, locale: str) -> list[BillingGroup]:
    """Billing rows grouped per contract, newest contract first, amounts in `locale`."""
    groups: dict[str, dict] = {}
    for row in rows:
        contract = str(pick(row, "contract_id", "contract", default="") or "")
        currency = str(pick(row, "currency", default="USD") or "USD")
        refunded = int(pick(row, "refunded_minor", default=0) or 0)
        moment = pick(row, "date", "paid_at", "created_at", default=None)
        group = groups.setdefault(contract, BillingGroup(
            contract=contract, title=str(pick(row, "job_title", "title", default="") or "")))
        group.rows.append({
            "date": format_day(moment, locale) if moment else "",
            "purpose": str(pick(row, "purpose", default="") or ""),
            "amount": format_money(int(pick(row, "amount_minor", "amount", default=0) or 0),
                                   currency, locale),
            "refunded": format_money(refunded, currency, locale) if refunded else "",
            "status": str(pick(row, "status", default="") or ""),
            "receipt": str(pick(row, "receipt_url", "receipt", default="") or ""),
        })
    return sorted(groups.values(), key=lambda g: int(g.contract or 0), reverse=True)


class BillingState(AppState):
    """The signed-in client's own payments (nobody else's)."""

    loaded: bool = False
    error: str = ""
    groups: list[BillingGroup] = []

    @rx.event
    def load(self):
        """Clients only."""
        self.loaded, self.error, self.groups = False, "", []
        with session_scope() as session:
            user, redirect = enter(self, session)
            if redirect is not None:
                return redirect
            try:
                if not user.is_client:
                    raise PermissionDenied("money.client_only")
                rows = reports.client_billing(session, actor=user)
                self.groups = billing_groups(rows, self.locale)
            except Exception as err:
                if not is_money_error(err):
                    raise
                self.error = money_error_text(self.locale, err)
                return None
        self.loaded = True
        return None
