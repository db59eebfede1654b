"""Post or edit a job: the form's fields, parsed into a JobInput for the jobs service."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import reflex as rx

from vamarket.db import session_scope
from vamarket.errors import InvalidInput, PermissionDenied, ServiceError
from vamarket.i18n import translate
from vamarket.i18n.format import minor_digits, parse_money
from vamarket.models import Category
from vamarket.pages.guard import error_text, gate
from vamarket.services import attachments, jobs, profiles
from vamarket.services.job_rules import JobInput
from vamarket.state.base import AppState

TEXT_FIELDS = frozenset({"title", "description", "category", "budget_type", "currency", "amount",
                         "rate_max", "hours_per_week", "duration_weeks", "deadline",
                         "down_payment", "pilot_scope", "pilot_budget"})
MAX_FIELD_TEXT = 10_000
ATTACH_UPLOAD_ID = "job-attachments-upload"


def whole_number(text: str, field: str) -> int:
    """A typed whole number (empty is 0); anything else is an InvalidInput naming `field`."""
    text = (text or "").strip()
    if not text:
        return 0
    if not text.isdigit() or len(text) > 6:
        raise InvalidInput("error.whole_number", field=field)
    return int(text)


def amount_text(amount_minor: int, currency: str) -> str:
    """Minor units as the plain number a form field shows (no grouping, no floats)."""
    if not amount_minor:
        return ""
    return format(Decimal(amount_minor).scaleb(-minor_digits(currency)).normalize(), "f")


class JobFormState(AppState):
    """The post/edit job form. `editing` is 0 for a new job."""

    editing: int = 0
    loaded: bool = False
    saving: bool = False
    error: str = ""
    title: str = ""
    description: str = ""
    category: str = ""
    budget_type: str = "fixed"
    currency: str = "USD"
    amount: str = ""
    rate_max: str = ""
    hours_per_week: str = ""
    duration_weeks: str = ""
    deadline: str = ""
    down_payment: str = "25"
    pilot: bool = False
    pilot_scope: str = ""
    pilot_budget: str = ""
    skills: list[str] = []
    category_options: list[str] = []
    skill_options: list[dict[str, str]] = []
    # the job's files (only once the job has been saved)
    files: list[dict[str, str]] = []
    uploading: bool = False
    file_error: str = ""
    file_notice: str = ""

    @rx.event
    def load(self):
        """Clients only; on /jobs/<id>/edit the owner's job is loaded into the form."""
        self.loaded, self.saving, self.error = False, False, ""
        self.files, self.uploading, self.file_error, self.file_notice = [], False, "", ""
        with session_scope() as session:
            user = self._actor(session)
            self._apply_user(user)
            redirect = gate(self, user)
            if redirect is not None:
                return redirect
            self.category_options = profiles.list_categories(session)
            self.skill_options = [{"slug": s.slug, "category": s.category}
                                  for s in profiles.list_skills(session)]
            raw_id = str(self.router.page.params.get("job_id", "") or "")
            self._reset_fields(user.currency)
            if raw_id:
                try:
                    self._fill_from_job(session, user, raw_id)
                except ServiceError as err:
                    self.error = error_text(self.locale, err)
                    return None
            elif not user.is_client:
                self.error = error_text(self.locale, PermissionDenied("error.clients_only"))
                return None
        self.loaded = True
        return None

    def _reset_fields(self, currency: str) -> None:
        self.editing = 0
        for name in TEXT_FIELDS:
            setattr(self, name, "")
        self.budget_type, self.currency, self.down_payment = "fixed", currency or "USD", "25"
        self.pilot, self.skills = False, []

    def _fill_from_job(self, session, user, raw_id: str) -> None:
        if not raw_id.isdigit():
            raise InvalidInput("error.not_found")
        job = jobs.get_job(session, viewer=user, job_id=int(raw_id))
        if job.client_id != user.id:
            raise PermissionDenied()
        self.editing = job.id
        self.title, self.description = job.title, job.description
        self.budget_type, self.currency = job.budget_type, job.currency
        self.amount = amount_text(job.budget_min_minor, job.currency)
        self.rate_max = amount_text(job.budget_max_minor, job.currency) \
            if job.budget_type == "hourly" else ""
        self.hours_per_week = str(job.hours_per_week or "")
        self.duration_weeks = str(job.duration_weeks or "")
        self.deadline = job.deadline.isoformat() if job.deadline else ""
        self.down_payment = str(job.down_payment_percent or 25)
        self.pilot = bool(job.pilot_scope)
        self.pilot_scope = job.pilot_scope
        self.pilot_budget = amount_text(job.pilot_budget_minor, job.currency)
        self.skills = jobs.job_skill_slugs(session, job.id)
        category = session.get(Category, job.category_id) if job.category_id else None
        self.category = category.slug if category else ""
        self._read_files(session, user)

    def _read_files(self, session, user) -> None:
        self.files = [{"id": str(a.id), "name": a.filename,
                       "size_bytes": str(a.size_bytes)}
                      for a in attachments.list_job_files(session, viewer=user, job_id=self.editing)]

    @rx.var
    def file_rows(self) -> list[dict[str, str]]:
        """The job's files with their sizes in the reader's language."""
        return [{**row, "size": attachments.size_text(int(row["size_bytes"]), self.locale)}
                for row in self.files]

    @rx.event
    async def upload_files(self, files: list[rx.UploadFile]):
        """Attach the dropped files to the saved job, one by one (each checked by the service)."""
        self.file_error, self.file_notice, self.uploading = "", "", True
        yield
        errors, added = [], 0
        for upload in (files or [])[:attachments.MAX_FILES_PER_JOB]:
            data = await upload.read(attachments.MAX_FILE_BYTES + 1)
            try:
                with session_scope() as session:
                    user = self._require_actor(session)
                    if not self.editing:
                        raise InvalidInput("attach.save_first")
                    attachments.add_job_file(session, actor=user, job_id=self.editing,
                                             filename=upload.name or "", data=data)
                added += 1
            except ServiceError as err:
                text = translate(self.locale, err.key, **err.params)
                name = attachments.clean_filename(upload.name)
                errors.append(f"{name}: {text}" if name else text)
        self._refresh_files()
        self.file_error = " ".join(errors)
        self.file_notice = translate(self.locale, "attach.added") if added and not errors else ""
        self.uploading = False

    @rx.event
    def files_rejected(self, rejected: list[dict]):
        """The browser refused files before sending them (type or size)."""
        self.file_notice = ""
        self.file_error = translate(self.locale, "error.files_rejected")

    @rx.event
    def remove_file(self, attachment_id: str):
        """Remove one of the job's files (the service checks that it is the actor's)."""
        self.file_error, self.file_notice = "", ""
        raw = str(attachment_id or "")
        try:
            with session_scope() as session:
                user = self._require_actor(session)
                if not raw.isdigit() or len(raw) > 12:
                    raise InvalidInput("error.not_found")
                attachments.remove_job_file(session, actor=user, attachment_id=int(raw))
            self.file_notice = translate(self.locale, "attach.removed")
        except ServiceError as err:
            self.file_error = error_text(self.locale, err)
        self._refresh_files()

    def _refresh_files(self) -> None:
        if not self.editing:
            return
        try:
            with session_scope() as session:
                self._read_files(session, self._actor(session))
        except ServiceError:
            self.files = []

    @rx.event
    def set_field(self, name: str, value: str):
        """Update one text field of the form (only the form's own fields)."""
        if name in TEXT_FIELDS and isinstance(value, str):
            setattr(self, name, value[:MAX_FIELD_TEXT])

    @rx.event
    def set_pilot(self, value: bool):
        """Offer (or not) a pilot project first."""
        self.pilot = bool(value)

    @rx.event
    def toggle_skill(self, slug: str):
        """Add or remove a skill (unknown slugs are refused by the service on save)."""
        if slug in self.skills:
            self.skills = [s for s in self.skills if s != slug]
        elif isinstance(slug, str) and len(self.skills) < 30:
            self.skills = [*self.skills, slug[:64]]

    def _input(self) -> JobInput:
        currency = self.currency if self.currency in ("USD", "IDR") else "USD"
        hourly = self.budget_type == "hourly"
        deadline = None
        if self.deadline:
            try:
                deadline = date.fromisoformat(self.deadline)
            except ValueError:
                raise InvalidInput("error.date_invalid", field="deadline") from None
        return JobInput(
            title=self.title, description=self.description, budget_type=self.budget_type,
            currency=self.currency, category_slug=self.category, skill_slugs=list(self.skills),
            budget_min_minor=parse_money(self.amount, currency, self.locale, field="budget_min"),
            budget_max_minor=parse_money(self.rate_max, currency, self.locale, field="budget_max")
            if hourly and self.rate_max.strip() else 0,
            hours_per_week=whole_number(self.hours_per_week, "hours_per_week"),
            duration_weeks=whole_number(self.duration_weeks, "duration_weeks"),
            deadline=deadline,
            down_payment_percent=whole_number(self.down_payment, "down_payment_percent"),
            pilot_scope=self.pilot_scope if self.pilot else "",
            pilot_budget_minor=parse_money(self.pilot_budget, currency, self.locale,
                                           field="pilot_budget") if self.pilot else 0,
        )

    @rx.event
    def save(self, publish: bool = False):
        """Create or update the job (published at once when `publish`), then open its page."""
        self.saving, self.error = True, ""
        yield
        try:
            with session_scope() as session:
                actor = self._require_actor(session)
                data = self._input()
                if self.editing:
                    job = jobs.update_job(session, actor=actor, job_id=self.editing, data=data)
                    if publish and job.status == "draft":
                        jobs.transition_job(session, actor=actor, job_id=job.id, event="publish")
                else:
                    job = jobs.create_job(session, actor=actor, data=data, publish=bool(publish))
                job_id = job.id
        except ServiceError as err:
            self.error = error_text(self.locale, err)
            self.saving = False
            return
        self.saving = False
        yield rx.redirect(f"/jobs/{job_id}")
