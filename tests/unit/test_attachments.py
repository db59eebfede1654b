"""Job attachments: the owner adds and removes files, others are refused, limits, visibility."""

import io
import uuid
import zipfile

import pytest
from sqlmodel import Session, select

from tests.unit.work_factories import fixed_job
from vamarket.db import make_engine
from vamarket.errors import InvalidInput, InvalidTransition, NotFound, PermissionDenied
from vamarket.models import Attachment, AuditLog, User
from vamarket.services import attachments, jobs

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"


def _office(part: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<x/>")
    return buf.getvalue()


@pytest.fixture
def upload_dir(tmp_path, monkeypatch):
    """Point the service at a fresh private files folder."""
    settings = type("S", (), {"files_dir": tmp_path, "upload_dir": tmp_path / "public"})()
    monkeypatch.setattr(attachments, "get_settings", lambda: settings)
    return tmp_path


@pytest.fixture
def client(make_user):
    return make_user(is_client=True)


@pytest.fixture
def job(db, client):
    return jobs.create_job(db, actor=client, data=fixed_job())


@pytest.fixture
def committing_db(db_url):
    """Like `db`, but the session may commit: its commits end in savepoints rolled back at the end
    (`make_engine` gives SQLite real savepoints)."""
    eng = make_engine(db_url)
    connection = eng.connect()
    transaction = connection.begin()
    session = Session(bind=connection, join_transaction_mode="create_savepoint",
                      expire_on_commit=False)
    yield session
    session.close()
    transaction.rollback()
    connection.close()
    eng.dispose()


@pytest.fixture
def committed_job(committing_db):
    """A client and their draft job in a session that may commit."""
    owner = User(email=f"{uuid.uuid4().hex[:8]}@example.com", display_name="Owner",
                 is_client=True, onboarded=True, email_verified=True)
    committing_db.add(owner)
    committing_db.flush()
    return owner, jobs.create_job(committing_db, actor=owner, data=fixed_job())


def _files(folder) -> list:
    target = folder / attachments.JOB_FILES_DIR
    return sorted(target.iterdir()) if target.exists() else []


def test_owner_adds_files_under_random_names(db, client, job, upload_dir):
    first = attachments.add_job_file(db, actor=client, job_id=job.id,
                                     filename="../../etc/Brief <v2>.pdf", data=PDF)
    second = attachments.add_job_file(db, actor=client, job_id=job.id, filename="logo.PNG",
                                      data=PNG)
    assert first.filename == "Brief v2.pdf" and first.size_bytes == len(PDF)
    assert first.stored_path.startswith("job-files/") and first.stored_path.endswith(".pdf")
    assert "Brief" not in first.stored_path and second.stored_path.endswith(".png")
    assert (upload_dir / first.stored_path).read_bytes() == PDF
    assert [a.id for a in attachments.list_job_files(db, viewer=client, job_id=job.id)] == [
        first.id, second.id]
    assert db.exec(select(AuditLog).where(AuditLog.action == "attachment.add")).all()


@pytest.mark.parametrize(("name", "data"), [
    ("notes.txt", "Hari kerja: Senin–Jumat\n".encode()),
    ("list.csv", b"name,email\nAna,ana@example.com\n"),
    ("photo.jpeg", b"\xff\xd8\xff\xe0" + b"\x00" * 16),
    ("anim.gif", b"GIF89a" + b"\x00" * 16),
    ("pic.webp", b"RIFF\x10\x00\x00\x00WEBPVP8 " + b"\x00" * 8),
    ("spec.docx", _office("word/document.xml")),
    ("sheet.xlsx", _office("xl/workbook.xml")),
])
def test_allowed_types(db, client, job, upload_dir, name, data):
    attachment = attachments.add_job_file(db, actor=client, job_id=job.id, filename=name,
                                          data=data)
    assert attachment.filename == name


@pytest.mark.parametrize(("name", "data"), [
    ("page.html", b"<html><script>alert(1)</script></html>"),
    ("image.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
    ("fake.pdf", PNG),                       # content does not match the name
    ("fake.png", b"<html></html>"),
    ("binary.txt", b"MZ\x90\x00\x03\x00\x00\x00"),
    ("macro.docx", _office("xl/workbook.xml")),
    ("archive.docx", b"PK\x03\x04 not really a zip"),
    ("noextension", PDF),
    ("run.exe", b"MZ\x90\x00"),
])
def test_refused_types_write_nothing(db, client, job, upload_dir, name, data):
    with pytest.raises(InvalidInput) as err:
        attachments.add_job_file(db, actor=client, job_id=job.id, filename=name, data=data)
    assert err.value.key == "error.file_type"
    assert db.exec(select(Attachment)).all() == [] and _files(upload_dir) == []


def test_size_and_count_limits(db, client, job, upload_dir):
    too_big = b"a" * (attachments.MAX_FILE_BYTES + 1)
    with pytest.raises(InvalidInput) as err:
        attachments.add_job_file(db, actor=client, job_id=job.id, filename="big.txt", data=too_big)
    assert err.value.key == "error.file_too_big"
    with pytest.raises(InvalidInput):
        attachments.add_job_file(db, actor=client, job_id=job.id, filename="empty.txt", data=b"")
    just_fits = b"a" * attachments.MAX_FILE_BYTES
    attachments.add_job_file(db, actor=client, job_id=job.id, filename="fits.txt", data=just_fits)
    for n in range(attachments.MAX_FILES_PER_JOB - 1):
        attachments.add_job_file(db, actor=client, job_id=job.id, filename=f"{n}.png", data=PNG)
    with pytest.raises(InvalidInput) as err:
        attachments.add_job_file(db, actor=client, job_id=job.id, filename="six.png", data=PNG)
    assert err.value.key == "error.too_many_files"
    assert len(db.exec(select(Attachment)).all()) == attachments.MAX_FILES_PER_JOB
    assert len(_files(upload_dir)) == attachments.MAX_FILES_PER_JOB


def test_others_are_refused_and_nothing_is_written(db, make_user, client, job, upload_dir):
    other_client, va = make_user(is_client=True), make_user(is_va=True)
    for actor in (other_client, va):
        with pytest.raises(PermissionDenied):
            attachments.add_job_file(db, actor=actor, job_id=job.id, filename="x.pdf", data=PDF)
    with pytest.raises(NotFound):
        attachments.add_job_file(db, actor=client, job_id=job.id + 999, filename="x.pdf",
                                 data=PDF)
    assert db.exec(select(Attachment)).all() == [] and _files(upload_dir) == []
    kept = attachments.add_job_file(db, actor=client, job_id=job.id, filename="x.pdf", data=PDF)
    for actor in (other_client, va):
        with pytest.raises(PermissionDenied):
            attachments.remove_job_file(db, actor=actor, attachment_id=kept.id)
    assert db.get(Attachment, kept.id) is not None and len(_files(upload_dir)) == 1


def test_files_only_while_job_is_live(db, client, job, upload_dir):
    jobs.transition_job(db, actor=client, job_id=job.id, event="publish")
    attachments.add_job_file(db, actor=client, job_id=job.id, filename="a.pdf", data=PDF)
    jobs.transition_job(db, actor=client, job_id=job.id, event="pause")
    kept = attachments.add_job_file(db, actor=client, job_id=job.id, filename="b.pdf", data=PDF)
    jobs.transition_job(db, actor=client, job_id=job.id, event="close")
    with pytest.raises(InvalidTransition):
        attachments.add_job_file(db, actor=client, job_id=job.id, filename="c.pdf", data=PDF)
    with pytest.raises(InvalidTransition):
        attachments.remove_job_file(db, actor=client, attachment_id=kept.id)
    assert len(_files(upload_dir)) == 2


def test_draft_files_hidden_from_others(db, make_user, client, job, upload_dir):
    attachments.add_job_file(db, actor=client, job_id=job.id, filename="a.pdf", data=PDF)
    va = make_user(is_va=True)
    for viewer in (va, None):
        with pytest.raises(NotFound):
            attachments.list_job_files(db, viewer=viewer, job_id=job.id)
    jobs.transition_job(db, actor=client, job_id=job.id, event="publish")
    for viewer in (va, None, client):
        assert [a.filename for a in attachments.list_job_files(db, viewer=viewer,
                                                               job_id=job.id)] == ["a.pdf"]


def test_owner_removes_file_after_commit(committing_db, committed_job, upload_dir):
    db, (client, job) = committing_db, committed_job
    attachment = attachments.add_job_file(db, actor=client, job_id=job.id, filename="a.pdf",
                                          data=PDF)
    path = upload_dir / attachment.stored_path
    db.commit()
    attachments.remove_job_file(db, actor=client, attachment_id=attachment.id)
    assert db.get(Attachment, attachment.id) is None and path.exists()  # row first
    db.commit()
    assert not path.exists()
    assert attachments.list_job_files(db, viewer=client, job_id=job.id) == []
    with pytest.raises(NotFound):
        attachments.remove_job_file(db, actor=client, attachment_id=attachment.id)


def test_rollback_leaves_no_file_and_keeps_removed_ones(committing_db, committed_job,
                                                        upload_dir):
    db, (client, job) = committing_db, committed_job
    kept = attachments.add_job_file(db, actor=client, job_id=job.id, filename="a.pdf", data=PDF)
    db.commit()
    attachments.add_job_file(db, actor=client, job_id=job.id, filename="b.pdf", data=PDF)
    attachments.remove_job_file(db, actor=client, attachment_id=kept.id)
    assert len(_files(upload_dir)) == 2
    db.rollback()
    assert _files(upload_dir) == [upload_dir / kept.stored_path]


def test_clean_filename():
    assert attachments.clean_filename("C:\\Users\\me\\report\x00.pdf") == "report.pdf"
    assert attachments.clean_filename("  ..hidden.txt  ") == "hidden.txt"
    long_name = attachments.clean_filename("x" * 300 + ".xlsx")
    assert len(long_name) == attachments.MAX_NAME_CHARS and long_name.endswith(".xlsx")
