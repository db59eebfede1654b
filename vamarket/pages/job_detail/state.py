"""The job page: read the job and the client's history, owner actions, and the VA's quote form.

Every handler re-resolves the signed-in user from the session cookie and leaves the checks
(who may quote, who owns the job, which transitions are allowed) to the services. The ids of
the job and of the quote being edited live in backend-only vars.
"""

from __future__ import annotations

from datetime import date, datetime

import reflex as rx
from sqlmodel import select

from vamarket.db import session_scope
from vamarket.errors import NotFound, ServiceError
from vamarket.i18n.format import format_day, format_money
from vamarket.models import Category, Quote, User
from vamarket.pages.guard import signin_url
from vamarket.pages.job_detail.forms import (
    FIELD_LIMITS,
    MILESTONE_FIELDS,
    TEXT_LIMITS,
    amount_text,
    empty_milestone,
    parse_quote,
    try_money,
)
from vamarket.pages.job_detail.markdown import safe_html
from vamarket.services import agencies, attachments, fees, jobs, profiles, quotes, reputation
from vamarket.services.quote_rules import MAX_MILESTONES
from vamarket.settings import get_settings
from vamarket.state.base import AppState

JOB_EVENTS = ("publish", "pause", "resume", "close")
MONEY_FIELDS = ("budget_min_minor", "budget_max_minor", "pilot_budget_minor")
PLAIN_FIELDS = ("title", "hours_per_week", "duration_weeks", "down_payment_percent",
                "budget_type", "currency", "deadline")


def job_id_from_path(path: str) -> int | None:
    """The job id in "/jobs/<id>" (or None when the address names no job)."""
    parts = [p for p in str(path or "").split("/") if p]
    if len(parts) < 2 or parts[0] != "jobs":
        return None
    tail = parts[1]
    return int(tail) if tail.isdigit() and len(tail) < 12 else None


def _iso(value: object) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value or "")


def _day(iso: str, locale: str) -> str:
    if not iso:
        return ""
    try:
        return format_day(datetime.fromisoformat(iso), locale)
    except ValueError:
        try:
            return format_day(date.fromisoformat(iso[:10]), locale)
        except ValueError:
            return iso


def change_rows(entries: list[dict], published_at: datetime | None) -> list[dict[str, str]]:
    """Edits made after publishing, as flat rows {at, field, old, new} (raw values as text).

    Long texts (description, pilot scope) only say that they changed.
    """
    rows: list[dict[str, str]] = []
    for entry in entries:
        at = entry.get("at")
        if published_at is not None and isinstance(at, datetime) and at < published_at:
            continue
        for name, pair in sorted((entry.get("changes") or {}).items()):
            old, new = (list(pair) + ["", ""])[:2] if isinstance(pair, list | tuple) else ("", "")
            long_text = name in ("description", "pilot_scope", "category_id")
            rows.append({"at": _iso(at), "field": str(name),
                         "old": "" if long_text or old is None else str(old),
                         "new": "" if long_text or new is None else str(new)})
    return rows


