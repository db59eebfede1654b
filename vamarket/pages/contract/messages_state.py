"""The contract room's Messages tab: the contract's thread, live while the room is open.

The thread is the job's pre-hire conversation between the same two people (or a new one); the
thread service checks on every call that the signed-in user is one of them. A background event
checks for new messages every few seconds and stops once the visitor has left the room.
"""

from __future__ import annotations

import asyncio
import secrets

import reflex as rx
from sqlmodel import Session

from vamarket.db import session_scope
from vamarket.errors import NotFound, ServiceError
from vamarket.models import User
from vamarket.pages.contract.state import ContractState
from vamarket.pages.guard import error_text, route_id
from vamarket.pages.messages.conversation import (
    POLL_SECONDS,
    WATCH_LIMIT_SECONDS,
    MessageRow,
    read_uploads,
    rows_for,
)
from vamarket.services import threads

ROOM_UPLOAD_ID = "room-message-files"


class ContractMessagesState(ContractState):
    """The messages of the room's contract (rows of the two parties' own conversation)."""

    msg_loaded: bool = False
    msg_error: str = ""
    msg_rows: list[MessageRow] = []
    msg_draft: str = ""
    msg_sending: bool = False
    _msg_thread: int = 0
    _msg_last_seen: int = 0
    _msg_watch: str = ""

    @rx.event
    def load_messages(self):
        """Parties only (others were already turned away by the room); starts the watch."""
        self.msg_loaded, self.msg_error, self.msg_draft, self.msg_sending = False, "", "", False
        self.msg_rows, self._msg_thread = [], 0
        try:
            with session_scope() as session:
                user = self._require_actor(session)
                contract_id = route_id(self, "contract_id")
                thread = threads.contract_thread(session, actor=user, contract_id=contract_id)
                self._msg_thread = thread.id or 0
                self._msg_refresh(session, user)
        except ServiceError:
            return None  # the room itself shows why it cannot be opened
        self.msg_loaded = True
        return ContractMessagesState.watch_messages

    def _msg_refresh(self, session: Session, user: User) -> None:
        self.msg_rows = rows_for(session, user=user, thread_id=self._msg_thread, locale=self.locale)
        self._msg_last_seen = int(self.msg_rows[-1].id) if self.msg_rows else 0
        self._count_unread(session, user)

    @rx.event
    def set_msg_draft(self, text: str):
        """The message being typed."""
        self.msg_draft = str(text)[: threads.MESSAGE_MAX + 1]

    @rx.event
    async def send_message(self, files: list[rx.UploadFile] = ()):  # type: ignore[assignment]
        """Post the draft with the chosen files to the contract's thread."""
        self.msg_sending, self.msg_error = True, ""
        yield
        try:
            uploads = await read_uploads(files)
            with session_scope() as session:
                user = self._require_actor(session)
                if not self._msg_thread:
                    raise NotFound()
                threads.post_message(session, actor=user, thread_id=self._msg_thread,
                                     body=self.msg_draft, files=uploads)
                self._msg_refresh(session, user)
            self.msg_draft = ""
        except ServiceError as err:
            self.msg_error = error_text(self.locale, err)
        except (TypeError, ValueError, AttributeError):  # a crafted upload
            self.msg_error = self._text("error.invalid_input")
        self.msg_sending = False

    @rx.event
    def msg_files_rejected(self, rejected: list[dict]):
        """The browser refused files before sending them (type or size)."""
        self.msg_error = self._text("error.files_rejected")

    @rx.event(background=True)
    async def watch_messages(self):
        """Every few seconds while the room is open: show new messages (marking them read)."""
        token = secrets.token_hex(8)
        async with self:
            self._msg_watch = token
            path = str(self.router.url.path)
        for _ in range(int(WATCH_LIMIT_SECONDS / POLL_SECONDS)):
            await asyncio.sleep(POLL_SECONDS)
            async with self:
                if self._msg_watch != token or not self._page_open(path) or not self._msg_check():
                    return

    def _msg_check(self) -> bool:
        """Look for news; False when the watch should stop (signed out, no longer allowed)."""
        try:
            with session_scope() as session:
                user = self._require_actor(session)
                latest = threads.latest_message_id(session, actor=user, thread_id=self._msg_thread)
                if latest != self._msg_last_seen:
                    self._msg_refresh(session, user)
        except ServiceError:
            return False
        return True
