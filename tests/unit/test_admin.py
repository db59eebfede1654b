"""Admins suspend users (sign-in refused, sessions revoked, handlers refuse them) and hide jobs
(gone from the board, search and the public page for everyone but the owner and admins);
every action is audited; only admins may do any of it."""

from __future__ import annotations

import uuid

import pytest
from sqlmodel import select

from tests.conftest import app_database
from tests.unit.work_factories import fixed_job
from vamarket.auth.sessions import start_session, user_for_token
from vamarket.db import session_scope
from vamarket.errors import InvalidInput, InvalidTransition, NotFound, PermissionDenied
from vamarket.models import AuditLog, User
from vamarket.services import admin, identities, jobs
from vamarket.services.search import JobQuery, search_jobs

ADMIN = "site-admin@example.com"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def app_db(request, tmp_path_factory):
    """A database of its own with ADMIN as the admin."""
    with app_database(request.param, tmp_path_factory, ADMIN_EMAILS=ADMIN) as url:
        yield url


def _user(email: str = "", **roles) -> User:
    with session_scope() as session:
        email = email or f"{uuid.uuid4().hex[:10]}@example.com"
        found = session.exec(select(User).where(User.email == email)).first()
        if found is not None:
            return found
        user = User(email=email, email_verified=True, display_name=email[:6], onboarded=True,
                    **roles)
        session.add(user)
        session.flush()
        return user


def _audited(action: str, object_id: int) -> bool:
    with session_scope() as session:
        return session.exec(select(AuditLog).where(AuditLog.action == action,
                                                   AuditLog.object_id == object_id)).first() is not None


def test_suspended_user_is_signed_out_and_cannot_sign_in(app_db):
    boss, va = _user(ADMIN), _user(is_va=True)
    with session_scope() as session:
        token = start_session(session, user=session.get(User, va.id))
        identities.sign_in(session, provider="demo", issuer="demo", subject=f"s-{va.id}",
                           email=va.email, email_verified=True, name="va")
    with session_scope() as session:
        assert user_for_token(session, token) is not None
        with pytest.raises(InvalidInput):  # a reason is required
            admin.suspend_user(session, actor=session.get(User, boss.id), user_id=va.id,
                               reason="")
    with session_scope() as session:
        admin.suspend_user(session, actor=session.get(User, boss.id), user_id=va.id,
                           reason="Spam quotes")
    with session_scope() as session:
        assert user_for_token(session, token) is None
        with pytest.raises(PermissionDenied):
            identities.sign_in(session, provider="demo", issuer="demo", subject=f"s-{va.id}",
                               email=va.email, email_verified=True, name="va")
    assert _audited("admin.user_suspended", va.id)
    with session_scope() as session:
        with pytest.raises(InvalidTransition):
            admin.suspend_user(session, actor=session.get(User, boss.id), user_id=va.id,
                               reason="again")
        admin.unsuspend_user(session, actor=session.get(User, boss.id), user_id=va.id,
                             reason="Appeal accepted")
    with session_scope() as session:
        assert session.get(User, va.id).status == "active"
        assert user_for_token(session, token) is None  # revoked sessions stay revoked
    assert _audited("admin.user_unsuspended", va.id)


def test_only_admins_and_never_oneself(app_db):
    boss, someone = _user(ADMIN), _user(is_client=True)
    with session_scope() as session:
        for call in (lambda: admin.list_users(session, actor=session.get(User, someone.id)),
                     lambda: admin.list_jobs(session, actor=session.get(User, someone.id)),
                     lambda: admin.open_disputes(session, actor=session.get(User, someone.id)),
                     lambda: admin.suspend_user(session, actor=session.get(User, someone.id),
                                                user_id=boss.id, reason="x")):
            with pytest.raises(PermissionDenied):
                call()
        with pytest.raises(InvalidTransition):
            admin.suspend_user(session, actor=session.get(User, boss.id), user_id=boss.id,
                               reason="x")
        with pytest.raises(NotFound):
            admin.suspend_user(session, actor=session.get(User, boss.id), user_id="1",
                               reason="x")  # type: ignore[arg-type]


def test_user_search_and_pages(app_db):
    boss = _user(ADMIN)
    tag = uuid.uuid4().hex[:6]
    for n in range(admin.PAGE_SIZE + 2):
        _user(f"{tag}-{n}@example.com")
    with session_scope() as session:
        first = admin.list_users(session, actor=session.get(User, boss.id), search=tag.upper())
        second = admin.list_users(session, actor=session.get(User, boss.id), search=tag, page=2)
    assert (len(first.rows), first.has_more) == (admin.PAGE_SIZE, True)
    assert (len(second.rows), second.has_more) == (2, False)
    assert all(tag in u.email for u in first.rows + second.rows)


def test_hidden_job_leaves_board_search_and_page(app_db):
    boss, owner, visitor = _user(ADMIN), _user(is_client=True), _user(is_va=True)
    title = f"Bookkeeping {uuid.uuid4().hex[:6]}"
    with session_scope() as session:
        job = jobs.create_job(session, actor=session.get(User, owner.id), publish=True,
                              data=fixed_job(title=title))

    def found_by_search() -> bool:
        with session_scope() as session:
            page = search_jobs(session, JobQuery(text=title.split()[1]))
            return job.id in [hit.id for hit in page.items]

    assert found_by_search()
    with session_scope() as session:
        admin.set_job_hidden(session, actor=session.get(User, boss.id), job_id=job.id,
                             hidden=True, reason="Asks for payment outside the platform")
    assert not found_by_search()
    with session_scope() as session:
        with pytest.raises((NotFound, PermissionDenied)):
            jobs.get_job(session, viewer=session.get(User, visitor.id), job_id=job.id)
        with pytest.raises((NotFound, PermissionDenied)):
            jobs.get_job(session, viewer=None, job_id=job.id)
        assert jobs.get_job(session, viewer=session.get(User, owner.id), job_id=job.id).hidden
        assert jobs.get_job(session, viewer=session.get(User, boss.id), job_id=job.id).hidden
    assert _audited("admin.job_hidden", job.id)
    with session_scope() as session:
        admin.set_job_hidden(session, actor=session.get(User, boss.id), job_id=job.id,
                             hidden=False, reason="Fixed")
    assert found_by_search()
    assert _audited("admin.job_unhidden", job.id)
