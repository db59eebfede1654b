"""The VA's earnings: held, released and paid out per currency, and one row per milestone."""

from __future__ import annotations

from typing import Any

import reflex as rx

from vamarket.db import session_scope
from vamarket.errors import PermissionDenied
from vamarket.i18n.format import format_day, format_money
from vamarket.pages.guard import enter
from vamarket.pages.money_access import is_money_error, money_error_text, pick
from vamarket.payments import reports
from vamarket.state.base import AppState


def _totals(earnings: Any) -> list[tuple[str, Any]]:
    totals = pick(earnings, "totals", "per_currency", "currencies", default=[]) or []
    if isinstance(totals, dict):
        return sorted(totals.items())
    return [(str(pick(t, "currency", default="USD")), t) for t in totals]


def earnings_view(earnings: Any, locale: str) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """(per-currency totals, per-milestone rows) as text in `locale`."""
    totals = []
    for currency, t in _totals(earnings):
        def money(*names: str, cur: str = currency, src: Any = t) -> str:
            return format_money(int(pick(src, *names, default=0) or 0), cur, locale)
        totals.append({"currency": currency, "held": money("held_minor", "held"),
                       "released": money("released_minor", "released"),
                       "paid_out": money("paid_out_minor", "paid_out")})
    rows = []
    for row in pick(earnings, "rows", "milestones", default=[]) or []:
        currency = str(pick(row, "currency", default="USD") or "USD")
        moment = pick(row, "released_at", "date", "approved_at", default=None)
        rows.append({
            "contract": str(pick(row, "contract_id", "contract", default="") or ""),
            "job": str(pick(row, "job_title", "contract_title", default="") or ""),
            "title": str(pick(row, "milestone_title", "title", default="") or ""),
            "amount": format_money(int(pick(row, "amount_minor", "gross_minor", default=0) or 0),
                                   currency, locale),
            "net": format_money(int(pick(row, "net_minor", "va_receives_minor", default=0) or 0),
                                currency, locale),
            "status": str(pick(row, "status", default="") or ""),
            "date": format_day(moment, locale) if moment else "",
        })
    return totals, rows


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
