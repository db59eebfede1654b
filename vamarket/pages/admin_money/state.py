"""The admins' money page: the ledger reconciled against the Stripe side."""

from __future__ import annotations

import reflex as rx

from vamarket.db import session_scope
from vamarket.i18n.format import format_moment
from vamarket.models.base import utcnow
from vamarket.pages.guard import enter
from vamarket.pages.money_access import is_money_error, money_error_text
from vamarket.payments import reports
from vamarket.services import admin
from vamarket.services.reconcile import format_line
from vamarket.state.base import AppState

MAX_MISMATCHES = 50


class AdminMoneyState(AppState):
    """The last reconcile result; only ever filled for an admin."""

    loaded: bool = False
    error: str = ""
    line: str = ""
    ok: bool = False
    mismatches: list[str] = []
    checked_at: str = ""
    busy: bool = False

    def _clear(self) -> None:
        self.line, self.ok, self.mismatches, self.checked_at = "", False, [], ""

    def _reconcile(self, session) -> None:
        report = reports.reconcile_now(session)
        self.line, self.ok = format_line(report), report.ok
        self.mismatches = [str(m) for m in report.mismatches][:MAX_MISMATCHES]
        self.checked_at = format_moment(utcnow(), self.locale)

    @rx.event
    def load(self):
        """Admins only: anyone else sees a refusal and no figures."""
        self.loaded, self.error = False, ""
        self._clear()
        with session_scope() as session:
            user, redirect = enter(self, session)
            if redirect is not None:
                return redirect
            try:
                admin.require_admin(user)
                self._reconcile(session)
            except Exception as err:
                if not is_money_error(err):
                    raise
                self.error = money_error_text(self.locale, err)
                return None
        self.loaded = True
        return None

    @rx.event
    def run(self):
        """Reconcile again (admins only, checked here, not by the page that shows the button)."""
        self.error, self.busy = "", True
        try:
            with session_scope() as session:
                admin.require_admin(self._actor(session))
                self._reconcile(session)
        except Exception as err:
            if not is_money_error(err):
                raise
            self._clear()
            self.error = money_error_text(self.locale, err)
        self.busy = False
