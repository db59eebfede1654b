"""A contract's terms, for its client and its VA."""

from __future__ import annotations

import reflex as rx

from vamarket.db import session_scope
from vamarket.errors import InvalidInput, ServiceError
from vamarket.i18n.format import format_day, format_money
from vamarket.models import Job, User
from vamarket.pages.guard import error_text, gate
from vamarket.services import contracts, fees
from vamarket.state.base import AppState


class ContractState(AppState):
    """Terms and milestones of one contract the signed-in user is party to."""

    loaded: bool = False
    error: str = ""
    terms: dict[str, str] = {}
    steps: list[dict[str, str]] = []

    @rx.event
    def load(self):
        """Parties only."""
        self.loaded, self.error = False, ""
        with session_scope() as session:
            user = self._actor(session)
            self._apply_user(user)
            redirect = gate(self, user)
            if redirect is not None:
                return redirect
            try:
                raw = str(self.router.page.params.get("contract_id", "") or "")
                if not raw.isdigit():
                    raise InvalidInput("error.not_found")
                self._fill(session, user, int(raw))
            except ServiceError as err:
                self.error = error_text(self.locale, err)
                return None
        self.loaded = True
        return None

    def _fill(self, session, user: User, contract_id: int) -> None:
        contract = contracts.contract_for_party(session, actor=user, contract_id=contract_id)
        job = session.get(Job, contract.job_id)
        other = session.get(User, contract.va_id if user.id == contract.client_id else contract.client_id)
        money = lambda minor: format_money(minor, contract.currency, self.locale)  # noqa: E731
        split = fees.preview(contract.total_minor or contract.rate_minor, contract.currency,
                             contract.fee_percent)
        self.terms = {
            "id": str(contract.id), "job_title": job.title if job else "", "job_id": str(contract.job_id),
            "kind": contract.kind, "status": contract.status,
            "other": other.display_name if other else "",
            "role": "client" if user.id == contract.client_id else "va",
            "total": money(contract.total_minor) if contract.total_minor else "",
            "rate": money(contract.rate_minor) if contract.rate_minor else "",
            "cap": str(contract.weekly_hour_cap or ""),
            "down_payment": f"{contract.down_payment_percent}% = "
            f"{money(contracts.down_payment_due(contract))}" if contract.down_payment_percent else "",
            "pilot": money(contract.pilot_price_minor) if contract.pilot_price_minor else "",
            "fee": f"{contract.fee_percent}% ({money(split.fee_minor)})",
            "va_receives": money(split.va_receives_minor),
            "created": format_day(contract.created_at, self.locale),
        }
        self.steps = [{"title": m.title, "amount": money(m.amount_minor), "status": m.status,
                       "pilot": "1" if m.is_pilot else "", "due": format_day(m.due_date, self.locale)}
                      for m in contracts.contract_milestones(session, contract.id)]