class JobDetailState(AppState):
    """What the job page shows; formatted values are computed per the reader's language."""

    loaded: bool = False
    found: bool = False
    busy: bool = False
    error: str = ""
    notice: str = ""
    # the job (public data)
    j_id: int = 0
    j_title: str = ""
    j_status: str = ""
    j_budget_type: str = "fixed"
    j_currency: str = "USD"
    j_category: str = ""
    j_skills: list[str] = []
    j_budget_min: int = 0
    j_budget_max: int = 0
    j_hours: int = 0
    j_duration: int = 0
    j_deadline: str = ""
    j_down: int = 0
    j_pilot_scope: str = ""
    j_pilot_budget: int = 0
    j_published: str = ""
    j_client_id: int = 0
    j_client_name: str = ""
    description_html: str = ""
    quote_count: int = 0
    changes: list[dict[str, str]] = []
    files: list[dict[str, str]] = []
    # the client's history
    h_posted: int = 0
    h_hires: int = 0
    h_hire_rate: int = 0
    h_rating: str = ""
    h_rating_count: int = 0
    # who is looking
    is_owner: bool = False
    can_quote: bool = False
    fee_percent: int = 10
    members: list[dict[str, str]] = []
    quote_for: str = ""
    # the VA's live quote
    has_quote: bool = False
    quote_status: str = ""
    editing: bool = False
    mq_cover: str = ""
    mq_price: int = 0
    mq_duration: int = 0
    mq_hour_cap: int = 0
    mq_pilot_scope: str = ""
    mq_pilot_price: int = 0
    mq_pilot_days: int = 0
    mq_plan: list[dict[str, str]] = []
    # the form
    q_cover: str = ""
    q_price: str = ""
    q_duration: str = ""
    q_hour_cap: str = ""
    q_pilot_scope: str = ""
    q_pilot_price: str = ""
    q_pilot_days: str = ""
    milestones: list[dict[str, str]] = [empty_milestone()]

    _job_id: int = 0
    _quote_id: int = 0

    # -- loading --

    @rx.event
    def load(self):
        """Read the job named by the address; anyone may look at a published job."""
        self.loaded, self.found, self.error, self.notice, self.busy = False, False, "", "", False
        self.has_quote, self.quote_status, self._quote_id = False, "", 0
        self._reset_form()
        job_id = job_id_from_path(str(self.router.url.path))
        with session_scope() as session:
            user = self._actor(session)
            self._apply_user(user)
            if user is not None and not user.onboarded:
                return rx.redirect("/onboarding")
            try:
                job = jobs.get_job(session, viewer=user, job_id=job_id) if job_id else None
            except NotFound:
                job = None
            if job is not None:
                self._read_job(session, job, user)
        self.loaded = True
        return None

    def _read_job(self, session, job, user: User | None) -> None:
        self.found, self._job_id, self.j_id = True, job.id, job.id
        self.j_title, self.j_status = job.title, job.status
        self.j_budget_type, self.j_currency = job.budget_type, job.currency
        self.j_budget_min, self.j_budget_max = job.budget_min_minor, job.budget_max_minor
        self.j_hours, self.j_duration = job.hours_per_week, job.duration_weeks
        self.j_deadline = _iso(job.deadline)
        self.j_down = job.down_payment_percent if job.budget_type == "fixed" else 0
        self.j_pilot_scope, self.j_pilot_budget = job.pilot_scope, job.pilot_budget_minor
        self.j_published = _iso(job.published_at)
        self.j_client_id = job.client_id
        category = (session.exec(select(Category.slug).where(Category.id == job.category_id)).first()
                    if job.category_id else None)
        self.j_category = category or ""
        self.j_skills = jobs.job_skill_slugs(session, job.id)
        self.description_html = safe_html(job.description)
        self.files = [{"id": str(a.id), "name": a.filename,
                       "size_bytes": str(a.size_bytes)}
                      for a in attachments.list_job_files(session, viewer=user, job_id=job.id)]
        try:
            self.j_client_name = profiles.public_profile(session, user_id=job.client_id).display_name
        except NotFound:
            self.j_client_name = ""
        history = jobs.client_history(session, job.client_id)
        self.h_posted, self.h_hires = history.jobs_posted, history.hires
        rated = reputation.for_clients(session, [job.client_id])[job.client_id]  # visible only
        self.h_hire_rate, self.h_rating_count = history.hire_rate_percent, rated.rating_count
        self.h_rating = "" if rated.rating_average is None else f"{rated.rating_average:.1f}"
        self.quote_count = len(jobs.live_quotes(session, job.id))
        self.fee_percent = get_settings().platform_fee_percent
        self.is_owner = user is not None and user.id == job.client_id
        self.can_quote = bool(user is not None and user.is_va and not self.is_owner)
        self.members, self.quote_for = [], ""
        if self.can_quote:
            self._read_members(session, user)
            self._read_my_quote(session, user)
        shown_to = self.is_owner or self.has_quote
        self.changes = change_rows(jobs.job_changes(session, job.id), job.published_at) if shown_to else []

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
        va = self._quote_va(session, user)
        quote = quotes.my_quote_on(session, actor=va, job_id=self._job_id) if va else None
        self._show_quote(session, quote)

    def _show_quote(self, session, quote: Quote | None) -> None:
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
                         "due": _iso(step.due_date)} for step in quotes.quote_plan(session, quote.id)]

    def _reset_form(self) -> None:
        self.q_cover = self.q_price = self.q_duration = self.q_hour_cap = ""
        self.q_pilot_scope = self.q_pilot_price = self.q_pilot_days = ""
        self.milestones = [empty_milestone()]
        self.editing = False

    # -- formatted values (recomputed when the language changes) --

    def _money(self, amount: int) -> str:
        return format_money(amount, self.j_currency, self.locale)

    @rx.var
    def budget_text(self) -> str:
        """"$1,000.00" for a fixed job, "$10.00 – $15.00" (per hour) for an hourly one."""
        if not self.found:
            return ""
        if self.j_budget_type == "fixed" or self.j_budget_max <= self.j_budget_min:
            return self._money(self.j_budget_min)
        return f"{self._money(self.j_budget_min)} – {self._money(self.j_budget_max)}"

    @rx.var
    def pilot_budget_text(self) -> str:
        """The pilot's budget, or empty when the job has no pilot."""
        return self._money(self.j_pilot_budget) if self.j_pilot_budget > 0 else ""

    @rx.var
    def deadline_text(self) -> str:
        """The deadline as a date in the reader's language."""
        return _day(self.j_deadline, self.locale)

    @rx.var
    def published_text(self) -> str:
        """When the job was published."""
        return _day(self.j_published, self.locale)

    @rx.var
    def file_rows(self) -> list[dict[str, str]]:
        """The job's files with their sizes in the reader's language."""
        return [{**row, "size": attachments.size_text(int(row["size_bytes"]), self.locale)}
                for row in self.files]

    @rx.var
    def change_lines(self) -> list[dict[str, str]]:
        """Each change as {when, field, old, new}, formatted; `when` only on an edit's first line."""
        out, last_at = [], None
        for row in self.changes:
            name, old, new = row["field"], row["old"], row["new"]
            if name == "budget_max_minor" and self.j_budget_type == "fixed":
                continue  # a fixed job's "highest" budget is the same as its budget
            if name in MONEY_FIELDS:
                old = self._money(int(old)) if old.isdigit() else old
                new = self._money(int(new)) if new.isdigit() else new
            elif name == "deadline":
                old, new = _day(old, self.locale), _day(new, self.locale)
            elif name not in PLAIN_FIELDS:
                old = new = ""
            if name == "budget_min_minor" and self.j_budget_type == "hourly":
                name = "rate_min"
            if old or new:
                old, new = old or "—", new or "—"
            when = _day(row["at"], self.locale) if row["at"] != last_at else ""
            last_at = row["at"]
            out.append({"when": when, "field": name, "old": old, "new": new})
        return out

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
                 "due": _day(step["due"], self.locale)} for step in self.mq_plan]

    def _price(self) -> int | None:
        amount = try_money(self.q_price, self.j_currency, self.locale)
        return amount if amount is not None and amount > 0 else None

    def _preview(self) -> fees.FeePreview | None:
        price = self._price()
        return fees.preview(price, self.j_currency, self.fee_percent) if price else None

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
        total = sum(try_money(row.get("amount", ""), self.j_currency, self.locale) or 0
                    for row in self.milestones)
        return self._money(total)

    @rx.var
    def plan_matches(self) -> bool:
        """Whether the milestones add up to the price."""
        price = self._price()
        total = sum(try_money(row.get("amount", ""), self.j_currency, self.locale) or 0
                    for row in self.milestones)
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

    @rx.var
    def signin_href(self) -> str:
        """Sign in and come back to this job."""
        return signin_url(f"/jobs/{self.j_id}")

    # -- form editing (values are bounded here and validated again by the service) --

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

    @rx.event
    def start_edit(self):
        """Fill the form with the live quote's terms."""
        if not self.has_quote:
            return
        money = lambda amount: amount_text(amount, self.j_currency, self.locale)  # noqa: E731
        self.q_cover, self.q_price = self.mq_cover, money(self.mq_price)
        self.q_duration = str(self.mq_duration) if self.mq_duration else ""
        self.q_hour_cap = str(self.mq_hour_cap) if self.mq_hour_cap else ""
        self.q_pilot_scope, self.q_pilot_price = self.mq_pilot_scope, money(self.mq_pilot_price)
        self.q_pilot_days = str(self.mq_pilot_days) if self.mq_pilot_days else ""
        self.milestones = [{"title": s["title"], "amount": money(int(s["amount"] or 0)),
                            "due": s["due"]} for s in self.mq_plan] or [empty_milestone()]
        self.editing, self.error, self.notice = True, "", ""

    @rx.event
    def cancel_edit(self):
        """Back to the live quote without saving."""
        self._reset_form()

    # -- actions --

    @rx.event
    def submit_quote(self):
        """Send a new quote, or save the edited one."""
        if self.busy:
            return
        self.busy, self.error, self.notice = True, "", ""
        yield
        editing = self.has_quote and self._quote_id
        try:
            with session_scope() as session:
                user = self._require_actor(session)
                va = self._quote_va(session, user)
                data = parse_quote(
                    {"cover": self.q_cover, "price": self.q_price, "duration": self.q_duration,
                     "hour_cap": self.q_hour_cap, "pilot_scope": self.q_pilot_scope,
                     "pilot_price": self.q_pilot_price, "pilot_days": self.q_pilot_days},
                    self.milestones, budget_type=self.j_budget_type, currency=self.j_currency,
                    locale=self.locale, va_id=va.id if va is not None and va.id != user.id else None)
                if editing:
                    quote = quotes.edit_quote(session, actor=user, quote_id=self._quote_id, data=data)
                else:
                    quote = quotes.send_quote(session, actor=user, job_id=self._job_id, data=data)
                self._show_quote(session, quote)
                self.quote_count = len(jobs.live_quotes(session, self._job_id))
        except ServiceError as err:
            self.error = self._error_text(err)
            if err.key == "error.quote_exists":  # a repeated send: show the quote that exists
                self._refresh_quote()
        else:
            self._reset_form()
            self.notice = self._text("jobview.quote_updated" if editing else "jobview.quote_sent")
        self.busy = False

    def _refresh_quote(self) -> None:
        with session_scope() as session:
            user = self._actor(session)
            if user is not None:
                self._read_my_quote(session, user)
        if self.has_quote:
            self.error, self.notice = "", self._text("jobview.quote_sent")

    @rx.event
    def withdraw(self):
        """Withdraw the live quote (asked to confirm first in the page)."""
        if not self._quote_id:
            return
        self.error, self.notice = "", ""
        try:
            with session_scope() as session:
                user = self._require_actor(session)
                quote = quotes.withdraw_quote(session, actor=user, quote_id=self._quote_id)
                self.quote_status = quote.status
                self._show_quote(session, None)
                self.quote_count = len(jobs.live_quotes(session, self._job_id))
        except ServiceError as err:
            self.error = self._error_text(err)
            return
        self._reset_form()
        self.notice = self._text("jobview.quote_withdrawn")

    @rx.event
    def transition(self, event: str):
        """Publish, pause, resume or close the job (the owner; the service checks)."""
        if event not in JOB_EVENTS or not self._job_id:
            return
        self.error, self.notice = "", ""
        try:
            with session_scope() as session:
                user = self._require_actor(session)
                job = jobs.transition_job(session, actor=user, job_id=self._job_id, event=event)
                self._read_job(session, job, user)
        except ServiceError as err:
            self.error = self._error_text(err)
            return
        self.notice = self._text("jobview.done_" + event)
