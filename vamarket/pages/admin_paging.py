"""What every admin list page shares: the admin-only load and paging through rows.

A Reflex mixin: each page state lists it before AppState and gets its own copy of the vars and
handlers (a plain base state would run the handlers on itself). Kept as a plain module (not a
package), so the page registry does not treat it as a page.
"""

from __future__ import annotations

import reflex as rx

from vamarket.db import session_scope
from vamarket.errors import ServiceError
from vamarket.pages.guard import enter, error_text


class AdminPagedState(rx.State, mixin=True):
    """Rows the page's `_fill` reads for an admin (the service checks the admin), page by page."""

    loaded: bool = False
    error: str = ""
    notice: str = ""
    page: int = 1
    has_more: bool = False
    rows: list[dict[str, str]] = []

    def _fill(self, session, user) -> None:  # pragma: no cover - each page defines it
        raise NotImplementedError

    def _forget(self) -> None:
        """What else the page clears when it loads (nothing by default)."""

    def _reload(self) -> None:
        try:
            with session_scope() as session:
                self._fill(session, self._actor(session))
        except ServiceError as err:
            self.rows, self.error = [], error_text(self.locale, err)

    @rx.event
    def load(self):
        """Admins only: anyone else sees a refusal and no rows."""
        self.loaded, self.error, self.notice, self.rows = False, "", "", []
        self._forget()
        with session_scope() as session:
            user, redirect = enter(self, session)
            if redirect is not None:
                return redirect
            try:
                self._fill(session, user)
            except ServiceError as err:
                self.error = error_text(self.locale, err)
                return None
        self.loaded = True
        return None

    @rx.event
    def next_page(self):
        """The next page of rows."""
        if self.has_more:
            self.page += 1
            self._reload()

    @rx.event
    def prev_page(self):
        """The previous page of rows."""
        if self.page > 1:
            self.page -= 1
            self._reload()
