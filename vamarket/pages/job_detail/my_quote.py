"""The job page's view of the VA's own live quote on the job, and (for an agency owner) the
member the quote is for.

A Reflex mixin of `JobDetailState`: the vars, computed vars and handlers live on that state.
Who may quote for whom is checked again by the services on every call.
"""

from __future__ import annotations

import reflex as rx

from vamarket.db import session_scope
from vamarket.errors import ServiceError
from vamarket.models import Quote, User
from vamarket.pages.job_detail.job_text import day_text, iso_text
from vamarket.services import agencies, quotes


class MyQuoteMixin(rx.State, mixin=True):
    """The signed-in VA's live quote on the job, and whom an agency owner quotes for."""

    members: list[dict[str, str]] = []
    quote_for: str = ""
    has_quote: bool = False
    quote_status: str = ""
    mq_cover: str = ""
    mq_price: int = 0
    mq_duration: int = 0
    mq_hour_cap: int = 0
    mq_pilot_scope: str = ""
    mq_pilot_price: int = 0
    mq_pilot_days: int = 0
    mq_plan: list[dict[str, str]] = []

    _quote_id: int = 0

    # -- reading --

    def _read_members(self, session, user: User) -> None:
        """An agency owner may quote for any member: offer them (names only) in a chooser."""
        agency = agencies.my_agency(session, actor=user)
        if agency is None or agency.owner_id != user.id or len(agency.members) < 2:
            return
        self.members = [{"id": str(m.user_id), "name": m.display_name or "#" + str(m.user_id)}
                        for m in agency.members]
        self.quote_for = str(user.id)

    def _quote_va(self, session, user: User) -> User | None:
        """The VA the form is for: the user, or the agency member they chose."""
        if not self.quote_for or self.quote_for == str(user.id):
            return user
        if not (self.quote_for.isdigit() and len(self.quote_for) < 12):
            return None
        va_id = int(self.quote_for)
        if not agencies.can_quote_for(session, user, va_id):
            return None
        return session.get(User, va_id)

    def _read_my_quote(self, session, user: User) -> None:
        """Show the live quote on this job of the VA the form is for (if any)."""
        va = self._quote_va(session, user)
        quote = quotes.my_quote_on(session, actor=va, job_id=self._job_id) if va else None
        self._show_quote(session, quote)

    def _show_quote(self, session, quote: Quote | None) -> None:
        """Show `quote` as the live quote, or no live quote for None."""
        self.has_quote, self.editing = quote is not None, False
        self._quote_id = quote.id if quote is not None else 0
        if quote is None:
            self.mq_plan = []
            return
        self.quote_status = quote.status
        self.mq_cover, self.mq_price = quote.cover_letter, quote.price_minor
        self.mq_duration, self.mq_hour_cap = quote.duration_weeks, quote.weekly_hour_cap
        self.mq_pilot_scope, self.mq_pilot_price = quote.pilot_scope, quote.pilot_price_minor
        self.mq_pilot_days = quote.pilot_days
        self.mq_plan = [{"title": step.title, "amount": str(step.amount_minor),
                         "due": iso_text(step.due_date)} for step in quotes.quote_plan(session, quote.id)]

    # -- formatted values --

    @rx.var
    def my_price_text(self) -> str:
        """The live quote's price."""
        return self._money(self.mq_price) if self.mq_price else ""

    @rx.var
    def my_pilot_price_text(self) -> str:
        """The live quote's pilot price."""
        return self._money(self.mq_pilot_price) if self.mq_pilot_price else ""

    @rx.var
    def my_plan_view(self) -> list[dict[str, str]]:
        """The live quote's milestones with amounts and dates formatted."""
        return [{"title": step["title"], "amount": self._money(int(step["amount"] or 0)),
                 "due": day_text(step["due"], self.locale)} for step in self.mq_plan]

    # -- events --

    @rx.event
    def choose_member(self, value: str):
        """An agency owner picks which member the quote is for (checked by the service)."""
        if not isinstance(value, str) or value not in {m["id"] for m in self.members}:
            return
        self.quote_for, self.error, self.notice, self.quote_status = value, "", "", ""
        self._reset_form()
        try:
            with session_scope() as session:
                user = self._require_actor(session)
                self._read_my_quote(session, user)
        except ServiceError as err:
            self.error = self._error_text(err)
