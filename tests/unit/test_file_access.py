"""GET /files/<id>: attached files reach only the people allowed to read them.

The route runs as in the app (Starlette, session cookie, committed database of its own); a file
that may not be read answers 404 exactly like a missing one.
"""

from __future__ import annotations

import uuid

import pytest
from starlette.testclient import TestClient

from tests.conftest import app_database
from tests.unit.work_factories import fixed_job
from vamarket.auth.sessions import SESSION_COOKIE, start_session
from vamarket.db import session_scope
from vamarket.files_route import build_files_app
from vamarket.models import Job, User
from vamarket.services import attachments, jobs

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
ADMIN = "files-admin@example.com"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def app_db(request, tmp_path_factory):
    files = tmp_path_factory.mktemp("private")
    with app_database(request.param, tmp_path_factory, FILES_DIR=str(files),
                      ADMIN_EMAILS=ADMIN) as url:
        yield url


def _person(email: str | None = None, **roles) -> tuple[User, str]:
    with session_scope() as session:
        email = email or f"{uuid.uuid4().hex[:10]}@example.com"
        user = User(email=email, email_verified=True, display_name="P", onboarded=True, **roles)
        session.add(user)
        session.flush()
        return user, start_session(session, user=user)


def _get(token: str | None, attachment_id: int):
    client = TestClient(build_files_app())
    if token:
        client.cookies.set(SESSION_COOKIE, token)
    return client.get(f"/files/{attachment_id}")


@pytest.fixture
def draft_file(app_db):
    owner, owner_token = _person(is_client=True)
    with session_scope() as session:
        job = jobs.create_job(session, actor=owner, data=fixed_job(), publish=False)
        attached = attachments.add_job_file(session, actor=owner, job_id=job.id,
                                            filename="brief.pdf", data=PDF)
        return job.id, attached.id, owner_token


def test_the_owner_downloads_a_draft_jobs_file_and_no_one_else_does(draft_file):
    job_id, file_id, owner_token = draft_file
    mine = _get(owner_token, file_id)
    assert mine.status_code == 200 and mine.content == PDF
    assert 'filename="brief.pdf"' in mine.headers["content-disposition"]
    assert mine.headers["x-content-type-options"] == "nosniff"
    _, stranger = _person(is_va=True)
    assert _get(stranger, file_id).status_code == 404
    assert _get(None, file_id).status_code == 404


def test_published_files_are_for_signed_in_people_until_the_job_is_hidden(draft_file):
    job_id, file_id, owner_token = draft_file
    with session_scope() as session:
        owner = session.get(User, session.get(Job, job_id).client_id)
        jobs.transition_job(session, actor=owner, job_id=job_id, event="publish")
    _, va = _person(is_va=True)
    assert _get(va, file_id).status_code == 200
    assert _get(None, file_id).status_code == 404
    with session_scope() as session:
        job = session.get(Job, job_id)
        job.hidden = True
        session.add(job)
    assert _get(va, file_id).status_code == 404
    _, admin = _person(ADMIN)
    assert _get(admin, file_id).status_code == 200
    assert _get(owner_token, file_id).status_code == 200


def test_files_are_kept_outside_the_publicly_served_upload_folder(draft_file):
    from vamarket.models import Attachment
    from vamarket.settings import get_settings

    with session_scope() as session:
        path = attachments.stored_file(session.get(Attachment, draft_file[1]))
    settings = get_settings()
    assert path.is_relative_to(settings.files_dir) and path.read_bytes() == PDF
    assert not path.is_relative_to(settings.upload_dir)


@pytest.mark.parametrize("raw", ["0", "-3", "abc", "99999999"])
def test_crafted_ids_are_not_found(app_db, raw):
    _, token = _person(is_va=True)
    client = TestClient(build_files_app())
    client.cookies.set(SESSION_COOKIE, token)
    assert client.get(f"/files/{raw}").status_code == 404
