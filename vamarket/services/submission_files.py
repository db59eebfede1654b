"""Files the VA hands in with a milestone (attachments of kind "submission", `ref_id` the
milestone): added while the milestone is funded or sent back for revision, checked by content
like every attachment, and downloaded through /files/<id> by the contract's parties only.

Files added since the last submission are the next submission's files; once submitted they
stay (they are what the client reviewed)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session, col, func, select

from vamarket.errors import InvalidInput, InvalidTransition, NotFound, PermissionDenied
from vamarket.models import Attachment, Contract, Milestone, User
from vamarket.services import attachments, audit

KIND = "submission"
FOLDER = "submission-files"
MAX_FILES = 10
OPEN_FOR_FILES = ("funded", "revision_requested")


def _milestone_of_va(session: Session, actor: User, milestone_id: object) -> tuple[Contract, Milestone]:
    if isinstance(milestone_id, bool) or not isinstance(milestone_id, int):
        raise NotFound()
    milestone = session.get(Milestone, milestone_id)
    contract = session.get(Contract, milestone.contract_id) if milestone else None
    if milestone is None or contract is None:
        raise NotFound()
    if actor.id != contract.va_id or actor.status != "active":
        raise PermissionDenied()
    if milestone.status not in OPEN_FOR_FILES:
        raise InvalidTransition("error.files_locked")
    return contract, milestone


def add_file(session: Session, *, actor: User, milestone_id: int, filename: str,
             data: bytes) -> Attachment:
    """The VA attaches one file to the work of a funded (or sent back) milestone."""
    contract, milestone = _milestone_of_va(session, actor, milestone_id)
    if not isinstance(data, bytes | bytearray) or not data:
        raise InvalidInput("error.file_empty", field="attachment")
    if len(data) > attachments.MAX_FILE_BYTES:
        raise InvalidInput("error.file_too_big", field="attachment",
                           limit_mb=attachments.MAX_FILE_BYTES // 2**20)
    name = attachments.clean_filename(filename)
    ext = attachments.detect_type(bytes(data), name)
    count = session.exec(select(func.count()).select_from(Attachment).where(
        Attachment.kind == KIND, Attachment.ref_id == milestone.id)).one()
    if count >= MAX_FILES:
        raise InvalidInput("error.too_many_files", field="attachment", limit=MAX_FILES)
    stored = attachments.write_new_file(session, folder=FOLDER, ext=ext, data=bytes(data))
    attachment = Attachment(owner_id=actor.id, kind=KIND, ref_id=milestone.id, filename=name,
                            stored_path=stored, size_bytes=len(data))
    session.add(attachment)
    session.flush()
    audit.record(session, actor_id=actor.id, action="attachment.add", object_type="milestone",
                 object_id=milestone.id, contract_id=contract.id, attachment_id=attachment.id,
                 filename=name, size_bytes=len(data))
    return attachment


def remove_file(session: Session, *, actor: User, attachment_id: int) -> None:
    """The VA removes a file not handed in yet (added since the last submission)."""
    if isinstance(attachment_id, bool) or not isinstance(attachment_id, int):
        raise NotFound()
    attachment = session.get(Attachment, attachment_id)
    if attachment is None or attachment.kind != KIND:
        raise NotFound()
    contract, milestone = _milestone_of_va(session, actor, attachment.ref_id)
    if attachment.owner_id != actor.id:
        raise PermissionDenied()
    if attachment not in pending(session, milestone):
        raise InvalidTransition("error.files_locked")
    audit.record(session, actor_id=actor.id, action="attachment.remove", object_type="milestone",
                 object_id=milestone.id, contract_id=contract.id, attachment_id=attachment.id,
                 filename=attachment.filename)
    attachments.delete_after_commit(session, attachment)
    session.delete(attachment)
    session.flush()


def files_of(session: Session, milestone_ids: list[int]) -> list[Attachment]:
    """The submission files of these milestones, oldest first (callers check who may see)."""
    if not milestone_ids:
        return []
    return list(session.exec(select(Attachment).where(
        Attachment.kind == KIND, col(Attachment.ref_id).in_(milestone_ids))
        .order_by(col(Attachment.id))).all())


def pending(session: Session, milestone: Milestone) -> list[Attachment]:
    """Files added since the milestone was last submitted: what the next submission hands in."""
    since: datetime | None = milestone.submitted_at
    return [f for f in files_of(session, [milestone.id])
            if since is None or _aware(f.created_at) > _aware(since)]


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
