"""The home dashboard's state: the signed-in user's own figures only.

`load` keeps the raw figures (integer minor units, ISO months, keys) on the server; what the
page shows is computed from them in the reader's language, so switching language re-formats
amounts, months and texts at once. Chart rows carry whole major units (bar heights only);
every amount a person reads is the exact minor-unit figure, formatted.
"""

from __future__ import annotations

from datetime import date

import reflex as rx
from babel.dates import format_date
from sqlmodel import Session

from vamarket.db import session_scope
from vamarket.i18n import catalog
from vamarket.i18n.format import babel_locale, format_money, minor_digits
from vamarket.models import User
from vamarket.pages.guard import enter
from vamarket.payments import reports
from vamarket.services import dashboards
from vamarket.services.dashboards import MoneySeries
from vamarket.state.base import AppState

SIDES = ("client", "va")


def _raw_series(series: list[MoneySeries]) -> dict[str, list[list]]:
    return {s.currency: [[m.month.isoformat(), m.in_minor, m.out_minor] for m in s.months]
            for s in series}


def _month(iso: str, pattern: str, locale: str) -> str:
    return format_date(date.fromisoformat(iso), pattern, locale=babel_locale(locale))


class HomeDashboardState(AppState):
    """Figures, chart, actions, contracts (and for VAs, open quotes) of each role."""

    loaded: bool = False
    currencies: dict[str, list[str]] = {"client": [], "va": []}
    currency: dict[str, str] = {"client": "", "va": ""}
    contracts: dict[str, list[dict[str, str]]] = {"client": [], "va": []}
    _raw: dict = {}

    @rx.event
    def load(self):
        """Signed-in users only; each sees their own data."""
        self.loaded = False
        with session_scope() as session:
            user, redirect = enter(self, session)
            if redirect is not None:
                return redirect
            self._fill(session, user)
        self.loaded = True
        return None

    @rx.event
    def show_currency(self, side: str, currency: str):
        """Draw one side's chart in another of its currencies (unknown values are ignored)."""
        if side in SIDES and currency in self.currencies.get(side, []):
            self.currency = {**self.currency, side: currency}

    def _fill(self, session: Session, user: User) -> None:
        raw: dict = {"home": user.currency, "series": {}, "actions": {}, "quotes": [],
                     "held": None}
        contracts: dict[str, list[dict[str, str]]] = {"client": [], "va": []}
        if user.is_client:
            raw["series"]["client"] = _raw_series(dashboards.client_spend(session, actor=user))
            raw["actions"]["client"] = dashboards.client_actions(session, actor=user)
        if user.is_va:
            raw["series"]["va"] = _raw_series(dashboards.va_money(session, actor=user))
            raw["actions"]["va"] = dashboards.va_actions(session, actor=user)
            raw["quotes"] = [r for r in dashboards.va_quotes(session, actor=user)
                             if r.status in dashboards.OPEN_QUOTES]
            held = reports.va_earnings(session, actor=user).totals
            raw["held"] = [(t.currency, t.held_minor) for t in held]
        for side in raw["series"]:
            contracts[side] = [{"id": str(r.contract_id), "title": r.job_title,
                                "other": r.other_name, "status": r.status, "kind": r.kind}
                               for r in dashboards.running_contracts(session, actor=user,
                                                                     role=side)]
        self.contracts = contracts
        self.currencies = {side: list(raw["series"].get(side, {})) for side in SIDES}
        self.currency = {side: next(iter(raw["series"].get(side, {})), "") for side in SIDES}
        self._raw = raw

    # -- what the page shows, in the reader's language --

    def _months(self, side: str) -> list[list]:
        return self._raw.get("series", {}).get(side, {}).get(self.currency.get(side, ""), [])

    @rx.var
    def charts(self) -> dict[str, list[dict[str, str | int]]]:
        """Per side, one row per month: a short month label and whole major units."""
        found: dict[str, list[dict[str, str | int]]] = {}
        for side in SIDES:
            scale = 10 ** minor_digits(self.currency.get(side) or "USD")
            found[side] = [{"month": _month(iso, "MMM yy", self.locale), "in": paid // scale,
                            "out": back // scale} for iso, paid, back in self._months(side)]
        return found

    @rx.var
    def tables(self) -> dict[str, list[dict[str, str]]]:
        """Per side, the months with money, newest first, with exact formatted amounts."""
        found: dict[str, list[dict[str, str]]] = {}
        for side in SIDES:
            cur = self.currency.get(side, "")
            found[side] = [{"month": _month(iso, "MMMM yyyy", self.locale),
                            "in": format_money(paid, cur, self.locale),
                            "out": format_money(back, cur, self.locale)}
                           for iso, paid, back in reversed(self._months(side)) if paid or back]
        return found

    @rx.var
    def figures(self) -> dict[str, str]:
        """The headline numbers of both sides."""
        raw, money = self._raw, lambda minor, cur: format_money(minor, cur, self.locale)  # noqa: E731
        home = raw.get("home", "USD")
        client, va = self._months("client"), self._months("va")
        held = raw.get("held") or []
        shown = next((h for h in held if h[0] == self.currency.get("va")), None) or \
            next(iter(held), None) or (home, 0)
        quotes = raw.get("quotes", [])
        return {
            "spent": money(sum(p - b for _, p, b in client), self.currency.get("client") or home),
            "released": money(sum(b for _, _, b in va), self.currency.get("va") or home),
            "held": money(shown[1], shown[0]),
            "client_running": str(len(self.contracts.get("client", []))),
            "va_running": str(len(self.contracts.get("va", []))),
            "client_actions": str(len(raw.get("actions", {}).get("client", []))),
            "va_actions": str(len(raw.get("actions", {}).get("va", []))),
            "open_quotes": str(len(quotes)),
        }

    @rx.var
    def actions(self) -> dict[str, list[dict[str, str]]]:
        """Per side, what waits for the user, as text in their language."""
        words = catalog(self.locale)
        other = words.get("home.action.other", "")
        return {side: [{"text": words.get(f"home.action.{a.key}", other), "title": a.title,
                        "detail": a.detail, "link": a.link}
                       for a in self._raw.get("actions", {}).get(side, [])] for side in SIDES}

    @rx.var
    def open_quotes(self) -> list[dict[str, str]]:
        """The VA's open quotes with their states and formatted prices."""
        return [{"id": str(r.quote_id), "job": str(r.job_id), "title": r.job_title,
                 "status": r.status, "viewed": "1" if r.viewed else "",
                 "price": format_money(r.price_minor, r.currency, self.locale),
                 "hourly": "1" if r.budget_type == "hourly" else ""}
                for r in self._raw.get("quotes", [])]
