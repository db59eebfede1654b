"""The hourly weeks of the contract room: the VA logs time, deletes entries of an open week and
submits weeks; the client approves (the saved card is charged) or disputes them.

Every handler re-reads the signed-in user from the session cookie and the contract from the
page; ids sent by the browser are checked to belong to this contract, and the services check
who may act. Only the two parties' own contract data is put in state.
"""

from __future__ import annotations

from datetime import date

import reflex as rx
from sqlmodel import Session

from vamarket.db import session_scope
from vamarket.errors import InvalidInput, NotFound, ServiceError
from vamarket.i18n.format import format_day, format_money
from vamarket.models import Contract, TimeEntry, Timesheet, User
from vamarket.pages.contract.state import ContractState
from vamarket.pages.guard import route_id
from vamarket.pages.money_access import is_money_error, money_error_text
from vamarket.services import contracts, timesheets

REVIEWABLE = ("submitted", "approved", "charged")


def duration(minutes: int) -> str:
    """Minutes as hours and minutes, `h:mm` (the same in both languages)."""
    return f"{minutes // 60}:{minutes % 60:02d}"


class HourlyState(ContractState):
    """Weeks, entries and the time form of an hourly contract (empty for other contracts)."""

    hourly_on: bool = False
    weeks: list[dict[str, str]] = []
    entries: list[dict[str, str]] = []
    today: str = ""  # the VA's local date: the form's default and latest date
    hourly_error: str = ""
    hourly_notice: str = ""
    hourly_busy: bool = False
    _reasons: dict[str, str] = {}

    @rx.event
    def load_hourly(self):
        """Read the weeks when the contract room opens (the page's load checks access)."""
        self.hourly_on, self.weeks, self.entries = False, [], []
        self.hourly_error = self.hourly_notice = ""
        with session_scope() as session:
            user = self._actor(session)
            if user is None:
                return
            try:
                contract = contracts.contract_for_party(
                    session, actor=user, contract_id=route_id(self, "contract_id"))
                self._fill_weeks(session, user, contract)
            except ServiceError:
                return  # the page's own load shows why the contract cannot be seen

    # -- reading --

    def _fill_weeks(self, session: Session, user: User, contract: Contract) -> None:
        self.hourly_on = contract.kind == "hourly"
        if not self.hourly_on:
            self.weeks, self.entries = [], []
            return
        is_va = user.id == contract.va_id
        va = session.get(User, contract.va_id)
        today = timesheets.local_today(session, va) if va else None
        self.today = today.isoformat() if today else ""
        views = timesheets.contract_weeks(session, actor=user, contract_id=contract.id)
        current = timesheets.iso_week(today) if today else ""
        self.weeks = [self._week_row(contract, v, is_va, v.timesheet.iso_week == current)
                      for v in views]
        self.entries = [self._entry_row(v.timesheet, e, is_va) for v in views for e in v.entries]

    def _money(self, contract: Contract, minor: int) -> str:
        return format_money(minor, contract.currency, self.locale)

    def _week_row(self, contract: Contract, view: timesheets.WeekView, is_va: bool,
                  current: bool) -> dict[str, str]:
        week, status = view.timesheet, view.timesheet.status
        monday = timesheets.week_monday(week.iso_week)
        sunday = date.fromordinal(monday.toordinal() + 6)
        cap = contract.weekly_hour_cap * 60
        client = not is_va
        return {
            "id": str(week.id or ""), "iso": week.iso_week,
            "label": f"{format_day(monday, self.locale)} – {format_day(sunday, self.locale)}",
            "current": "1" if current else "", "status": status,
            "logged": duration(view.logged_minutes), "billable": duration(view.billable_minutes),
            "cap": duration(cap), "over_cap": "1" if view.logged_minutes > cap else "",
            "amount": self._money(contract, view.amount_minor),
            "rate": self._money(contract, contract.rate_minor),
            "deadline": self._deadline(view, is_va),
            "can_submit": "1" if is_va and status == "open" and view.logged_minutes else "",
            "can_approve": "1" if client and status == "submitted" else "",
            "can_dispute": "1" if client and status in REVIEWABLE else "",
            "can_retry": "1" if client and status == "approved" else "",
        }

    def _deadline(self, view: timesheets.WeekView, is_va: bool) -> str:
        if view.review_ends is not None:
            key = "hourly.review_until_va" if is_va else "hourly.review_until_client"
            return self._text(key, day=format_day(view.review_ends, self.locale))
        if view.releases_at is not None:
            return self._text("hourly.releases_on", day=format_day(view.releases_at, self.locale))
        if view.timesheet.status == "approved":
            return self._text("hourly.charge_failed")
        if view.timesheet.status == "open" and view.logged_minutes:
            return self._text("hourly.closes_on_monday" if is_va else "hourly.closes_for_client")
        return ""

    def _entry_row(self, week: Timesheet, entry: TimeEntry, is_va: bool) -> dict[str, str]:
        return {"id": str(entry.id), "week": week.iso_week,
                "date": format_day(entry.work_date, self.locale),
                "minutes": duration(entry.minutes), "description": entry.description,
                "can_delete": "1" if is_va and week.status == "open" else ""}

    # -- acting --

    def _hourly_act(self, action, success_key: str):
        """Run `action(session, user, contract)` and return its result (None when refused);
        errors become text; the weeks and the contract's money are read again."""
        self.hourly_error, self.hourly_notice, self.hourly_busy = "", "", True
        result = None
        try:
            with session_scope() as session:
                user = self._require_actor(session)
                result = action(session, user, self._contract(session, user))
            with session_scope() as session:
                user = self._require_actor(session)
                contract = self._contract(session, user)
                self._fill_weeks(session, user, contract)
                self._fill(session, user)
        except (TypeError, ValueError):  # a crafted event with a non-numeric argument
            self.hourly_error, result = self._text("error.not_found"), None
        except Exception as err:
            if not is_money_error(err):
                raise
            self.hourly_error, result = money_error_text(self.locale, err), None
        else:
            self.hourly_notice = self._text(success_key)
        finally:
            self.hourly_busy = False
        return result

    @staticmethod
    def _week(session: Session, contract: Contract, timesheet_id) -> Timesheet:
        """A week of this contract named by the browser, or NotFound."""
        week = session.get(Timesheet, int(timesheet_id))
        if week is None or week.contract_id != contract.id:
            raise NotFound()
        return week

    @rx.event
    def log_time(self, form: dict):
        """The VA logs time: a date, minutes or h:mm, and what was done."""
        form = form if isinstance(form, dict) else {}
        raw_day, text = (value if isinstance(value, str) else "" for value in
                         (form.get("work_date"), form.get("description")))

        def act(session, user, contract):
            try:
                day = date.fromisoformat(raw_day.strip())
            except ValueError:
                raise InvalidInput("error.date_invalid", field="work_date") from None
            minutes = timesheets.parse_minutes(form.get("duration", ""))
            timesheets.log_time(session, actor=user, contract_id=contract.id, work_date=day,
                                minutes=minutes, description=text[:2000])

        self._hourly_act(act, "hourly.logged")

    @rx.event
    def delete_entry(self, entry_id: str):
        """The VA removes an entry of a week that is still open."""
        def act(session, user, contract):
            entry = session.get(TimeEntry, int(entry_id))
            if entry is None or entry.contract_id != contract.id:
                raise NotFound()
            timesheets.delete_entry(session, actor=user, entry_id=entry.id)

        self._hourly_act(act, "hourly.deleted")

    @rx.event
    def submit_week(self, iso_week: str):
        """The VA submits a week for the client's approval."""
        self._hourly_act(lambda s, u, c: timesheets.submit_week(
            s, actor=u, contract_id=c.id, iso_week=str(iso_week)[:10]), "hourly.submitted")

    @rx.event
    def approve_week(self, timesheet_id: str):
        """The client approves a submitted week; the saved card is charged."""
        self._unpaid_notice(self._hourly_act(lambda s, u, c: timesheets.approve_week(
            s, actor=u, timesheet_id=self._week(s, c, timesheet_id).id), "hourly.approved"))

    @rx.event
    def retry_charge(self, timesheet_id: str):
        """The client tries the saved card again for an approved, unpaid week."""
        self._unpaid_notice(self._hourly_act(lambda s, u, c: timesheets.retry_charge(
            s, actor=u, timesheet_id=self._week(s, c, timesheet_id).id), "hourly.charged"))

    def _unpaid_notice(self, week: Timesheet | None) -> None:
        """Say so when the card could not be charged (the week stays approved, unpaid)."""
        if week is not None and week.status == "approved":
            self.hourly_notice, self.hourly_error = "", self._text("hourly.charge_failed")

    @rx.event
    def set_reason(self, timesheet_id: str, text: str):
        """Keep the dispute reason being typed for a week (kept on the server)."""
        key = str(timesheet_id)[:12]
        if key.isdigit():
            self._reasons = {**self._reasons, key: str(text or "")[:2000]}

    @rx.event
    def dispute_week(self, timesheet_id: str, form: dict | None = None):
        """The client disputes a week with a reason; the money stays frozen until an admin
        resolves it."""
        # a click passes its pointer details as `form`; only a form's own field counts
        typed = form.get("reason") if isinstance(form, dict) and "reason" in form else None
        reason = str(typed if typed is not None
                     else self._reasons.get(str(timesheet_id)[:12], ""))[:2000]
        self._hourly_act(lambda s, u, c: timesheets.dispute_week(
            s, actor=u, timesheet_id=self._week(s, c, timesheet_id).id, reason=reason),
            "hourly.disputed")
