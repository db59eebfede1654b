"""The VA's earnings: held, released and paid out per currency, and one row per milestone."""

from __future__ import annotations

import reflex as rx

from vamarket.db import session_scope
from vamarket.errors import PermissionDenied
from vamarket.i18n.format import format_day, format_money
from vamarket.pages.guard import enter
from vamarket.pages.money_access import is_money_error, money_error_text
from vamarket.payments import reports
from vamarket.state.base import AppState


def totals_line(total: reports.CurrencyTotals, locale: str) -> dict[str, str]:
    """One currency's held, released and paid-out amounts as text in `locale`."""
    def money(amount_minor: int) -> str:
        return format_money(amount_minor, total.currency, locale)
    return {"currency": total.currency, "held": money(total.held_minor),
            "released": money(total.released_minor), "paid_out": money(total.paid_out_minor)}


def earning_line(row: reports.EarningRow, locale: str) -> dict[str, str]:
    """One milestone of the VA's as text in `locale` (no date until it is released)."""
    return {
        "contract": str(row.contract_id),
        "job": row.job_title,
        "title": row.milestone_title,
        "amount": format_money(row.amount_minor, row.currency, locale),
        "net": format_money(row.net_minor, row.currency, locale),
        "status": row.status,
        "date": format_day(row.released_at, locale) if row.released_at else "",
    }


def earnings_view(earnings: reports.Earnings,
                  locale: str) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """(per-currency totals, per-milestone rows) as text in `locale`."""
    return ([totals_line(total, locale) for total in earnings.totals],
            [earning_line(row, locale) for row in earnings.rows])


class EarningsState(AppState):
    """The signed-in VA's own earnings (nobody else's)."""

    loaded: bool = False
    error: str = ""
    totals: list[dict[str, str]] = []
    rows: list[dict[str, str]] = []

    @rx.var
    def held_text(self) -> str:
        """Held amounts of every currency on one line."""
        return " · ".join(t["held"] for t in self.totals)

    @rx.var
    def released_text(self) -> str:
        """Released amounts of every currency on one line."""
        return " · ".join(t["released"] for t in self.totals)

    @rx.var
    def paid_out_text(self) -> str:
        """Paid-out amounts of every currency on one line."""
        return " · ".join(t["paid_out"] for t in self.totals)

    @rx.event
    def load(self):
        """VAs only."""
        self.loaded, self.error, self.totals, self.rows = False, "", [], []
        with session_scope() as session:
            user, redirect = enter(self, session)
            if redirect is not None:
                return redirect
            try:
                if not user.is_va:
                    raise PermissionDenied("money.va_only")
                earnings = reports.va_earnings(session, actor=user)
                self.totals, self.rows = earnings_view(earnings, self.locale)
            except Exception as err:
                if not is_money_error(err):
                    raise
                self.error = money_error_text(self.locale, err)
                return None
        self.loaded = True
        return None
