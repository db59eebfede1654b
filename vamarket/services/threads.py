"""Message threads between a client and a VA: about a job before hire, then about its contract.

There is one thread per (job, VA). When the client hires, the contract takes over that thread
(`contract_id` is set), so what was said before hiring stays in the contract room; without a
pre-hire conversation the contract gets a new thread. Only the thread's two people may read
or post. Messages carry text and files (attachments of kind "message", `ref_id` = message id).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, func, select

from vamarket.errors import InvalidInput, NotFound, PermissionDenied
from vamarket.models import Attachment, Contract, Job, Message, Notification, Quote, Thread, User
from vamarket.models.base import utcnow
from vamarket.services import attachments, audit, notifications

MESSAGE_MAX = 5_000
FILES_PER_MESSAGE = 5
KIND_MESSAGE = "message"
MESSAGE_FILES_DIR = "message-files"


def open_thread(session: Session, *, actor: User, job_id: int, va_id: int) -> Thread:
    """The thread between the job's client and a VA who quoted on it (made on first use).
    Either of the two may open it; nobody else."""
    job = session.get(Job, job_id)
    if job is None:
        raise NotFound()
    if actor.id not in (job.client_id, va_id):
        raise PermissionDenied()
    quoted = session.exec(select(Quote.id).where(Quote.job_id == job_id, Quote.va_id == va_id)).first()
    if quoted is None:
        raise PermissionDenied("error.thread_needs_quote")
    return _thread_of(session, job_id=job_id, client_id=job.client_id, va_id=va_id)


def _thread_of(session: Session, *, job_id: int, client_id: int, va_id: int) -> Thread:
    thread = session.exec(select(Thread).where(Thread.job_id == job_id, Thread.va_id == va_id)).first()
    if thread is None:
        thread = Thread(job_id=job_id, client_id=client_id, va_id=va_id)
        session.add(thread)
        session.flush()
    return thread


def attach_to_contract(session: Session, contract: Contract) -> Thread:
    """The contract's thread: the job's pre-hire thread between the same two people when there
    is one, else a new one. Called by the hiring service (and on first use for older
    contracts); doing it again returns the same thread."""
    thread = _thread_of(session, job_id=contract.job_id, client_id=contract.client_id,
                        va_id=contract.va_id)
    if thread.contract_id != contract.id:
        thread.contract_id = contract.id
        session.add(thread)
        session.flush()
    return thread


def contract_thread(session: Session, *, actor: User, contract_id: int) -> Thread:
    """The thread of a contract the actor is party to."""
    contract = session.get(Contract, contract_id) if isinstance(contract_id, int) else None
    if contract is None:
        raise NotFound()
    if actor.id not in (contract.client_id, contract.va_id):
        raise PermissionDenied()
    found = session.exec(select(Thread).where(Thread.contract_id == contract.id)).first()
    return found or attach_to_contract(session, contract)


def _participant_thread(session: Session, actor: User, thread_id: int) -> Thread:
    thread = session.get(Thread, thread_id) if isinstance(thread_id, int) else None
    if thread is None:
        raise NotFound()
    if actor.id not in (thread.client_id, thread.va_id):
        raise PermissionDenied()
    return thread


def thread_for(session: Session, *, actor: User, thread_id: int) -> Thread:
    """A thread the actor takes part in."""
    return _participant_thread(session, actor, thread_id)


def thread_link(thread: Thread) -> str:
    """Where the thread is read: its contract room, or its own page before hire."""
    return f"/contracts/{thread.contract_id}" if thread.contract_id else f"/messages/{thread.id}"


def _other(thread: Thread, actor: User) -> int:
    return thread.va_id if actor.id == thread.client_id else thread.client_id


def _store_files(session: Session, actor: User, message: Message,
                 files: Sequence[tuple[str, bytes]]) -> list[Attachment]:
    stored: list[Attachment] = []
    for filename, data in files:
        if not isinstance(data, bytes | bytearray) or not data:
            raise InvalidInput("error.file_empty", field="attachment")
        if len(data) > attachments.MAX_FILE_BYTES:
            raise InvalidInput("error.file_too_big", field="attachment",
                               limit_mb=attachments.MAX_FILE_BYTES // 2**20)
        name = attachments.clean_filename(filename)
        ext = attachments.detect_type(bytes(data), name)
        path = attachments.write_new_file(session, folder=MESSAGE_FILES_DIR, ext=ext, data=bytes(data))
        stored.append(Attachment(owner_id=actor.id, kind=KIND_MESSAGE, ref_id=message.id,
                                 filename=name, stored_path=path, size_bytes=len(data)))
    session.add_all(stored)
    return stored


def post_message(session: Session, *, actor: User, thread_id: int, body: str,
                 files: Sequence[tuple[str, bytes]] = ()) -> Message:
    """Add a message (text, files or both) to a thread the actor takes part in; the other side
    is notified (once until they have read it)."""
    thread = _participant_thread(session, actor, thread_id)
    body = (body or "").strip() if isinstance(body, str) else ""
    files = list(files or ())
    if len(body) > MESSAGE_MAX or (not body and not files):
        raise InvalidInput("error.message_length", field="body", high=MESSAGE_MAX)
    if len(files) > FILES_PER_MESSAGE:
        raise InvalidInput("error.too_many_files", field="attachment", limit=FILES_PER_MESSAGE)
    message = Message(thread_id=thread.id, sender_id=actor.id, body=body)
    thread.last_message_at = message.created_at
    session.add_all([message, thread])
    session.flush()
    stored = _store_files(session, actor, message, files)
    audit.record(session, actor_id=actor.id, action="message.posted", object_type="message",
                 object_id=message.id, contract_id=thread.contract_id, thread_id=thread.id,
                 files=[a.filename for a in stored])
    link, other = thread_link(thread), _other(thread, actor)
    if not _unread_message_notice(session, other, link):
        notifications.notify(session, user_id=other, kind="message", link=link, thread_id=thread.id)
    session.flush()
    return message


def _unread_message_notice(session: Session, user_id: int, link: str) -> bool:
    return session.exec(select(Notification.id).where(
        Notification.user_id == user_id, Notification.kind == "message", Notification.link == link,
        col(Notification.read_at).is_(None))).first() is not None


def messages(session: Session, *, actor: User, thread_id: int, mark_read: bool = True) -> list[Message]:
    """A thread's messages, oldest first; with `mark_read` the other side's become read (and
    so does the "new message" notification that points here)."""
    thread = _participant_thread(session, actor, thread_id)
    rows = list(session.exec(select(Message).where(Message.thread_id == thread.id)
                             .order_by(col(Message.id))).all())
    if mark_read:
        now = utcnow()
        for row in rows:
            if row.sender_id != actor.id and row.read_at is None:
                row.read_at = now
                session.add(row)
        for notice in session.exec(select(Notification).where(
                Notification.user_id == actor.id, Notification.kind == "message",
                Notification.link == thread_link(thread), col(Notification.read_at).is_(None))).all():
            notice.read_at = now
            session.add(notice)
        session.flush()
    return rows


def files_of(session: Session, messages_: Sequence[Message]) -> dict[int, list[Attachment]]:
    """The files of the given messages (already checked readable), by message id."""
    ids = [m.id for m in messages_]
    found: dict[int, list[Attachment]] = {i: [] for i in ids}
    if ids:
        for row in session.exec(select(Attachment).where(
                Attachment.kind == KIND_MESSAGE, col(Attachment.ref_id).in_(ids))
                .order_by(col(Attachment.id))).all():
            found[row.ref_id].append(row)
    return found


def latest_message_id(session: Session, *, actor: User, thread_id: int) -> int:
    """The id of the thread's newest message (0 when empty): a cheap check for news."""
    thread = _participant_thread(session, actor, thread_id)
    return session.exec(select(func.max(Message.id)).where(Message.thread_id == thread.id)).one() or 0


