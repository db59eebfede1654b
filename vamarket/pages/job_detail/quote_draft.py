"""The job page's quote form as the VA types it: the fields, the milestone plan, and the live
previews (fee split, plan total, down payment) of what was typed.

A Reflex mixin of `JobDetailState`: the vars, computed vars and handlers live on that state.
Values are bounded here and validated again by the service when the quote is sent.
"""

from __future__ import annotations

import reflex as rx

from vamarket.pages.job_detail.forms import (
    FIELD_LIMITS,
    MILESTONE_FIELDS,
    TEXT_LIMITS,
    amount_text,
    empty_milestone,
    try_money,
)
from vamarket.services import fees
from vamarket.services.quote_rules import MAX_MILESTONES

FORM_FIELDS = ("cover", "price", "duration", "hour_cap", "pilot_scope", "pilot_price", "pilot_days")


def _count_text(count: int) -> str:
    """A whole number for the form, empty for zero."""
    return str(count) if count else ""


class QuoteDraftMixin(rx.State, mixin=True):
    """The quote being written or edited, and previews of what it comes to."""

    editing: bool = False
    fee_percent: int = 10
    q_cover: str = ""
    q_price: str = ""
    q_duration: str = ""
    q_hour_cap: str = ""
    q_pilot_scope: str = ""
    q_pilot_price: str = ""
    q_pilot_days: str = ""
    milestones: list[dict[str, str]] = [empty_milestone()]

    # -- helpers --

    def _reset_form(self) -> None:
        """Empty the form and leave editing."""
        self.q_cover = self.q_price = self.q_duration = self.q_hour_cap = ""
        self.q_pilot_scope = self.q_pilot_price = self.q_pilot_days = ""
        self.milestones = [empty_milestone()]
        self.editing = False

    def _form_values(self) -> dict[str, str]:
        """The typed fields by name, as `parse_quote` reads them."""
        return {name: getattr(self, "q_" + name) for name in FORM_FIELDS}

    def _price(self) -> int | None:
        amount = try_money(self.q_price, self.j_currency, self.locale)
        return amount if amount is not None and amount > 0 else None

    def _preview(self) -> fees.FeePreview | None:
        price = self._price()
        return fees.preview(price, self.j_currency, self.fee_percent) if price else None

    def _plan_total(self) -> int:
        return sum(try_money(row.get("amount", ""), self.j_currency, self.locale) or 0
                   for row in self.milestones)

    # -- previews of what was typed --

    @rx.var
    def fee_client_pays(self) -> str:
        """What the client pays for the typed price (empty until it is a valid amount)."""
        preview = self._preview()
        return self._money(preview.client_pays_minor) if preview else ""

    @rx.var
    def fee_platform(self) -> str:
        """The platform fee taken from the price."""
        preview = self._preview()
        return self._money(preview.fee_minor) if preview else ""

    @rx.var
    def fee_you_receive(self) -> str:
        """What the VA receives after the platform fee."""
        preview = self._preview()
        return self._money(preview.va_receives_minor) if preview else ""

    @rx.var
    def plan_sum_text(self) -> str:
        """The sum of the milestone amounts typed so far."""
        return self._money(self._plan_total())

    @rx.var
    def plan_matches(self) -> bool:
        """Whether the milestones add up to the price."""
        price = self._price()
        total = self._plan_total()
        return price is not None and total == price

    @rx.var
    def price_text(self) -> str:
        """The typed price, formatted (empty until valid)."""
        price = self._price()
        return self._money(price) if price else ""

    @rx.var
    def first_minimum_text(self) -> str:
        """The least the first milestone must be: the job's down payment share of the price."""
        price = self._price()
        if not price or not self.j_down:
            return ""
        return self._money(fees.percent_of_ceil(price, self.j_down))

    @rx.var
    def first_covers_down(self) -> bool:
        """Whether the first milestone covers the down payment."""
        price = self._price()
        if not price or not self.milestones:
            return False
        first = try_money(self.milestones[0].get("amount", ""), self.j_currency, self.locale) or 0
        return first >= fees.percent_of_ceil(price, self.j_down)

    # -- form editing --

    def _set(self, name: str, value: object) -> None:
        text = value if isinstance(value, str) else ""
        setattr(self, "q_" + name, text[:TEXT_LIMITS[name]])
        self.error, self.notice = "", ""

    @rx.event
    def set_cover(self, value: str):
        """Cover letter."""
        self._set("cover", value)

    @rx.event
    def set_price(self, value: str):
        """Price (fixed total or hourly rate) as typed."""
        self._set("price", value)

    @rx.event
    def set_duration(self, value: str):
        """Estimated duration in weeks."""
        self._set("duration", value)

    @rx.event
    def set_hour_cap(self, value: str):
        """Weekly hour cap for hourly jobs."""
        self._set("hour_cap", value)

    @rx.event
    def set_pilot_scope(self, value: str):
        """Pilot offer: what it covers."""
        self._set("pilot_scope", value)

    @rx.event
    def set_pilot_price(self, value: str):
        """Pilot offer: price."""
        self._set("pilot_price", value)

    @rx.event
    def set_pilot_days(self, value: str):
        """Pilot offer: days."""
        self._set("pilot_days", value)

    @rx.event
    def set_milestone(self, index: int, name: str, value: str):
        """Change one cell of the milestone plan."""
        if (isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(self.milestones)
                or name not in MILESTONE_FIELDS or not isinstance(value, str)):
            return
        rows = [dict(row) for row in self.milestones]
        rows[index][name] = value[:FIELD_LIMITS[name]]
        self.milestones = rows
        self.error, self.notice = "", ""

    @rx.event
    def add_milestone(self):
        """Add an empty row (at most the service's maximum)."""
        if len(self.milestones) < MAX_MILESTONES:
            self.milestones = [*self.milestones, empty_milestone()]

    @rx.event
    def remove_milestone(self, index: int):
        """Remove a row; one row always stays."""
        if isinstance(index, bool) or not isinstance(index, int):
            return
        if 0 <= index < len(self.milestones) and len(self.milestones) > 1:
            self.milestones = [row for i, row in enumerate(self.milestones) if i != index]

    @rx.event
    def start_edit(self):
        """Fill the form with the live quote's terms."""
        if not self.has_quote:
            return
        money = lambda amount: amount_text(amount, self.j_currency, self.locale)  # noqa: E731
        self.q_cover, self.q_price = self.mq_cover, money(self.mq_price)
        self.q_duration = _count_text(self.mq_duration)
        self.q_hour_cap = _count_text(self.mq_hour_cap)
        self.q_pilot_scope, self.q_pilot_price = self.mq_pilot_scope, money(self.mq_pilot_price)
        self.q_pilot_days = _count_text(self.mq_pilot_days)
        self.milestones = [{"title": s["title"], "amount": money(int(s["amount"] or 0)),
                            "due": s["due"]} for s in self.mq_plan] or [empty_milestone()]
        self.editing, self.error, self.notice = True, "", ""

    @rx.event
    def cancel_edit(self):
        """Back to the live quote without saving."""
        self._reset_form()
