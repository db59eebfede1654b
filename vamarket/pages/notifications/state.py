"""The signed-in user's notifications: list, open one (marks it read), mark all read."""

from __future__ import annotations

import reflex as rx
from sqlmodel import Session

from vamarket.db import session_scope
from vamarket.errors import ServiceError
from vamarket.models import Notification, User
from vamarket.pages.guard import error_text, gate
from vamarket.services import notification_views, notifications
from vamarket.settings import SUPPORTED_LOCALES
from vamarket.state.base import AppState

ROUTE = "/notifications"


class NotificationsState(AppState):
    """Rows of the actor's own notifications, rendered in their language (plain strings)."""

    loaded: bool = False
    error: str = ""
    notice: str = ""
    rows: list[dict[str, str]] = []

    @rx.event
    def load(self):
        """Signed-in users only."""
        self.loaded, self.error, self.notice = False, "", ""
        with session_scope() as session:
            user = self._actor(session)
            self._apply_user(user)
            redirect = gate(self, user)
            if redirect is not None:
                return redirect
            self._refresh(session, user)
        self.loaded = True
        return None

    def _refresh(self, session: Session, user: User) -> None:
        # text and time in every language, so the language switch applies without a reload
        self.rows = [self._row(n) for n in notifications.list_for(session, actor=user, limit=50)]
        self._count_unread(session, user)

    @staticmethod
    def _row(notification: Notification) -> dict[str, str]:
        row: dict[str, str] = {}
        for loc in SUPPORTED_LOCALES:
            v = notification_views.view(notification, loc)
            row.update(id=str(v.id), link=v.link, unread="1" if v.unread else "")
            row[f"text_{loc}"], row[f"when_{loc}"] = v.text, v.when
        return row

    @rx.event
    def mark_all(self):
        """Mark every one of the actor's notifications read."""
        self.error, self.notice = "", ""
        with session_scope() as session:
            user = self._require_actor(session)
            notifications.mark_read(session, actor=user)
            session.flush()
            self._refresh(session, user)
        self.notice = self._text("notifications.all_read")

    @rx.event
    def open(self, notification_id: str):
        """Mark one notification read and go where it points (the actor's own only)."""
        self.error, self.notice = "", ""
        try:
            with session_scope() as session:
                user = self._require_actor(session)
                target = int(notification_id)
                if not 0 < target < 2**31:
                    raise ValueError(target)
                link = notification_views.open_notification(
                    session, actor=user, notification_id=target)
        except ServiceError as err:
            self.error = error_text(self.locale, err)
            return None
        except (TypeError, ValueError):  # a crafted event with a non-numeric id
            self.error = self._text("error.not_found")
            return None
        return rx.redirect(link)
