"""Files a party adds to a dispute: attachments of kind "dispute" on one of their statements
(downloads go through /files/<id>; services/file_access.py lets the contract's parties and
admins read them). Each file is checked by content like a job's files."""

from __future__ import annotations

from sqlmodel import Session, col, select

from vamarket.errors import InvalidInput, PermissionDenied
from vamarket.models import Attachment, DisputeStatement, User
from vamarket.services import attachments, audit

KIND_DISPUTE = "dispute"
DISPUTE_FILES_DIR = "dispute-files"
MAX_FILES_PER_STATEMENT = 5


def attach(session: Session, *, actor: User, statement: DisputeStatement, dispute_contract_id: int,
           filename: str, data: bytes) -> Attachment:
    """Attach one file to the actor's own statement (at most five, 5 MB each, allowed types)."""
    if statement.author_id != actor.id:
        raise PermissionDenied()
    if not isinstance(data, bytes | bytearray) or not data:
        raise InvalidInput("error.file_empty", field="attachment")
    if len(data) > attachments.MAX_FILE_BYTES:
        raise InvalidInput("error.file_too_big", field="attachment",
                           limit_mb=attachments.MAX_FILE_BYTES // 2**20)
    if len(files_of(session, [statement.id or 0])) >= MAX_FILES_PER_STATEMENT:
        raise InvalidInput("error.too_many_files", field="attachment",
                           limit=MAX_FILES_PER_STATEMENT)
    name = attachments.clean_filename(filename)
    ext = attachments.detect_type(bytes(data), name)
    stored = attachments.write_new_file(session, folder=DISPUTE_FILES_DIR, ext=ext,
                                        data=bytes(data))
    row = Attachment(owner_id=actor.id, kind=KIND_DISPUTE, ref_id=statement.id, filename=name,
                     stored_path=stored, size_bytes=len(data))
    session.add(row)
    session.flush()
    audit.record(session, actor_id=actor.id, action="attachment.add", object_type="dispute",
                 object_id=statement.dispute_id, contract_id=dispute_contract_id,
                 attachment_id=row.id, filename=name, size_bytes=len(data))
    return row


def files_of(session: Session, statement_ids: list[int]) -> list[Attachment]:
    """The files of these statements, oldest first."""
    if not statement_ids:
        return []
    return list(session.exec(select(Attachment).where(
        Attachment.kind == KIND_DISPUTE, col(Attachment.ref_id).in_(statement_ids))
        .order_by(col(Attachment.id))).all())
