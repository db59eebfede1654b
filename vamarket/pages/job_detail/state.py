"""The job page: read the job and the client's history, owner actions, and the VA's quote form.

`JobDetailState` is put together from mixins, one per part of the page: the job itself
(`job_info`), the VA's live quote (`my_quote`) and the quote form (`quote_draft`). This module
loads the page and runs the actions that change data.

Every handler re-resolves the signed-in user from the session cookie and leaves the checks
(who may quote, who owns the job, which transitions are allowed) to the services. The ids of
the job and of the quote being edited live in backend-only vars.
"""

from __future__ import annotations

import reflex as rx

from vamarket.db import session_scope
from vamarket.errors import NotFound, ServiceError
from vamarket.models import Job, Quote, User
from vamarket.pages.job_detail.forms import parse_quote
from vamarket.pages.job_detail.job_info import JobInfoMixin
from vamarket.pages.job_detail.job_text import change_rows, job_id_from_path
from vamarket.pages.job_detail.my_quote import MyQuoteMixin
from vamarket.pages.job_detail.quote_draft import QuoteDraftMixin
from vamarket.services import jobs, quotes
from vamarket.settings import get_settings
from vamarket.state.base import AppState

JOB_EVENTS = ("publish", "pause", "resume", "close")


class JobDetailState(JobInfoMixin, MyQuoteMixin, QuoteDraftMixin, AppState):
    """What the job page shows; formatted values are computed per the reader's language."""

    loaded: bool = False
    found: bool = False
    busy: bool = False
    error: str = ""
    notice: str = ""
    # who is looking
    is_owner: bool = False
    can_quote: bool = False

    _job_id: int = 0

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

    def _read_job(self, session, job: Job, user: User | None) -> None:
        """Show `job` as `user` (None when signed out) may see it."""
        self.found, self._job_id, self.j_id = True, job.id, job.id
        self._read_job_terms(job)
        self._read_job_details(session, job, user)
        self._read_client(session, job.client_id)
        self.quote_count = len(jobs.live_quotes(session, job.id))
        self.fee_percent = get_settings().platform_fee_percent
        self._read_viewer(session, job, user)

    def _read_viewer(self, session, job: Job, user: User | None) -> None:
        """What this reader may do and see: owner actions, their quote, the edit history."""
        self.is_owner = user is not None and user.id == job.client_id
        self.can_quote = bool(user is not None and user.is_va and not self.is_owner)
        self.members, self.quote_for = [], ""
        if self.can_quote:
            self._read_members(session, user)
            self._read_my_quote(session, user)
        shown_to = self.is_owner or self.has_quote
        self.changes = change_rows(jobs.job_changes(session, job.id), job.published_at) if shown_to else []

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
                quote = self._save_quote(session, self._require_actor(session), editing=bool(editing))
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

    def _save_quote(self, session, user: User, *, editing: bool) -> Quote:
        """The typed form sent as a new quote, or saved over the live one when `editing`."""
        va = self._quote_va(session, user)
        data = parse_quote(self._form_values(), self.milestones, budget_type=self.j_budget_type,
                           currency=self.j_currency, locale=self.locale,
                           va_id=va.id if va is not None and va.id != user.id else None)
        if editing:
            return quotes.edit_quote(session, actor=user, quote_id=self._quote_id, data=data)
        return quotes.send_quote(session, actor=user, job_id=self._job_id, data=data)

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
