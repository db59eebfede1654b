"""Onboarding: the signed-in user picks client, VA or both."""

from __future__ import annotations

import reflex as rx

from vamarket import routes
from vamarket.db import session_scope
from vamarket.errors import ServiceError
from vamarket.pages.guard import error_text, gate
from vamarket.services import profiles
from vamarket.state.base import AppState


class OnboardingState(AppState):
    """The role choice being made; saved only by `submit`."""

    want_client: bool = False
    want_va: bool = False
    error: str = ""
    saving: bool = False

    @rx.event
    def load(self):
        """Signed-in users only; start from the roles they already have."""
        self.error, self.saving = "", False
        with session_scope() as session:
            user = self._actor(session)
            self._apply_user(user)
            redirect = gate(self, user, need_onboarded=False)
            if redirect is not None:
                return redirect
            self.want_client, self.want_va = user.is_client, user.is_va
        return None

    @rx.event
    def toggle_client(self):
        """Tick or untick the client role."""
        self.want_client = not self.want_client
        self.error = ""

    @rx.event
    def toggle_va(self):
        """Tick or untick the VA role."""
        self.want_va = not self.want_va
        self.error = ""

    @rx.event
    def submit(self):
        """Save the roles and continue to the profile."""
        self.saving = True
        yield
        try:
            with session_scope() as session:
                user = self._require_actor(session)
                profiles.choose_roles(session, actor=user, client=self.want_client, va=self.want_va)
                self._apply_user(user)
        except ServiceError as err:
            self.error = error_text(self.locale, err)
            self.saving = False
            return
        self.saving = False
        yield rx.redirect(routes.PROFILE_EDIT)
