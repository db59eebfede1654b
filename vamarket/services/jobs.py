"""Jobs: post, edit (bidders see what changed), publish, pause, resume, close; client history."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlmodel import Session, col, func, select

from vamarket import lifecycle
from vamarket.errors import InvalidInput, InvalidTransition, NotFound, PermissionDenied
from vamarket.models import AuditLog, Category, Contract, Job, JobSkill, Quote, Review, Skill, User
from vamarket.models.base import utcnow
from vamarket.services import audit, notifications
from vamarket.services.accounts import is_admin
from vamarket.services.job_rules import JobInput, validate_job

LIVE_QUOTE_STATUSES = ("submitted", "shortlisted", "hired")
EDITABLE_STATUSES = ("draft", "open", "paused")
_TRACKED_FIELDS = ("title", "description", "budget_type", "currency", "budget_min_minor",
                   "budget_max_minor", "hours_per_week", "duration_weeks", "deadline",
                   "down_payment_percent", "pilot_scope", "pilot_budget_minor", "category_id")


def _require_client(actor: User) -> None:
    if not actor.is_client or actor.status != "active":
        raise PermissionDenied("error.clients_only")


def _owned_job(session: Session, actor: User, job_id: int, *, for_update: bool = False) -> Job:
    query = select(Job).where(Job.id == job_id)
    if for_update:
        query = query.with_for_update()
    job = session.exec(query).first()
    if job is None:
        raise NotFound()
    if job.client_id != actor.id:
        raise PermissionDenied()
    return job


def _resolve_taxonomy(session: Session, data: JobInput) -> tuple[int | None, list[int]]:
    category_id = None
    if data.category_slug:
        category = session.exec(select(Category).where(Category.slug == data.category_slug)).first()
        if category is None:
            raise InvalidInput("error.category_unknown", field="category")
        category_id = category.id
    slugs = sorted(set(data.skill_slugs))
    skills = session.exec(select(Skill).where(col(Skill.slug).in_(slugs))).all() if slugs else []
    if len(skills) != len(slugs):
        raise InvalidInput("error.skill_unknown", field="skills")
    return category_id, [s.id for s in skills if s.id is not None]


def _apply(job: Job, data: JobInput, category_id: int | None) -> None:
    for name in ("title", "description", "budget_type", "currency", "budget_min_minor",
                 "budget_max_minor", "hours_per_week", "duration_weeks", "deadline",
                 "down_payment_percent", "pilot_scope", "pilot_budget_minor"):
        setattr(job, name, getattr(data, name))
    job.category_id = category_id
    job.updated_at = utcnow()


def _set_skills(session: Session, job_id: int, skill_ids: list[int]) -> None:
    for row in session.exec(select(JobSkill).where(JobSkill.job_id == job_id)).all():
        if row.skill_id not in skill_ids:
            session.delete(row)
    existing = set(session.exec(select(JobSkill.skill_id).where(JobSkill.job_id == job_id)).all())
    for skill_id in skill_ids:
        if skill_id not in existing:
            session.add(JobSkill(job_id=job_id, skill_id=skill_id))


def create_job(session: Session, *, actor: User, data: JobInput, publish: bool = False) -> Job:
    """Post a job as a draft (or publish it at once)."""
    _require_client(actor)
    validate_job(data, today=datetime.now(UTC).date())
    category_id, skill_ids = _resolve_taxonomy(session, data)
    job = Job(client_id=actor.id, title="", description="", budget_type=data.budget_type,
              currency=data.currency)
    _apply(job, data, category_id)
    session.add(job)
    session.flush()
    _set_skills(session, job.id, skill_ids)
    audit.record(session, actor_id=actor.id, action="job.created", object_type="job",
                 object_id=job.id)
    if publish:
        transition_job(session, actor=actor, job_id=job.id, event="publish")
    session.flush()
    return job


def live_quotes(session: Session, job_id: int) -> list[Quote]:
    """Quotes on the job that are still in play."""
    return list(session.exec(select(Quote).where(
        Quote.job_id == job_id, col(Quote.status).in_(LIVE_QUOTE_STATUSES))).all())


def update_job(session: Session, *, actor: User, job_id: int, data: JobInput) -> Job:
    """Edit a job while no one is hired; bidders are told what changed."""
    job = _owned_job(session, actor, job_id, for_update=True)
    if job.status not in EDITABLE_STATUSES:
        raise InvalidTransition("error.job_not_editable")
    validate_job(data, today=datetime.now(UTC).date())
    category_id, skill_ids = _resolve_taxonomy(session, data)
    before = {name: getattr(job, name) for name in _TRACKED_FIELDS}
    _apply(job, data, category_id)
    changes = {name: [before[name], getattr(job, name)] for name in _TRACKED_FIELDS
               if before[name] != getattr(job, name)}
    _set_skills(session, job.id, skill_ids)
    session.add(job)
    if changes:
        audit.record(session, actor_id=actor.id, action="job.edited", object_type="job",
                     object_id=job.id, changes=changes)
        for quote in live_quotes(session, job.id):
            notifications.notify(session, user_id=quote.va_id, kind="job_edited",
                                 link=f"/jobs/{job.id}", job_id=job.id, title=job.title,
                                 fields=sorted(changes))
    session.flush()
    return job


def job_changes(session: Session, job_id: int) -> list[dict]:
    """The edits made to a job, oldest first: [{"at": datetime, "changes": {field: [old, new]}}]."""
    rows = session.exec(select(AuditLog).where(
        AuditLog.object_type == "job", AuditLog.object_id == job_id,
        AuditLog.action == "job.edited").order_by(col(AuditLog.id))).all()
    return [{"at": row.created_at, "changes": json.loads(row.detail).get("changes", {})}
            for row in rows]


def transition_job(session: Session, *, actor: User, job_id: int, event: str) -> Job:
    """Publish, pause, resume or close a job (the owner; an admin may close)."""
    job = session.exec(select(Job).where(Job.id == job_id).with_for_update()).first()
    if job is None:
        raise NotFound()
    role = lifecycle.CLIENT if job.client_id == actor.id else (
        lifecycle.ADMIN if is_admin(actor) else None)
    if role is None:
        raise PermissionDenied()
    if event == "hire":  # only hiring a quote moves a job to hired
        raise InvalidTransition("transition.job", state=job.status, event=event)
    target = lifecycle.JOB.require(job.status, event, role)
    if target == job.status:
        return job
    job.status = target
    job.updated_at = utcnow()
    if event == "publish":
        job.published_at = utcnow()
    session.add(job)
    audit.record(session, actor_id=actor.id, action=f"job.{event}", object_type="job",
                 object_id=job.id)
    session.flush()
    if event == "publish":
        _after_publish(session, job)
    return job


def _after_publish(session: Session, job: Job) -> None:
    try:
        from vamarket.services.saved_searches import notify_matching_saved_searches
    except ImportError:  # saved searches are optional for a bare install
        return
    notify_matching_saved_searches(session, job)


def get_job(session: Session, *, viewer: User | None, job_id: int) -> Job:
    """A job as `viewer` may see it: drafts and hidden jobs only for their owner and admins."""
    job = session.get(Job, job_id)
    if job is None:
        raise NotFound()
    owner_or_admin = viewer is not None and (viewer.id == job.client_id or is_admin(viewer))
    if (job.status == "draft" or job.hidden) and not owner_or_admin:
        raise NotFound()
    return job


def job_skill_slugs(session: Session, job_id: int) -> list[str]:
    """Slugs of the skills a job asks for."""
    return sorted(session.exec(select(Skill.slug).join(JobSkill, JobSkill.skill_id == Skill.id)
                               .where(JobSkill.job_id == job_id)).all())


@dataclass(frozen=True)
class ClientHistory:
    """What VAs see about a client before quoting."""

    jobs_posted: int
    hires: int
    hire_rate_percent: int
    rating_average: float | None
    rating_count: int


def client_history(session: Session, client_id: int) -> ClientHistory:
    """Jobs posted, hires and rating of a client, computed from records."""
    posted = session.exec(select(func.count()).select_from(Job).where(
        Job.client_id == client_id, col(Job.published_at).is_not(None))).one()
    hires = session.exec(select(func.count(func.distinct(Contract.job_id))).where(
        Contract.client_id == client_id)).one()
    rating = session.exec(select(func.avg(Review.rating), func.count(Review.id)).where(
        Review.subject_id == client_id)).one()
    average = round(float(rating[0]), 1) if rating[1] else None
    return ClientHistory(posted, hires, (hires * 100 // posted) if posted else 0, average, rating[1])
