"""Files attached to a job by its client: add (checked by content), list, remove.

A file is kept under `<files_dir>/job-files/` (never served as is: downloads go through
/files/<id>, which checks who is asking) with a random name; the name the client gave is
only kept, cleaned, as the display name. The type is decided from the file's first bytes and
its extension, never from what the browser claims. Disk and database stay in step with the
caller's transaction: a new file is deleted again if the transaction rolls back, and a removed
attachment's file is deleted only once the removal is committed.
"""

from __future__ import annotations

import io
import re
import secrets
import unicodedata
import zipfile
from decimal import Decimal
from pathlib import Path

from babel.numbers import format_decimal
from sqlalchemy import event
from sqlmodel import Session, col, func, select

from vamarket.errors import InvalidInput, InvalidTransition, NotFound, PermissionDenied
from vamarket.i18n.format import babel_locale
from vamarket.models import Attachment, Job, User
from vamarket.services import audit, jobs
from vamarket.settings import get_settings

KIND_JOB = "job"
JOB_FILES_DIR = "job-files"
MAX_FILES_PER_JOB = 5
MAX_FILE_BYTES = 5 * 1024 * 1024
ATTACHABLE_STATUSES = ("draft", "open", "paused")
ALLOWED_EXTENSIONS = ("pdf", "png", "jpg", "jpeg", "gif", "webp", "txt", "csv", "docx", "xlsx")
MAX_NAME_CHARS = 120