def _mine(actor: User):
    return (Thread.client_id == actor.id) | (Thread.va_id == actor.id)


def unread_messages(session: Session, *, actor: User) -> int:
    """Messages sent to the actor that they have not read."""
    return session.exec(
        select(func.count()).select_from(Message).join(Thread, Thread.id == Message.thread_id)
        .where(_mine(actor), Message.sender_id != actor.id, col(Message.read_at).is_(None))).one()


def latest_activity(session: Session, *, actor: User) -> tuple[int, int]:
    """(newest message id in the actor's threads, their unread count): changes when the inbox
    has news."""
    newest = session.exec(select(func.max(Message.id)).join(Thread, Thread.id == Message.thread_id)
                          .where(_mine(actor))).one() or 0
    return newest, unread_messages(session, actor=actor)


@dataclass(frozen=True)
class ThreadSummary:
    """One line of the actor's inbox."""

    thread_id: int
    link: str
    other_name: str
    job_title: str
    last_body: str
    last_at: datetime | None
    unread: int


def inbox(session: Session, *, actor: User, limit: int = 100) -> list[ThreadSummary]:
    """The actor's threads, most recent conversation first."""
    threads = session.exec(select(Thread).where(_mine(actor)).order_by(
        col(Thread.last_message_at).desc().nulls_last(), col(Thread.id).desc()).limit(limit)).all()
    unread = dict(session.exec(
        select(Message.thread_id, func.count()).join(Thread, Thread.id == Message.thread_id)
        .where(_mine(actor), Message.sender_id != actor.id, col(Message.read_at).is_(None))
        .group_by(Message.thread_id)).all())
    summaries = []
    for thread in threads:
        last = session.exec(select(Message).where(Message.thread_id == thread.id)
                            .order_by(col(Message.id).desc()).limit(1)).first()
        other = session.get(User, _other(thread, actor))
        job = session.get(Job, thread.job_id) if thread.job_id else None
        summaries.append(ThreadSummary(
            thread_id=thread.id, link=thread_link(thread),
            other_name=(other.display_name if other else "") or "",
            job_title=job.title if job else "", last_body=last.body[:140] if last else "",
            last_at=last.created_at if last else None, unread=unread.get(thread.id, 0)))
    return summaries
