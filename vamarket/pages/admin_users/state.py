"""/admin/users: find users, suspend or unsuspend them with a reason (admins only, checked on
the server by services/admin.py on every call)."""

from __future__ import annotations

import reflex as rx

from vamarket.db import session_scope
from vamarket.errors import ServiceError
from vamarket.i18n.format import format_day
from vamarket.pages.admin_paging import AdminPagedState
from vamarket.pages.guard import error_text, whole_id
from vamarket.services import admin
from vamarket.state.base import AppState


class AdminListState(AdminPagedState, mixin=True):
    """What the admin list pages add to paging: search and a confirmed action with a reason."""

    search: str = ""
    confirm_open: bool = False
    confirm_text: str = ""
    reason: str = ""
    _target: str = ""
    _action: str = ""

    @rx.event
    def set_search(self, text: str):
        """Keep the search text."""
        self.search = str(text or "")[:admin.MAX_SEARCH]

    @rx.event
    def run_search(self, form: dict | None = None):
        """Search from the first page."""
        self.page, self.notice = 1, ""
        self._reload()

    @rx.event
    def set_reason(self, text: str):
        """Keep the reason being typed."""
        self.reason = str(text or "")[:2000]

    @rx.event
    def close_confirm(self):
        """Close the confirmation; nothing changes."""
        self.confirm_open = False

    def _ask(self, target: str, action: str, text_key: str, name: str) -> None:
        self._target, self._action, self.reason, self.error = str(target)[:12], action, "", ""
        self.confirm_text = self._text(text_key, name=name)
        self.confirm_open = True

    def _act(self, session, user, target: int, action: str) -> None:  # pragma: no cover
        raise NotImplementedError

    @rx.event
    def confirm(self):
        """Carry out the confirmed action (the service checks the admin again)."""
        self.error, self.notice = "", ""
        try:
            with session_scope() as session:
                self._act(session, self._require_actor(session), whole_id(self._target),
                          self._action)
            self.confirm_open = False
            self.notice = self._text("admin.done")
        except ServiceError as err:
            self.error = error_text(self.locale, err)
        self._reload()


class AdminUsersState(AdminListState, AppState):
    """Users matching the search, with their status."""

    def _fill(self, session, user) -> None:
        found = admin.list_users(session, actor=user, search=self.search, page=self.page)
        self.page, self.has_more = found.page, found.has_more
        self.rows = [{"id": str(u.id), "name": u.display_name or "-", "email": u.email or "",
                      "status": u.status, "client": "1" if u.is_client else "",
                      "va": "1" if u.is_va else "", "joined": format_day(u.created_at, self.locale)}
                     for u in found.rows]

    @rx.event
    def ask_suspend(self, user_id: str, suspend: bool):
        """Ask for the reason before suspending (or unsuspending) a user."""
        match = [r for r in self.rows if r["id"] == str(user_id)]
        if not match:
            self.error = self._text("error.not_found")
            return
        key = "admin.confirm_suspend" if suspend is True else "admin.confirm_unsuspend"
        self._ask(match[0]["id"], "suspend" if suspend is True else "unsuspend", key,
                  match[0]["email"] or match[0]["name"])

    def _act(self, session, user, target: int, action: str) -> None:
        change = admin.suspend_user if action == "suspend" else admin.unsuspend_user
        change(session, actor=user, user_id=target, reason=self.reason)
