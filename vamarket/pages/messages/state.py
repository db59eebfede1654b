"""A message thread between a client and a VA."""

from __future__ import annotations

import reflex as rx
from sqlmodel import Session

from vamarket.db import session_scope
from vamarket.errors import ServiceError
from vamarket.i18n.format import format_moment
from vamarket.models import Job, User
from vamarket.pages.guard import enter, error_text, route_id
from vamarket.services import threads
from vamarket.state.base import AppState


class ThreadState(AppState):
    """One thread the signed-in user takes part in."""

    loaded: bool = False
    error: str = ""
    thread_ref: int = 0
    other_name: str = ""
    job_title: str = ""
    job_link: str = ""
    items: list[dict[str, str]] = []
    draft: str = ""
    sending: bool = False

    @rx.event
    def load(self):
        """Participants only; marks the other side's messages read."""
        self.loaded, self.error, self.draft = False, "", ""
        with session_scope() as session:
            user, redirect = enter(self, session)
            if redirect is not None:
                return redirect
            try:
                self.thread_ref = route_id(self, "thread_id")
                self._refresh(session, user)
            except ServiceError as err:
                self.error = error_text(self.locale, err)
                return None
        self.loaded = True
        return None

    def _refresh(self, session: Session, user: User) -> None:
        thread = threads.thread_for(session, actor=user, thread_id=self.thread_ref)
        other = session.get(User, thread.va_id if user.id == thread.client_id else thread.client_id)
        self.other_name = other.display_name if other else ""
        job = session.get(Job, thread.job_id) if thread.job_id else None
        self.job_title = job.title if job else ""
        self.job_link = f"/jobs/{job.id}" if job else ""
        self.items = [{"id": str(m.id), "mine": "1" if m.sender_id == user.id else "",
                       "body": m.body, "at": format_moment(m.created_at, self.locale)}
                      for m in threads.messages(session, actor=user, thread_id=thread.id)]

    @rx.event
    def set_draft(self, text: str):
        """The message being typed."""
        self.draft = str(text)[: threads.MESSAGE_MAX + 1]

    @rx.event
    def send(self):
        """Post the draft."""
        self.sending, self.error = True, ""
        yield
        try:
            with session_scope() as session:
                user = self._require_actor(session)
                threads.post_message(session, actor=user, thread_id=self.thread_ref, body=self.draft)
                self._refresh(session, user)
            self.draft = ""
        except ServiceError as err:
            self.error = error_text(self.locale, err)
        self.sending = False
