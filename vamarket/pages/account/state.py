"""Account settings: language, display currency, deleting the account."""

from __future__ import annotations

import reflex as rx

from vamarket import routes
from vamarket.db import session_scope
from vamarket.errors import ServiceError
from vamarket.pages.guard import error_text, gate
from vamarket.services import accounts, email
from vamarket.settings import get_settings
from vamarket.state.base import AppState


class AccountState(AppState):
    """The actor's own preferences."""

    loaded: bool = False
    currency: str = "USD"
    message: str = ""
    error: str = ""
    deleting: bool = False
    email_groups: dict[str, bool] = {}
    email_sent: bool = False  # whether this site sends email at all (SMTP settings given)

    @rx.event
    def load(self):
        """Signed-in users only."""
        self.loaded, self.message, self.error, self.deleting = False, "", "", False
        with session_scope() as session:
            user = self._actor(session)
            self._apply_user(user)
            redirect = gate(self, user)
            if redirect is not None:
                return redirect
            self.currency = user.currency
            self.email_groups = email.preferences(session, actor=user)
        self.email_sent = get_settings().email_enabled
        self.loaded = True
        return None

    @rx.event
    def set_currency(self, code: str):
        """Change the display currency (USD or IDR)."""
        self.message, self.error = "", ""
        try:
            with session_scope() as session:
                user = self._require_actor(session)
                accounts.set_preferences(session, actor=user, currency=code)
                self.currency = user.currency
            self.message = self._text("common.saved")
        except ServiceError as err:
            self.error = error_text(self.locale, err)

    @rx.event
    def set_email(self, group: str, enabled: bool):
        """Turn one group of notification emails on or off."""
        self.message, self.error = "", ""
        try:
            with session_scope() as session:
                user = self._require_actor(session)
                self.email_groups = email.set_preference(session, actor=user, group=group,
                                                         enabled=enabled)
            self.message = self._text("common.saved")
        except ServiceError as err:
            self.error = error_text(self.locale, err)

    @rx.event
    def delete_account(self):
        """Anonymize the account, sign out everywhere and go home."""
        self.deleting, self.error = True, ""
        yield
        try:
            with session_scope() as session:
                accounts.delete_account(session, actor=self._require_actor(session))
        except ServiceError as err:
            self.error = error_text(self.locale, err)
            self.deleting = False
            return
        self._apply_user(None)
        self.deleting = False
        self.flash = self._text("account.deleted")
        yield rx.redirect(routes.HOME)
