"""The client's billing: payments made, refunds and receipts, per contract."""

from __future__ import annotations

import dataclasses

import reflex as rx

from vamarket.db import session_scope
from vamarket.errors import PermissionDenied
from vamarket.i18n.format import format_day, format_money
from vamarket.pages.guard import enter
from vamarket.pages.money_access import is_money_error, money_error_text
from vamarket.payments import reports
from vamarket.state.base import AppState


@dataclasses.dataclass
class BillingGroup:
    """One contract's billing rows."""

    contract: str = ""
    title: str = ""
    rows: list[dict[str, str]] = dataclasses.field(default_factory=list)


def billing_row(row: reports.BillingRow, locale: str) -> dict[str, str]:
    """One payment of the client's as text in `locale`."""
    return {
        "date": format_day(row.date, locale),
        "purpose": row.purpose,
        "amount": format_money(row.amount_minor, row.currency, locale),
        "refunded": format_money(row.refunded_minor, row.currency, locale) if row.refunded_minor else "",
        "status": row.status,
        "receipt": row.receipt_url,
    }


def billing_groups(rows: list[reports.BillingRow], locale: str) -> list[BillingGroup]:
    """Billing rows grouped per contract, newest contract first, amounts in `locale`."""
    groups: dict[str, BillingGroup] = {}
    for row in rows:
        contract = str(row.contract_id)
        group = groups.setdefault(contract, BillingGroup(contract=contract, title=row.job_title))
        group.rows.append(billing_row(row, locale))
    return sorted(groups.values(), key=lambda g: int(g.contract), reverse=True)


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
