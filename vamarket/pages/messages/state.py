"""The signed-in user's conversations: the inbox (/messages) and one thread (/messages/<id>).

Handlers resolve the user from the session cookie on every call; the thread service checks
that they are one of the thread's two people. While a thread is open, a background event
checks for new messages every few seconds and stops once the visitor has left the page.
"""

from __future__ import annotations

import asyncio
import secrets

import reflex as rx
from sqlmodel import Session

from vamarket.db import session_scope
from vamarket.errors import ServiceError
from vamarket.i18n.format import format_moment
from vamarket.models import Job, User
from vamarket.pages.guard import enter, error_text, route_id
from vamarket.pages.messages.conversation import (
    POLL_SECONDS,
    WATCH_LIMIT_SECONDS,
    MessageRow,
    read_uploads,
    rows_for,
)
from vamarket.services import threads
from vamarket.state.base import AppState

INBOX = "/messages"
THREAD_UPLOAD_ID = "thread-files"


class InboxState(AppState):
    """The actor's threads, most recent first (plain strings only)."""

    inbox_loaded: bool = False
    inbox_error: str = ""
    conversations: list[dict[str, str]] = []
    _inbox_watch: str = ""
    _inbox_seen: list[int] = []

    @rx.event
    def load_inbox(self):
        """Signed-in users only."""
        self.inbox_loaded, self.inbox_error = False, ""
        with session_scope() as session:
            user, redirect = enter(self, session)
            if redirect is not None:
                return redirect
            self._fill_inbox(session, user)
        self.inbox_loaded = True
        return InboxState.watch_inbox

    @rx.event(background=True)
    async def watch_inbox(self):
        """Every few seconds while the inbox is open: refresh it when messages came in."""
        token = secrets.token_hex(8)
        async with self:
            self._inbox_watch = token
            path = str(self.router.url.path)
        for _ in range(int(WATCH_LIMIT_SECONDS / POLL_SECONDS)):
            await asyncio.sleep(POLL_SECONDS)
            async with self:
                if self._inbox_watch != token or not self._page_open(path):
                    return
                with session_scope() as session:
                    user = self._actor(session)
                    if user is None:
                        return
                    if list(threads.latest_activity(session, actor=user)) != self._inbox_seen:
                        self._fill_inbox(session, user)

    def _fill_inbox(self, session: Session, user: User) -> None:
        self._count_unread(session, user)
        self._inbox_seen = list(threads.latest_activity(session, actor=user))
        self.conversations = [{
            "id": str(s.thread_id), "link": s.link, "other": s.other_name, "job": s.job_title,
            "last": s.last_body, "unread": str(s.unread) if s.unread else "",
            "at": format_moment(s.last_at, self.locale) if s.last_at else "",
        } for s in threads.inbox(session, actor=user)]


class ThreadState(AppState):
    """One thread the signed-in user takes part in."""

    loaded: bool = False
    error: str = ""
    thread_ref: int = 0
    other_name: str = ""
    job_title: str = ""
    job_link: str = ""
    contract_link: str = ""
    items: list[MessageRow] = []
    draft: str = ""
    sending: bool = False
    _last_seen: int = 0
    _watch: str = ""

    @rx.event
    def load(self):
        """Participants only; marks the other side's messages read and starts watching."""
        self.loaded, self.error, self.draft, self.sending = False, "", "", False
        with session_scope() as session:
            user, redirect = enter(self, session)
            if redirect is not None:
                return redirect
            try:
                self.thread_ref = route_id(self, "thread_id")
                self._describe(session, user)
                self._refresh(session, user)
            except ServiceError as err:
                self.error = error_text(self.locale, err)
                return None
        self.loaded = True
        return ThreadState.watch

    def _describe(self, session: Session, user: User) -> None:
        thread = threads.thread_for(session, actor=user, thread_id=self.thread_ref)
        other = session.get(User, thread.va_id if user.id == thread.client_id else thread.client_id)
        self.other_name = other.display_name if other else ""
        job = session.get(Job, thread.job_id) if thread.job_id else None
        self.job_title = job.title if job else ""
        self.job_link = f"/jobs/{job.id}" if job else ""
        self.contract_link = threads.thread_link(thread) if thread.contract_id else ""

    def _refresh(self, session: Session, user: User) -> None:
        self.items = rows_for(session, user=user, thread_id=self.thread_ref, locale=self.locale)
        self._last_seen = int(self.items[-1].id) if self.items else 0
        self._count_unread(session, user)

    @rx.event
    def set_draft(self, text: str):
        """The message being typed."""
        self.draft = str(text)[: threads.MESSAGE_MAX + 1]

    @rx.event
    async def send(self, files: list[rx.UploadFile] = ()):  # type: ignore[assignment]
        """Post the draft with the chosen files (either may be empty, not both)."""
        self.sending, self.error = True, ""
        yield
        try:
            uploads = await read_uploads(files)
            with session_scope() as session:
                user = self._require_actor(session)
                threads.post_message(session, actor=user, thread_id=int(self.thread_ref),
                                     body=self.draft, files=uploads)
                self._refresh(session, user)
            self.draft = ""
        except ServiceError as err:
            self.error = error_text(self.locale, err)
        except (TypeError, ValueError, AttributeError):  # a crafted upload
            self.error = self._text("error.invalid_input")
        self.sending = False

    @rx.event
    def files_rejected(self, rejected: list[dict]):
        """The browser refused files before sending them (type or size)."""
        self.error = self._text("error.files_rejected")

    @rx.event(background=True)
    async def watch(self):
        """Every few seconds while the thread is open: show new messages (marking them read)."""
        token = secrets.token_hex(8)
        async with self:
            self._watch = token
            path = str(self.router.url.path)
        for _ in range(int(WATCH_LIMIT_SECONDS / POLL_SECONDS)):
            await asyncio.sleep(POLL_SECONDS)
            async with self:
                if self._watch != token or not self._page_open(path) or not self._check():
                    return

    def _check(self) -> bool:
        """Look for news; False when the watch should stop (signed out, no longer allowed)."""
        try:
            with session_scope() as session:
                user = self._require_actor(session)
                latest = threads.latest_message_id(session, actor=user, thread_id=self.thread_ref)
                if latest != self._last_seen:
                    self._refresh(session, user)
        except ServiceError:
            return False
        return True