_MAGIC = ((b"%PDF-", "pdf"), (b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpg"),
          (b"GIF87a", "gif"), (b"GIF89a", "gif"))
_OFFICE_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
_BAD_NAME_CHARS = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_TEXT_CONTROL = frozenset(range(32)) - {9, 10, 12, 13}
_HOOKS = "attachment_file_hooks"


def _canonical(ext: str) -> str:
    return "jpg" if ext == "jpeg" else ext


def clean_filename(raw: object) -> str:
    """The display name: the last path part, without control or path characters, ≤120 chars."""
    name = unicodedata.normalize("NFC", str(raw or ""))
    name = re.split(r"[/\\]", name)[-1]
    name = _BAD_NAME_CHARS.sub("", name)
    name = " ".join(name.split()).strip(" .")
    if len(name) > MAX_NAME_CHARS:
        stem, dot, ext = name.rpartition(".")
        keep = ("." + ext) if dot and len(ext) <= 5 else ""
        base = stem if keep else name
        name = base[:MAX_NAME_CHARS - len(keep)].rstrip(" .") + keep
    return name


def _is_text(data: bytes) -> bool:
    if any(byte in _TEXT_CONTROL for byte in data[:65536]):
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            data.decode("cp1252")
        except UnicodeDecodeError:
            return False
    return True


def _office_kind(data: bytes) -> str | None:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    return next((kind for kind, part in _OFFICE_PART.items() if part in names), None)


def detect_type(data: bytes, filename: str) -> str:
    """The stored extension of an allowed file, from its content and its name's extension.

    Raises InvalidInput("error.file_type") when the content is not an allowed type or does
    not match the extension the file is named with.
    """
    ext = _canonical(filename.rpartition(".")[2].lower()) if "." in filename else ""
    if ext not in {_canonical(e) for e in ALLOWED_EXTENSIONS}:
        raise InvalidInput("error.file_type", field="attachment")
    found = next((kind for magic, kind in _MAGIC if data.startswith(magic)), None)
    if found is None and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        found = "webp"
    if found is None and data.startswith(b"PK\x03\x04"):
        found = _office_kind(data)
    if found is None and ext in ("txt", "csv") and _is_text(data):
        found = ext
    if found != ext:
        raise InvalidInput("error.file_type", field="attachment")
    return found


# -- keeping disk and database in step --

def _hooks(session: Session) -> dict[str, list[Path]]:
    hooks = session.info.get(_HOOKS)
    if hooks is None:
        hooks = session.info[_HOOKS] = {"written": [], "doomed": []}
        event.listen(session, "after_commit", _after_commit)
        event.listen(session, "after_soft_rollback", _after_rollback)
    return hooks


def _unlink(paths: list[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)
    paths.clear()


def _after_commit(session: Session) -> None:
    hooks = session.info.get(_HOOKS)
    if hooks:
        hooks["written"].clear()
        _unlink(hooks["doomed"])


def _after_rollback(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is not None:
        return
    hooks = session.info.get(_HOOKS)
    if hooks:
        hooks["doomed"].clear()
        _unlink(hooks["written"])


_STORED = re.compile(r"^[a-z][a-z-]{0,30}/[0-9a-f]{32}\.[a-z]{2,5}$")


def stored_file(attachment: Attachment) -> Path | None:
    """The attachment's file on disk: `<folder>/<random name>` inside the private files folder
    (files stored by earlier versions under the public upload folder are still found there)."""
    if not _STORED.match(attachment.stored_path):
        return None
    settings = get_settings()
    private = settings.files_dir / attachment.stored_path
    legacy = settings.upload_dir / attachment.stored_path
    return legacy if not private.exists() and legacy.exists() else private


def new_stored_path(folder: str, ext: str) -> tuple[str, Path]:
    """A fresh random `<folder>/<name>.<ext>` in the private files folder, and its path."""
    stored = f"{folder}/{secrets.token_hex(16)}.{ext}"
    directory = get_settings().files_dir / folder
    directory.mkdir(parents=True, exist_ok=True)
    return stored, directory / stored.rpartition("/")[2]


def size_text(size_bytes: int, locale: str) -> str:
    """A file size for people: "820 B", "14 KB", "2.4 MB" (decimal sign per language)."""
    if size_bytes < 1024:
        return f"{size_bytes} B"
    if size_bytes < 1024 * 1024:
        return f"{round(size_bytes / 1024)} KB"
    megabytes = (Decimal(size_bytes) / 2**20).quantize(Decimal("0.1"))
    return f"{format_decimal(megabytes, format='0.0', locale=babel_locale(locale))} MB"


# -- the service --

def _job_for_files(session: Session, actor: User, job_id: object) -> Job:
    if not isinstance(job_id, int) or isinstance(job_id, bool):
        raise NotFound()
    job = session.exec(select(Job).where(Job.id == job_id).with_for_update()).first()
    if job is None:
        raise NotFound()
    if job.client_id != actor.id or actor.status != "active":
        raise PermissionDenied()
    if job.status not in ATTACHABLE_STATUSES:
        raise InvalidTransition("error.files_locked")
    return job


def add_job_file(session: Session, *, actor: User, job_id: int, filename: str,
                 data: bytes) -> Attachment:
    """Attach one file to the actor's own job (draft, open or paused).

    At most five files per job, each at most 5 MB, of an allowed type checked by content.
    """
    job = _job_for_files(session, actor, job_id)
    if not isinstance(data, bytes | bytearray) or not data:
        raise InvalidInput("error.file_empty", field="attachment")
    if len(data) > MAX_FILE_BYTES:
        raise InvalidInput("error.file_too_big", field="attachment",
                           limit_mb=MAX_FILE_BYTES // 2**20)
    name = clean_filename(filename)
    ext = detect_type(bytes(data), name)
    count = session.exec(select(func.count()).select_from(Attachment).where(
        Attachment.kind == KIND_JOB, Attachment.ref_id == job.id)).one()
    if count >= MAX_FILES_PER_JOB:
        raise InvalidInput("error.too_many_files", field="attachment", limit=MAX_FILES_PER_JOB)
    stored, path = new_stored_path(JOB_FILES_DIR, ext)
    hooks = _hooks(session)
    path.write_bytes(data)
    hooks["written"].append(path)
    try:
        attachment = Attachment(owner_id=actor.id, kind=KIND_JOB, ref_id=job.id, filename=name,
                                stored_path=stored, size_bytes=len(data))
        session.add(attachment)
        session.flush()
        audit.record(session, actor_id=actor.id, action="attachment.add", object_type="job",
                     object_id=job.id, attachment_id=attachment.id, filename=name,
                     size_bytes=len(data))
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return attachment


def list_job_files(session: Session, *, viewer: User | None, job_id: int) -> list[Attachment]:
    """A job's files, oldest first, for anyone who may see the job (drafts: the owner only)."""
    job = jobs.get_job(session, viewer=viewer, job_id=job_id)
    return list(session.exec(select(Attachment).where(
        Attachment.kind == KIND_JOB, Attachment.ref_id == job.id)
        .order_by(col(Attachment.created_at), col(Attachment.id))).all())


def remove_job_file(session: Session, *, actor: User, attachment_id: int) -> None:
    """Remove a file from the actor's own job (draft, open or paused).

    The row goes first; the file leaves the disk once the removal is committed.
    """
    if not isinstance(attachment_id, int) or isinstance(attachment_id, bool):
        raise NotFound()
    attachment = session.get(Attachment, attachment_id)
    if attachment is None or attachment.kind != KIND_JOB:
        raise NotFound()
    job = session.get(Job, attachment.ref_id)
    if job is None or job.client_id != actor.id or attachment.owner_id != actor.id:
        raise PermissionDenied()
    if job.status not in ATTACHABLE_STATUSES:
        raise InvalidTransition("error.files_locked")
    path = stored_file(attachment)
    audit.record(session, actor_id=actor.id, action="attachment.remove", object_type="job",
                 object_id=job.id, attachment_id=attachment.id, filename=attachment.filename)
    session.delete(attachment)
    session.flush()
    if path is not None:
        _hooks(session)["doomed"].append(path)


def write_new_file(session: Session, *, folder: str, ext: str, data: bytes) -> str:
    """Store `data` under a fresh random name in `folder` of the private files folder; the file
    is deleted again if the caller's transaction rolls back. Returns its stored path."""
    stored, path = new_stored_path(folder, ext)
    hooks = _hooks(session)
    path.write_bytes(data)
    hooks["written"].append(path)
    return stored


def delete_after_commit(session: Session, attachment: Attachment) -> None:
    """Delete the attachment's file from disk once the caller's transaction commits."""
    path = stored_file(attachment)
    if path is not None:
        _hooks(session)["doomed"].append(path)
