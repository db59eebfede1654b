"""The job page's view of the job itself: its public data, files and later edits, and the
client's hiring history, with the values formatted in the reader's language.

A Reflex mixin of `JobDetailState`: the vars and computed vars live on that state.
"""

from __future__ import annotations

import reflex as rx
from sqlmodel import select

from vamarket.errors import NotFound
from vamarket.i18n.format import format_money
from vamarket.models import Category, Job, User
from vamarket.pages.guard import signin_url
from vamarket.pages.job_detail.job_text import day_text, format_changes, iso_text
from vamarket.pages.job_detail.markdown import safe_html
from vamarket.services import attachments, jobs, profiles, reputation


class JobInfoMixin(rx.State, mixin=True):
    """The job's public data and its client's history, as the job page shows them."""

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

    # -- reading --

    def _read_job_terms(self, job: Job) -> None:
        """The job's own fields (no other rows are read)."""
        self.j_title, self.j_status = job.title, job.status
        self.j_budget_type, self.j_currency = job.budget_type, job.currency
        self.j_budget_min, self.j_budget_max = job.budget_min_minor, job.budget_max_minor
        self.j_hours, self.j_duration = job.hours_per_week, job.duration_weeks
        self.j_deadline = iso_text(job.deadline)
        self.j_down = job.down_payment_percent if job.budget_type == "fixed" else 0
        self.j_pilot_scope, self.j_pilot_budget = job.pilot_scope, job.pilot_budget_minor
        self.j_published = iso_text(job.published_at)
        self.j_client_id = job.client_id

    def _read_job_details(self, session, job: Job, user: User | None) -> None:
        """The job's category, skills, description and the files `user` may see."""
        category = (session.exec(select(Category.slug).where(Category.id == job.category_id)).first()
                    if job.category_id else None)
        self.j_category = category or ""
        self.j_skills = jobs.job_skill_slugs(session, job.id)
        self.description_html = safe_html(job.description)
        self.files = [{"id": str(a.id), "name": a.filename,
                       "size_bytes": str(a.size_bytes)}
                      for a in attachments.list_job_files(session, viewer=user, job_id=job.id)]

    def _read_client(self, session, client_id: int) -> None:
        """The client's public name, hiring history and (visible) rating."""
        try:
            self.j_client_name = profiles.public_profile(session, user_id=client_id).display_name
        except NotFound:
            self.j_client_name = ""
        history = jobs.client_history(session, client_id)
        self.h_posted, self.h_hires = history.jobs_posted, history.hires
        rated = reputation.for_clients(session, [client_id])[client_id]  # visible only
        self.h_hire_rate, self.h_rating_count = history.hire_rate_percent, rated.rating_count
        self.h_rating = "" if rated.rating_average is None else f"{rated.rating_average:.1f}"

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
        return day_text(self.j_deadline, self.locale)

    @rx.var
    def published_text(self) -> str:
        """When the job was published."""
        return day_text(self.j_published, self.locale)

    @rx.var
    def file_rows(self) -> list[dict[str, str]]:
        """The job's files with their sizes in the reader's language."""
        return [{**row, "size": attachments.size_text(int(row["size_bytes"]), self.locale)}
                for row in self.files]

    @rx.var
    def change_lines(self) -> list[dict[str, str]]:
        """Each change as {when, field, old, new}, formatted; `when` only on an edit's first line."""
        return format_changes(self.changes, budget_type=self.j_budget_type, locale=self.locale,
                              money=self._money)

    @rx.var
    def signin_href(self) -> str:
        """Sign in and come back to this job."""
        return signin_url(f"/jobs/{self.j_id}")
