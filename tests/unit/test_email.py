"""Notification emails through a real local SMTP server (aiosmtpd): queued with the notification,
in the reader's language with an absolute link, skipped when turned off, retried while the
server is down and sent exactly once, also when two sweeps run at the same time."""

from __future__ import annotations

import asyncio
import socket
import threading
import uuid
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from sqlmodel import select

from tests.conftest import app_database
from vamarket.db import session_scope
from vamarket.models import User
from vamarket.models.mail import EmailOutbox
from vamarket.services import email, notifications
from vamarket.sweep import outbox

PUBLIC = "https://vamarket.example"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    """What the SMTP server received; slow on purpose so that concurrent sweeps overlap."""

    def __init__(self) -> None:
        self.messages: list = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        await asyncio.sleep(0.02)
        with self.lock:
            self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


@pytest.fixture(scope="module")
def smtp_port() -> int:
    return _free_port()


@pytest.fixture
def smtp(smtp_port):
    """A real SMTP server on localhost for one test."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    yield inbox
    controller.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def mail_db(request, tmp_path_factory, smtp_port):
    """A committed database with SMTP settings pointing at the local server."""
    with app_database(request.param, tmp_path_factory, SMTP_HOST="127.0.0.1", SMTP_PORT=str(smtp_port),
                      SMTP_FROM="noreply@vamarket.example", SMTP_STARTTLS="false",
                      PUBLIC_URL=PUBLIC) as url:
        yield url


def _user(locale: str = "en", verified: bool = True) -> int:
    with session_scope() as session:
        mail = f"{uuid.uuid4().hex[:10]}@example.com"
        user = User(email=mail, email_verified=verified, display_name="Sari", onboarded=True,
                    is_va=True, locale=locale)
        session.add(user)
        session.flush()
        return user.id


def _notify(user_id: int, kind: str = "hired", link: str = "/contracts/7") -> None:
    with session_scope() as session:
        notifications.notify(session, user_id=user_id, kind=kind, link=link, title="Inbox cleanup")


def _outbox() -> list[EmailOutbox]:
    with session_scope() as session:
        return list(session.exec(select(EmailOutbox).order_by(EmailOutbox.id)).all())


def _soon() -> datetime:
    """The sweep's "now": just after the notifications of the test were queued."""
    return datetime.now(UTC) + timedelta(seconds=5)


def test_a_notification_is_emailed_once_in_the_readers_language(mail_db, smtp):
    _notify(_user(locale="id"))
    now = _soon()
    assert outbox.run(now) == {"sent": 1, "retry": 0, "failed": 0}
    [mail] = smtp.messages
    assert mail["Subject"] == "vamarket: Anda direkrut untuk “Inbox cleanup”"
    body = mail.get_content()
    assert "Halo Sari," in body
    assert "Anda direkrut untuk “Inbox cleanup”" in body
    assert f"Buka di vamarket: {PUBLIC}/contracts/7" in body
    assert mail["From"].addresses[0].addr_spec == "noreply@vamarket.example"
    assert outbox.run(now + timedelta(hours=1)) == {"sent": 0, "retry": 0, "failed": 0}
    assert len(smtp.messages) == 1
    [row] = _outbox()
    assert (row.status, row.attempts) == ("sent", 1)


def test_english_reader_and_an_unsafe_link_falls_back_to_a_page_of_ours(mail_db, smtp):
    _notify(_user(locale="en"), kind="message", link="https://evil.example/x")
    now = _soon()
    outbox.run(now)
    [mail] = smtp.messages
    assert mail["Subject"] == "vamarket: New message"
    assert f"Open it on vamarket: {PUBLIC}/notifications" in mail.get_content()


