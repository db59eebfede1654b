"""The client's "My jobs" and the VA's "My quotes"."""

from __future__ import annotations

import reflex as rx

from vamarket.db import session_scope
from vamarket.i18n.format import format_day, format_money
from vamarket.pages.guard import enter
from vamarket.services import dashboards
from vamarket.state.base import AppState


class DashboardState(AppState):
    """Rows of the signed-in user's own jobs and quotes (nobody else's)."""

    loaded: bool = False
    job_rows: list[dict[str, str]] = []
    quote_rows: list[dict[str, str]] = []

    @rx.event
    def load(self):
        """Signed-in users only."""
        self.loaded = False
        with session_scope() as session:
            user, redirect = enter(self, session)
            if redirect is not None:
                return redirect
            self.job_rows = [{
                "id": str(r.job_id), "title": r.title, "status": r.status, "quotes": str(r.quotes),
                "new": str(r.new_quotes) if r.new_quotes else "",
                "contract": str(r.contract_id or ""), "contract_status": r.contract_status,
                "updated": format_day(r.updated_at, self.locale),
            } for r in dashboards.client_jobs(session, actor=user)]
            self.quote_rows = [{
                "id": str(r.quote_id), "job": str(r.job_id), "title": r.job_title,
                "status": r.status, "viewed": "1" if r.viewed else "",
                "price": format_money(r.price_minor, r.currency, self.locale),
                "hourly": "1" if r.budget_type == "hourly" else "",
                "contract": str(r.contract_id or ""), "contract_status": r.contract_status,
                "agency": "1" if r.sent_by_agency else "",
            } for r in dashboards.va_quotes(session, actor=user)]
        self.loaded = True
        return None
