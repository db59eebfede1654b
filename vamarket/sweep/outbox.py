"""Sweep job: send the queued notification emails (the outbox) over SMTP.

Each email is sent in a transaction of its own that holds its row: `FOR UPDATE SKIP LOCKED`
on PostgreSQL (a second sweep running at the same time takes the next row instead), the
database write lock on SQLite (its transactions begin IMMEDIATE). The row is marked sent in
that same transaction, so an email already sent is never picked again. A failure counts an
attempt and keeps the error; the email is tried again at the next run after its delay, and
after `MAX_ATTEMPTS` it is marked failed. When the server cannot be reached the run stops,
so one outage costs each waiting email at most one attempt per run.
"""

from __future__ import annotations

import contextlib
import smtplib
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from sqlalchemy import and_, or_
from sqlmodel import Session, col, select

from vamarket.db import session_scope
from vamarket.models import User
from vamarket.models.mail import EmailOutbox
from vamarket.settings import Settings, get_settings

BATCH_SIZE = 50  # emails per run, over one SMTP connection
# an email that failed `n` times is tried again once RETRY_AFTER[n] has passed since queueing
RETRY_AFTER = (timedelta(0), timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30),
               timedelta(hours=2))
MAX_ATTEMPTS = len(RETRY_AFTER)
SMTP_TIMEOUT = 10


class ServerUnavailable(Exception):
    """The SMTP server could not be reached or refused the whole session."""


class Mailer:
    """One SMTP connection per run, opened on the first email."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.smtp: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        try:
            smtp = smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=SMTP_TIMEOUT)
            if s.smtp_starttls:
                smtp.starttls()
            if s.smtp_username:
                smtp.login(s.smtp_username, s.smtp_password)
        except (OSError, smtplib.SMTPException) as err:
            raise ServerUnavailable(str(err) or type(err).__name__) from err
        return smtp

    def send(self, row: EmailOutbox) -> None:
        """Send one email; ServerUnavailable when the server is down, SMTPException when it
        refuses this email."""
        if self.smtp is None:
            self.smtp = self._connect()
        message = EmailMessage()
        message["From"] = formataddr(("vamarket", self.settings.smtp_from))
        message["To"] = row.to_address
        message["Subject"] = row.subject
        message["Message-ID"] = make_msgid(idstring=f"outbox-{row.id}", domain="vamarket")
        message.set_content(row.body)
        try:
            self.smtp.send_message(message)
        except (smtplib.SMTPServerDisconnected, OSError) as err:
            self.close()
            raise ServerUnavailable(str(err) or type(err).__name__) from err

    def close(self) -> None:
        """Say goodbye to the server (quietly: the run is over either way)."""
        if self.smtp is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                self.smtp.quit()
            self.smtp = None


def _due(now: datetime):
    return and_(EmailOutbox.status == "pending", or_(*(
        and_(EmailOutbox.attempts == n, col(EmailOutbox.created_at) <= now - delay)
        for n, delay in enumerate(RETRY_AFTER))))


def _next_due(session: Session, now: datetime) -> EmailOutbox | None:
    return session.exec(select(EmailOutbox).where(_due(now)).order_by(col(EmailOutbox.id))
                        .limit(1).with_for_update(skip_locked=True)).first()


def _failed(row: EmailOutbox, error: str) -> str:
    row.attempts += 1
    row.last_error = error[:500]
    if row.attempts >= MAX_ATTEMPTS:
        row.status = "failed"
        return "failed"
    return "retry"


def _send_one(mailer: Mailer, now: datetime) -> str | None:
    """Send the next due email; its outcome ("sent", "retry", "failed", "down") or None."""
    with session_scope() as session:
        row = _next_due(session, now)
        if row is None:
            return None
        user = session.get(User, row.user_id)
        if user is None or user.status != "active":
            row.status, row.last_error = "failed", "account closed"
            session.add(row)
            return "failed"
        try:
            mailer.send(row)
        except ServerUnavailable as err:
            outcome = _failed(row, f"server unavailable: {err}")
            session.add(row)
            return "down" if outcome == "retry" else outcome
        except smtplib.SMTPException as err:
            outcome = _failed(row, f"refused: {err}")
            session.add(row)
            return outcome
        row.status, row.sent_at, row.attempts = "sent", now, row.attempts + 1
        session.add(row)
        return "sent"


def run(now: datetime) -> dict[str, int]:
    """Send what is due at `now` (up to a batch); counts of sent, retry and failed emails."""
    counts = {"sent": 0, "retry": 0, "failed": 0}
    settings = get_settings()
    if not settings.email_enabled:
        return counts
    mailer = Mailer(settings)
    try:
        for _ in range(BATCH_SIZE):
            outcome = _send_one(mailer, now)
            if outcome is None:
                break
            counts["retry" if outcome == "down" else outcome] += 1
            if outcome == "down":
                break
    finally:
        mailer.close()
    return counts