def test_a_group_turned_off_sends_nothing_and_the_others_still_go(mail_db, smtp):
    user_id = _user()
    with session_scope() as session:
        prefs = email.set_preference(session, actor=session.get(User, user_id), group="jobs",
                                     enabled=False)
    assert prefs == {"jobs": False, "contract": True, "money": True, "messages": True}
    _notify(user_id, kind="hired")  # jobs & quotes: off
    _notify(user_id, kind="milestone_released", link="/earnings")  # money: on
    assert [r.subject for r in _outbox()] == ["vamarket: " + _in_app_text("milestone_released")]
    now = _soon()
    outbox.run(now)
    assert [m["Subject"] for m in smtp.messages] == ["vamarket: " + _in_app_text("milestone_released")]
    with session_scope() as session:  # the in-app notification is there either way
        assert notifications.unread_count(session, actor=session.get(User, user_id)) == 2


def _in_app_text(kind: str) -> str:
    from vamarket.services.notification_views import render_text

    return render_text(kind, {"title": "Inbox cleanup"}, "en")


def test_no_verified_email_means_no_email(mail_db, smtp):
    _notify(_user(verified=False))
    assert _outbox() == []


def test_smtp_down_is_retried_later_then_sent_once(mail_db, smtp_port):
    _notify(_user())
    now = _soon()
    assert outbox.run(now) == {"sent": 0, "retry": 1, "failed": 0}
    [row] = _outbox()
    assert (row.status, row.attempts) == ("pending", 1)
    assert "server unavailable" in row.last_error
    assert outbox.run(now + timedelta(seconds=10)) == {"sent": 0, "retry": 0, "failed": 0}  # not yet
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        assert outbox.run(now + timedelta(minutes=2)) == {"sent": 1, "retry": 0, "failed": 0}
        assert outbox.run(now + timedelta(days=1)) == {"sent": 0, "retry": 0, "failed": 0}
    finally:
        controller.stop()
    assert len(inbox.messages) == 1
    [row] = _outbox()
    assert (row.status, row.attempts) == ("sent", 2)


def test_an_email_that_keeps_failing_is_marked_failed(mail_db):
    _notify(_user())
    for hour in range(outbox.MAX_ATTEMPTS + 2):
        now = _soon()
        outbox.run(now + timedelta(hours=3 * hour))
    [row] = _outbox()
    assert (row.status, row.attempts) == ("failed", outbox.MAX_ATTEMPTS)


def test_two_sweeps_at_once_send_each_email_once(mail_db, smtp):
    users = [_user() for _ in range(12)]
    for user_id in users:
        _notify(user_id)
    results: list[dict] = []
    barrier = threading.Barrier(2)

    def sweep() -> None:
        barrier.wait()
        now = _soon()
        results.append(outbox.run(now))

    workers = [threading.Thread(target=sweep) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert sum(r["sent"] for r in results) == 12
    recipients = [m["To"].addresses[0].addr_spec for m in smtp.messages]
    assert len(recipients) == 12 and len(set(recipients)) == 12
    assert {r.status for r in _outbox()} == {"sent"}


def test_without_smtp_settings_nothing_is_queued(tmp_path_factory):
    with app_database("sqlite", tmp_path_factory, SMTP_HOST=None):
        _notify(_user())
        assert _outbox() == []
        now = _soon()
        assert outbox.run(now) == {"sent": 0, "retry": 0, "failed": 0}


def test_unknown_group_is_refused(mail_db):
    from vamarket.errors import InvalidInput

    user_id = _user()
    with session_scope() as session, pytest.raises(InvalidInput):
        email.set_preference(session, actor=session.get(User, user_id), group="everything",
                             enabled=False)


def test_smtp_settings_are_checked():
    from pathlib import Path

    from vamarket.settings import SettingsError
    from vamarket.settings import load_settings as load

    def load_settings(env):  # the given variables only, no .env file
        return load(env, env_file=Path("/nonexistent/.env"))

    base = {"SMTP_HOST": "mail.example.com", "SMTP_FROM": "noreply@example.com"}
    settings = load_settings(base)
    assert (settings.email_enabled, settings.smtp_port, settings.smtp_starttls) == (True, 587, True)
    assert not load_settings({}).email_enabled
    for bad in ({"SMTP_FROM": ""}, {"SMTP_USERNAME": "me"}, {"SMTP_PORT": "0"},
                {"SMTP_STARTTLS": "maybe"}):
        with pytest.raises(SettingsError):
            load_settings({**base, **bad})
