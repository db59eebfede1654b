"""/admin/jobs: find jobs, hide or unhide them with a reason (admins only, checked on the
server by services/admin.py on every call)."""

from __future__ import annotations

import reflex as rx

from vamarket.i18n.format import format_day
from vamarket.pages.admin_users.state import AdminListState
from vamarket.services import admin
from vamarket.state.base import AppState


class AdminJobsState(AdminListState, AppState):
    """Jobs matching the search, with their status and whether they are hidden."""

    def _fill(self, session, user) -> None:
        found = admin.list_jobs(session, actor=user, search=self.search, page=self.page)
        self.page, self.has_more = found.page, found.has_more
        self.rows = [{"id": str(j.id), "title": j.title, "status": j.status,
                      "hidden": "1" if j.hidden else "",
                      "created": format_day(j.created_at, self.locale)} for j in found.rows]

    @rx.event
    def ask_hide(self, job_id: str, hide: bool):
        """Ask for the reason before hiding (or showing again) a job."""
        match = [r for r in self.rows if r["id"] == str(job_id)]
        if not match:
            self.error = self._text("error.not_found")
            return
        key = "admin.confirm_hide" if hide is True else "admin.confirm_unhide"
        self._ask(match[0]["id"], "hide" if hide is True else "unhide", key, match[0]["title"])

    def _act(self, session, user, target: int, action: str) -> None:
        admin.set_job_hidden(session, actor=user, job_id=target, hidden=action == "hide",
                             reason=self.reason)
