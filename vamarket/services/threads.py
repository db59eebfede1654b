"""Message threads between a client and a VA about a job (before hire) and its contract."""

from __future__ import annotations

from sqlmodel import Session, col, func, select

from vamarket.errors import InvalidInput, NotFound, PermissionDenied
from vamarket.models import Job, Message, Quote, Thread, User
from vamarket.models.base import utcnow
from vamarket.services import notifications

MESSAGE_MAX = 5_000


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
    thread = session.exec(select(Thread).where(Thread.job_id == job_id, Thread.va_id == va_id)).first()
    if thread is None:
        thread = Thread(job_id=job_id, client_id=job.client_id, va_id=va_id)
        session.add(thread)
        session.flush()
    return thread


def _participant_thread(session: Session, actor: User, thread_id: int) -> Thread:
    thread = session.get(Thread, thread_id)
    if thread is None:
        raise NotFound()
    if actor.id not in (thread.client_id, thread.va_id):
        raise PermissionDenied()
    return thread


def post_message(session: Session, *, actor: User, thread_id: int, body: str) -> Message:
    """Add a message to a thread the actor takes part in; the other side is notified."""
    thread = _participant_thread(session, actor, thread_id)
    body = (body or "").strip()
    if not 1 <= len(body) <= MESSAGE_MAX:
        raise InvalidInput("error.message_length", field="body", high=MESSAGE_MAX)
    message = Message(thread_id=thread.id, sender_id=actor.id, body=body)
    thread.last_message_at = utcnow()
    session.add_all([message, thread])
    other = thread.va_id if actor.id == thread.client_id else thread.client_id
    link = f"/contracts/{thread.contract_id}" if thread.contract_id else f"/messages/{thread.id}"
    notifications.notify(session, user_id=other, kind="message", link=link, thread_id=thread.id)
    session.flush()
    return message


def messages(session: Session, *, actor: User, thread_id: int, mark_read: bool = True) -> list[Message]:
    """A thread's messages, oldest first; the other side's become read."""
    thread = _participant_thread(session, actor, thread_id)
    rows = list(session.exec(select(Message).where(Message.thread_id == thread.id)
                             .order_by(col(Message.id))).all())
    if mark_read:
        now = utcnow()
        for row in rows:
            if row.sender_id != actor.id and row.read_at is None:
                row.read_at = now
                session.add(row)
        session.flush()
    return rows


def unread_messages(session: Session, *, actor: User) -> int:
    """Messages sent to the actor that they have not read."""
    return session.exec(
        select(func.count()).select_from(Message).join(Thread, Thread.id == Message.thread_id)
        .where((Thread.client_id == actor.id) | (Thread.va_id == actor.id),
               Message.sender_id != actor.id, col(Message.read_at).is_(None))).one()


def thread_for(session: Session, *, actor: User, thread_id: int) -> Thread:
    """A thread the actor takes part in."""
    return _participant_thread(session, actor, thread_id)
