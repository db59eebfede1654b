"""What admins (ADMIN_EMAILS) do: find and suspend users, hide jobs, list open disputes.

A suspended user cannot sign in (identities refuse non-active accounts), their sessions are
revoked here, and every later request resolves no actor for them (auth/sessions.py only
returns active users), so every service refuses them. A hidden job leaves the board, search
and its public page for everyone but its owner and admins (services/jobs.get_job and the
search's VISIBLE clause). Every action is in the audit log with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, func, or_, select

from vamarket.auth.sessions import end_all_sessions
from vamarket.errors import InvalidTransition, NotFound, PermissionDenied
from vamarket.models import Dispute, Job, User
from vamarket.services import accounts, audit
from vamarket.services.disputes import MAX_REASON, clean_text, is_id

PAGE_SIZE = 20
MAX_SEARCH = 100


@dataclass(frozen=True)
class Page:
    """One page of a list: its rows, the page number (from 1) and whether more follow."""

    rows: list
    page: int
    has_more: bool


def require_admin(actor: User | None) -> User:
    """`actor` when they are an active admin; PermissionDenied otherwise."""
    if actor is None or actor.status != "active" or not accounts.is_admin(actor):
        raise PermissionDenied()
    return actor


def _page_number(page: object) -> int:
    if isinstance(page, bool) or not isinstance(page, int):
        return 1
    return min(max(page, 1), 10_000)


def _paged(session: Session, query, page: object) -> Page:
    number = _page_number(page)
    rows = list(session.exec(query.offset((number - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1)).all())
    return Page(rows[:PAGE_SIZE], number, len(rows) > PAGE_SIZE)


def _like(text: object) -> str:
    value = str(text or "").strip()[:MAX_SEARCH].lower()
    return "%" + value.replace("\\", "").replace("%", "").replace("_", "") + "%"


def list_users(session: Session, *, actor: User, search: str = "", page: int = 1) -> Page:
    """Users whose name or email contains `search`, newest first, PAGE_SIZE a page."""
    require_admin(actor)
    pattern = _like(search)
    query = select(User).where(or_(func.lower(col(User.display_name)).like(pattern),
                                   func.lower(func.coalesce(User.email, "")).like(pattern)))
    return _paged(session, query.order_by(col(User.id).desc()), page)


def _user(session: Session, user_id: object) -> User:
    if not is_id(user_id):
        raise NotFound()
    user = session.get(User, user_id)
    if user is None or user.status == "deleted":
        raise NotFound()
    return user


def suspend_user(session: Session, *, actor: User, user_id: int, reason: str) -> User:
    """Suspend an active user (not oneself): sign-in refused, sessions revoked."""
    require_admin(actor)
    text = clean_text(reason, limit=MAX_REASON, field="reason")
    user = _user(session, user_id)
    if user.id == actor.id:
        raise InvalidTransition("error.admin_self")
    if user.status != "active":
        raise InvalidTransition("error.admin_already_suspended")
    user.status = "suspended"
    session.add(user)
    end_all_sessions(session, user_id=user.id)
    audit.record(session, actor_id=actor.id, action="admin.user_suspended", object_type="user",
                 object_id=user.id, reason=text)
    session.flush()
    return user


def unsuspend_user(session: Session, *, actor: User, user_id: int, reason: str) -> User:
    """Let a suspended user sign in again."""
    require_admin(actor)
    text = clean_text(reason, limit=MAX_REASON, field="reason")
    user = _user(session, user_id)
    if user.status != "suspended":
        raise InvalidTransition("error.admin_not_suspended")
    user.status = "active"
    session.add(user)
    audit.record(session, actor_id=actor.id, action="admin.user_unsuspended",
                 object_type="user", object_id=user.id, reason=text)
    session.flush()
    return user


def list_jobs(session: Session, *, actor: User, search: str = "", page: int = 1) -> Page:
    """Published and draft jobs whose title contains `search`, newest first."""
    require_admin(actor)
    query = select(Job).where(func.lower(col(Job.title)).like(_like(search)))
    return _paged(session, query.order_by(col(Job.id).desc()), page)


def set_job_hidden(session: Session, *, actor: User, job_id: int, hidden: bool,
                   reason: str) -> Job:
    """Hide a job from everyone but its owner and admins, or show it again."""
    require_admin(actor)
    text = clean_text(reason, limit=MAX_REASON, field="reason")
    if not is_id(job_id):
        raise NotFound()
    job = session.exec(select(Job).where(Job.id == job_id).with_for_update()).first()
    if job is None:
        raise NotFound()
    if job.hidden == bool(hidden):
        return job
    job.hidden = bool(hidden)
    session.add(job)
    audit.record(session, actor_id=actor.id,
                 action="admin.job_hidden" if hidden else "admin.job_unhidden",
                 object_type="job", object_id=job.id, reason=text)
    session.flush()
    return job


def open_disputes(session: Session, *, actor: User, page: int = 1) -> Page:
    """Disputes waiting for a decision, oldest first."""
    require_admin(actor)
    query = select(Dispute).where(Dispute.status == "open").order_by(col(Dispute.id))
    return _paged(session, query, page)
